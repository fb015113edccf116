package dev.openbank.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * An OTLP/HTTP endpoint that accepts every trace export and keeps nothing, standing in for the
 * collector a deployment has (deploy/kubernetes sets one). Without it the services' exporter cannot
 * connect, its queue stays full, and the spans waiting in it were 75 MB of live heap in
 * auth-service: young GC pauses of 6 ms instead of 1.3 ms (docs/benchmarks.md, runs R and S).
 */
final class TraceSink implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService handler =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "trace-sink"));
  private final LongAdder exports = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  private TraceSink(HttpServer server) {
    this.server = server;
  }

  static TraceSink start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      TraceSink sink = new TraceSink(server);
      server.createContext(
          "/",
          exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
              sink.bytes.add(in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
            sink.exports.increment();
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.setExecutor(sink.handler);
      server.start();
      return sink;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment that points a service's trace exporter here. */
  Map<String, String> environment() {
    return Map.of(
        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
        "http/protobuf",
        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public String toString() {
    return exports.sum() + " trace exports, " + bytes.sum() / 1024 + " KB";
  }

  @Override
  public void close() {
    server.stop(0);
    handler.shutdown();
  }
}
