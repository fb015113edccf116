package dev.openbank.auth;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/** Shared test helpers: create clients through the admin API, request tokens, sign assertions. */
public final class AuthFixtures {

  public static final String ADMIN_KEY = "test-admin-key-not-for-production";
  public static final String ISSUER = "http://localhost:8181";
  public static final String TOKEN_URL = ISSUER + "/oauth2/token";

  private AuthFixtures() {}

  /** A created client with its one-time secret. */
  public record TestClient(String clientId, String secret) {}

  public static TestClient createClient(List<String> scopes) {
    return createClient(scopes, null, false);
  }

  public static TestClient createClient(List<String> scopes, Object jwks, boolean requireDpop) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Test client");
    body.put("environment", "sandbox");
    body.put("scopes", scopes);
    body.put("require_dpop", requireDpop);
    if (jwks != null) {
      body.put("jwks", jwks);
    }
    Response r =
        given()
            .header("X-Admin-Key", ADMIN_KEY)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/admin/clients/create")
            .then()
            .statusCode(201)
            .extract()
            .response();
    return new TestClient(r.path("client_id"), r.path("client_secret"));
  }

  public static Map<String, Object> jwks(PublicJsonWebKey... keys) {
    return Map.of(
        "keys",
        java.util.Arrays.stream(keys)
            .map(k -> k.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
            .toList());
  }

  /** A request authenticated with client_secret_basic (sent up front, as OAuth clients do). */
  public static io.restassured.specification.RequestSpecification basic(String id, String secret) {
    return given().auth().preemptive().basic(id, secret);
  }

  /** A token via client_secret_basic. */
  public static String token(TestClient client, String scope) {
    var request = basic(client.clientId(), client.secret());
    if (scope != null) {
      request.formParam("scope", scope);
    }
    return request
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  /** A client assertion with the given claims adjustments. */
  public static String assertion(
      PublicJsonWebKey key, String alg, String clientId, String aud, long iat, long exp, String jti)
      throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(clientId);
    claims.setSubject(clientId);
    claims.setAudience(aud);
    claims.setClaim("iat", iat);
    claims.setClaim("exp", exp);
    if (jti != null) {
      claims.setJwtId(jti);
    }
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(alg);
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setHeader("typ", "JWT");
    jws.setKey(key.getPrivateKey());
    return jws.getCompactSerialization();
  }

  /** Runs a {@code SELECT count(*) AS n ...} with positional parameters and returns n. */
  public static long count(io.vertx.mutiny.sqlclient.Pool pool, String sql, Object... params) {
    return pool.preparedQuery(sql)
        .execute(io.vertx.mutiny.sqlclient.Tuple.from(params))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getLong("n");
  }

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }
}
