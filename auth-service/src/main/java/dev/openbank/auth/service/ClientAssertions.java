package dev.openbank.auth.service;

import dev.openbank.auth.config.AuthConfig;
import dev.openbank.auth.domain.Client;
import dev.openbank.auth.repository.TokenGuardRepository;
import dev.openbank.commons.security.TokenVerifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * private_key_jwt client authentication (RFC 7523 section 3): an assertion signed with RS256, PS256
 * or ES256 by a key the client registered, {@code iss = sub = client_id}, {@code aud} the token
 * endpoint URL or the issuer, a bounded {@code exp}, a sane {@code iat}, and a {@code jti} that is
 * accepted once (across replicas, until the assertion expires).
 */
@ApplicationScoped
public class ClientAssertions {

  private static final Logger LOG = Logger.getLogger(ClientAssertions.class);
  private static final JwtConsumer UNVERIFIED =
      new JwtConsumerBuilder()
          .setSkipAllValidators()
          .setDisableRequireSignature()
          .setSkipSignatureVerification()
          .build();

  private final AuthConfig config;
  private final TokenGuardRepository guard;
  private final ConcurrentMap<String, List<JsonWebKey>> parsedKeys = new ConcurrentHashMap<>();

  public ClientAssertions(AuthConfig config, TokenGuardRepository guard) {
    this.config = config;
    this.guard = guard;
  }

  /** The {@code sub} of an assertion before verification (to find the client), or null. */
  public String unverifiedSubject(String assertion) {
    try {
      JwtClaims claims = UNVERIFIED.processToClaims(assertion);
      String sub = claims.getSubject();
      return sub != null && sub.equals(claims.getIssuer()) ? sub : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** Verifies the assertion for {@code client} (null: unknown client) and claims its jti. */
  public Uni<Boolean> verify(String assertion, Client client) {
    if (client == null || client.jwks() == null) {
      return Uni.createFrom().item(false);
    }
    JwtClaims claims;
    try {
      long skew = config.clockSkew().toSeconds();
      long maxLifetime = config.assertionMaxLifetime().toSeconds();
      JwtConsumer consumer =
          new JwtConsumerBuilder()
              .setRequireExpirationTime()
              .setRequireIssuedAt()
              .setRequireJwtId()
              .setExpectedIssuer(client.clientId())
              .setExpectedSubject(client.clientId())
              .setExpectedAudience(config.issuer() + "/oauth2/token", config.issuer())
              .setAllowedClockSkewInSeconds((int) skew)
              .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys(client)))
              .setJwsAlgorithmConstraints(
                  new AlgorithmConstraints(
                      AlgorithmConstraints.ConstraintType.PERMIT, TokenVerifier.ALGORITHMS))
              .build();
      claims = consumer.processToClaims(assertion);
      long now = System.currentTimeMillis() / 1000;
      long exp = claims.getExpirationTime().getValue();
      long iat = claims.getIssuedAt().getValue();
      // exp bounded (a client clock ahead by the skew is tolerated), iat neither in the future nor
      // older than the longest lifetime
      if (exp - now > maxLifetime + skew || iat > now + skew || iat < now - maxLifetime - skew) {
        LOG.debugf("Rejected client assertion for %s: exp/iat out of bounds", client.clientId());
        return Uni.createFrom().item(false);
      }
      String jti = claims.getJwtId();
      if (!validJti(jti)) {
        LOG.debugf("Rejected client assertion for %s: unusable jti", client.clientId());
        return Uni.createFrom().item(false);
      }
      Instant expires = Instant.ofEpochSecond(claims.getExpirationTime().getValue() + skew);
      return guard.claimJti(client.clientId(), jti, expires);
    } catch (InvalidJwtException | JoseException | org.jose4j.jwt.MalformedClaimException e) {
      LOG.debugf("Rejected client assertion for %s: %s", client.clientId(), e.getMessage());
      return Uni.createFrom().item(false);
    }
  }

  /** Longest jti stored; a UUID is 36 characters. */
  static final int MAX_JTI = 255;

  /**
   * A jti that can be stored as it is: 1 to {@link #MAX_JTI} characters, none of them a control
   * character. PostgreSQL's text refuses NUL, and a key of a few kilobytes exceeds a B-tree row, so
   * either would otherwise fail the insert and answer 500 instead of {@code invalid_client}.
   */
  static boolean validJti(String jti) {
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI) {
      return false;
    }
    for (int i = 0; i < jti.length(); i++) {
      if (Character.isISOControl(jti.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private List<JsonWebKey> keys(Client client) throws JoseException {
    String cacheKey = client.clientId() + "\n" + client.jwks();
    List<JsonWebKey> cached = parsedKeys.get(cacheKey);
    if (cached == null) {
      if (parsedKeys.size() > 10_000) {
        parsedKeys.clear();
      }
      cached = new JsonWebKeySet(client.jwks()).getJsonWebKeys();
      parsedKeys.put(cacheKey, cached);
    }
    return cached;
  }
}
