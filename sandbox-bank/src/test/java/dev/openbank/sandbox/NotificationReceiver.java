package dev.openbank.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TPP endpoint that records the bank's status notifications (TPP-Notification-URI). */
final class NotificationReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  NotificationReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/notify",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
  }

  List<String> bodies() {
    return bodies;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
