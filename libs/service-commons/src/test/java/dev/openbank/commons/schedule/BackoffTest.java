package dev.openbank.commons.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsByHalfUpToTheCeiling() {
    Duration first = Duration.ofSeconds(2);
    Duration max = Duration.ofSeconds(60);
    assertEquals(Duration.ofSeconds(2), Backoff.after(first, max, 0));
    assertEquals(Duration.ofSeconds(3), Backoff.after(first, max, 1));
    assertEquals(Duration.ofMillis(4500), Backoff.after(first, max, 2));
    assertEquals(Duration.ofSeconds(60), Backoff.after(first, max, 9));
    assertEquals(Duration.ofSeconds(60), Backoff.after(first, max, 10_000));
    assertEquals(Duration.ofSeconds(2), Backoff.after(first, max, -1));
  }
}
