package dev.openbank.auth;

import static dev.openbank.auth.AuthFixtures.ISSUER;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.openbank.auth.AuthFixtures.TestClient;
import dev.openbank.auth.service.SigningKeyService;
import dev.openbank.commons.security.DpopProofVerifier;
import dev.openbank.testsupport.OpenApiContract;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/**
 * The resource-server setup (service-commons) against tokens from this auth-service: discovery,
 * JWKS, signature, type, audience, expiry, scopes, and DPoP binding.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ResourceServerTest {

  private static final String PROTECTED = ISSUER + "/test/protected";

  @Inject SigningKeyService keys;

  private static io.restassured.response.ValidatableResponse call(String authorization) {
    var r = given();
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return r.post("/test/protected").then();
  }

  @Test
  void aValidTokenWithTheScopeIsAccepted() {
    TestClient client = AuthFixtures.createClient(List.of("providers", "ais"));
    call("Bearer " + AuthFixtures.token(client, "providers"))
        .statusCode(200)
        .body(equalTo(client.clientId()));
  }

  @Test
  void missingScopeIsForbiddenAndNoTokenIsUnauthorized() {
    TestClient client = AuthFixtures.createClient(List.of("providers", "ais"));
    call("Bearer " + AuthFixtures.token(client, "ais")).statusCode(403);
    call(null).statusCode(401);
    call("Bearer not-a-jwt").statusCode(401);
  }

  @Test
  void tamperedExpiredWrongAudienceAlgNoneAndHs256AreRejected() throws Exception {
    TestClient client = AuthFixtures.createClient(List.of("providers"));
    String token = AuthFixtures.token(client, null);
    String[] parts = token.split("\\.");
    JwtClaims claims =
        JwtClaims.parse(
            new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));

    JwtClaims widened = JwtClaims.parse(claims.toJson());
    widened.setClaim("scope", "providers admin");
    call("Bearer " + parts[0] + "." + b64(widened.toJson()) + "." + parts[2]).statusCode(401);

    JwtClaims expired = JwtClaims.parse(claims.toJson());
    expired.setClaim("iat", AuthFixtures.now() - 1000);
    expired.setClaim("exp", AuthFixtures.now() - 600);
    call("Bearer " + signWithCurrentKey(expired)).statusCode(401);

    JwtClaims otherAudience = JwtClaims.parse(claims.toJson());
    otherAudience.setAudience("another-api");
    call("Bearer " + signWithCurrentKey(otherAudience)).statusCode(401);

    call("Bearer " + signWithCurrentKey(claims)).statusCode(200);

    String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";
    call("Bearer " + none).statusCode(401);

    JsonWebSignature hs = new JsonWebSignature();
    hs.setPayload(claims.toJson());
    hs.setAlgorithmHeaderValue("HS256");
    hs.setHeader("typ", "at+jwt");
    hs.setKeyIdHeaderValue(keys.current().kid());
    hs.setKey(new HmacKey(keys.current().publicJwk().getPublicKey().getEncoded()));
    hs.setDoKeyValidation(false);
    call("Bearer " + hs.getCompactSerialization()).statusCode(401);
  }

  @Test
  void dpopBoundTokensNeedAMatchingProof() throws Exception {
    TestClient client = AuthFixtures.createClient(List.of("providers"));
    EllipticCurveJsonWebKey holder = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    String token =
        AuthFixtures.basic(client.clientId(), client.secret())
            .header("DPoP", proof(holder, AuthFixtures.TOKEN_URL, null))
            .formParam("grant_type", "client_credentials")
            .post("/oauth2/token")
            .then()
            .statusCode(200)
            .body("token_type", equalTo("DPoP"))
            .extract()
            .path("access_token");
    JwtClaims claims =
        JwtClaims.parse(
            new String(
                Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> cnf = (java.util.Map<String, Object>) claims.getClaimValue("cnf");
    org.junit.jupiter.api.Assertions.assertEquals(
        DpopProofVerifier.thumbprint(holder), cnf.get("jkt"));

    String good = proof(holder, PROTECTED, token);
    given()
        .header("Authorization", "DPoP " + token)
        .header("DPoP", good)
        .post("/test/protected")
        .then()
        .statusCode(200);
    // the same proof again is a replay
    given()
        .header("Authorization", "DPoP " + token)
        .header("DPoP", good)
        .post("/test/protected")
        .then()
        .statusCode(401);
    // a bound token used as a plain bearer token
    call("Bearer " + token).statusCode(401);
    // no proof, or a proof by another key
    call("DPoP " + token).statusCode(401);
    EllipticCurveJsonWebKey thief = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    given()
        .header("Authorization", "DPoP " + token)
        .header("DPoP", proof(thief, PROTECTED, token))
        .post("/test/protected")
        .then()
        .statusCode(401);
    // an unbound token cannot be sent with the DPoP scheme
    String plain = AuthFixtures.token(client, null);
    given()
        .header("Authorization", "DPoP " + plain)
        .header("DPoP", proof(holder, PROTECTED, plain))
        .post("/test/protected")
        .then()
        .statusCode(401);
  }

  @Test
  void aClientThatRequiresDpopCannotGetABearerToken() throws Exception {
    TestClient client = AuthFixtures.createClient(List.of("providers"), null, true);
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    EllipticCurveJsonWebKey holder = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    AuthFixtures.basic(client.clientId(), client.secret())
        .header("DPoP", proof(holder, "http://localhost:8181/elsewhere", null))
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_dpop_proof"));
  }

  static String proof(EllipticCurveJsonWebKey key, String htu, String accessToken)
      throws Exception {
    JwtClaims c = new JwtClaims();
    c.setGeneratedJwtId();
    c.setClaim("htm", "POST");
    c.setClaim("htu", htu);
    c.setIssuedAtToNow();
    if (accessToken != null) {
      c.setClaim("ath", DpopProofVerifier.sha256(accessToken));
    }
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(c.toJson());
    jws.setAlgorithmHeaderValue("ES256");
    jws.setHeader("typ", "dpop+jwt");
    jws.setJwkHeader(key);
    jws.setKey(key.getPrivateKey());
    return jws.getCompactSerialization();
  }

  private String signWithCurrentKey(JwtClaims claims) {
    return keys.signAccessToken(claims);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The document served at /q/openapi is the one the code generates (OpenApiContract). */
  @Test
  void servesTheOpenApiDocumentItsCodeGenerates() throws Exception {
    OpenApiContract.check();
  }
}
