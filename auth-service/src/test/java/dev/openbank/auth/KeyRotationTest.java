package dev.openbank.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.openbank.auth.AuthFixtures.TestClient;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class KeyRotationTest {

  @Inject Pool pool;

  private static String kid(String token) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(token);
    return jws.getKeyIdHeaderValue();
  }

  private static String rotate(boolean revokePrevious) {
    return given()
        .header("X-Admin-Key", AuthFixtures.ADMIN_KEY)
        .contentType("application/json")
        .body(Map.of("revoke_previous", revokePrevious))
        .post("/admin/keys/rotate")
        .then()
        .statusCode(200)
        .extract()
        .path("kid");
  }

  private static int protectedStatus(String token) {
    return given().auth().oauth2(token).post("/test/protected").statusCode();
  }

  @Test
  void tokensOfThePreviousKeyVerifyUntilItIsRemoved() throws Exception {
    TestClient client = AuthFixtures.createClient(List.of("providers"));
    String before = AuthFixtures.token(client, null);
    assertEquals(200, protectedStatus(before));

    String next = rotate(false);
    String after = AuthFixtures.token(client, null);
    assertEquals(next, kid(after));
    assertNotEquals(kid(before), kid(after));

    List<String> published =
        given().get("/oauth2/jwks").then().statusCode(200).extract().path("keys.kid");
    assertEquals(next, published.get(0), "newest first");
    assertEquals(true, published.contains(kid(before)), "previous key still published");
    assertEquals(200, protectedStatus(before), "token of the previous key still valid");
    // a resource server refetches the JWKS for an unknown kid (at most every 300 ms)
    await().atMost(Duration.ofSeconds(5)).until(() -> protectedStatus(after) == 200);
    assertEquals(200, protectedStatus(before));

    // compromise: the replaced keys leave the JWKS at once
    String third = rotate(true);
    List<String> now = given().get("/oauth2/jwks").then().extract().path("keys.kid");
    assertEquals(List.of(third), now);
    // resource servers notice once their JWKS cache (1 s in tests) expires
    await().atMost(Duration.ofSeconds(10)).until(() -> protectedStatus(before) == 401);
    assertEquals(401, protectedStatus(after));
    assertEquals(200, protectedStatus(AuthFixtures.token(client, null)));

    long audited =
        AuthFixtures.count(
            pool, "SELECT count(*) AS n FROM admin_audit WHERE action = 'keys.rotate'");
    assertEquals(true, audited >= 2);
  }

  @Test
  void privateKeysAreEncryptedAtRest() {
    var rows =
        pool.query("SELECT public_jwk, encode(private_key_enc, 'hex') AS enc FROM signing_key")
            .execute()
            .await()
            .indefinitely();
    rows.forEach(
        r -> {
          String enc = r.getString("enc");
          // a PKCS#8 DER key starts with 30 82 and contains the rsaEncryption OID
          assertEquals(false, enc.startsWith("3082"));
          assertEquals(false, enc.contains("2a864886f70d010101"));
        });
  }
}
