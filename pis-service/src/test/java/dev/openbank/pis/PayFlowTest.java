package dev.openbank.pis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.commons.events.StatusEvents;
import dev.openbank.testsupport.EndUser;
import dev.openbank.testsupport.KafkaEvents;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pay flow end to end over real HTTP: this pis-service, the packaged auth-service,
 * provider-registry and sandbox-bank, one PostgreSQL and one Kafka. The debtor's browser is played
 * by plain HTTP requests that follow the pages' forms and redirects.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(RealAuthService.class)
@WithTestResource(RealProviderRegistry.class)
class PayFlowTest {

  private static final Pattern OPTION =
      Pattern.compile("name=\"method\" id=\"[^\"]+\" value=\"([^\"]+)\"");

  @Inject Pool pool;

  private String token;

  @BeforeEach
  void setUp() {
    token = RealAuthService.shared().tokenFor("sandbox", "pay_by_link");
  }

  private static Map<String, Object> link(String amount) {
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

  private static ExtractableResponse<Response> browse(String url) {
    return EndUser.open(url);
  }

  /** The debtor picks a method on the pay page; the answer is the redirect to the bank's SCA. */
  private static ExtractableResponse<Response> choose(String webId, String method) {
    return EndUser.submit("/pay/" + webId + "/start", Map.of("method", method));
  }

  private static ExtractableResponse<Response> sca(String scaUrl, Map<String, String> form) {
    return EndUser.atBank(scaUrl, form);
  }

  private static List<String> statuses(String linkId, int n) {
    return KafkaEvents.statuses(StatusEvents.LINK_TOPIC, linkId, n, Duration.ofSeconds(8));
  }

  /**
   * The events are the expected steps in order. "pending" may be missing: a bank that already
   * settled (ACSC) when its status is first read after SCA takes the link from sca_pending straight
   * to completed.
   */
  private static void assertSteps(List<String> expected, List<String> actual) {
    List<String> withoutPending = expected.stream().filter(s -> !s.equals("pending")).toList();
    assertTrue(
        actual.equals(expected) || actual.equals(withoutPending),
        "expected " + expected + " (pending optional) but was " + actual);
  }

  private void awaitStatus(String linkId, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                post("/v2/links/get", Map.of("link_id", linkId))
                    .statusCode(200)
                    .body("status", equalTo(status)));
  }

