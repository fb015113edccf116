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
    Platform.Ports ports = Platform.Ports.fixed();
    for (int port : new int[] {ports.postgres(), ports.auth(), ports.receiver()}) {
      if (inUse(port)) {
        System.err.println(
            "Port "
                + port
                + " is in use: is the platform already running? Stop it (Ctrl-C) first;"
                + " --reset must never delete the data of a running PostgreSQL.");
        System.exit(1);
      }
    }
    if (flags.contains("--reset")) {
      reset(data);
    }
    boolean measure = flags.contains("--measure");
    Platform platform;
    try {
      platform =
          Platform.start(new Platform.Options(root, data, ports, measure, null, true, System.out));
    } catch (Exception e) {
      if (shuttingDown()) {
        return; // Ctrl-C during the start: the platform has stopped what it started
      }
      System.err.println("The platform did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    // the platform stops itself on Ctrl-C (its own shutdown hook); this one only says so after
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  platform.close(); // waits for the platform's own hook if that runs first
                  System.out.println("\nStopped.");
                },
                "local-platform-stopped"));
    if (measure) {
      Thread.sleep(10_000); // let the services settle into idle before reading memory
      System.out.println(Measurement.report(platform));
    }
    System.out.println(Walkthrough.text(platform));
    System.out.println("Running. Press Ctrl-C to stop everything.");
    Thread.currentThread().join();
  }

  /** Whether the JVM is shutting down (it then refuses new shutdown hooks). */
  private static boolean shuttingDown() {
    try {
      Thread probe = new Thread(() -> {});
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  private static boolean inUse(int port) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      return false;
    } catch (IOException e) {
      return true;
    }
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
