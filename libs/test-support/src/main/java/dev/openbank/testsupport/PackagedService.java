package dev.openbank.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM the
 * way a user runs it, its output in a log file. Used by the local launcher and by tests that need
 * another real service (for example auth-service as the token issuer).
 */
public final class PackagedService {

  private PackagedService() {}

  /** Starts the jar with the given environment; JVM options first, e.g. {@code -Xmx256m}. */
  public static Process start(Path runJar, Path log, Map<String, String> env, List<String> jvmArgs)
      throws IOException {
    if (!Files.exists(runJar)) {
      throw new IllegalStateException(
          runJar + " is missing: build first (./mvnw -DskipTests install)");
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(runJar.toString());
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * Waits until {@code readyUrl} answers 200.
   *
   * @throws IllegalStateException if the process exits or the timeout passes first
   */
  public static void awaitReady(Process process, String name, String readyUrl, Duration timeout)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(readyUrl)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50); // the resolution of the start-up measurement (docs/benchmarks.md)
    }
    throw new IllegalStateException(name + " was not ready within " + timeout);
  }

  /** A free TCP port on loopback, for a child service. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** Finds {@code <module>/target/quarkus-app/quarkus-run.jar} from the working directory up. */
  public static Path locateRunJar(String module) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path jar = dir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
      if (Files.exists(jar)) {
        return jar;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        module
            + "/target/quarkus-app/quarkus-run.jar not found above "
            + Path.of("").toAbsolutePath()
            + ": build it first (./mvnw -DskipTests install -pl "
            + module
            + " -am)");
  }
}
