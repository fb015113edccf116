package dev.openbank.commons.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  private static final String ISSUER = "http://auth.test";
  private RsaJsonWebKey key;
  private TokenVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("k1");
    verifier =
        new TokenVerifier(
            ISSUER,
            "openbank-api",
            new JwksVerificationKeyResolver(new JsonWebKeySet(key).getJsonWebKeys()),
            5);
  }

  private JwtClaims claims() {
    JwtClaims c = new JwtClaims();
    c.setIssuer(ISSUER);
    c.setSubject("client-1");
    c.setAudience("openbank-api");
    c.setClaim("scope", "ais providers");
    c.setClaim("client_id", "client-1");
    c.setClaim("env", "sandbox");
    c.setGeneratedJwtId();
    c.setIssuedAtToNow();
    c.setExpirationTimeMinutesInTheFuture(5);
    return c;
  }

  private String sign(JwtClaims c, String alg, java.security.Key signingKey, String typ)
      throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(c.toJson());
    jws.setAlgorithmHeaderValue(alg);
    jws.setKey(signingKey);
    jws.setKeyIdHeaderValue("k1");
    if (typ != null) {
      jws.setHeader("typ", typ);
    }
    jws.setDoKeyValidation(false);
    return jws.getCompactSerialization();
  }

  private String valid(JwtClaims c) throws Exception {
    return sign(c, AlgorithmIdentifiers.RSA_USING_SHA256, key.getPrivateKey(), "at+jwt");
  }

  @Test
  void acceptsAGoodToken() throws Exception {
    AccessToken token = verifier.verify(valid(claims()));
    assertEquals("client-1", token.clientId());
    assertEquals(Set.of("ais", "providers"), token.scopes());
    assertEquals("sandbox", token.environment());
    assertNull(token.jkt());
  }

  @Test
  void readsTheDpopBinding() throws Exception {
    JwtClaims c = claims();
    c.setClaim("cnf", Map.of("jkt", "abc"));
    assertEquals("abc", verifier.verify(valid(c)).jkt());
  }

  @Test
  void rejectsATamperedPayload() throws Exception {
    String jwt = valid(claims());
    String[] parts = jwt.split("\\.");
    JwtClaims other = claims();
    other.setClaim("scope", "admin");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(other.toJson().getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertThrows(InvalidTokenException.class, () -> verifier.verify(forged));
  }

  @Test
  void rejectsExpiredTokens() throws Exception {
    JwtClaims c = claims();
    c.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
    c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 300));
    String jwt = valid(c);
    assertThrows(InvalidTokenException.class, () -> verifier.verify(jwt));
  }

  @Test
  void aCachedTokenIsVerifiedAgainAfterTheCachePeriodAndRejectedOnceExpired() throws Exception {
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.now());
    java.time.Clock clock =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            return now.get();
          }
        };
    TokenVerifier cached =
        new TokenVerifier(
            ISSUER,
            "openbank-api",
            new JwksVerificationKeyResolver(new JsonWebKeySet(key).getJsonWebKeys()),
            5,
            java.time.Duration.ofMinutes(10),
            clock);
    String jwt = valid(claims());
    AccessToken first = cached.verify(jwt);
    assertSame(first, cached.verify(jwt), "the second verification comes from the cache");
    now.set(now.get().plusSeconds(5 * 60 + 6)); // past exp plus the 5 s skew
    // the cache no longer answers; the token is verified again (here jose4j's real clock still
    // finds it valid, so it is a new result, not the cached one)
    assertNotSame(first, cached.verify(jwt));

    // a cache period shorter than the token's life: verified again after it
    now.set(java.time.Instant.now());
    TokenVerifier shortCache =
        new TokenVerifier(
            ISSUER,
            "openbank-api",
            new JwksVerificationKeyResolver(new JsonWebKeySet(key).getJsonWebKeys()),
            5,
            java.time.Duration.ofSeconds(1),
            clock);
    AccessToken a = shortCache.verify(jwt);
    assertSame(a, shortCache.verify(jwt));
    now.set(now.get().plusSeconds(2));
    assertNotSame(a, shortCache.verify(jwt));
  }

  @Test
  void rejectsAnotherAudienceOrIssuer() throws Exception {
    JwtClaims aud = claims();
    aud.setAudience("someone-else");
    String a = valid(aud);
    assertThrows(InvalidTokenException.class, () -> verifier.verify(a));
    JwtClaims iss = claims();
    iss.setIssuer("http://evil.test");
    String i = valid(iss);
    assertThrows(InvalidTokenException.class, () -> verifier.verify(i));
  }

  @Test
  void rejectsAlgNone() throws Exception {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes());
    String payload =
        Base64.getUrlEncoder().withoutPadding().encodeToString(claims().toJson().getBytes());
    assertThrows(InvalidTokenException.class, () -> verifier.verify(header + "." + payload + "."));
  }

  @Test
  void rejectsHs256SignedWithThePublicKey() throws Exception {
    byte[] publicKeyBytes = key.toJson().getBytes(StandardCharsets.UTF_8);
    String forged =
        sign(claims(), AlgorithmIdentifiers.HMAC_SHA256, new HmacKey(publicKeyBytes), "at+jwt");
    assertThrows(InvalidTokenException.class, () -> verifier.verify(forged));
    String forgedDer =
        sign(
            claims(),
            AlgorithmIdentifiers.HMAC_SHA256,
            new HmacKey(key.getPublicKey().getEncoded()),
            "at+jwt");
    assertThrows(InvalidTokenException.class, () -> verifier.verify(forgedDer));
  }

  @Test
  void rejectsATokenOfAnotherType() throws Exception {
    String idToken =
        sign(claims(), AlgorithmIdentifiers.RSA_USING_SHA256, key.getPrivateKey(), "JWT");
    assertThrows(InvalidTokenException.class, () -> verifier.verify(idToken));
  }

  @Test
  void rejectsAnUnknownSigningKey() throws Exception {
    RsaJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
    String jwt =
        sign(claims(), AlgorithmIdentifiers.RSA_USING_SHA256, other.getPrivateKey(), "at+jwt");
    assertThrows(InvalidTokenException.class, () -> verifier.verify(jwt));
  }
}
