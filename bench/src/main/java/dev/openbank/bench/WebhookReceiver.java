package dev.openbank.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The merchant side of the webhook benchmark: answers 204 at once and notes, per request, the delay
 * from the event's {@code occurred_at} (in the body) to its arrival, in microseconds.
 */
final class WebhookReceiver implements AutoCloseable {

  private final HttpServer server;
  final AtomicLong received = new AtomicLong();
  final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<byte[]> samples = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String[]> sampleHeaders = new ConcurrentLinkedQueue<>();
  volatile boolean measuring;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Instant now = Instant.now();
          long n = received.incrementAndGet();
          if (measuring) {
            String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            int i = s.indexOf("\"occurred_at\":\"");
            if (i >= 0) {
              int start = i + 15;
              Instant at = Instant.parse(s.substring(start, s.indexOf('"', start)));
              latenciesMicros.add(
                  (now.getEpochSecond() - at.getEpochSecond()) * 1_000_000L
                      + (now.getNano() - at.getNano()) / 1_000);
            }
          }
          if (n % 500 == 0 && exchange.getRequestHeaders().getFirst("x-signature") != null) {
            samples.add(body);
            sampleHeaders.add(
                new String[] {
                  exchange.getRequestHeaders().getFirst("x-signature"),
                  exchange.getRequestHeaders().getFirst("x-signature-kid")
                });
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
