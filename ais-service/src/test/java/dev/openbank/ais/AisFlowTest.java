package dev.openbank.ais;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.commons.events.StatusEvents;
import dev.openbank.testsupport.AuthServiceClient.ApiClient;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.EndUser;
import dev.openbank.testsupport.KafkaEvents;
import dev.openbank.testsupport.OpenApiContract;
import dev.openbank.testsupport.RealAuthService;
import dev.openbank.testsupport.RealConsentService;
import dev.openbank.testsupport.RealInfrastructure;
import dev.openbank.testsupport.RealProviderRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * AIS end to end over real HTTP: this ais-service, the packaged consent-service, auth-service,
 * provider-registry and sandbox-bank, one PostgreSQL and one Kafka. The end user's browser is
 * played by plain HTTP requests that follow the consent pages' forms and the bank's redirects.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(RealAuthService.class)
@WithTestResource(RealProviderRegistry.class)
@WithTestResource(RealConsentService.class)
class AisFlowTest {

  static final String METHOD = "rzb_ro:rzb_ro_ais_retail";

  @Inject Pool pool;

  /** One API client with a consent given at the bank, shared by the read tests. */
  record Given(ApiClient client, String token, String consentId, String jobId) {}

  private static Given shared;

  static String tokenOf(ApiClient client) {
    return RealAuthService.shared().token(client);
  }

  static RequestSpecification api(String token) {
    return given().auth().oauth2(token).contentType(ContentType.JSON);
  }

  static RequestSpecification consents(String token) {
    return api(token).baseUri(RealConsentService.shared());
  }

  /** Creates a consent, picks the bank on its page and approves at the bank as {@code psu}. */
  static String consentGivenBy(String token, String psu, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>();
    body.put("scope", List.of("accounts", "balances", "transactions"));
    body.put("redirect_url", "https://app.example/back");
    body.putAll(extra);
    ExtractableResponse<Response> created =
        consents(token).body(body).post("/v2/ais/consents/create").then().statusCode(201).extract();
    String consentId = created.path("consent_id");
    String page = created.path("url");
    assertEquals(200, EndUser.open(page).statusCode());
    ExtractableResponse<Response> toBank =
        EndUser.submit(
            RealConsentService.shared() + "/consent/" + created.path("web_id") + "/start",
            Map.of("method", METHOD));
    assertEquals(303, toBank.statusCode(), toBank.body().asString());
    ExtractableResponse<Response> back =
        EndUser.atBank(toBank.header("Location"), Map.of("psu_id", psu, "decision", "approve"));
    assertEquals(303, back.statusCode());
    EndUser.open(back.header("Location"));
    return consentId;
  }

