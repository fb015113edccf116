package dev.openbank.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The start-up report of {@code bin/platform --measure}: time to ready and memory. */
final class Measurement {

  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

  private Measurement() {}

  /** What Quarkus logs as its own start time (after the JVM itself started). */
  private static String startedIn(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines
          .map(STARTED::matcher)
          .filter(Matcher::find)
          .map(m -> m.group(1))
          .reduce((first, last) -> last)
          .orElse("?");
    } catch (IOException | java.io.UncheckedIOException e) {
      return "?";
    }
  }

  static String report(Platform platform) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "\n| service | launch to ready | Quarkus \"started in\" | RSS when ready | RSS idle |"
            + " class cache |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (Platform.Started s : platform.started()) {
      sb.append(
          String.format(
              "| %s | %.2f s | %s s | %d MB | %d MB | %s |%n",
              s.name(),
              s.toReady().toMillis() / 1000.0,
              startedIn(platform.log(s.name())),
              s.rssKb() / 1024,
              ProcessMemory.rssKb(s.pid()) / 1024,
              s.classCache()));
    }
    sb.append(
        String.format(
            "%nWhole platform (PSS of the seven services, PostgreSQL, and the launcher with Kafka):"
                + " %d MB%n",
            platform.platformPssKb() / 1024));
    return sb.toString();
  }
}
