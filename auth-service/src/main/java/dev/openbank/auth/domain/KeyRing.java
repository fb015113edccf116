package dev.openbank.auth.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rules of key rotation, independent of storage: which key signs, which are published, when to
 * rotate, and how long a replaced key stays published.
 */
public final class KeyRing {

  private static final Comparator<SigningKey> NEWEST_FIRST =
      Comparator.comparing(SigningKey::activatesAt).reversed();

  private KeyRing() {}

  /** The key that signs at {@code now}: the newest one already active. */
  public static Optional<SigningKey> current(List<SigningKey> keys, Instant now) {
    return keys.stream()
        .filter(k -> !k.activatesAt().isAfter(now) && k.publishedAt(now))
        .max(Comparator.comparing(SigningKey::activatesAt));
  }

  /** The keys a verifier needs now (including a pending next key), newest first. */
  public static List<SigningKey> published(List<SigningKey> keys, Instant now) {
    return keys.stream().filter(k -> k.publishedAt(now)).sorted(NEWEST_FIRST).toList();
  }

  /**
   * Whether a new key is due: no key at all, or the newest key (active or pending) was activated a
   * full period ago.
   */
  public static boolean rotationDue(List<SigningKey> keys, Instant now, Duration period) {
    return keys.stream()
        .filter(k -> k.unpublishAt() == null)
        .max(Comparator.comparing(SigningKey::activatesAt))
        .map(k -> !k.activatesAt().plus(period).isAfter(now))
        .orElse(true);
  }

  /**
   * When a scheduled next key starts signing: once every replica has reloaded keys (one refresh
   * interval) and so publishes it, plus the clock skew between replicas.
   */
  public static Instant activationOfNext(
      Instant now, Duration refreshInterval, Duration clockSkew) {
    return now.plus(refreshInterval).plus(clockSkew);
  }

  /**
   * When a key replaced at {@code replacedAt} may leave the JWKS: after the last token it signed
   * has expired. Replicas that have not yet reloaded may keep signing with it for one refresh
   * interval, and verifiers' clocks may lag by the skew.
   */
  public static Instant unpublishAt(
      Instant replacedAt, Duration tokenLifetime, Duration refreshInterval, Duration clockSkew) {
    return replacedAt.plus(tokenLifetime).plus(refreshInterval).plus(clockSkew);
  }
}
