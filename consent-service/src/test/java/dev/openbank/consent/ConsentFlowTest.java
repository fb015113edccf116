package dev.openbank.consent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.commons.events.StatusEvents;
import dev.openbank.testsupport.EndUser;
import dev.openbank.testsupport.KafkaEvents;
import dev.openbank.testsupport.OpenApiContract;
import dev.openbank.testsupport.RealAuthService;
import dev.openbank.testsupport.RealInfrastructure;
import dev.openbank.testsupport.RealProviderRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consents end to end over real HTTP: this consent-service, the packaged auth-service,
 * provider-registry and sandbox-bank, one PostgreSQL and one Kafka. The end user's browser is
 * played by plain HTTP requests that follow the pages' forms and redirects.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(RealAuthService.class)
@WithTestResource(RealProviderRegistry.class)
class ConsentFlowTest {

  private static final Pattern OPTION =
      Pattern.compile("name=\"method\" id=\"[^\"]+\" value=\"([^\"]+)\"");

  @Inject Pool pool;

  private String token;

  @BeforeEach
  void setUp() {
    token = RealAuthService.shared().tokenFor("sandbox", "ais");
  }

  private static Map<String, Object> consent() {
    Map<String, Object> body = new HashMap<>();
    body.put("scope", List.of("accounts", "balances", "transactions"));
    body.put("redirect_url", "https://app.example/back");
    body.put("webhook_url", "https://app.example/hooks");
    return body;
  }

  private ValidatableResponse post(String path, Object body) {
    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
  }

  private static ExtractableResponse<Response> browse(String url) {
    return EndUser.open(url);
  }

  private static ExtractableResponse<Response> choose(String webId, String method) {
    return EndUser.submit("/consent/" + webId + "/start", Map.of("method", method));
  }

  private static ExtractableResponse<Response> sca(String scaUrl, Map<String, String> form) {
    return EndUser.atBank(scaUrl, form);
  }

  private static List<String> statuses(String consentId, int n) {
    return KafkaEvents.statuses(StatusEvents.CONSENT_TOPIC, consentId, n, Duration.ofSeconds(8));
  }

