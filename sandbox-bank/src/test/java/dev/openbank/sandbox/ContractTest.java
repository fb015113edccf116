package dev.openbank.sandbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.openbank.testsupport.RealPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every response the platform consumes, as the sandbox really sends it, validated against the
 * Berlin Group NextGenPSD2 1.3.11 OpenAPI file (Atlassian's swagger-request-validator).
 */
@QuarkusTest
@WithTestResource(RealPostgres.class)
class ContractTest {

  private static OpenApiInteractionValidator validator;
  private final List<String> problems = new ArrayList<>();

  @BeforeAll
  static void loadSpec() {
    validator =
        OpenApiInteractionValidator.createForSpecificationUrl("berlin-group-psd2-api-1.3.11.yaml")
            .withBasePathOverride("/rzb_ro")
            .build();
  }

  private static RequestSpecification bg() {
    return given()
        .header("X-Request-ID", UUID.randomUUID().toString())
        .header("PSU-IP-Address", "192.0.2.10")
        .redirects()
        .follow(false);
  }

  /** Validates one response against the operation the spec declares for it. */
  private Response check(Request.Method method, String path, Response r) {
    SimpleResponse.Builder b = SimpleResponse.Builder.status(r.statusCode()).withBody(r.asString());
    r.headers().forEach(h -> b.withHeader(h.getName(), h.getValue()));
    ValidationReport report = validator.validateResponse(path, method, b.build());
    report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .forEach(m -> problems.add(method + " " + path + " " + r.statusCode() + ": " + m));
    return r;
  }

  @Test
  void aisResponsesMatchTheSpec() {
    String consents = "/rzb_ro/v1/consents";
    Response created =
        check(
            Request.Method.POST,
            consents,
            bg().header("TPP-Redirect-URI", "https://tpp.example/done")
                .contentType(ContentType.JSON)
                .body(
                    Map.of(
                        "access",
                        Map.of("allPsd2", "allAccounts"),
                        "recurringIndicator",
                        true,
                        "validUntil",
                        LocalDate.now().plusDays(30).toString(),
                        "frequencyPerDay",
                        4,
                        "combinedServiceIndicator",
                        false))
                .post(consents));
    assertEquals(201, created.statusCode());
    String id = created.path("consentId");
    Sca.approve(created.path("_links.scaRedirect.href"), "psu_id", "9999999998");

    check(Request.Method.GET, consents + "/" + id, bg().get(consents + "/" + id));
    check(
        Request.Method.GET,
        consents + "/" + id + "/status",
        bg().get(consents + "/" + id + "/status"));
    Response auths =
        check(
            Request.Method.GET,
            consents + "/" + id + "/authorisations",
            bg().get(consents + "/" + id + "/authorisations"));
    String auth = consents + "/" + id + "/authorisations/" + auths.path("authorisationIds[0]");
    check(Request.Method.GET, auth, bg().get(auth));

    Response accounts =
        check(
            Request.Method.GET,
            "/rzb_ro/v1/accounts",
            bg().header("Consent-ID", id).get("/rzb_ro/v1/accounts"));
    String account = "/rzb_ro/v1/accounts/" + accounts.path("accounts[0].resourceId");
    check(
        Request.Method.GET,
        account + "/balances",
        bg().header("Consent-ID", id).get(account + "/balances"));
    String tx = account + "/transactions";
    check(
        Request.Method.GET,
        tx,
        bg().header("Consent-ID", id)
            .queryParam("bookingStatus", "both")
            .queryParam("dateFrom", LocalDate.now().minusDays(60).toString())
            .get(tx));
    // errors the platform handles
    check(
        Request.Method.GET,
        "/rzb_ro/v1/accounts",
        bg().header("Consent-ID", "c-unknown").get("/rzb_ro/v1/accounts"));
    check(
        Request.Method.GET,
        tx,
        bg().header("Consent-ID", id)
            .queryParam("bookingStatus", "booked")
            .queryParam("dateFrom", "not-a-date")
            .get(tx));
    Response deleted =
        check(Request.Method.DELETE, consents + "/" + id, bg().delete(consents + "/" + id));
    assertEquals(204, deleted.statusCode());
    check(
        Request.Method.GET,
        "/rzb_ro/v1/accounts",
        bg().header("Consent-ID", id).get("/rzb_ro/v1/accounts"));
    assertFalse(problems.size() > 0, String.join("\n", problems));
  }

  @Test
  void pisAndFundsResponsesMatchTheSpec() {
    String payments = "/rzb_ro/v1/payments/sepa-credit-transfers";
    Response created =
        check(
            Request.Method.POST,
            payments,
            bg().header("TPP-Redirect-URI", "https://tpp.example/paid")
                .contentType(ContentType.JSON)
                .body(
                    Map.of(
                        "instructedAmount", Map.of("currency", "RON", "amount", "12.30"),
                        "debtorAccount", Map.of("iban", "RO03RZBR0000069999999999"),
                        "creditorAccount", Map.of("iban", "RO10RZBR0000069999999970"),
                        "creditorName", "Magazinul Demo SRL",
                        "remittanceInformationUnstructured", "Order 7"))
                .post(payments));
    assertEquals(201, created.statusCode());
    String id = created.path("paymentId");
    check(Request.Method.GET, payments + "/" + id, bg().get(payments + "/" + id));
    Sca.approve(created.path("_links.scaRedirect.href"), "psu_id", "9999999998");
    check(
        Request.Method.GET,
        payments + "/" + id + "/status",
        bg().get(payments + "/" + id + "/status"));
    check(
        Request.Method.GET,
        payments + "/p-unknown/status",
        bg().get(payments + "/p-unknown/status"));
    check(
        Request.Method.POST,
        "/rzb_ro/v1/funds-confirmations",
        bg().contentType(ContentType.JSON)
            .body(
                Map.of(
                    "account", Map.of("iban", "RO03RZBR0000069999999999"),
                    "instructedAmount", Map.of("currency", "RON", "amount", "10")))
            .post("/rzb_ro/v1/funds-confirmations"));
    assertFalse(problems.size() > 0, String.join("\n", problems));
  }

  @Test
  void theValidatorCatchesABrokenResponse() {
    SimpleResponse broken =
        SimpleResponse.Builder.status(200)
            .withContentType("application/json")
            .withHeader("X-Request-ID", UUID.randomUUID().toString())
            .withBody("{\"consentStatus\": 42}")
            .build();
    ValidationReport report =
        validator.validateResponse("/rzb_ro/v1/consents/c-1/status", Request.Method.GET, broken);
    assertEquals(true, report.hasErrors(), "a wrong type must be reported");
    SimpleResponse good =
        SimpleResponse.Builder.status(200)
            .withContentType("application/json")
            .withHeader("X-Request-ID", UUID.randomUUID().toString())
            .withBody("{\"consentStatus\": \"valid\"}")
            .build();
    ValidationReport ok =
        validator.validateResponse("/rzb_ro/v1/consents/c-1/status", Request.Method.GET, good);
    assertEquals(
        false, ok.hasErrors(), "the path is matched to the spec's operation: " + ok.getMessages());
  }
}
