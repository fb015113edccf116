package dev.openbank.pis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.commons.events.StatusEvents;
import dev.openbank.testsupport.AuthServiceClient.ApiClient;
import dev.openbank.testsupport.KafkaEvents;
import dev.openbank.testsupport.OpenApiContract;
import dev.openbank.testsupport.RealAuthService;
import dev.openbank.testsupport.RealInfrastructure;
import dev.openbank.testsupport.RealProviderRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(RealAuthService.class)
@WithTestResource(RealProviderRegistry.class)
class LinkApiTest {

  @Inject Pool pool;

  private ApiClient client;
  private String token;

  @BeforeEach
  void setUp() {
    client = RealAuthService.shared().createClient("sandbox", "pay_by_link");
    token = RealAuthService.shared().token(client);
  }

  static Map<String, Object> link(String amount) {
    Map<String, Object> body = new HashMap<>();
    body.put("amount", amount);
    body.put("currency", "RON");
    body.put("creditor", Map.of("name", "Magazinul Demo SRL", "iban", "RO10RZBR0000069999999970"));
    body.put("description", "Order 1234");
    body.put("redirect_url", "https://shop.example/done");
    body.put("webhook_url", "https://shop.example/hooks");
    return body;
  }

  private ValidatableResponse post(String path, Object body) {
    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
  }

