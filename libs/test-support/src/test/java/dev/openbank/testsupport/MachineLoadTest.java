package dev.openbank.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MachineLoadTest {

  @Test
  void busyTicksGrowWithWork() {
    long before = MachineLoad.busyTicks();
    assertTrue(before > 0, "/proc/stat is readable on the Linux machines this runs on");
    long end = System.nanoTime() + 300_000_000L;
    long x = 0;
    while (System.nanoTime() < end) {
      x += Long.numberOfTrailingZeros(x + System.nanoTime());
    }
    assertTrue(MachineLoad.busyTicks() > before, "300 ms of spinning is counted (" + x + ")");
  }

  @Test
  void awaitQuietReturnsOnceTheMachineIsUnderTheLimitAndGivesUpAtTheTimeout()
      throws InterruptedException {
    // any load is under 1,000 cores: one window
    Duration quick = MachineLoad.awaitQuiet(1_000, Duration.ofMillis(100), Duration.ofSeconds(10));
    assertTrue(quick.compareTo(Duration.ofSeconds(2)) < 0, quick.toString());
    // no load is under -1 cores: waits until the timeout
    Duration never = MachineLoad.awaitQuiet(-1, Duration.ofMillis(100), Duration.ofMillis(500));
    assertTrue(never.compareTo(Duration.ofMillis(500)) >= 0, never.toString());
    assertTrue(never.compareTo(Duration.ofSeconds(3)) < 0, never.toString());
  }
}
