package dev.openbank.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How busy the whole machine is, from {@code /proc/stat}: for benchmarks that report where the
 * cores went, and for measurements that must not start while something else is still busy.
 */
public final class MachineLoad {

  /** Clock ticks per second in {@code /proc/stat} (USER_HZ, 100 on Linux). */
  public static final double TICKS_PER_SECOND = 100.0;

  private MachineLoad() {}

  /** Busy clock ticks of the whole machine (all but idle and iowait), or -1 off Linux. */
  public static long busyTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Waits until the machine used fewer than {@code maxCores} cores over one {@code window}, or
   * until {@code timeout}; off Linux it returns at once.
   *
   * @return how long it waited
   */
  public static Duration awaitQuiet(double maxCores, Duration window, Duration timeout)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long before = busyTicks();
      long t0 = System.nanoTime();
      Thread.sleep(window.toMillis());
      long after = busyTicks();
      if (before < 0 || after < 0) {
        break;
      }
      double cores = (after - before) / TICKS_PER_SECOND / ((System.nanoTime() - t0) / 1e9);
      if (cores < maxCores) {
        break;
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
