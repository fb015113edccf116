package dev.openbank.system;

import dev.openbank.local.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The platform the system tests run against, started once per test JVM from the packaged service
 * jars exactly as {@code bin/platform} starts it (one PostgreSQL, one Kafka, seven services, the
 * webhook receiver), on free ports and with fresh data under {@code target/system-data}. It stops
 * when the JVM exits; the services' logs stay in {@code target/system-data/logs}.
 */
final class SystemPlatform {

  /**
   * The issuer as clients know it, on a host that does not resolve: as in a cluster, the services
   * must reach auth-service at its own address (openbank.security.issuer-url).
   */
  static final String ISSUER = "https://auth.openbank.invalid";

  private static Platform platform;

  private SystemPlatform() {}

  static synchronized Platform get() {
    if (platform == null) {
      Path root = Path.of(System.getProperty("openbank.root", "..")).toAbsolutePath().normalize();
      Path data = root.resolve("system-tests/target/system-data");
      try {
        delete(data);
        platform =
            Platform.start(
                new Platform.Options(
                    root, data, Platform.Ports.free(), false, ISSUER, false, System.out));
      } catch (Exception e) {
        throw new IllegalStateException("the platform did not start: " + e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "system-platform-stop"));
    }
    return platform;
  }

  static String url(int port) {
    return get().url(port);
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