  private List<String> events(String linkId, int expected) {
    return KafkaEvents.read(
            StatusEvents.LINK_TOPIC, r -> linkId.equals(r.key()), expected, Duration.ofSeconds(10))
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  @Test
  void aCreatedLinkIsReadableAndAnnounced() {
    Map<String, Object> body = link("125.50");
    body.put(
        "goods",
        List.of(
            Map.of("name", "Book", "quantity", 2, "unit_price", "50.25"),
            Map.of("name", "Pen", "quantity", 1, "unit_price", "25")));
    body.put("options", Map.of("ux_template", "glass"));
    String linkId =
        post("/v2/links/create", body)
            .statusCode(201)
            .body("status", equalTo("created"))
            .body("amount", equalTo("125.50"))
            .body("web_id", matchesPattern("[0-9A-Za-z]{12}"))
            .body("url", startsWith("http://localhost:8185/pay/"))
            .body("flow_type", equalTo("link"))
            .body("goods[0].unit_price", equalTo("50.25"))
            .body("ux_template", equalTo("glass"))
            .extract()
            .path("link_id");
    post("/v2/links/get", Map.of("link_id", linkId))
        .statusCode(200)
        .body("amount", equalTo("125.50"));
    List<String> events = events(linkId, 1);
    assertEquals(1, events.size());
    String e = events.get(0);
    assertTrue(
        e.contains("\"type\":\"link_status_update\"") && e.contains("\"status\":\"created\""), e);
    assertTrue(e.contains("\"client_id\":\"" + client.clientId() + "\""), e);
    assertTrue(e.contains("\"webhook_url\":\"https://shop.example/hooks\""), e);
    assertTrue(e.contains("\"web_id\""), e);
  }

  @Test
  void redirectUrlsMayBeAppSchemesButNeverScripts() {
    for (String bad :
        List.of("javascript://%0aalert(1)", "JavaScript://x", "data://text", "shop.example/done")) {
      Map<String, Object> body = link("1");
      body.put("redirect_url", bad);
      post("/v2/links/create", body).statusCode(400).body("field", equalTo("redirect_url"));
    }
    Map<String, Object> app = link("1");
    app.put("redirect_url", "myshop://paid?order=1");
    post("/v2/links/create", app)
        .statusCode(201)
        .body("redirect_url", equalTo("myshop://paid?order=1"));
  }

  @Test
  void theClientsDefaultsApplyUnlessTheLinkNamesItsOwn() {
    ApiClient withDefaults =
        RealAuthService.shared()
            .createClient(
                "sandbox",
                Map.of("ux_template", "cards", "webhook_url", "https://shop.example/default-hooks"),
                "pay_by_link");
    String defaultsToken = RealAuthService.shared().token(withDefaults);
    Map<String, Object> plain = link("2");
    plain.remove("webhook_url");
    given()
        .auth()
        .oauth2(defaultsToken)
        .contentType(ContentType.JSON)
        .body(plain)
        .post("/v2/links/create")
        .then()
        .statusCode(201)
        .body("ux_template", equalTo("cards"))
        .body("webhook_url", equalTo("https://shop.example/default-hooks"));
    Map<String, Object> own = link("2");
    own.put("options", Map.of("ux_template", "sheet"));
    given()
        .auth()
        .oauth2(defaultsToken)
        .contentType(ContentType.JSON)
        .body(own)
        .post("/v2/links/create")
        .then()
        .statusCode(201)
        .body("ux_template", equalTo("sheet"))
        .body("webhook_url", equalTo("https://shop.example/hooks"));
  }

  @Test
  void theQrCodeScansToTheLinkUrl() throws Exception {
    var created = post("/v2/links/create", link("9.99")).statusCode(201).extract();
    String url = created.path("url");
    String png = created.path("qr_code.png");
    byte[] image =
        given()
            .get(java.net.URI.create(png))
            .then()
            .statusCode(200)
            .contentType("image/png")
            .extract()
            .asByteArray();
    java.awt.image.BufferedImage img =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(image));
    int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    var source = new com.google.zxing.RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels);
    var bitmap =
        new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(source));
    assertEquals(url, new com.google.zxing.qrcode.QRCodeReader().decode(bitmap).getText());
    String svg =
        given()
            .get(java.net.URI.create((String) created.path("qr_code.svg")))
            .then()
            .statusCode(200)
            .contentType("image/svg+xml")
            .extract()
            .asString();
    assertTrue(svg.startsWith("<svg") && svg.contains("<path"), svg);
    given().get("/pay/not-a-web-id/qr.png").then().statusCode(404);
  }

  @Test
  void rejectedCreatesNameTheFieldAndWriteNothing() {
    for (String bad : List.of("01.5", "1,000.00", "1e3", "-1", "0", "1.005", " 1")) {
      post("/v2/links/create", link(bad)).statusCode(400).body("field", equalTo("amount"));
    }
    Map<String, Object> goods = link("100");
    goods.put("goods", List.of(Map.of("name", "Book", "quantity", 3, "unit_price", "33.33")));
    post("/v2/links/create", goods).statusCode(400).body("field", equalTo("goods"));
    Map<String, Object> iban = link("100");
    iban.put("creditor", Map.of("name", "X", "iban", "RO10RZBR0000069999999971"));
    post("/v2/links/create", iban).statusCode(400).body("field", equalTo("creditor.iban"));
    Map<String, Object> direct = link("100");
    direct.put("flow_type", "direct_sca");
    post("/v2/links/create", direct)
        .statusCode(400)
        .body("errors.field", contains("payment_method_id", "provider_code"));
    post("/v2/links/create", Map.of("amount", "1"))
        .statusCode(400)
        .body("field", equalTo("creditor"));
    post("/v2/links/list", Map.of()).statusCode(200).body("links.size()", equalTo(0));
  }

  @Test
  void theLargestAmountsFitAndProductionWebhooksMustBeHttps() {
    post("/v2/links/create", link("1234567890123.45"))
        .statusCode(201)
        .body("amount", equalTo("1234567890123.45"));
    String production = RealAuthService.shared().tokenFor("production", "pay_by_link");
    Map<String, Object> http = link("10");
    http.put("webhook_url", "http://shop.example/hooks");
    given()
        .auth()
        .oauth2(production)
        .contentType(ContentType.JSON)
        .body(http)
        .post("/v2/links/create")
        .then()
        .statusCode(400)
        .body("field", equalTo("webhook_url"));
  }

  @Test
  void aRetriedCreateWithTheSameKeyReturnsTheFirstLink() {
    String key = UUID.randomUUID().toString();
    String first =
        given()
            .auth()
            .oauth2(token)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(link("10"))
            .post("/v2/links/create")
            .then()
            .statusCode(201)
            .header("Idempotent-Replayed", "false")
            .extract()
            .path("link_id");
    given()
        .auth()
        .oauth2(token)
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(link("10"))
        .post("/v2/links/create")
        .then()
        .statusCode(200)
        .header("Idempotent-Replayed", "true")
        .body("link_id", equalTo(first));
    given()
        .auth()
        .oauth2(token)
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(link("11"))
        .post("/v2/links/create")
        .then()
        .statusCode(422)
        .body("type", equalTo("urn:openbank:problem:idempotency_key_reused"));
    post("/v2/links/list", Map.of()).body("links.link_id", contains(first));
  }

  @Test
  void concurrentCreatesWithOneKeyMakeOneLinkAndAllGetIt() throws Exception {
    String key = UUID.randomUUID().toString();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<io.restassured.response.Response>> answers =
          new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            pool.submit(
                () ->
                    given()
                        .auth()
                        .oauth2(token)
                        .header("Idempotency-Key", key)
                        .contentType(ContentType.JSON)
                        .body(link("33"))
                        .post("/v2/links/create")));
      }
      List<Integer> codes = new ArrayList<>();
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (var a : answers) {
        var r = a.get();
        codes.add(r.statusCode());
        ids.add(r.path("link_id"));
      }
      assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
      assertEquals(7, codes.stream().filter(c -> c == 200).count(), codes.toString());
      assertEquals(1, ids.size(), ids.toString());
    } finally {
      pool.shutdown();
    }
    post("/v2/links/list", Map.of()).body("links", org.hamcrest.Matchers.hasSize(1));
  }

  @Test
  void aKnownKeyReplaysEvenWhenTheBodyWouldNoLongerPass() {
    String key = UUID.randomUUID().toString();
    Map<String, Object> body = link("12");
    body.put("expires_at", java.time.Instant.now().plusSeconds(62).toString());
    String first =
        given()
            .auth()
            .oauth2(token)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/v2/links/create")
            .then()
            .statusCode(201)
            .extract()
            .path("link_id");
    Awaitility.await() // the expiry is now less than the minute ahead a new link needs
        .atMost(Duration.ofSeconds(10))
        .until(() -> post("/v2/links/create", body).extract().statusCode() == 400);
    given()
        .auth()
        .oauth2(token)
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v2/links/create")
        .then()
        .statusCode(200)
        .body("link_id", equalTo(first));
  }

  @Test
  void aKeyPastItsRetentionIsForgotten() {
    String key = UUID.randomUUID().toString();
    String first =
        given()
            .auth()
            .oauth2(token)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(link("14"))
            .post("/v2/links/create")
            .then()
            .statusCode(201)
            .extract()
            .path("link_id");
    pool.preparedQuery(
            "UPDATE idempotency_key SET created_at = now() - interval '8 days' WHERE key = $1")
        .execute(Tuple.of(key))
        .await()
        .indefinitely();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                pool.preparedQuery("SELECT 1 FROM idempotency_key WHERE key = $1")
                        .execute(Tuple.of(key))
                        .await()
                        .indefinitely()
                        .size()
                    == 0);
    // the key is free again: another body is a new link, not a 422
    String second =
        given()
            .auth()
            .oauth2(token)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(link("15"))
            .post("/v2/links/create")
            .then()
            .statusCode(201)
            .extract()
            .path("link_id");
    assertTrue(!first.equals(second));
  }

  @Test
  void linksCancelOnlyBeforeAuthorisationAndOthersAreInvisible() {
    String linkId = post("/v2/links/create", link("5")).statusCode(201).extract().path("link_id");
    String otherToken = RealAuthService.shared().tokenFor("sandbox", "pay_by_link");
    given()
        .auth()
        .oauth2(otherToken)
        .contentType(ContentType.JSON)
        .body(Map.of("link_id", linkId))
        .post("/v2/links/get")
        .then()
        .statusCode(404)
        .body("field", equalTo("link_id"));
    given()
        .auth()
        .oauth2(otherToken)
        .contentType(ContentType.JSON)
        .body(Map.of("link_id", linkId))
        .post("/v2/links/cancel")
        .then()
        .statusCode(404);
    post("/v2/links/cancel", Map.of("link_id", linkId))
        .statusCode(200)
        .body("status", equalTo("cancelled"));
    post("/v2/links/cancel", Map.of("link_id", linkId))
        .statusCode(409)
        .body("type", equalTo("urn:openbank:problem:link_not_cancellable"));
    List<String> events = events(linkId, 2);
    assertEquals(2, events.size());
    assertTrue(events.get(1).contains("\"status\":\"cancelled\""), events.get(1));
    given()
        .auth()
        .oauth2(RealAuthService.shared().tokenFor("sandbox", "providers"))
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/v2/links/list")
        .then()
        .statusCode(403);
  }

  @Test
  void listsPageInTheSeedShapeAndFilter() {
    List<String> created = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      created.add(
          post("/v2/links/create", link(String.valueOf(i)))
              .statusCode(201)
              .extract()
              .path("link_id"));
    }
    post("/v2/links/cancel", Map.of("link_id", created.get(1))).statusCode(200);
    List<String> seen = new ArrayList<>();
    String after = null;
    do {
      Map<String, Object> pagination = new HashMap<>(Map.of("limit", 2));
      if (after != null) {
        pagination.put("after", after);
      }
      var page = post("/v2/links/list", Map.of("pagination", pagination)).statusCode(200).extract();
      seen.addAll(page.path("links.link_id"));
      after = page.path("pagination.after");
      assertEquals(after != null, (boolean) page.path("pagination.'more?'"));
    } while (after != null);
    assertEquals(created, seen);
    post("/v2/links/list", Map.of("filter", Map.of("status", "cancelled")))
        .body("links.link_id", contains(created.get(1)))
        .body("pagination.count", equalTo(1));
    post("/v2/links/list", Map.of("pagination", Map.of("limit", 251)))
        .statusCode(400)
        .body("field", equalTo("pagination.limit"));
  }

  @Test
  void unpaidLinksExpire() {
    String linkId = post("/v2/links/create", link("7")).statusCode(201).extract().path("link_id");
    pool.preparedQuery("UPDATE link SET expires_at = now() - interval '1 second' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(linkId)))
        .await()
        .atMost(Duration.ofSeconds(5));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "expired"
                    .equals(
                        post("/v2/links/get", Map.of("link_id", linkId)).extract().path("status")));
    assertTrue(events(linkId, 2).get(1).contains("\"status\":\"expired\""));
    post("/v2/links/list", Map.of("filter", Map.of("status", "expired")))
        .body("links.link_id", hasItem(linkId));
  }

  /** The document served at /q/openapi is the one the code generates (OpenApiContract). */
  @Test
  void servesTheOpenApiDocumentItsCodeGenerates() throws Exception {
    OpenApiContract.check();
  }
}
