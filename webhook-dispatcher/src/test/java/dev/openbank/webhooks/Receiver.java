package dev.openbank.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;

/**
 * A merchant's webhook endpoint on 127.0.0.2 (the test allow-list): records every request with its
 * raw body and answers with the status its path's script gives for the n-th call.
 */
final class Receiver implements AutoCloseable {

  /** One request as it arrived. */
  record Hit(String path, Map<String, String> headers, byte[] body, long at) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final Map<String, IntUnaryOperator> scripts = new ConcurrentHashMap<>();
  private final Map<String, Integer> calls = new ConcurrentHashMap<>();
  private final Map<String, String> retryAfter = new ConcurrentHashMap<>();
  private HttpServer server;
  private final int port;

  Receiver() {
    this(0);
  }

  private Receiver(int port) {
    start(port);
    this.port = server.getAddress().getPort();
  }

  private void start(int wanted) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.2", wanted), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** Path {@code path} answers {@code script(n)} to its n-th call (1-based). */
  Receiver script(String path, IntUnaryOperator script) {
    scripts.put(path, script);
    return this;
  }

  Receiver retryAfter(String path, String value) {
    retryAfter.put(path, value);
    return this;
  }

  String url(String path) {
    return "http://127.0.0.2:" + port + path;
  }

  List<Hit> hits(String path) {
    return hits.stream().filter(h -> h.path().equals(path)).toList();
  }

  /** Stops listening (the endpoint is down) until {@link #restart}. */
  void stop() {
    server.stop(0);
  }

  void restart() {
    start(port);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    hits.add(
        new Hit(
            path, headers, exchange.getRequestBody().readAllBytes(), System.currentTimeMillis()));
    int n = calls.merge(path, 1, Integer::sum);
    int status = scripts.getOrDefault(path, i -> 204).applyAsInt(n);
    if (status >= 400 && retryAfter.containsKey(path)) {
      exchange.getResponseHeaders().add("Retry-After", retryAfter.get(path));
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
