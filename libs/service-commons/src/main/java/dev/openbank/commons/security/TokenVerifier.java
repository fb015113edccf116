package dev.openbank.commons.security;

import dev.openbank.commons.web.UrlRules;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * Verified tokens kept at most (a client reuses its token for many requests until it expires).
   */
  static final int CACHE_SIZE = 10_000;

  private final JwtConsumer consumer;
  private final Clock clock;
  private final int clockSkewSeconds;
  private final java.time.Duration cacheFor;
  private final ConcurrentHashMap<String, Cached> verified = new ConcurrentHashMap<>();

  /** A verified token and until when it is taken from the cache. */
  private record Cached(AccessToken token, java.time.Instant until) {}

  /**
   * @param issuer the exact {@code iss} expected
   * @param audience an {@code aud} value the token must contain
   * @param keys resolves the issuer's public keys by {@code kid}
   * @param clockSkewSeconds tolerated difference between clocks
   */
  public TokenVerifier(
      String issuer, String audience, VerificationKeyResolver keys, int clockSkewSeconds) {
    this(issuer, audience, keys, clockSkewSeconds, java.time.Duration.ZERO, Clock.systemUTC());
  }

  /**
   * @param cacheFor how long a verified token is taken from the cache at most: the issuer's JWKS
   *     cache period, so a key removed from the JWKS (a compromise) stops verifying its tokens as
   *     soon as it would without the cache; zero for no cache
   */
  public TokenVerifier(
      String issuer,
      String audience,
      VerificationKeyResolver keys,
      int clockSkewSeconds,
      java.time.Duration cacheFor,
      Clock clock) {
    this.clock = clock;
    this.cacheFor = cacheFor;
    this.clockSkewSeconds = clockSkewSeconds;
    this.consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireSubject()
            .setRequireJwtId()
            .setAllowedClockSkewInSeconds(clockSkewSeconds)
            .setExpectedIssuer(UrlRules.base(issuer))
            .setExpectedAudience(audience)
            .setExpectedType(true, "at+jwt")
            .setVerificationKeyResolver(keys)
            .setJwsAlgorithmConstraints(
                new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS))
            .build();
  }

  /**
   * Verifies signature, type, issuer, audience and times. A token verified before is taken from a
   * cache (the RSA verification was a tenth of a service's CPU under load): the signature of the
   * exact same string was already checked, so only its expiry is checked, and for no longer than
   * {@code cacheFor}, after which it is verified again against the issuer's current keys.
   */
  public AccessToken verify(String jwt) throws InvalidTokenException {
    java.time.Instant now = clock.instant();
    Cached known = verified.get(jwt);
    if (known != null) {
      if (now.isBefore(known.until())) {
        return known.token();
      }
      verified.remove(jwt);
    }
    AccessToken token = check(jwt);
    if (!cacheFor.isZero()) {
      java.time.Instant expiry = token.expiresAt().plusSeconds(clockSkewSeconds);
      java.time.Instant until = now.plus(cacheFor);
      if (verified.size() >= CACHE_SIZE) {
        verified.clear(); // crude but bounded; a full cache is refilled by the next requests
      }
      verified.put(jwt, new Cached(token, until.isBefore(expiry) ? until : expiry));
    }
    return token;
  }

  private AccessToken check(String jwt) throws InvalidTokenException {
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
          Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
          claims.getStringClaimValue("ux_template"),
          claims.getStringClaimValue("webhook_url"));
    } catch (InvalidJwtException | MalformedClaimException e) {
      throw new InvalidTokenException("the access token is invalid", e);
    }
  }
}
