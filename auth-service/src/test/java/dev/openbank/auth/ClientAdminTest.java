package dev.openbank.auth;

import static dev.openbank.auth.AuthFixtures.ADMIN_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ClientAdminTest {

  @Inject Pool pool;

  private static io.restassured.specification.RequestSpecification admin() {
    return given().header("X-Admin-Key", ADMIN_KEY).contentType(ContentType.JSON);
  }

  @Test
  void theSecretIsShownOnceAndStoredOnlyAsAHash() {
    var client = AuthFixtures.createClient(List.of("ais", "providers"));
    assertEquals(43, client.secret().length());
    admin()
        .body(Map.of("client_id", client.clientId()))
        .post("/admin/clients/get")
        .then()
        .statusCode(200)
        .body("client_secret", nullValue())
        .body("has_secret", equalTo(true))
        .body("scopes", equalTo(List.of("ais", "providers")))
        .body("ux_template", equalTo("default"));
    byte[] stored =
        pool.preparedQuery("SELECT secret_hash FROM client WHERE client_id = $1")
            .execute(Tuple.of(client.clientId()))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getBuffer("secret_hash")
            .getBytes();
    // exactly HMAC-SHA256 under the configured hash key, never the secret itself
    byte[] expected =
        new dev.openbank.auth.domain.ClientSecrets(
                java.util.Base64.getDecoder()
                    .decode("c2VjcmV0LWhhc2gta2V5LWZvci10ZXN0cy1vbmx5LTMyYg=="))
            .hash(client.secret());
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, stored);
    assertTrue(
        !new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)
            .contains(client.secret()));
  }

  @Test
  void invalidInputNamesTheFieldAndCreatesNothing() {
    long before = count();
    admin()
        .body(Map.of("name", "x", "environment", "staging", "scopes", List.of("ais")))
        .post("/admin/clients/create")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("environment"));
    admin()
        .body(Map.of("name", "x", "environment", "sandbox", "scopes", List.of("ais", "root")))
        .post("/admin/clients/create")
        .then()
        .statusCode(400)
        .body("field", equalTo("scopes[1]"));
    admin()
        .body(
            Map.of(
                "name",
                "x",
                "environment",
                "production",
                "scopes",
                List.of("ais"),
                "webhook_url",
                "http://merchant.example/hook"))
        .post("/admin/clients/create")
        .then()
        .statusCode(400)
        .body("field", equalTo("webhook_url"));
    assertEquals(before, count());
  }

  @Test
  void privateKeyMaterialIsRefused() throws Exception {
    var key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("k1");
    var client = AuthFixtures.createClient(List.of("ais"));
    admin()
        .body(
            Map.of(
                "client_id", client.clientId(),
                "jwks",
                    Map.of(
                        "keys",
                        List.of(key.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)))))
        .post("/admin/clients/keys")
        .then()
        .statusCode(400)
        .body("field", equalTo("jwks.keys[0].d"));
    admin()
        .body(
            Map.of(
                "client_id", client.clientId(),
                "jwks",
                    Map.of(
                        "keys",
                        List.of(
                            AuthFixtures.jwks(key).get("keys") instanceof List<?> l
                                ? l.get(0)
                                : null,
                            Map.of("kty", "RSA", "kid", "broken")))))
        .post("/admin/clients/keys")
        .then()
        .statusCode(400)
        .body("field", equalTo("jwks.keys[1]"));
    var small = RsaJwkGenerator.generateJwk(1024);
    small.setKeyId("small");
    admin()
        .body(Map.of("client_id", client.clientId(), "jwks", AuthFixtures.jwks(small)))
        .post("/admin/clients/keys")
        .then()
        .statusCode(400)
        .body("field", equalTo("jwks.keys[0].n"));
    admin()
        .body(Map.of("client_id", client.clientId(), "jwks", AuthFixtures.jwks(key)))
        .post("/admin/clients/keys")
        .then()
        .statusCode(200)
        .body("key_ids", equalTo(List.of("k1")));
  }

  @Test
  void theAdminApiNeedsTheAdminCredentialOrScope() {
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/admin/clients/list")
        .then()
        .statusCode(401);
    given()
        .header("X-Admin-Key", "wrong-wrong-wrong-wrong-wrong")
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/admin/clients/list")
        .then()
        .statusCode(401);
    var plain = AuthFixtures.createClient(List.of("ais"));
    given()
        .auth()
        .oauth2(AuthFixtures.token(plain, null))
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/admin/clients/list")
        .then()
        .statusCode(403);
    var operator = AuthFixtures.createClient(List.of("admin"));
    given()
        .auth()
        .oauth2(AuthFixtures.token(operator, "admin"))
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/admin/clients/list")
        .then()
        .statusCode(200);
  }

  @Test
  void listPagesWithAStableTamperEvidentCursor() {
    for (int i = 0; i < 3; i++) {
      AuthFixtures.createClient(List.of("ais"));
    }
    Set<String> seen = new HashSet<>();
    String after = null;
    int pages = 0;
    do {
      Map<String, Object> pagination =
          after == null ? Map.of("limit", 2) : Map.of("limit", 2, "after", after);
      Response r =
          admin()
              .body(Map.of("pagination", pagination))
              .post("/admin/clients/list")
              .then()
              .statusCode(200)
              .extract()
              .response();
      List<String> ids = r.path("clients.client_id");
      for (String id : ids) {
        assertTrue(seen.add(id), "no client twice: " + id);
      }
      assertEquals((int) r.path("pagination.count"), ids.size());
      after = r.path("pagination.after");
      assertEquals(after != null, (boolean) r.path("pagination.'more?'"));
      pages++;
    } while (after != null && pages < 1000);
    assertTrue(seen.size() >= 3);
    assertEquals(count(), seen.size());

    admin()
        .body(Map.of("pagination", Map.of("after", "eyJ4Ijox.AAAA")))
        .post("/admin/clients/list")
        .then()
        .statusCode(400)
        .body("field", equalTo("pagination.after"));
    admin()
        .body(Map.of("pagination", Map.of("limit", 251)))
        .post("/admin/clients/list")
        .then()
        .statusCode(400)
        .body("field", equalTo("pagination.limit"));
  }

  @Test
  void disableResetAndKeysAreAuditedAndAnnounced() {
    var client = AuthFixtures.createClient(List.of("ais"));
    String second =
        admin()
            .body(Map.of("client_id", client.clientId()))
            .post("/admin/clients/reset-secret")
            .then()
            .statusCode(200)
            .body("client_secret", notNullValue())
            .extract()
            .path("client_secret");
    assertNotEquals(client.secret(), second);
    admin()
        .body(Map.of("client_id", client.clientId()))
        .post("/admin/clients/disable")
        .then()
        .statusCode(200)
        .body("status", equalTo("disabled"));
    admin()
        .body(Map.of("client_id", client.clientId()))
        .post("/admin/clients/audit")
        .then()
        .statusCode(200)
        .body("entries.action", hasItems("client.create", "client.reset_secret", "client.disable"))
        .body("entries[0].actor", equalTo("admin-key"));
    long events =
        AuthFixtures.count(
            pool,
            "SELECT count(*) AS n FROM outbox_event WHERE aggregate_id = $1 AND topic = 'client-changes'",
            client.clientId());
    assertEquals(3, events);
  }

  @Test
  void unknownClientsAreNotFound() {
    admin()
        .body(Map.of("client_id", "cl_doesnotexist"))
        .post("/admin/clients/disable")
        .then()
        .statusCode(404)
        .body("field", equalTo("client_id"));
  }

  private long count() {
    return AuthFixtures.count(pool, "SELECT count(*) AS n FROM client");
  }
}
