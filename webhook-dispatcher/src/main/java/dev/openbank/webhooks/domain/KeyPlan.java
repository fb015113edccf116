package dev.openbank.webhooks.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The key rotation rules. The JWKS is always the newest two keys. A new key is added when the
 * newest is one rotation period old; it is published at once but signs only after {@code
 * activationDelay} (longer than every replica's refresh interval), so no replica ever signs with a
 * key a receiver cannot find in the JWKS. The key it replaces stays published as the previous key
 * for one more period.
 */
public final class KeyPlan {

  private KeyPlan() {}

  /** Whether the newest key (created at {@code newestCreated}) is due for replacement. */
  public static boolean rotationDue(Instant newestCreated, Duration period, Instant now) {
    return !newestCreated.plus(period).isAfter(now);
  }

  /** How long a new key waits before it signs: two refresh intervals. */
  public static Duration activationDelay(Duration refresh) {
    return refresh.multipliedBy(2);
  }

  /** Refuses settings under which a replica could sign with an unpublished key. */
  public static void check(Duration period, Duration refresh) {
    if (refresh.multipliedBy(3).compareTo(period) > 0) {
      throw new IllegalStateException(
          "openbank.webhooks.key-refresh must be at most a third of the rotation period");
    }
  }
}
