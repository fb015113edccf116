package dev.openbank.auth.domain;

import java.security.PrivateKey;
import java.time.Instant;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A token-signing key.
 *
 * @param privateKey decrypted in memory only
 * @param activatesAt when it starts signing (a pending key is published before that)
 * @param unpublishAt when its public key leaves the JWKS (null until a newer key replaces it)
 */
public record SigningKey(
    String kid,
    String alg,
    PublicJsonWebKey publicJwk,
    PrivateKey privateKey,
    Instant activatesAt,
    Instant unpublishAt) {

  public boolean publishedAt(Instant now) {
    return unpublishAt == null || unpublishAt.isAfter(now);
  }
}
