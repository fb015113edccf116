package dev.openbank.commons.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Verifies access tokens issued by auth-service (RFC 9068 JWTs). Only the asymmetric algorithms the
 * issuer uses are accepted, so {@code alg: none} and HMAC tokens forged with the public key fail
 * before any key is looked at.
 */
public final class TokenVerifier {

  /** The algorithms auth-service may sign with. */
  public static final String[] ALGORITHMS = {
    AlgorithmIdentifiers.RSA_USING_SHA256,
    AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
    AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
  };

  private final JwtConsumer consumer;

  /**
   * @param issuer the exact {@code iss} expected
   * @param audience an {@code aud} value the token must contain
   * @param keys resolves the issuer's public keys by {@code kid}
   * @param clockSkewSeconds tolerated difference between clocks
   */
  public TokenVerifier(
      String issuer, String audience, VerificationKeyResolver keys, int clockSkewSeconds) {
    this.consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireSubject()
            .setRequireJwtId()
            .setAllowedClockSkewInSeconds(clockSkewSeconds)
            .setExpectedIssuer(
                issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
            .setExpectedAudience(audience)
            .setExpectedType(true, "at+jwt")
            .setVerificationKeyResolver(keys)
            .setJwsAlgorithmConstraints(
                new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS))
            .build();
  }

  /** Verifies signature, type, issuer, audience and times. */
  public AccessToken verify(String jwt) throws InvalidTokenException {
    try {
      JwtClaims claims = consumer.processToClaims(jwt);
      String scope = claims.getStringClaimValue("scope");
      Set<String> scopes =
          scope == null || scope.isBlank()
              ? Set.of()
              : new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
      String jkt = null;
      Object cnf = claims.getClaimValue("cnf");
      if (cnf instanceof Map<?, ?> m && m.get("jkt") instanceof String s) {
        jkt = s;
      }
      return new AccessToken(
          claims.getSubject(),
          Set.copyOf(scopes),
          claims.getStringClaimValue("env"),
          jkt,
          claims.getJwtId(),
          Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
    } catch (InvalidJwtException | MalformedClaimException e) {
      throw new InvalidTokenException("the access token is invalid", e);
    }
  }
}