  @Test
  void aLinkPaidAtLibraEndsFundsReceivedWithEveryStepAnnouncedInOrder() {
    Map<String, Object> body = link("125.50");
    body.put(
        "goods",
        List.of(
            Map.of("name", "Book", "quantity", 2, "unit_price", "50.25"),
            Map.of("name", "Pen", "quantity", 1, "unit_price", "25")));
    var created = post("/v2/links/create", body).statusCode(201).extract();
    String linkId = created.path("link_id");
    String webId = created.path("web_id");
    String url = created.path("url");

    // the debtor opens the link: details, goods and the banks that take RON at this amount
    ExtractableResponse<Response> page = browse(url);
    assertEquals(200, page.statusCode());
    String html = page.body().asString();
    assertTrue(html.contains("125.50") && html.contains("Magazinul Demo SRL"), html);
    assertTrue(html.contains("<td>Book</td><td>2</td><td>50.25</td><td>100.50</td>"), html);
    List<String> options = OPTION.matcher(html).results().map(m -> m.group(1)).toList();
    assertTrue(options.contains("libra_ro:libra_ro_sepa_retail"), options.toString());
    assertTrue(options.contains("rzb_ro:rzb_ro_sepa_retail"), options.toString());
    assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));

    ExtractableResponse<Response> toBank = choose(webId, "libra_ro:libra_ro_sepa_retail");
    assertEquals(303, toBank.statusCode(), toBank.body().asString());
    String scaUrl = toBank.header("Location");
    assertTrue(
        scaUrl.startsWith(RealProviderRegistry.shared().sandbox() + "/libra_ro/sca/payments/"),
        scaUrl);
    post("/v2/links/get", Map.of("link_id", linkId))
        .body("status", equalTo("sca_pending"))
        .body("provider_code", equalTo("libra_ro"))
        .body("sca_url", equalTo(scaUrl));

    ExtractableResponse<Response> back =
        sca(scaUrl, Map.of("psu_id", "testlibra", "password", "testlibra", "decision", "approve"));
    assertEquals(303, back.statusCode(), back.body().asString());
    String returnUrl = back.header("Location");
    assertEquals(url + "/return", returnUrl);
    ExtractableResponse<Response> outcome = browse(returnUrl);
    assertEquals(200, outcome.statusCode());
    assertTrue(outcome.body().asString().contains("id=\"status-text\""));

    awaitStatus(linkId, "funds_received");
    assertSteps(
        List.of("created", "started", "sca_pending", "pending", "completed", "funds_received"),
        statuses(linkId, 6));
    given()
        .get("/pay/" + webId + "/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("funds_received"))
        .body("done", equalTo(true))
        .body(
            "continue_url",
            equalTo("https://shop.example/done?link_id=" + linkId + "&status=funds_received"));
    // paid: the page shows the outcome and no longer offers banks
    String after = browse(url).body().asString();
    assertTrue(
        after.contains("Paid: the funds were received") && !after.contains("name=\"method\""));

    // what a status read sees when it reads the link just before funds_received commits and the
    // payment just after (no next read any more): still waiting, no way back with a stale status
    pool.preparedQuery("UPDATE link SET status = 'completed' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(linkId)))
        .await()
        .indefinitely();
    given()
        .get("/pay/" + webId + "/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("completed"))
        .body("done", equalTo(false))
        .body("continue_url", nullValue());
  }

  @Test
  void aRejectedScaEndsFailed() {
    var created = post("/v2/links/create", link("10")).statusCode(201).extract();
    String linkId = created.path("link_id");
    String webId = created.path("web_id");
    String scaUrl = choose(webId, "rzb_ro:rzb_ro_sepa_retail").header("Location");
    // 9999999901 fails SCA even with the right credentials
    ExtractableResponse<Response> back =
        sca(scaUrl, Map.of("psu_id", "9999999901", "decision", "approve"));
    assertEquals(303, back.statusCode());
    assertEquals(created.path("url") + "/return?outcome=nok", back.header("Location"));
    String html = browse(back.header("Location")).body().asString();
    assertTrue(html.contains("The payment failed"), html);
    awaitStatus(linkId, "failed");
    assertEquals(List.of("created", "started", "sca_pending", "failed"), statuses(linkId, 4));
  }

  @Test
  void theDebtorRejectingAtTheBankEndsFailedToo() {
    var created = post("/v2/links/create", link("11")).statusCode(201).extract();
    String scaUrl = choose(created.path("web_id"), "cec_ro:cec_ro_sepa_retail").header("Location");
    sca(scaUrl, Map.of("psu_id", "testcecapi", "password", "testcecapi", "decision", "reject"));
    awaitStatus(created.path("link_id"), "failed");
  }

  @Test
  void directScaReturnsTheBanksScaUrlAndSendsTheDebtorBackToTheApp() {
    Map<String, Object> body = link("42");
    body.put("flow_type", "direct_sca");
    body.put("provider_code", "rzb_ro");
    body.put("payment_method_id", "rzb_ro_sepa_retail");
    body.put("redirect_url", "myshop://paid");
    var created =
        given()
            .auth()
            .oauth2(token)
            .header("Idempotency-Key", "direct-" + System.nanoTime())
            .contentType(ContentType.JSON)
            .body(body)
            .post("/v2/links/create")
            .then()
            .statusCode(201)
            .body("status", equalTo("sca_pending"))
            .body(
                "sca_url",
                startsWith(RealProviderRegistry.shared().sandbox() + "/rzb_ro/sca/payments/"))
            .extract();
    String linkId = created.path("link_id");
    ExtractableResponse<Response> back =
        sca(created.path("sca_url"), Map.of("psu_id", "9999999998", "decision", "approve"));
    // the return page reads the status at once and hands the debtor back to the app
    ExtractableResponse<Response> app = browse(back.header("Location"));
    assertEquals(303, app.statusCode());
    assertTrue(
        app.header("Location").startsWith("myshop://paid?link_id=" + linkId + "&status="),
        app.header("Location"));
    awaitStatus(linkId, "completed");
    // rzb_ro does not report funds: completed is final, nothing follows
    assertSteps(
        List.of("created", "started", "sca_pending", "pending", "completed"), statuses(linkId, 5));
    post("/v2/links/get", Map.of("link_id", linkId)).body("status", equalTo("completed"));
  }

  @Test
  void aLinkIsPaidAtMostOnce() {
    var created = post("/v2/links/create", link("12.30")).statusCode(201).extract();
    String webId = created.path("web_id");
    String first = choose(webId, "bt_ro:bt_ro_sepa_retail").header("Location");
    // a second tab, or the back button: the same payment at the bank, never a second one
    ExtractableResponse<Response> again = choose(webId, "cec_ro:cec_ro_sepa_retail");
    assertEquals(303, again.statusCode());
    assertEquals(first, again.header("Location"));
    assertTrue(browse(created.path("url")).body().asString().contains("Continue at your bank"));
    // not cancellable once the bank has it
    post("/v2/links/cancel", Map.of("link_id", created.path("link_id"))).statusCode(409);
  }

  @Test
  void aCancelledOrExpiredLinkCannotBePaid() {
    var created = post("/v2/links/create", link("5")).statusCode(201).extract();
    post("/v2/links/cancel", Map.of("link_id", created.path("link_id"))).statusCode(200);
    ExtractableResponse<Response> refused =
        choose(created.path("web_id"), "rzb_ro:rzb_ro_sepa_retail");
    assertEquals(409, refused.statusCode());
    assertTrue(refused.body().asString().contains("This payment was cancelled"));
    assertEquals(List.of("created", "cancelled"), statuses(created.path("link_id"), 2));
  }

  @Test
  void aBankThatIsDownLeavesTheLinkPayableElsewhere() {
    // a provider whose bank does not answer
    String admin = RealAuthService.shared().tokenFor("sandbox", "admin");
    String yaml =
        """
        providers:
          - code: down_ro
            name: Bank Down
            country: RO
            status: enabled
            environments: [sandbox]
            payment_methods:
              - id: down_ro_pay
                name: Transfer
                remitter_type: [retail]
                interface_type: berlin_group
                interface_env: sandbox
                flow_types: [link, direct_sca]
                currencies: [RON]
                domestic: false
                connector: {base_url: "http://127.0.0.1:9/down_ro", quirks: {}}
        """;
    given()
        .baseUri(RealProviderRegistry.shared().registry())
        .auth()
        .oauth2(admin)
        .contentType("application/yaml")
        .body(yaml.getBytes(StandardCharsets.UTF_8))
        .post("/admin/providers/import")
        .then()
        .statusCode(200);
    var created = post("/v2/links/create", link("7")).statusCode(201).extract();
    String webId = created.path("web_id");
    Awaitility.await() // the registry cache (1 s in tests) picks the new provider up
        .atMost(Duration.ofSeconds(5))
        .until(() -> browse(created.path("url")).body().asString().contains("down_ro:down_ro_pay"));
    ExtractableResponse<Response> failed = choose(webId, "down_ro:down_ro_pay");
    assertEquals(502, failed.statusCode());
    String page = failed.body().asString();
    assertTrue(page.contains("try again or choose another bank"), page);
    assertTrue(!page.contains("127.0.0.1") && !page.contains("Exception"), page);
    post("/v2/links/get", Map.of("link_id", created.path("link_id")))
        .body("status", equalTo("started"))
        .body("sca_url", nullValue());
    // another bank works at once: the failed attempt holds nothing
    ExtractableResponse<Response> ok = choose(webId, "rzb_ro:rzb_ro_sepa_retail");
    assertEquals(303, ok.statusCode(), ok.body().asString());

    // direct_sca at that bank: the link is kept and named, and a retry with the key tries again
    Map<String, Object> direct = link("7");
    direct.put("flow_type", "direct_sca");
    direct.put("provider_code", "down_ro");
    direct.put("payment_method_id", "down_ro_pay");
    direct.put("psu_ip_address", "192.0.2.10");
    String key = "down-" + System.nanoTime();
    String detail =
        given()
            .auth()
            .oauth2(token)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(direct)
            .post("/v2/links/create")
            .then()
            .statusCode(502)
            .body("type", equalTo("urn:openbank:problem:bank_unavailable"))
            .extract()
            .path("detail");
    Matcher named = Pattern.compile("link ([0-9a-f-]{36}) was created").matcher(detail);
    assertTrue(named.find(), detail);
    post("/v2/links/get", Map.of("link_id", named.group(1))).body("status", equalTo("started"));
    given()
        .auth()
        .oauth2(token)
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body(direct)
        .post("/v2/links/create")
        .then()
        .statusCode(502)
        .body("detail", containsString(named.group(1)));
    direct.put("psu_ip_address", "not-an-ip");
    post("/v2/links/create", direct).statusCode(400).body("field", equalTo("psu_ip_address"));
  }

  @Test
  void statusReadsThatFailKeepTheLinkAndAreRetriedUntilTheBankAnswers() {
    var created = post("/v2/links/create", link("9.10")).statusCode(201).extract();
    String linkId = created.path("link_id");
    String scaUrl = choose(created.path("web_id"), "rzb_ro:rzb_ro_sepa_retail").header("Location");
    // the bank's API stops answering (its SCA page still works for the debtor)
    String realBase =
        pool.preparedQuery("SELECT base_url FROM bank_payment WHERE link_id = $1")
            .execute(Tuple.of(UUID.fromString(linkId)))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getString("base_url");
    setBankBase(linkId, "http://127.0.0.1:9/rzb_ro");
    sca(scaUrl, Map.of("psu_id", "9999999998", "decision", "approve"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                pool.preparedQuery(
                            "SELECT checks, last_error FROM bank_payment WHERE link_id = $1"
                                + " AND checks >= 2 AND last_error IS NOT NULL")
                        .execute(Tuple.of(UUID.fromString(linkId)))
                        .await()
                        .indefinitely()
                        .size()
                    == 1);
    post("/v2/links/get", Map.of("link_id", linkId)).body("status", equalTo("sca_pending"));
    // the bank is back: the next read moves the link on
    setBankBase(linkId, realBase);
    awaitStatus(linkId, "completed");
  }

  private void setBankBase(String linkId, String baseUrl) {
    pool.preparedQuery("UPDATE bank_payment SET base_url = $2 WHERE link_id = $1")
        .execute(Tuple.of(UUID.fromString(linkId), baseUrl))
        .await()
        .indefinitely();
  }

  @Test
  void everyUxTemplateRendersThePayPage() {
    for (String theme :
        List.of("default", "classic", "compact", "cards", "glass", "sheet", "contrast")) {
      Map<String, Object> body = link("3");
      body.put("options", Map.of("ux_template", theme));
      String url = post("/v2/links/create", body).statusCode(201).extract().path("url");
      String html = browse(url).body().asString();
      assertTrue(html.contains("class=\"theme-" + theme + "\""), theme);
      assertTrue(html.contains("<legend>Choose your bank</legend>"), theme);
    }
    given().get("/ui/pages.css").then().statusCode(200).body(containsString(".theme-contrast"));
    given().get("/pay/AAAAAAAAAAAA").then().statusCode(404).body(containsString("not found"));
  }

  @Test
  void redirectScaStartsAtTheBankWithoutAStop() {
    Map<String, Object> body = link("8");
    body.put("flow_type", "redirect_sca");
    body.put("provider_code", "bt_ro");
    body.put("payment_method_id", "bt_ro_sepa_retail");
    String url = post("/v2/links/create", body).statusCode(201).extract().path("url");
    String html = browse(url).body().asString();
    assertTrue(html.contains("data-auto=\"true\""), html);
    // only the link's own bank is offered
    List<String> options = OPTION.matcher(html).results().map(m -> m.group(1)).toList();
    assertEquals(List.of("bt_ro:bt_ro_sepa_retail"), options);
  }

  @Test
  void aLinkNamingAProviderMustBePayableThere() {
    Map<String, Object> body = link("8");
    body.put("provider_code", "nope_ro");
    post("/v2/links/create", body)
        .statusCode(400)
        .body("errors[0].field", equalTo("provider_code"));
    body.put("provider_code", "rzb_ro");
    body.put("payment_method_id", "rzb_ro_domestic_corporate");
    body.put("flow_type", "direct_sca"); // the corporate method has no direct_sca
    post("/v2/links/create", body)
        .statusCode(400)
        .body("errors[0].field", equalTo("payment_method_id"));
    body.put("currency", "USD"); // rzb_ro takes RON and EUR only
    body.put("payment_method_id", "rzb_ro_sepa_retail");
    post("/v2/links/create", body)
        .statusCode(400)
        .body("errors[0].field", equalTo("provider_code"));
  }
}
