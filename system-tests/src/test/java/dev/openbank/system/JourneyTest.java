package dev.openbank.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.local.Platform;
import dev.openbank.local.WebhookReceiver.Received;
import dev.openbank.testsupport.EndUser;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform's journeys across services, as an API client and its end users go through them: the
 * packaged services on one PostgreSQL and one Kafka, real HTTP everywhere, and every webhook
 * checked by a receiver that verifies its signature against the dispatcher's JWKS.
 */
class JourneyTest {

  private static Platform platform;
  private static Platform.Ports ports;
  private static ApiClient client;

  /** A new API client, registered through auth-service's admin API as an operator would. */
  @BeforeAll
  static void registerClient() {
    platform = SystemPlatform.get();
    ports = platform.ports();
    client = ApiClient.register(platform, "Journey shop");
  }

  private static String token(String scope) {
    return client.token(scope);
  }

  private static RequestSpecification api(String token) {
    return given().auth().oauth2(token).contentType(ContentType.JSON);
  }

  /**
   * The end user, sent to the bank by the platform's page ({@code toBank}), approves there and
   * comes back to the platform's return page.
   */
  private static void approveAtBank(
      ExtractableResponse<Response> toBank, Map<String, String> form) {
    assertEquals(303, toBank.statusCode(), toBank.body().asString());
    ExtractableResponse<Response> back = EndUser.atBank(toBank.header("Location"), form);
    assertEquals(303, back.statusCode());
    assertEquals(200, EndUser.open(back.header("Location")).statusCode());
  }

  /** Waits until the object read with {@code body} from {@code getUrl} has {@code status}. */
  private static void awaitStatus(
      String token, String getUrl, Map<String, String> body, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> api(token).body(body).post(getUrl).then().body("status", equalTo(status)));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  private static String hooks() {
    return platform.url(ports.receiver()) + "/hooks";
  }

  /** The statuses of the verified webhooks about one object, in arrival order. */
  private static List<String> webhookStatuses(String type, String idField, String id) {
    return platform.receiver().received().stream()
        .filter(r -> r.verified() && r.field("type").equals(type) && r.field(idField).equals(id))
        .map(r -> r.field("status"))
        .toList();
  }

  private static void assertEveryWebhookVerified() {
    List<Received> rejected =
        platform.receiver().received().stream()
            .filter(r -> !r.verified() && !r.webhookId().startsWith("forged-"))
            .toList();
    assertTrue(rejected.isEmpty(), "webhooks that failed verification: " + rejected);
  }

  /** The receiver's check can fail: a body signed with a key that is not the dispatcher's. */
  @Test
  void aForgedWebhookIsRejectedByTheVerifyingReceiver() throws Exception {
    String kid =
        given()
            .get(platform.url(ports.webhooks()) + "/.well-known/jwks.json")
            .then()
            .statusCode(200)
            .extract()
            .path("keys[0].kid");
    RsaJsonWebKey forger = RsaJwkGenerator.generateJwk(2048);
    String body = "{\"type\":\"link_status_update\",\"status\":\"completed\"}";
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(body);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setKeyIdHeaderValue(kid);
    jws.setKey(forger.getPrivateKey());
    given()
        .header("x-signature", jws.getCompactSerialization())
        .header("x-signature-kid", kid)
        .header("x-webhook-id", "forged-" + System.nanoTime())
        .contentType(ContentType.JSON)
        .body(body)
        .post(hooks())
        .then()
        .statusCode(401);
  }

  /**
   * Every packaged service serves the OpenAPI document committed with it (the services' own tests
   * check the files against the code), as YAML and, asked for, as JSON.
   */
  @Test
  void everyServiceServesItsOpenApiDocument() {
    Map<String, Integer> services =
        Map.of(
            "auth-service", ports.auth(),
            "provider-registry", ports.registry(),
            "consent-service", ports.consent(),
            "ais-service", ports.ais(),
            "pis-service", ports.pis(),
            "webhook-dispatcher", ports.webhooks(),
            "sandbox-bank", ports.sandbox());
    services.forEach(
        (name, port) -> {
          String base = platform.url(port) + "/q/openapi";
          given()
              .get(base)
              .then()
              .statusCode(200)
              .contentType(containsString("application/yaml"))
              .body(containsString("title: " + name));
          given()
              .queryParam("format", "json")
              .get(base)
              .then()
              .statusCode(200)
              .contentType(containsString("application/json"))
              .body("info.title", equalTo(name))
              .body("paths", notNullValue());
        });
  }

