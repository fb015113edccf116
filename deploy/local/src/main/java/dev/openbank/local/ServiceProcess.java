package dev.openbank.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs one packaged Quarkus service as a child JVM, its output in a log file. */
final class ServiceProcess {

  private ServiceProcess() {}

  static Process start(Path runJar, Path log, Map<String, String> env) throws IOException {
    if (!Files.exists(runJar)) {
      throw new IllegalStateException(
          runJar + " is missing: build first (./mvnw -DskipTests install)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(java, "-Xmx256m", "-XX:+UseParallelGC", "-jar", runJar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }
}
