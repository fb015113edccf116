package dev.openbank.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the benchmarks' floors ({@link TokenFloor}, {@link TransactionFloor}) share: a bare Vert.x
 * with Quarkus' default of two event loops per core, an HTTP server on each of them, and how a
 * benchmark starts a floor in its own JVM.
 */
final class FloorServer {

  private FloorServer() {}

  /** Vert.x with two event loops per core, as Quarkus has. */
  static Vertx vertx() {
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops()));
  }

  /**
   * Serves {@code port} with one server instance per event loop, each request's body read before
   * {@code handler} runs. A single server created outside a verticle would serve every connection
   * on one event loop, one core (what both floors did at first, see docs/benchmarks.md).
   */
  static void serve(Vertx vertx, int port, BiConsumer<HttpServerRequest, Buffer> handler) {
    vertx
        .deployVerticle(
            () ->
                new AbstractVerticle() {
                  @Override
                  public void start(Promise<Void> started) {
                    vertx
                        .createHttpServer(new HttpServerOptions().setPort(port))
                        .requestHandler(
                            req -> req.body().onSuccess(body -> handler.accept(req, body)))
                        .listen()
                        .<Void>mapEmpty()
                        .onComplete(started);
                  }
                },
            new DeploymentOptions().setInstances(eventLoops()))
        .toCompletionStage()
        .toCompletableFuture()
        .join();
  }

  /**
   * Starts {@code main} in a JVM of its own (this JDK and class path), its output in {@code log}.
   */
  static Process start(List<String> jvmOptions, Class<?> main, Path log, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static int eventLoops() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }
}
