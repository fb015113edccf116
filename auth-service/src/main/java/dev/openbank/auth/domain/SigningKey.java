package dev.openbank.auth.domain;

import java.security.PrivateKey;
import java.time.Instant;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A token-signing key.
 *
 * @param privateKey decrypted in memory only
 * @param retiredAt when a newer key replaced it (null while current)
 * @param unpublishAt when its public key leaves the JWKS (null while current)
 */
public record SigningKey(
    String kid,
    String alg,
    PublicJsonWebKey publicJwk,
    PrivateKey privateKey,
    Instant createdAt,
    Instant retiredAt,
    Instant unpublishAt) {

  public boolean current() {
    return retiredAt == null;
  }

  public boolean publishedAt(Instant now) {
    return unpublishAt == null || unpublishAt.isAfter(now);
  }
}
