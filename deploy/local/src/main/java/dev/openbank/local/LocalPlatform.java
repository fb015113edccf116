package dev.openbank.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bin/platform}: starts the {@link Platform} on the documented ports with its data in {@code
 * .local-data/}, prints the demo client and a curl walk-through, and runs until Ctrl-C, which stops
 * everything.
 *
 * <p>{@code --reset} deletes the local data first. {@code --measure} starts the services one at a
 * time and prints each one's time to ready and memory, then the whole platform's (the figures in
 * docs/benchmarks.md).
 */
public final class LocalPlatform {

  private LocalPlatform() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("openbank.root", ".")).toAbsolutePath().normalize();
    Path data = root.resolve(".local-data");
    List<String> flags = List.of(args);
    if (flags.contains("--reset")) {
      reset(data);
    }
    boolean measure = flags.contains("--measure");
    Platform platform =
        Platform.start(
            new Platform.Options(root, data, Platform.Ports.fixed(), measure, null, System.out));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  platform.close();
                  System.out.println("\nStopped.");
                },
                "local-platform-stop"));
    if (measure) {
      Thread.sleep(10_000); // let the services settle into idle before reading memory
      System.out.println(Measurement.report(platform));
    }
    System.out.println(Walkthrough.text(platform));
    System.out.println("Running. Press Ctrl-C to stop everything.");
    Thread.currentThread().join();
  }

  private static void reset(Path data) throws IOException {
    if (Files.exists(data)) {
      try (Stream<Path> paths = Files.walk(data)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      System.out.println("Deleted .local-data");
    }
  }
}