  private void awaitStatus(String consentId, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                post("/v2/ais/consents/get", Map.of("consent_id", consentId))
                    .statusCode(200)
                    .body("status", equalTo(status)));
  }

  private String bankConsentId(String consentId) {
    return pool.preparedQuery("SELECT bank_consent_id FROM bank_consent WHERE consent_id = $1")
        .execute(Tuple.of(UUID.fromString(consentId)))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getString("bank_consent_id");
  }

  private static String bankStatus(String aspsp, String bankConsentId) {
    return given()
        .baseUri(RealProviderRegistry.shared().sandbox())
        .header("X-Request-ID", UUID.randomUUID().toString())
        .get("/" + aspsp + "/v1/consents/" + bankConsentId + "/status")
        .then()
        .statusCode(200)
        .extract()
        .path("consentStatus");
  }

  @Test
  void anEndUserApprovesAtTheBankThenTheClientRevokes() {
    var created =
        post("/v2/ais/consents/create", consent())
            .statusCode(201)
            .body("status", equalTo("created"))
            .body("url", startsWith("http://localhost:8183/consent/"))
            .body("frequency_per_day", equalTo(4))
            .extract();
    String consentId = created.path("consent_id");
    String webId = created.path("web_id");

    String html = browse(created.path("url")).body().asString();
    assertTrue(html.contains("their transactions"), html);
    List<String> options = OPTION.matcher(html).results().map(m -> m.group(1)).toList();
    assertTrue(options.contains("rzb_ro:rzb_ro_ais_retail"), options.toString());

    ExtractableResponse<Response> toBank = choose(webId, "rzb_ro:rzb_ro_ais_retail");
    assertEquals(303, toBank.statusCode(), toBank.body().asString());
    String scaUrl = toBank.header("Location");
    assertTrue(
        scaUrl.startsWith(RealProviderRegistry.shared().sandbox() + "/rzb_ro/sca/consents/"),
        scaUrl);
    post("/v2/ais/consents/get", Map.of("consent_id", consentId))
        .body("status", equalTo("awaiting_authz"))
        .body("sca_url", equalTo(scaUrl));

    ExtractableResponse<Response> back =
        sca(scaUrl, Map.of("psu_id", "9999999998", "decision", "approve"));
    assertEquals(303, back.statusCode());
    assertEquals(created.path("url") + "/return", back.header("Location"));
    String outcome = browse(back.header("Location")).body().asString();
    assertTrue(outcome.contains("Approved: access was given"), outcome);
    assertTrue(
        outcome.contains(
            "https://app.example/back?consent_id=" + consentId + "&amp;status=authorized"),
        outcome);

    post("/v2/ais/consents/get", Map.of("consent_id", consentId))
        .body("status", equalTo("authorized"))
        .body("authorized_at", notNullValue())
        .body("sca_url", nullValue())
        .body("provider_code", equalTo("rzb_ro"));
    String atBank = bankConsentId(consentId);
    assertEquals("valid", bankStatus("rzb_ro", atBank));
    // the platform's own services read the bank access (scope internal); API clients cannot
    post("/internal/consents/access", Map.of("consent_id", consentId)).statusCode(403);
    given()
        .auth()
        .oauth2(RealAuthService.shared().tokenFor("sandbox", "internal"))
        .contentType(ContentType.JSON)
        .body(Map.of("consent_id", consentId))
        .post("/internal/consents/access")
        .then()
        .statusCode(200)
        .body("status", equalTo("authorized"))
        .body("bank_consent_id", equalTo(atBank))
        .body("base_url", startsWith(RealProviderRegistry.shared().sandbox()))
        .body("frequency_per_day", equalTo(4));

    post("/v2/ais/consents/revoke", Map.of("consent_id", consentId))
        .statusCode(200)
        .body("status", equalTo("revoked"));
    // revoking again changes nothing
    post("/v2/ais/consents/revoke", Map.of("consent_id", consentId)).statusCode(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "terminatedByTpp".equals(bankStatus("rzb_ro", atBank)));
    assertEquals(
        List.of(
            "created",
            "started",
            "requested",
            "sca_url_retrieved",
            "awaiting_authz",
            "authorized",
            "revoked"),
        statuses(consentId, 7));
  }

  @Test
  void aBankThatRefusesTheRevocationIsNotAskedAgain() {
    var created = post("/v2/ais/consents/create", consent()).statusCode(201).extract();
    String consentId = created.path("consent_id");
    String scaUrl = choose(created.path("web_id"), "rzb_ro:rzb_ro_ais_retail").header("Location");
    sca(scaUrl, Map.of("psu_id", "9999999998", "decision", "approve"));
    awaitStatus(consentId, "authorized");
    // the bank no longer knows this consent: its DELETE answers 4xx
    pool.preparedQuery(
            "UPDATE bank_consent SET bank_consent_id = 'c-unknown' WHERE consent_id = $1")
        .execute(Tuple.of(UUID.fromString(consentId)))
        .await()
        .indefinitely();
    post("/v2/ais/consents/revoke", Map.of("consent_id", consentId))
        .statusCode(200)
        .body("status", equalTo("revoked"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                pool.preparedQuery(
                            "SELECT 1 FROM bank_consent WHERE consent_id = $1 AND NOT revoke_at_bank"
                                + " AND next_check_at IS NULL AND last_error IS NOT NULL")
                        .execute(Tuple.of(UUID.fromString(consentId)))
                        .await()
                        .indefinitely()
                        .size()
                    == 1);
  }

  @Test
  void aRejectedScaEndsFailed() {
    var created = post("/v2/ais/consents/create", consent()).statusCode(201).extract();
    String scaUrl = choose(created.path("web_id"), "rzb_ro:rzb_ro_ais_retail").header("Location");
    ExtractableResponse<Response> back =
        sca(scaUrl, Map.of("psu_id", "9999999901", "decision", "approve"));
    assertEquals(created.path("url") + "/return?outcome=nok", back.header("Location"));
    assertTrue(browse(back.header("Location")).body().asString().contains("Not approved"));
    awaitStatus(created.path("consent_id"), "failed");
    post("/v2/ais/consents/revoke", Map.of("consent_id", created.path("consent_id")))
        .statusCode(409)
        .body("type", equalTo("urn:openbank:problem:consent_not_revocable"));
  }

  @Test
  void directScaReturnsTheScaUrlAndTheRedirectEndpointReadsTheOutcome() {
    Map<String, Object> body = consent();
    body.put("scope", List.of("balances", "accounts"));
    body.put("flow_type", "direct_sca");
    body.put("provider_code", "bt_ro");
    body.put("ais_method_id", "bt_ro_ais_retail");
    body.put("redirect_url", "myapp://consented");
    var created =
        post("/v2/ais/consents/create", body)
            .statusCode(201)
            .body("status", equalTo("sca_url_retrieved"))
            .body("scope", equalTo(List.of("accounts", "balances")))
            .body("sca_url", startsWith(RealProviderRegistry.shared().sandbox() + "/bt_ro/sca/"))
            .extract();
    String consentId = created.path("consent_id");
    ExtractableResponse<Response> back =
        sca(
            created.path("sca_url"),
            Map.of(
                "psu_id", "testbt", "password", "testbt", "pin", "1234567", "decision", "approve"));
    ExtractableResponse<Response> app = browse(back.header("Location"));
    assertEquals(303, app.statusCode());
    assertEquals(
        "myapp://consented?consent_id=" + consentId + "&status=authorized", app.header("Location"));
    post("/v2/ais/consents/redirect", Map.of("consent_id", consentId))
        .statusCode(200)
        .body("status", equalTo("authorized"));
  }

  @Test
  void badConsentsAreRefusedNamingTheFieldAndOthersAreInvisible() {
    Map<String, Object> body = consent();
    body.put("scope", List.of("transactions"));
    post("/v2/ais/consents/create", body).statusCode(400).body("field", equalTo("scope"));
    body = consent();
    body.put("valid_until", LocalDate.now(ZoneOffset.UTC).plusDays(181).toString());
    post("/v2/ais/consents/create", body).statusCode(400).body("field", equalTo("valid_until"));
    body = consent();
    body.put("frequency_per_day", 5);
    post("/v2/ais/consents/create", body)
        .statusCode(400)
        .body("field", equalTo("frequency_per_day"));
    body = consent();
    body.put("flow_type", "direct_sca");
    post("/v2/ais/consents/create", body)
        .statusCode(400)
        .body("errors.field", equalTo(List.of("ais_method_id", "provider_code")));
    body = consent();
    body.put("psu_ip_address", "not-an-address");
    post("/v2/ais/consents/create", body).statusCode(400).body("field", equalTo("psu_ip_address"));
    body = consent();
    body.put("provider_code", "nope_ro");
    post("/v2/ais/consents/create", body)
        .statusCode(400)
        .body("errors[0].field", equalTo("provider_code"));

    String consentId =
        post("/v2/ais/consents/create", consent()).statusCode(201).extract().path("consent_id");
    String other = RealAuthService.shared().tokenFor("sandbox", "ais");
    given()
        .auth()
        .oauth2(other)
        .contentType(ContentType.JSON)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/consents/get")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(RealAuthService.shared().tokenFor("sandbox", "pay_by_link"))
        .contentType(ContentType.JSON)
        .body(consent())
        .post("/v2/ais/consents/create")
        .then()
        .statusCode(403);
  }

  @Test
  void aConsentPastItsValidityExpires() {
    String consentId =
        post("/v2/ais/consents/create", consent()).statusCode(201).extract().path("consent_id");
    pool.preparedQuery(
            "UPDATE consent SET valid_until = (now() AT TIME ZONE 'UTC')::date - 1 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(consentId)))
        .await()
        .indefinitely();
    awaitStatus(consentId, "expired");
    assertEquals(List.of("created", "expired"), statuses(consentId, 2));
  }

  /** The document served at /q/openapi is the one the code generates (OpenApiContract). */
  @Test
  void servesTheOpenApiDocumentItsCodeGenerates() throws Exception {
    OpenApiContract.check();
  }
}
