package dev.openbank.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * A service's class cache, made by the JVM itself from one run of the service and used by every
 * start after it: classes already parsed, verified and linked (and on JDK 25, the profiles of the
 * methods the run used), so the next start skips that work.
 *
 * <p>On JDK 25 and newer it is a Leyden AOT cache (JEP 483, 514 and 515): the first start runs with
 * {@code -XX:AOTCacheOutput} and the JVM writes the cache when the service stops; later starts run
 * with {@code -XX:AOTCache}. On older JDKs it is a dynamic AppCDS archive ({@code
 * -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}).
 *
 * <p>The cache lives beside the packaged service ({@code target/quarkus-app/}), so a clean build
 * removes it, and it is named after the JDK, which must be the one that made it. A cache older than
 * any file of the packaged service is made again, since the JVM would refuse it anyway. A cache the
 * JVM cannot use (damaged, or a different JDK build) is ignored by the JVM with a warning in the
 * service's log, and the service starts as it would without one.
 *
 * @param file where the cache is (or will be written)
 * @param training true when this start makes the cache (written when the service stops)
 */
public record ClassCache(Path file, boolean training) {

  private static final int FEATURE = Runtime.version().feature();

  /** The cache of the packaged service in {@code app} ({@code target/quarkus-app}). */
  public static ClassCache of(Path app) {
    String name =
        FEATURE >= 25 ? "openbank-jdk" + FEATURE + ".aot" : "openbank-jdk" + FEATURE + ".jsa";
    Path file = app.resolve(name);
    return new ClassCache(file, !current(file, app));
  }

  /** The JVM options that make ({@link #training}) or use the cache. */
  public List<String> jvmOptions() {
    if (FEATURE >= 25) {
      return List.of(training ? "-XX:AOTCacheOutput=" + file : "-XX:AOTCache=" + file);
    }
    return training
        ? List.of("-XX:ArchiveClassesAtExit=" + file)
        : List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto");
  }

  /**
   * Options that make the JVM refuse to start unless it can use the cache (for tests: a cache the
   * JVM silently ignored would look like success).
   */
  public List<String> strictJvmOptions() {
    if (training) {
      throw new IllegalStateException("no cache to insist on yet: " + file);
    }
    return FEATURE >= 25 ? List.of("-XX:AOTMode=on") : List.of("-Xshare:on");
  }

  /** Whether {@code file} exists and is newer than every file of the packaged service. */
  private static boolean current(Path file, Path app) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(app)) {
      FileTime made = Files.getLastModifiedTime(file);
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("openbank-jdk"))
          .allMatch(p -> modified(p).compareTo(made) < 0);
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
