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

  private KeyRing() {}

  /** The key that signs new tokens. */
  public static Optional<SigningKey> current(List<SigningKey> keys) {
    return keys.stream().filter(SigningKey::current).findFirst();
  }

  /** The keys a verifier needs now, newest first. */
  public static List<SigningKey> published(List<SigningKey> keys, Instant now) {
    return keys.stream()
        .filter(k -> k.publishedAt(now))
        .sorted(Comparator.comparing(SigningKey::createdAt).reversed())
        .toList();
  }

  /** Whether a new key is due: none yet, or the current one is older than the period. */
  public static boolean rotationDue(List<SigningKey> keys, Instant now, Duration period) {
    return current(keys).map(k -> !k.createdAt().plus(period).isAfter(now)).orElse(true);
  }

  /**
   * When a key replaced at {@code retiredAt} may leave the JWKS: after the last token it signed has
   * expired. Replicas that have not yet reloaded keep signing with it for up to one refresh
   * interval, and verifiers' clocks may lag by the skew.
   */
  public static Instant unpublishAt(
      Instant retiredAt, Duration tokenLifetime, Duration refreshInterval, Duration clockSkew) {
    return retiredAt.plus(tokenLifetime).plus(refreshInterval).plus(clockSkew);
  }
}