  static void awaitConsent(String token, String consentId, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () ->
                consents(token)
                    .body(Map.of("consent_id", consentId))
                    .post("/v2/ais/consents/get")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(status)));
  }

  /** A new API client's consent, given at the bank by {@code psu} and now active. */
  record Active(String token, String consentId) {}

  static Active activeConsent(String psu, Map<String, Object> extra) {
    String token = tokenOf(RealAuthService.shared().createClient("sandbox", "ais"));
    String consentId = consentGivenBy(token, psu, extra);
    awaitConsent(token, consentId, "active");
    return new Active(token, consentId);
  }

  static void awaitJob(String token, String jobId, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                api(token)
                    .body(Map.of("job_id", jobId))
                    .post("/v2/ais/jobs/get")
                    .then()
                    .body("status", equalTo(status)));
  }

  /** The first job of the consent (the one authorisation started), once it exists. */
  String firstJob(String consentId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !rows("SELECT id FROM job WHERE consent_id = $1", consentId).isEmpty());
    return rows("SELECT id FROM job WHERE consent_id = $1 AND trigger = 'authorized'", consentId)
        .get(0)
        .getUUID("id")
        .toString();
  }

  List<Row> rows(String sql, Object... args) {
    Object[] converted = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      converted[i] =
          args[i] instanceof String s && s.length() == 36 && s.charAt(8) == '-'
              ? UUID.fromString(s)
              : args[i];
    }
    List<Row> out = new ArrayList<>();
    pool.preparedQuery(sql).execute(Tuple.from(converted)).await().indefinitely().forEach(out::add);
    return out;
  }

  long count(String sql, Object... args) {
    return rows(sql, args).get(0).getLong(0);
  }

  synchronized Given givenConsent() {
    if (shared == null) {
      ApiClient client = RealAuthService.shared().createClient("sandbox", "ais", "providers");
      String token = tokenOf(client);
      // the client finds the bank and its AIS method first
      api(token)
          .baseUri(RealProviderRegistry.shared().registry())
          .body(Map.of("options", Map.of("show_ais_methods", true)))
          .post("/v2/providers/list")
          .then()
          .statusCode(200)
          .body("providers.code", org.hamcrest.Matchers.hasItem("rzb_ro"));
      String consentId = consentGivenBy(token, "9999999998", Map.of());
      awaitConsent(token, consentId, "active");
      shared = new Given(client, token, consentId, firstJob(consentId));
    }
    return shared;
  }

  @Test
  void theFirstJobReadsTheFullHistoryAndTheConsentBecomesActive() {
    Given g = givenConsent();
    api(g.token())
        .body(Map.of("job_id", g.jobId()))
        .post("/v2/ais/jobs/get")
        .then()
        .statusCode(200)
        .body("status", equalTo("completed"))
        .body("trigger", equalTo("authorized"))
        .body("full_history", equalTo(true))
        .body("accounts", equalTo(2))
        .body("transactions", greaterThan(1000));
    // operators see it: jobs ended, by result and trigger
    assertTrue(
        given()
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString()
            .matches(
                "(?s).*openbank_ais_jobs_total\\{[^}]*result=\"completed\"[^}]*trigger=\"authorized\"[^}]*\\} [1-9].*"),
        "openbank_ais_jobs_total counts completed authorized jobs");
    // history older than 90 days was read inside the bank's minutes after SCA
    LocalDate oldest =
        rows("SELECT min(date) AS d FROM transaction WHERE consent_id = $1", g.consentId())
            .get(0)
            .getLocalDate("d");
    assertTrue(oldest.isBefore(LocalDate.now().minusDays(600)), "oldest entry " + oldest);
    assertEquals(
        List.of("queued", "running", "completed"),
        KafkaEvents.statuses(StatusEvents.JOB_TOPIC, g.jobId(), 3, Duration.ofSeconds(10)));
    assertEquals(
        List.of(
            "created",
            "started",
            "requested",
            "sca_url_retrieved",
            "awaiting_authz",
            "authorized",
            "active"),
        KafkaEvents.statuses(StatusEvents.CONSENT_TOPIC, g.consentId(), 7, Duration.ofSeconds(10)));
  }

  @Test
  void accountsComeWithTheirLatestBalancesAndFilter() {
    Given g = givenConsent();
    api(g.token())
        .body(Map.of("consent_id", g.consentId()))
        .post("/v2/ais/accounts/list")
        .then()
        .statusCode(200)
        .body("accounts", hasSize(2))
        .body("accounts.iban", org.hamcrest.Matchers.hasItem("RO03RZBR0000069999999999"))
        .body("accounts[0].balances.balance_type", org.hamcrest.Matchers.hasItem("closingBooked"))
        .body(
            "accounts[0].balances[0].amount",
            org.hamcrest.Matchers.matchesPattern("-?\\d+\\.\\d{2,3}"));
    api(g.token())
        .body(Map.of("consent_id", g.consentId(), "filter", Map.of("currency", "EUR")))
        .post("/v2/ais/accounts/list")
        .then()
        .statusCode(200)
        .body("accounts", hasSize(1))
        .body("accounts[0].currency", equalTo("EUR"));
    api(g.token())
        .body(Map.of("consent_id", g.consentId(), "filter", Map.of("currency", "eur")))
        .post("/v2/ais/accounts/list")
        .then()
        .statusCode(400)
        .body("field", equalTo("filter.currency"));
  }

  @Test
  void balancesArePagedNewestFirst() {
    Given g = givenConsent();
    List<String> seen = new ArrayList<>();
    String after = null;
    do {
      Map<String, Object> page = new HashMap<>(Map.of("limit", 1));
      if (after != null) {
        page.put("after", after);
      }
      ExtractableResponse<Response> r =
          api(g.token())
              .body(Map.of("consent_id", g.consentId(), "pagination", page))
              .post("/v2/ais/balances/list")
              .then()
              .statusCode(200)
              .extract();
      List<Map<String, Object>> items = r.path("balances");
      items.forEach(b -> seen.add(b.get("reference_date") + "/" + b.get("balance_type")));
      after = r.path("pagination.after");
    } while (after != null);
    assertEquals(
        count("SELECT count(*) FROM balance WHERE consent_id = $1", g.consentId()), seen.size());
    assertEquals(4, seen.size(), seen.toString());
    List<String> sorted = new ArrayList<>(seen);
    sorted.sort(java.util.Comparator.reverseOrder());
    assertEquals(sorted.get(0).substring(0, 10), seen.get(0).substring(0, 10), "newest first");
  }

  /** Pages through every transaction matching {@code filter}; returns their ids in order. */
  List<String> all(Given g, Map<String, Object> filter, int limit) {
    List<String> ids = new ArrayList<>();
    String after = null;
    String lastDate = "9999-12-31";
    do {
      Map<String, Object> page = new HashMap<>(Map.of("limit", limit));
      if (after != null) {
        page.put("after", after);
      }
      ExtractableResponse<Response> r =
          api(g.token())
              .body(Map.of("consent_id", g.consentId(), "filter", filter, "pagination", page))
              .post("/v2/ais/transactions/list")
              .then()
              .statusCode(200)
              .extract();
      List<Map<String, Object>> items = r.path("transactions");
      for (Map<String, Object> t : items) {
        String date =
            (String) (t.get("booking_date") != null ? t.get("booking_date") : t.get("value_date"));
        assertTrue(date.compareTo(lastDate) <= 0, "newest first: " + date + " after " + lastDate);
        lastDate = date;
        ids.add(t.get("account_id") + "/" + t.get("transaction_id"));
      }
      after = r.path("pagination.after");
      assertEquals(after != null, (Boolean) r.path("pagination.'more?'"));
    } while (after != null);
    assertEquals(ids.size(), new HashSet<>(ids).size(), "no entry twice across pages");
    return ids;
  }

  @Test
  void everyTransactionIsPagedOnceAndEachFilterHolds() {
    Given g = givenConsent();
    String c = g.consentId();
    assertEquals(
        count("SELECT count(*) FROM transaction WHERE consent_id = $1", c),
        all(g, Map.of(), 250).size());

    assertEquals(
        count(
            "SELECT count(*) FROM transaction WHERE consent_id = $1 AND credit_debit = 'CRDT'", c),
        all(g, Map.of("credit_debit_indicator", "CRDT"), 100).size());
    api(g.token())
        .body(Map.of("consent_id", c, "filter", Map.of("credit_debit_indicator", "CRDT")))
        .post("/v2/ais/transactions/list")
        .then()
        .body("transactions.credit_debit_indicator", everyItem(equalTo("CRDT")))
        .body("transactions[0].counterparty_name", equalTo("Angajator Demo SRL"));

    assertEquals(
        count(
            "SELECT count(*) FROM transaction WHERE consent_id = $1 AND amount BETWEEN 100 AND 200.5",
            c),
        all(g, Map.of("amount_from", "100", "amount_to", "200.50"), 250).size());

    LocalDate from = LocalDate.now().minusDays(40);
    LocalDate to = LocalDate.now().minusDays(10);
    assertEquals(
        count(
            "SELECT count(*) FROM transaction WHERE consent_id = $1 AND date BETWEEN $2 AND $3",
            c,
            from,
            to),
        all(g, Map.of("date_from", from.toString(), "date_to", to.toString()), 50).size());

    long pending =
        count("SELECT count(*) FROM transaction WHERE consent_id = $1 AND status = 'pending'", c);
    assertTrue(pending > 0, "today's and yesterday's entries are pending at the sandbox");
    assertEquals(pending, all(g, Map.of("status", "pending"), 250).size());

    String eur =
        rows("SELECT id FROM account WHERE consent_id = $1 AND currency = 'EUR'", c)
            .get(0)
            .getUUID("id")
            .toString();
    assertEquals(
        count("SELECT count(*) FROM transaction WHERE account_id = $1", eur),
        all(g, Map.of("account_id", eur), 250).size());
    api(g.token())
        .body(Map.of("consent_id", c, "filter", Map.of("account_id", UUID.randomUUID().toString())))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(404)
        .body("field", equalTo("filter.account_id"));
    api(g.token())
        .body(Map.of("consent_id", c, "filter", Map.of("amount_from", "10", "amount_to", "5")))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(400)
        .body("field", equalTo("filter.amount_to"));
    api(g.token())
        .body(Map.of("consent_id", c, "filter", Map.of("amount_from", "-5")))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(400)
        .body("field", equalTo("filter.amount_from"));
    api(g.token())
        .body(Map.of("consent_id", c, "pagination", Map.of("limit", 251)))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(400)
        .body("field", equalTo("pagination.limit"));
  }

  @Test
  void aTamperedOrForeignCursorIsA400() {
    Given g = givenConsent();
    String after =
        api(g.token())
            .body(Map.of("consent_id", g.consentId(), "pagination", Map.of("limit", 5)))
            .post("/v2/ais/transactions/list")
            .then()
            .statusCode(200)
            .extract()
            .path("pagination.after");
    // another date in the cursor's values, the tag left as it was
    char c = after.charAt(3);
    String tampered = after.substring(0, 3) + (c == 'A' ? 'B' : 'A') + after.substring(4);
    api(g.token())
        .body(Map.of("consent_id", g.consentId(), "pagination", Map.of("after", tampered)))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:openbank:problem:invalid_cursor"))
        .body("field", equalTo("pagination.after"));
    // an amount written another way is the same filter: its cursor goes on
    String amountCursor =
        api(g.token())
            .body(
                Map.of(
                    "consent_id",
                    g.consentId(),
                    "filter",
                    Map.of("amount_from", "100"),
                    "pagination",
                    Map.of("limit", 5)))
            .post("/v2/ais/transactions/list")
            .then()
            .statusCode(200)
            .extract()
            .path("pagination.after");
    api(g.token())
        .body(
            Map.of(
                "consent_id",
                g.consentId(),
                "filter",
                Map.of("amount_from", "100.00"),
                "pagination",
                Map.of("after", amountCursor)))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(200);
    // the same cursor with other filters is not this query's cursor
    api(g.token())
        .body(
            Map.of(
                "consent_id",
                g.consentId(),
                "filter",
                Map.of("status", "booked"),
                "pagination",
                Map.of("after", after)))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:openbank:problem:invalid_cursor"));
  }

  @Test
  void anotherClientSeesNothing() {
    Given g = givenConsent();
    String other = RealAuthService.shared().tokenFor("sandbox", "ais");
    for (String path :
        List.of(
            "/v2/ais/accounts/list",
            "/v2/ais/balances/list",
            "/v2/ais/transactions/list",
            "/v2/ais/jobs/create")) {
      api(other)
          .body(Map.of("consent_id", g.consentId()))
          .post(path)
          .then()
          .statusCode(404)
          .body("field", equalTo("consent_id"));
    }
    api(other)
        .body(Map.of("job_id", g.jobId()))
        .post("/v2/ais/jobs/get")
        .then()
        .statusCode(404)
        .body("field", equalTo("job_id"));
    // a token without scope ais is refused
    api(RealAuthService.shared().tokenFor("sandbox", "providers"))
        .body(Map.of("consent_id", g.consentId()))
        .post("/v2/ais/accounts/list")
        .then()
        .statusCode(403);
  }

  @Test
  void aConsentGivenForADeviceIsReadOnlyFromIt() {
    Active given = activeConsent("9999999998", Map.of("device_id", "phone-42"));
    String token = given.token();
    String consentId = given.consentId();
    api(token)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/accounts/list")
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:openbank:problem:device_mismatch"))
        .body("field", equalTo("x-device-id"));
    api(token)
        .header("x-device-id", "laptop-7")
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(403)
        .body("field", equalTo("x-device-id"));
    api(token)
        .header("x-device-id", "phone-42")
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(200)
        .body("transactions", hasSize(50));
    api(token)
        .header("x-device-id", "laptop-7")
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/jobs/create")
        .then()
        .statusCode(403);
  }

  @Test
  void clientJobsStopAtTheConsentsReadsADayAndThenRevokeEndsEverything() {
    Active given =
        activeConsent(
            "9999999998", Map.of("frequency_per_day", 2, "scope", List.of("accounts", "balances")));
    String token = given.token();
    String consentId = given.consentId();
    // the first job was one of the two reads of the day; the client may ask for one more
    String jobId =
        api(token)
            .body(Map.of("consent_id", consentId))
            .post("/v2/ais/jobs/create")
            .then()
            .statusCode(201)
            .body("status", equalTo("queued"))
            .body("trigger", equalTo("client"))
            .extract()
            .path("job_id");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                api(token)
                    .body(Map.of("job_id", jobId))
                    .post("/v2/ais/jobs/get")
                    .then()
                    .body("status", equalTo("completed"))
                    .body("full_history", equalTo(false))
                    .body("transactions", equalTo(0)));
    String retryAfter =
        api(token)
            .body(Map.of("consent_id", consentId))
            .post("/v2/ais/jobs/create")
            .then()
            .statusCode(429)
            .contentType("application/problem+json")
            .body("type", equalTo("urn:openbank:problem:frequency_exceeded"))
            .extract()
            .header("Retry-After");
    assertTrue(Long.parseLong(retryAfter) > 0 && Long.parseLong(retryAfter) <= 86400, retryAfter);
    assertEquals(
        2,
        count("SELECT count(*) FROM job WHERE consent_id = $1", consentId),
        "the 429 made no job");
    // with the end user present the read is attended: the bank does not count it, nor do we
    api(token)
        .body(Map.of("consent_id", consentId, "psu_ip_address", "not-an-ip"))
        .post("/v2/ais/jobs/create")
        .then()
        .statusCode(400)
        .body("field", equalTo("psu_ip_address"));
    String attended =
        api(token)
            .body(Map.of("consent_id", consentId, "psu_ip_address", "192.0.2.10"))
            .post("/v2/ais/jobs/create")
            .then()
            .statusCode(201)
            .body("attended", equalTo(true))
            .extract()
            .path("job_id");
    awaitJob(token, attended, "completed");
    api(token)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/jobs/create")
        .then()
        .statusCode(429);
    // the scope has no transactions: none were read, none are served
    assertEquals(0, count("SELECT count(*) FROM transaction WHERE consent_id = $1", consentId));
    api(token)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:openbank:problem:scope_not_granted"));
    api(token)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/balances/list")
        .then()
        .statusCode(200)
        .body("balances.size()", greaterThan(0));

    consents(token)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/consents/revoke")
        .then()
        .statusCode(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                api(token)
                    .body(Map.of("consent_id", consentId))
                    .post("/v2/ais/accounts/list")
                    .then()
                    .statusCode(409)
                    .body("type", equalTo("urn:openbank:problem:consent_not_active")));
    api(token)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/jobs/create")
        .then()
        .statusCode(409);
    // the revoked consent's data is deleted
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> count("SELECT count(*) FROM account WHERE consent_id = $1", consentId) == 0);
    assertEquals(0, count("SELECT count(*) FROM balance WHERE consent_id = $1", consentId));
    List<String> events =
        KafkaEvents.statuses(StatusEvents.CONSENT_TOPIC, consentId, 8, Duration.ofSeconds(10));
    assertEquals("active", events.get(6));
    assertEquals("revoked", events.get(7));
  }

  @Test
  void scheduledRefreshesStayWithinTheConsentsReadsADay() {
    Active given =
        activeConsent(
            "9999999998", Map.of("frequency_per_day", 2, "scope", List.of("accounts", "balances")));
    String token = given.token();
    String consentId = given.consentId();
    // two reads a day: the next refresh is due twelve hours after authorisation
    long hours =
        count(
            "SELECT extract(epoch FROM next_refresh_at - now())::bigint / 3600 FROM consent"
                + " WHERE id = $1",
            consentId);
    assertTrue(hours == 11 || hours == 12, hours + " h to the next refresh");

    makeRefreshDue(consentId);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM job WHERE consent_id = $1 AND trigger = 'scheduled'"
                            + " AND status = 'completed'",
                        consentId)
                    == 1);

    // both reads of the day are used: the next due refresh makes no job and waits for tomorrow
    makeRefreshDue(consentId);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM consent WHERE id = $1"
                            + " AND next_refresh_at = date_trunc('day', now() AT TIME ZONE 'UTC')"
                            + " AT TIME ZONE 'UTC' + interval '1 day'",
                        consentId)
                    == 1);
    assertEquals(2, count("SELECT count(*) FROM job WHERE consent_id = $1", consentId));
  }

  private void makeRefreshDue(String consentId) {
    rows("UPDATE consent SET next_refresh_at = now() WHERE id = $1 RETURNING id", consentId);
  }

  @Test
  void aBankErrorBurstIsRetriedAndTheFlowCompletes() {
    // this PSU's first two data reads answer 500 at the sandbox bank
    Active given = activeConsent("9999999903", Map.of());
    String token = given.token();
    String consentId = given.consentId();
    api(token)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/accounts/list")
        .then()
        .statusCode(200)
        .body("accounts", hasSize(1))
        .body("accounts[0].iban", equalTo("RO94RZBR0000069999999913"));
    assertTrue(count("SELECT count(*) FROM transaction WHERE consent_id = $1", consentId) > 0);
  }

  @Test
  void aBankThatCannotBeReachedIsTriedAgainThenTheJobFails() {
    Active given = activeConsent("9999999998", Map.of("scope", List.of("accounts", "balances")));
    // ais-service has heard of "active" too (that event rewrites its copy of the bank access)
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM consent WHERE id = $1 AND status = 'active'",
                        given.consentId())
                    == 1);
    // the bank's address now answers nothing (connection refused)
    rows(
        "UPDATE consent SET base_url = 'http://127.0.0.1:9/rzb_ro' WHERE id = $1 RETURNING id",
        given.consentId());
    String jobId =
        api(given.token())
            .body(Map.of("consent_id", given.consentId()))
            .post("/v2/ais/jobs/create")
            .then()
            .statusCode(201)
            .extract()
            .path("job_id");
    // three attempts (the XS2A client retrying each call twice), then failed
    awaitJob(given.token(), jobId, "failed");
    String error =
        api(given.token())
            .body(Map.of("job_id", jobId))
            .post("/v2/ais/jobs/get")
            .then()
            .body("error_code", equalTo("bank_unavailable"))
            .body("error", org.hamcrest.Matchers.containsString("3 attempts"))
            .extract()
            .path("error");
    assertFalse(error.contains("127.0.0.1"), "the bank's address is never shown: " + error);
    assertEquals(3, count("SELECT attempts FROM job WHERE id = $1", jobId));
    assertEquals(
        List.of("queued", "running", "failed"),
        KafkaEvents.statuses(StatusEvents.JOB_TOPIC, jobId, 3, Duration.ofSeconds(10)));
  }

  @Test
  void aRejectedScaFailsTheConsentAndReadsNothing() {
    String token = tokenOf(RealAuthService.shared().createClient("sandbox", "ais"));
    ExtractableResponse<Response> created =
        consents(token)
            .body(Map.of("scope", List.of("accounts", "balances", "transactions")))
            .post("/v2/ais/consents/create")
            .then()
            .statusCode(201)
            .extract();
    String consentId = created.path("consent_id");
    ExtractableResponse<Response> toBank =
        EndUser.submit(
            RealConsentService.shared() + "/consent/" + created.path("web_id") + "/start",
            Map.of("method", METHOD));
    EndUser.atBank(toBank.header("Location"), Map.of("psu_id", "9999999998", "decision", "reject"));
    awaitConsent(token, consentId, "failed");
    api(token)
        .body(Map.of("consent_id", consentId))
        .post("/v2/ais/accounts/list")
        .then()
        .statusCode(404);
    assertEquals(0, count("SELECT count(*) FROM job WHERE consent_id = $1", consentId));
  }

  @Test
  void aConsentPastItsValidityExpiresAndIsNoLongerServed() throws Exception {
    Active given = activeConsent("9999999998", Map.of("scope", List.of("accounts", "balances")));
    String token = given.token();
    String consentId = given.consentId();
    // the last valid day passes (consent-service's own table, as its expiry job sees it)
    try (Connection db = EmbeddedPostgresServer.shared().getPostgresDatabase().getConnection();
        PreparedStatement s =
            db.prepareStatement(
                "UPDATE consent.consent SET valid_until = current_date - 1 WHERE id = ?")) {
      s.setObject(1, UUID.fromString(consentId));
      assertEquals(1, s.executeUpdate());
    }
    awaitConsent(token, consentId, "expired");
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                api(token)
                    .body(Map.of("consent_id", consentId))
                    .post("/v2/ais/balances/list")
                    .then()
                    .statusCode(409)
                    .body("detail", org.hamcrest.Matchers.containsString("expired")));
    assertFalse(
        rows("SELECT next_refresh_at FROM consent WHERE id = $1", consentId).get(0).getValue(0)
            != null,
        "no refresh after expiry");
  }

  @Test
  void validationNamesTheField() {
    Given g = givenConsent();
    api(g.token())
        .body(Map.of())
        .post("/v2/ais/jobs/create")
        .then()
        .statusCode(400)
        .body("field", equalTo("consent_id"));
    api(g.token())
        .body(Map.of("consent_id", g.consentId(), "filter", Map.of("credit_debit_indicator", "IN")))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(400)
        .body("field", equalTo("filter.credit_debit_indicator"));
    // a date PostgreSQL cannot hold is the client's mistake, not a 500
    api(g.token())
        .body(Map.of("consent_id", g.consentId(), "filter", Map.of("date_to", "+12025-01-01")))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(400)
        .body("field", equalTo("filter.date_to"));
    api(g.token())
        .body(Map.of("consent_id", g.consentId(), "unknown", 1))
        .post("/v2/ais/transactions/list")
        .then()
        .statusCode(400);
    api(g.token())
        .body(Map.of("job_id", "not-a-uuid"))
        .post("/v2/ais/jobs/get")
        .then()
        .statusCode(400)
        .body("field", notNullValue());
  }

  /** The document served at /q/openapi is the one the code generates (OpenApiContract). */
  @Test
  void servesTheOpenApiDocumentItsCodeGenerates() throws Exception {
    OpenApiContract.check();
  }
}