  @Test
  void aRegisteredClientGetsTokensOnlyWithItsSecretAndSeesTheBanks() {
    // tokens name the public issuer; the services verify them though they cannot reach that host
    String payload = token("providers").split("\\.")[1];
    String claims =
        new String(
            java.util.Base64.getUrlDecoder().decode(payload),
            java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(claims.contains("\"iss\":\"" + SystemPlatform.ISSUER + "\""), claims);

    given()
        .auth()
        .preemptive()
        .basic(client.clientId(), "not-the-secret")
        .formParam("grant_type", "client_credentials")
        .post(platform.url(ports.auth()) + "/oauth2/token")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));

    api(token("providers"))
        .body(Map.of("options", Map.of("show_ais_methods", true)))
        .post(platform.url(ports.registry()) + "/v2/providers/list")
        .then()
        .statusCode(200)
        .body("providers.code", hasItem("libra_ro"))
        .body("providers.code", hasItem("rzb_ro"));

    // a token for one scope does not open another service's API
    api(token("providers"))
        .body(Map.of())
        .post(platform.url(ports.pis()) + "/v2/links/list")
        .then()
        .statusCode(403);
  }

  @Test
  void anAisConsentGivenAtTheBankLeadsToTransactionsWithEveryStepSignedAndDelivered() {
    String token = token("ais");
    String consents = platform.url(ports.consent());
    Map<String, Object> body = new HashMap<>();
    body.put("scope", List.of("accounts", "balances", "transactions"));
    body.put("redirect_url", "https://app.example/back");
    body.put("webhook_url", hooks());
    ExtractableResponse<Response> created =
        api(token)
            .body(body)
            .post(consents + "/v2/ais/consents/create")
            .then()
            .statusCode(201)
            .extract();
    String consentId = created.path("consent_id");

    // the end user: the consent page, the bank's SCA page, back to the platform
    assertEquals(200, EndUser.open(created.path("url")).statusCode());
    ExtractableResponse<Response> toBank =
        EndUser.submit(
            consents + "/consent/" + created.path("web_id") + "/start",
            Map.of("method", "rzb_ro:rzb_ro_ais_retail"));
    approveAtBank(toBank, Map.of("psu_id", "9999999998", "decision", "approve"));

    // the first data job reads the bank and makes the consent active
    awaitStatus(
        token, consents + "/v2/ais/consents/get", Map.of("consent_id", consentId), "active");
    String ais = platform.url(ports.ais());
    String accountId =
        api(token)
            .body(Map.of("consent_id", consentId))
            .post(ais + "/v2/ais/accounts/list")
            .then()
            .statusCode(200)
            .body("accounts.size()", greaterThan(0))
            .extract()
            .path("accounts[0].account_id");
    api(token)
        .body(
            Map.of(
                "consent_id",
                consentId,
                "filter",
                Map.of("account_id", accountId, "credit_debit_indicator", "CRDT"),
                "pagination",
                Map.of("limit", 5)))
        .post(ais + "/v2/ais/transactions/list")
        .then()
        .statusCode(200)
        .body("transactions.size()", equalTo(5))
        .body(
            "transactions.credit_debit_indicator",
            equalTo(List.of("CRDT", "CRDT", "CRDT", "CRDT", "CRDT")))
        .body("pagination.\"more?\"", equalTo(true));

    // every status change reached the client's webhook URL, signed, in order
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertEquals(
                    List.of(
                        "created",
                        "started",
                        "requested",
                        "sca_url_retrieved",
                        "awaiting_authz",
                        "authorized",
                        "active"),
                    webhookStatuses("consent_status_update", "consent_id", consentId)));
    List<Received> jobs =
        platform.receiver().received().stream()
            .filter(r -> r.field("type").equals("job_status_update"))
            .filter(r -> r.field("consent_id").equals(consentId))
            .toList();
    String jobId = jobs.get(0).field("job_id");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertEquals(
                    List.of("queued", "running", "completed"),
                    webhookStatuses("job_status_update", "job_id", jobId)));
    assertEveryWebhookVerified();

    // operators see the same steps in the services' metrics
    assertTrue(
        Metrics.sum(
                platform.url(ports.consent()),
                "openbank_events_published_total",
                Map.of("type", "consent_status_update", "status", "active"))
            >= 1);
    assertTrue(
        Metrics.sum(
                platform.url(ports.ais()),
                "openbank_events_published_total",
                Map.of("type", "job_status_update", "status", "completed"))
            >= 1);

    // the same events, with the same ids, are in the client's event feed
    List<String> delivered =
        platform.receiver().received().stream()
            .filter(r -> r.field("type").equals("consent_status_update"))
            .filter(r -> r.field("consent_id").equals(consentId))
            .map(r -> r.field("event_id"))
            .toList();
    List<String> feed =
        api(token("webhooks"))
            .body(
                Map.of(
                    "filter",
                    Map.of("type", "consent_status_update"),
                    "pagination",
                    Map.of("limit", 250)))
            .post(platform.url(ports.webhooks()) + "/v2/events/list")
            .then()
            .statusCode(200)
            .extract()
            .path("events.findAll { it.data.consent_id == '" + consentId + "' }.event_id");
    assertEquals(delivered, feed);
  }

  @Test
  void aPaymentLinkPaidAtTheBankEndsFundsReceivedWithEveryStepSignedAndDelivered() {
    String token = token("pay_by_link");
    String pis = platform.url(ports.pis());
    Map<String, Object> body = new HashMap<>();
    body.put("amount", "125.50");
    body.put("currency", "RON");
    body.put("creditor", Map.of("name", "Magazinul Demo SRL", "iban", "RO10RZBR0000069999999970"));
    body.put("description", "Order 1234");
    body.put("redirect_url", "https://shop.example/done");
    body.put("webhook_url", hooks());
    // the shop's own trace: the link's events must be published in it
    String traceId = java.util.HexFormat.of().formatHex(randomBytes(16));
    ExtractableResponse<Response> created =
        api(token)
            .header(
                "traceparent",
                "00-" + traceId + "-" + java.util.HexFormat.of().formatHex(randomBytes(8)) + "-01")
            .header("Idempotency-Key", "journey-" + System.nanoTime())
            .body(body)
            .post(pis + "/v2/links/create")
            .then()
            .statusCode(201)
            .extract();
    String linkId = created.path("link_id");
    String webId = created.path("web_id");

    assertEquals(200, EndUser.open(created.path("url")).statusCode());
    assertEquals(200, EndUser.open(created.path("qr_code.png")).statusCode());
    ExtractableResponse<Response> toBank =
        EndUser.submit(
            pis + "/pay/" + webId + "/start", Map.of("method", "libra_ro:libra_ro_sepa_retail"));
    approveAtBank(
        toBank, Map.of("psu_id", "testlibra", "password", "testlibra", "decision", "approve"));

    awaitStatus(token, pis + "/v2/links/get", Map.of("link_id", linkId), "funds_received");
    // "pending" is skipped when the bank has already settled at the first status read
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<String> statuses = webhookStatuses("link_status_update", "link_id", linkId);
              List<String> all =
                  List.of(
                      "created",
                      "started",
                      "sca_pending",
                      "pending",
                      "completed",
                      "funds_received");
              assertTrue(
                  statuses.equals(all)
                      || statuses.equals(all.stream().filter(s -> !s.equals("pending")).toList()),
                  statuses.toString());
            });
    platform.receiver().received().stream()
        .filter(r -> r.field("link_id").equals(linkId))
        .forEach(r -> assertEquals(webId, r.field("web_id")));
    assertEveryWebhookVerified();

    // the created event went out on Kafka in the trace of the request that created the link
    assertTrue(
        KafkaTraces.traceparents(platform.kafkaBootstrapServers(), "pis-link-status", linkId)
            .stream()
            .anyMatch(tp -> tp.startsWith("00-" + traceId + "-")),
        "a link_status_update record carries trace " + traceId);

    // operators see payments by status and the webhook attempts in the services' metrics
    assertTrue(
        Metrics.sum(
                pis,
                "openbank_events_published_total",
                Map.of("type", "link_status_update", "status", "funds_received"))
            >= 1);
    long delivered =
        platform.receiver().received().stream()
            .filter(r -> r.verified() && r.field("link_id").equals(linkId))
            .count();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Metrics.sum(
                        platform.url(ports.webhooks()),
                        "openbank_webhooks_attempts_total",
                        Map.of("result", "succeeded"))
                    >= delivered);
  }
}
