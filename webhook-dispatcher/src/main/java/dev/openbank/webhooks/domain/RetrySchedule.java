package dev.openbank.webhooks.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: the n-th retry waits the n-th delay of the schedule, plus or
 * minus a random jitter, or the endpoint's Retry-After when that is longer (capped). When the
 * schedule is used up, the delivery is dead.
 *
 * @param delays the waits before retry 1, 2, ... (Svix-like: 5s, 5m, 30m, 2h, 5h, 10h, 10h, ...)
 * @param jitter the share of each delay drawn at random either way, e.g. 0.2
 * @param maxRetryAfter the longest Retry-After honoured
 */
public record RetrySchedule(List<Duration> delays, double jitter, Duration maxRetryAfter) {

  public RetrySchedule {
    delays = List.copyOf(delays);
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1)");
    }
  }

  /**
   * The wait before the next attempt after {@code attemptsMade} failed attempts, or empty if the
   * delivery is dead.
   */
  public Optional<Duration> next(int attemptsMade, Duration retryAfter, RandomGenerator random) {
    int retry = attemptsMade - 1; // attempt 1 is the first delivery, retry 0 follows it
    if (retry < 0 || retry >= delays.size()) {
      return Optional.empty();
    }
    Duration base = delays.get(retry);
    long millis = base.toMillis();
    long spread = (long) (millis * jitter);
    long wait = spread == 0 ? millis : millis - spread + random.nextLong(2 * spread + 1);
    Duration delay = Duration.ofMillis(wait);
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }
    return Optional.of(delay);
  }

  /** The longest a delivery can stay undelivered before it is dead, jitter aside. */
  public Duration span() {
    return delays.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
