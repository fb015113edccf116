package dev.openbank.auth;

import static dev.openbank.auth.AuthFixtures.ISSUER;
import static dev.openbank.auth.AuthFixtures.TOKEN_URL;
import static dev.openbank.auth.AuthFixtures.assertion;
import static dev.openbank.auth.AuthFixtures.now;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.openbank.auth.AuthFixtures.TestClient;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TokenEndpointTest {

  @jakarta.inject.Inject io.vertx.mutiny.sqlclient.Pool pool;

  private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static RsaJsonWebKey rsa;
  private static EllipticCurveJsonWebKey ec;

  @BeforeAll
  static void keys() throws Exception {
    rsa = RsaJwkGenerator.generateJwk(2048);
    rsa.setKeyId("rsa-1");
    ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    ec.setKeyId("ec-1");
  }

  private static TestClient keyClient() {
    return AuthFixtures.createClient(
        List.of("pay_by_link", "ais"), AuthFixtures.jwks(rsa, ec), false);
  }

  private static Response withAssertion(String clientId, String jwt) {
    var r =
        given()
            .formParam("grant_type", "client_credentials")
            .formParam("client_assertion_type", JWT_BEARER)
            .formParam("client_assertion", jwt);
    if (clientId != null) {
      r.formParam("client_id", clientId);
    }
    return r.post("/oauth2/token");
  }

  private static JwtClaims claims(String token) throws Exception {
    String payload = token.split("\\.")[1];
    return JwtClaims.parse(new String(java.util.Base64.getUrlDecoder().decode(payload)));
  }

  @Test
  void clientSecretBasicIssuesAnRfc9068Token() throws Exception {
    TestClient client = AuthFixtures.createClient(List.of("ais", "providers"));
    Response r =
        AuthFixtures.basic(client.clientId(), client.secret())
            .formParam("grant_type", "client_credentials")
            .formParam("scope", "ais")
            .post("/oauth2/token")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("token_type", equalTo("Bearer"))
            .body("expires_in", equalTo(300))
            .body("scope", equalTo("ais"))
            .extract()
            .response();
    String token = r.path("access_token");
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(token);
    assertEquals("at+jwt", jws.getHeader("typ"));
    assertEquals("RS256", jws.getAlgorithmHeaderValue());
    JwtClaims c = claims(token);
    assertEquals(ISSUER, c.getIssuer());
    assertEquals(client.clientId(), c.getSubject());
    assertEquals(client.clientId(), c.getClaimValue("client_id"));
    assertEquals(List.of("openbank-api"), c.getAudience());
    assertEquals("ais", c.getClaimValue("scope"));
    assertEquals("sandbox", c.getClaimValue("env"));
    assertEquals(300, c.getExpirationTime().getValue() - c.getIssuedAt().getValue());
  }

  @Test
  void clientSecretPostWorksAndDefaultsToAllScopes() {
    TestClient client = AuthFixtures.createClient(List.of("providers", "ais"));
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", client.clientId())
        .formParam("client_secret", client.secret())
        .post("/oauth2/token")
        .then()
        .statusCode(200)
        .body("scope", equalTo("ais providers"));
  }

  @Test
  void privateKeyJwtAcceptsRs256Ps256Es256AndBothAudiences() throws Exception {
    TestClient client = keyClient();
    String id = client.clientId();
    long t = now();
    withAssertion(
            id, assertion(rsa, "RS256", id, TOKEN_URL, t, t + 60, UUID.randomUUID().toString()))
        .then()
        .statusCode(200);
    withAssertion(id, assertion(rsa, "PS256", id, ISSUER, t, t + 60, UUID.randomUUID().toString()))
        .then()
        .statusCode(200);
    withAssertion(
            null, assertion(ec, "ES256", id, TOKEN_URL, t, t + 3600, UUID.randomUUID().toString()))
        .then()
        .statusCode(200)
        .body("scope", equalTo("ais pay_by_link"));
  }

  @Test
  void anAssertionIsSingleUse() throws Exception {
    TestClient client = keyClient();
    String jwt = validAssertion(client);
    withAssertion(client.clientId(), jwt).then().statusCode(200);
    withAssertion(client.clientId(), jwt)
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  /** A valid RS256 assertion of {@code client}'s with a fresh jti. */
  private String validAssertion(TestClient client) throws Exception {
    long t = now();
    return assertion(
        rsa, "RS256", client.clientId(), TOKEN_URL, t, t + 60, UUID.randomUUID().toString());
  }

  /**
   * Single use holds under concurrency (the jti's claim is one insert, not a check then a write):
   * of one assertion sent eight times at once, exactly one request gets a token.
   */
  @Test
  void anAssertionSentConcurrentlyGetsOneToken() throws Exception {
    TestClient client = keyClient();
    String jwt = validAssertion(client);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Response>> sent = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        sent.add(pool.submit(() -> withAssertion(client.clientId(), jwt)));
      }
      int tokens = 0;
      for (Future<Response> f : sent) {
        Response r = f.get(30, TimeUnit.SECONDS);
        if (r.statusCode() == 200) {
          tokens++;
          assertNotNull(r.jsonPath().getString("access_token"));
        } else {
          assertEquals(401, r.statusCode());
          assertEquals("invalid_client", r.jsonPath().getString("error"));
          assertNull(r.jsonPath().getString("access_token"));
        }
      }
      assertEquals(1, tokens);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badAssertionsAreInvalidClient() throws Exception {
    TestClient client = keyClient();
    String id = client.clientId();
    long t = now();
    RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
    stranger.setKeyId("rsa-1");
    List<String> bad =
        List.of(
            assertion(
                rsa,
                "RS256",
                id,
                "https://elsewhere/token",
                t,
                t + 60,
                UUID.randomUUID().toString()),
            assertion(rsa, "RS256", id, TOKEN_URL, t, t + 7200, UUID.randomUUID().toString()),
            assertion(rsa, "RS256", id, TOKEN_URL, t, t - 120, UUID.randomUUID().toString()),
            assertion(rsa, "RS256", id, TOKEN_URL, t + 600, t + 660, UUID.randomUUID().toString()),
            assertion(rsa, "RS256", id, TOKEN_URL, t - 7200, t + 60, UUID.randomUUID().toString()),
            assertion(rsa, "RS256", id, TOKEN_URL, t, t + 60, null),
            assertion(rsa, "RS256", id, TOKEN_URL, t, t + 60, ""),
            assertion(rsa, "RS256", id, TOKEN_URL, t, t + 60, "x".repeat(256)),
            assertion(rsa, "RS256", id, TOKEN_URL, t, t + 60, "nul\u0000byte"),
            assertion(stranger, "RS256", id, TOKEN_URL, t, t + 60, UUID.randomUUID().toString()),
            hs256WithPublicKey(id, t));
    for (String jwt : bad) {
      withAssertion(id, jwt).then().statusCode(401).body("error", equalTo("invalid_client"));
    }
    withAssertion(
            "cl_other",
            assertion(rsa, "RS256", id, TOKEN_URL, t, t + 60, UUID.randomUUID().toString()))
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_assertion_type", "urn:wrong")
        .formParam("client_assertion", assertion(rsa, "RS256", id, TOKEN_URL, t, t + 60, "x"))
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  private static String hs256WithPublicKey(String id, long t) throws Exception {
    JwtClaims c = new JwtClaims();
    c.setIssuer(id);
    c.setSubject(id);
    c.setAudience(TOKEN_URL);
    c.setClaim("iat", t);
    c.setClaim("exp", t + 60);
    c.setGeneratedJwtId();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(c.toJson());
    jws.setAlgorithmHeaderValue("HS256");
    jws.setKeyIdHeaderValue("rsa-1");
    jws.setKey(new HmacKey(rsa.getPublicKey().getEncoded()));
    jws.setDoKeyValidation(false);
    return jws.getCompactSerialization();
  }

  @Test
  void unknownClientAndWrongSecretAreIndistinguishable() {
    TestClient client = AuthFixtures.createClient(List.of("ais"));
    Response wrong =
        AuthFixtures.basic(client.clientId(), "not-the-secret")
            .formParam("grant_type", "client_credentials")
            .post("/oauth2/token");
    Response unknown =
        AuthFixtures.basic("cl_" + UUID.randomUUID(), "whatever")
            .formParam("grant_type", "client_credentials")
            .post("/oauth2/token");
    for (Response r : List.of(wrong, unknown)) {
      r.then()
          .statusCode(401)
          .header("WWW-Authenticate", "Basic realm=\"openbank\", charset=\"UTF-8\"")
          .body("error", equalTo("invalid_client"))
          .body("error_description", equalTo("client authentication failed"));
    }
    assertEquals(wrong.asString(), unknown.asString());
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", client.clientId())
        .formParam("client_secret", "nope")
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", nullValue())
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void rfc6749ErrorPaths() {
    TestClient client = AuthFixtures.createClient(List.of("ais"));
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "password")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unsupported_grant_type"));
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("scope", "ais")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .formParam("scope", "ais pay_by_link")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .formParam("scope", "ais\"")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .formParam("client_secret", client.secret())
        .formParam("client_id", client.clientId())
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .formParam("scope", "ais")
        .formParam("scope", "ais")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    given()
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  /** The route's own HTTP handling: method, size, encoding and headers, all in RFC 6749 shape. */
  @Test
  void theEndpointRefusesOtherMethodsOversizedOrMalformedBodiesAndRepeatedDpop() throws Exception {
    given().get("/oauth2/token").then().statusCode(405).header("Allow", "POST");
    given()
        .contentType("application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&scope=" + "a".repeat(20_000))
        .post("/oauth2/token")
        .then()
        .statusCode(413)
        .header("Cache-Control", "no-store")
        .body("error", equalTo("invalid_request"));
    // chunked, so without a Content-Length to refuse it by: the route stops at the limit
    java.net.http.HttpResponse<String> chunked =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(TOKEN_URL))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(new byte[40_000])))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(413, chunked.statusCode());
    assertEquals(
        "invalid_request",
        io.restassured.path.json.JsonPath.from(chunked.body()).getString("error"));
    given()
        .contentType("application/x-www-form-urlencoded")
        .body("grant_type=client_%zz")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("error_description", equalTo("the body is not valid form encoding"));
    given()
        .contentType("application/x-www-form-urlencodedx")
        .body("grant_type=client_credentials".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    TestClient client = AuthFixtures.createClient(List.of("ais"));
    AuthFixtures.basic(client.clientId(), client.secret())
        .header("DPoP", "first.proof.value")
        .header("DPoP", "second.proof.value")
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .header("Pragma", "no-cache")
        .body("error", equalTo("invalid_dpop_proof"))
        .body("error_description", equalTo("more than one DPoP header"));
    // a form with an explicit charset, encoded by hand, still gets its token
    given()
        .contentType("application/x-www-form-urlencoded; charset=UTF-8")
        .body(
            "grant_type=client_credentials&client_id="
                + client.clientId()
                + "&client_secret="
                + java.net.URLEncoder.encode(
                    client.secret(), java.nio.charset.StandardCharsets.UTF_8)
                + "&scope=ais")
        .post("/oauth2/token")
        .then()
        .statusCode(200)
        .header("Pragma", "no-cache")
        .body("scope", equalTo("ais"));
  }

  @Test
  void aNonFormBodyIsAnRfc6749ErrorAndOutcomesAreCounted() {
    given()
        .contentType("application/json")
        .body("{\"grant_type\":\"client_credentials\"}")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error", equalTo("invalid_request"));
    TestClient client = AuthFixtures.createClient(List.of("ais"));
    AuthFixtures.token(client, null);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    org.junit.jupiter.api.Assertions.assertTrue(
        metrics.contains("openbank_tokens_total{result=\"issued\"}"), "issued counter exported");
    org.junit.jupiter.api.Assertions.assertTrue(
        metrics.contains("openbank_tokens_total{result=\"invalid_request\"}"),
        "error counter exported");
    // the route keeps the HTTP server metrics, under its own path
    org.junit.jupiter.api.Assertions.assertTrue(
        metrics
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("http_server_requests_seconds_count{")
                        && l.contains("status=\"200\"")
                        && l.contains("uri=\"/oauth2/token\"")),
        "http_server_requests for /oauth2/token exported");
  }

  @Test
  void aDisabledClientGetsNoToken() {
    TestClient client = AuthFixtures.createClient(List.of("ais"));
    AuthFixtures.token(client, null);
    given()
        .header("X-Admin-Key", AuthFixtures.ADMIN_KEY)
        .contentType("application/json")
        .body(java.util.Map.of("client_id", client.clientId()))
        .post("/admin/clients/disable")
        .then()
        .statusCode(200);
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void aChangeMadeByAnotherReplicaIsSeenWithinTheClientCacheTtl() {
    TestClient client = AuthFixtures.createClient(List.of("ais"));
    AuthFixtures.token(client, null); // now cached on this replica
    // another replica disables the client: only the database changes
    pool.preparedQuery("UPDATE client SET status = 'disabled' WHERE client_id = $1")
        .execute(io.vertx.mutiny.sqlclient.Tuple.of(client.clientId()))
        .await()
        .indefinitely();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(
            () ->
                AuthFixtures.basic(client.clientId(), client.secret())
                        .formParam("grant_type", "client_credentials")
                        .post("/oauth2/token")
                        .statusCode()
                    == 401);
  }

  @Test
  void repeatedFailuresAreThrottledEvenForTheRightSecret() throws Exception {
    TestClient client = AuthFixtures.createClient(List.of("ais"), AuthFixtures.jwks(rsa), false);
    for (int i = 0; i < 5; i++) {
      AuthFixtures.basic(client.clientId(), "guess-" + i)
          .formParam("grant_type", "client_credentials")
          .post("/oauth2/token")
          .then()
          .statusCode(401);
    }
    Response locked =
        AuthFixtures.basic(client.clientId(), client.secret())
            .formParam("grant_type", "client_credentials")
            .post("/oauth2/token");
    locked.then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
    int retryAfter = Integer.parseInt(locked.header("Retry-After"));
    assertEquals(true, retryAfter > 0 && retryAfter <= 300);
    // a signed assertion cannot be guessed, so private_key_jwt is not locked out
    long t = now();
    withAssertion(
            client.clientId(),
            assertion(
                rsa,
                "RS256",
                client.clientId(),
                TOKEN_URL,
                t,
                t + 60,
                UUID.randomUUID().toString()))
        .then()
        .statusCode(200);
    // ... and its success does not lift the lock-out of the secret
    AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(429);
  }
}
