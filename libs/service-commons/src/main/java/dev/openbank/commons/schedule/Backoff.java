package dev.openbank.commons.schedule;

import java.time.Duration;

/** Waits that grow by half each time, up to a ceiling: how often a bank's status is read again. */
public final class Backoff {

  private Backoff() {}

  /** The wait after {@code done} earlier tries: {@code first × 1.5^done}, at most {@code max}. */
  public static Duration after(Duration first, Duration max, int done) {
    double factor = Math.pow(1.5, Math.min(Math.max(done, 0), 40));
    long millis = (long) Math.min(first.toMillis() * factor, (double) max.toMillis());
    return Duration.ofMillis(millis);
  }
}
