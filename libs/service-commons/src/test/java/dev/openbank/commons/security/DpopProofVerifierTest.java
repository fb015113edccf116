package dev.openbank.commons.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DpopProofVerifierTest {

  private static final URI TARGET = URI.create("https://api.test/v2/links/list?x=1");
  private final Instant now = Instant.parse("2026-11-21T10:00:00Z");
  private final DpopProofVerifier verifier =
      new DpopProofVerifier(Clock.fixed(now, ZoneOffset.UTC), 60);
  private EllipticCurveJsonWebKey key;

  @BeforeEach
  void setUp() throws Exception {
    key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
  }

  private String proof(String htm, String htu, long iat, String ath, boolean leakPrivate)
      throws Exception {
    JwtClaims c = new JwtClaims();
    c.setGeneratedJwtId();
    c.setClaim("htm", htm);
    c.setClaim("htu", htu);
    c.setIssuedAt(NumericDate.fromSeconds(iat));
    if (ath != null) {
      c.setClaim("ath", ath);
    }
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(c.toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    jws.setHeader("typ", "dpop+jwt");
    if (leakPrivate) {
      jws.getHeaders()
          .setObjectHeaderValue("jwk", key.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
    } else {
      jws.setJwkHeader(key);
    }
    jws.setKey(key.getPrivateKey());
    return jws.getCompactSerialization();
  }

  private long t() {
    return now.getEpochSecond();
  }

  @Test
  void acceptsAFreshProofAndReturnsTheKeyThumbprint() throws Exception {
    String p =
        proof(
            "POST", "https://api.test/v2/links/list", t(), DpopProofVerifier.sha256("tok"), false);
    assertEquals(DpopProofVerifier.thumbprint(key), verifier.verify(p, "POST", TARGET, "tok"));
  }

  @Test
  void rejectsReplay() throws Exception {
    String p = proof("POST", "https://api.test/v2/links/list", t(), null, false);
    verifier.verify(p, "POST", TARGET, null);
    assertThrows(InvalidTokenException.class, () -> verifier.verify(p, "POST", TARGET, null));
  }

  @Test
  void rejectsOtherMethodUriOrStaleProofs() throws Exception {
    String wrongMethod = proof("GET", "https://api.test/v2/links/list", t(), null, false);
    assertThrows(
        InvalidTokenException.class, () -> verifier.verify(wrongMethod, "POST", TARGET, null));
    String wrongUri = proof("POST", "https://api.test/v2/links/get", t(), null, false);
    assertThrows(
        InvalidTokenException.class, () -> verifier.verify(wrongUri, "POST", TARGET, null));
    String stale = proof("POST", "https://api.test/v2/links/list", t() - 600, null, false);
    assertThrows(InvalidTokenException.class, () -> verifier.verify(stale, "POST", TARGET, null));
  }

  @Test
  void rejectsAProofForAnotherToken() throws Exception {
    String p =
        proof("POST", "https://api.test/v2/links/list", t(), DpopProofVerifier.sha256("a"), false);
    assertThrows(InvalidTokenException.class, () -> verifier.verify(p, "POST", TARGET, "b"));
  }

  @Test
  void rejectsAPrivateKeyInTheHeaderAndGarbage() throws Exception {
    String p = proof("POST", "https://api.test/v2/links/list", t(), null, true);
    assertThrows(InvalidTokenException.class, () -> verifier.verify(p, "POST", TARGET, null));
    assertThrows(InvalidTokenException.class, () -> verifier.verify("x.y.z", "POST", TARGET, null));
    assertThrows(InvalidTokenException.class, () -> verifier.verify(null, "POST", TARGET, null));
  }
}
