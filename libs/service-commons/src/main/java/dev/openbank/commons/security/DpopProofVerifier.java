package dev.openbank.commons.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * Verifies DPoP proofs (RFC 9449): a JWT of type {@code dpop+jwt}, signed with an asymmetric key
 * carried in its {@code jwk} header, bound to the HTTP method and URI, fresh ({@code iat}) and used
 * once ({@code jti}). Used by auth-service at the token endpoint and by every resource server for
 * DPoP-bound tokens (then also bound to the token through {@code ath}).
 */
public final class DpopProofVerifier {

  private static final int MAX_REPLAY_ENTRIES = 100_000;

  private final Clock clock;
  private final long maxAgeSeconds;
  private final Map<String, Long> seenJtis = new ConcurrentHashMap<>();

  public DpopProofVerifier(Clock clock, long maxAgeSeconds) {
    this.clock = clock;
    this.maxAgeSeconds = maxAgeSeconds;
  }

  /**
   * @param proof the {@code DPoP} header value
   * @param method the request's HTTP method
   * @param uri the request's URI (query and fragment are ignored)
   * @param accessToken the presented access token, or null at the token endpoint
   * @return the JWK SHA-256 thumbprint of the proof's key
   */
  public String verify(String proof, String method, URI uri, String accessToken)
      throws InvalidTokenException {
    if (proof == null || proof.isBlank() || proof.indexOf(',') >= 0) {
      throw new InvalidTokenException("exactly one DPoP proof is required");
    }
    try {
      JsonWebSignature header = new JsonWebSignature();
      header.setCompactSerialization(proof);
      PublicJsonWebKey jwk = header.getJwkHeader();
      Object rawJwk = header.getHeaders().getObjectHeaderValue("jwk");
      if (jwk == null
          || jwk.getPrivateKey() != null
          || (rawJwk instanceof Map<?, ?> m && (m.containsKey("d") || m.containsKey("k")))) {
        throw new InvalidTokenException("the DPoP proof must carry a public jwk header");
      }
      JwtConsumer consumer =
          new JwtConsumerBuilder()
              .setExpectedType(true, "dpop+jwt")
              .setVerificationKey(jwk.getPublicKey())
              .setJwsAlgorithmConstraints(
                  new AlgorithmConstraints(
                      AlgorithmConstraints.ConstraintType.PERMIT, TokenVerifier.ALGORITHMS))
              .setRequireJwtId()
              .setRequireIssuedAt()
              .setSkipDefaultAudienceValidation()
              .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
              .build();
      JwtClaims claims = consumer.processToClaims(proof);
      long now = clock.millis() / 1000;
      long iat = claims.getIssuedAt().getValue();
      if (Math.abs(now - iat) > maxAgeSeconds) {
        throw new InvalidTokenException("the DPoP proof is not fresh");
      }
      if (!method.equalsIgnoreCase(claims.getStringClaimValue("htm"))) {
        throw new InvalidTokenException("the DPoP proof is for another method");
      }
      if (!sameTarget(uri, claims.getStringClaimValue("htu"))) {
        throw new InvalidTokenException("the DPoP proof is for another URI");
      }
      if (accessToken != null && !sha256(accessToken).equals(claims.getStringClaimValue("ath"))) {
        throw new InvalidTokenException("the DPoP proof is not bound to this access token");
      }
      String thumbprint = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
      rememberOnce(thumbprint + ":" + claims.getJwtId(), iat + maxAgeSeconds);
      return thumbprint;
    } catch (InvalidTokenException e) {
      throw e;
    } catch (Exception e) {
      throw new InvalidTokenException("the DPoP proof is invalid", e);
    }
  }

  /** The thumbprint of a public JWK, as carried in {@code cnf.jkt}. */
  public static String thumbprint(JsonWebKey jwk) throws JoseException {
    return jwk.calculateBase64urlEncodedThumbprint("SHA-256");
  }

  private void rememberOnce(String key, long expiresAtSecond) throws InvalidTokenException {
    long now = clock.millis() / 1000;
    if (seenJtis.size() > MAX_REPLAY_ENTRIES) {
      seenJtis.values().removeIf(exp -> exp < now);
    }
    Long previous = seenJtis.putIfAbsent(key, expiresAtSecond);
    if (previous != null && previous >= now) {
      throw new InvalidTokenException("the DPoP proof was already used");
    }
    if (previous != null) {
      seenJtis.put(key, expiresAtSecond);
    }
  }

  private static boolean sameTarget(URI actual, String htu) {
    if (htu == null) {
      return false;
    }
    try {
      URI claimed = URI.create(htu);
      return actual.getScheme().equalsIgnoreCase(claimed.getScheme())
          && actual.getHost().equalsIgnoreCase(claimed.getHost())
          && port(actual) == port(claimed)
          && actual.getRawPath().equals(claimed.getRawPath());
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** base64url(SHA-256(ascii)), the {@code ath} of a token. */
  public static String sha256(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
