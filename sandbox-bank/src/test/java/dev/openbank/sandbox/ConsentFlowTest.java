package dev.openbank.sandbox;

import static dev.openbank.sandbox.Banks.BT;
import static dev.openbank.sandbox.Banks.PSU_IP;
import static dev.openbank.sandbox.Banks.REDIRECTS;
import static dev.openbank.sandbox.Banks.RZB;
import static dev.openbank.sandbox.Banks.RZB_FAULTS;
import static dev.openbank.sandbox.Banks.RZB_SLOW;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.RealPostgres;
import dev.openbank.xs2a.client.Xs2aClient;
import dev.openbank.xs2a.client.Xs2aException;
import dev.openbank.xs2a.model.Accounts.AccountDetails;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Consents.AccountAccess;
import dev.openbank.xs2a.model.Consents.ConsentCreated;
import dev.openbank.xs2a.model.Consents.ConsentRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AIS consent lifecycle at the sandbox bank, driven through the platform's XS2A client. */
@QuarkusTest
@WithTestResource(RealPostgres.class)
class ConsentFlowTest {

  @Inject Xs2aClient xs2a;

  static ConsentRequest request(AccountAccess access, int frequency) {
    return new ConsentRequest(access, true, LocalDate.now().plusDays(90), frequency, false);
  }

  private <T> T await(io.smallrye.mutiny.Uni<T> uni) {
    return uni.await().atMost(Duration.ofSeconds(20));
  }

  ConsentCreated create(String bank, AccountAccess access, int frequency) {
    return await(xs2a.createConsent(bank, request(access, frequency), REDIRECTS, PSU_IP));
  }

  @Test
  void aPsuAuthorisesAConsentAndTheTppReadsTheData() {
    ConsentCreated c = create(RZB, AccountAccess.allPsd2Accounts(), 4);
    assertEquals("received", c.consentStatus());
    assertEquals("received", await(xs2a.getConsentStatus(RZB, c.consentId())).consentStatus());
    given().get(c.scaRedirect()).then().statusCode(200).body(containsString("PSU ID"));

    Sca.approve(c.scaRedirect(), "psu_id", "0000000000").then().statusCode(401);
    Sca.approve(c.scaRedirect(), "psu_id", "9999999998")
        .then()
        .statusCode(303)
        .header("Location", "https://tpp.example/done");

    assertEquals("valid", await(xs2a.getConsentStatus(RZB, c.consentId())).consentStatus());
    var auths = await(xs2a.getConsentAuthorisations(RZB, c.consentId())).authorisationIds();
    assertEquals(
        "finalised", await(xs2a.getConsentScaStatus(RZB, c.consentId(), auths.get(0))).scaStatus());
    var info = await(xs2a.getConsent(RZB, c.consentId()));
    assertEquals(4, info.frequencyPerDay());
    assertEquals(LocalDate.now(), info.lastActionDate());

    List<AccountDetails> accounts = await(xs2a.getAccounts(RZB, c.consentId(), PSU_IP)).accounts();
    assertEquals(
        List.of("RO03RZBR0000069999999999", "RO30RZBR0000069999999901"),
        accounts.stream().map(AccountDetails::iban).toList());
    var balances =
        await(xs2a.getBalances(RZB, c.consentId(), PSU_IP, accounts.get(0).resourceId()));
    assertEquals(
        List.of("closingBooked", "interimAvailable"),
        balances.balances().stream().map(b -> b.balanceType()).toList());
  }

  @Test
  void fullHistoryIsReadableOnlyInTheConsentsFirstMinutesThenNinetyDays() {
    ConsentCreated c = create(RZB, AccountAccess.allPsd2Accounts(), 4);
    Sca.approve(c.scaRedirect(), "psu_id", "9999999998").then().statusCode(303);
    String account =
        await(xs2a.getAccounts(RZB, c.consentId(), PSU_IP)).accounts().get(0).resourceId();
    LocalDate twoYearsAgo = LocalDate.now().minusDays(729);

    int booked = 0;
    int pages = 0;
    Integer page = null;
    do {
      var report =
          await(
              xs2a.getTransactions(
                  RZB, c.consentId(), PSU_IP, account, "both", twoYearsAgo, null, page));
      booked += report.transactions().booked().size();
      page = Xs2aClient.nextPageIndex(report);
      pages++;
    } while (page != null);
    assertTrue(booked > 2000, "booked " + booked);
    assertTrue(pages > 10, "pages " + pages);

    // the test profile's full-history window is 4 s
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Xs2aException e =
                  assertThrows(
                      Xs2aException.class,
                      () ->
                          await(
                              xs2a.getTransactions(
                                  RZB,
                                  c.consentId(),
                                  PSU_IP,
                                  account,
                                  "booked",
                                  twoYearsAgo,
                                  null,
                                  null)));
              assertEquals(400, e.status());
              assertEquals("PERIOD_INVALID", e.code());
            });
    var recent =
        await(
            xs2a.getTransactions(
                RZB,
                c.consentId(),
                PSU_IP,
                account,
                "booked",
                LocalDate.now().minusDays(90),
                null,
                null));
    assertTrue(recent.transactions().booked().size() > 50);
    assertTrue(
        recent.transactions().booked().stream()
            .allMatch(t -> !t.bookingDate().isBefore(LocalDate.now().minusDays(90))));
  }

  @Test
  void credentialsPinsAndListedAccountsAreChecked() {
    AccountReference iban = AccountReference.iban("RO30BTRL0130120292568901");
    ConsentCreated c =
        create(BT, new AccountAccess(List.of(iban), List.of(iban), null, null, null), 4);
    Sca.approve(c.scaRedirect(), "psu_id", "testbt", "password", "testbt", "pin", "0000000")
        .then()
        .statusCode(401)
        .body(containsString("not correct"));
    Sca.approve(c.scaRedirect(), "psu_id", "testbt", "password", "testbt", "pin", "1234567")
        .then()
        .statusCode(303);
    var accounts = await(xs2a.getAccounts(BT, c.consentId(), PSU_IP)).accounts();
    assertEquals(
        List.of("RO30BTRL0130120292568901"), accounts.stream().map(AccountDetails::iban).toList());
    Xs2aException e =
        assertThrows(
            Xs2aException.class,
            () ->
                await(
                    xs2a.getTransactions(
                        BT,
                        c.consentId(),
                        PSU_IP,
                        accounts.get(0).resourceId(),
                        "booked",
                        LocalDate.now().minusDays(10),
                        null,
                        null)));
    assertEquals(401, e.status());
    assertEquals("CONSENT_INVALID", e.code());

    // a consent for someone else's account cannot be approved
    ConsentCreated other =
        create(
            BT,
            new AccountAccess(
                List.of(AccountReference.iban("RO42CECEAG0202RON0007466")), null, null, null, null),
            4);
    Sca.approve(other.scaRedirect(), "psu_id", "testbt", "password", "testbt", "pin", "1234567")
        .then()
        .statusCode(303)
        .header("Location", "https://tpp.example/failed");
    assertEquals("rejected", await(xs2a.getConsentStatus(BT, other.consentId())).consentStatus());
  }

  @Test
  void rejectedTerminatedAndRevokedConsentsReadNothing() {
    ConsentCreated rejected = create(RZB, AccountAccess.allPsd2Accounts(), 4);
    Sca.submit(rejected.scaRedirect(), "reject")
        .then()
        .statusCode(303)
        .header("Location", "https://tpp.example/failed");
    assertEquals(
        "rejected", await(xs2a.getConsentStatus(RZB, rejected.consentId())).consentStatus());
    Sca.approve(rejected.scaRedirect(), "psu_id", "9999999998").then().statusCode(409);

    ConsentCreated faulty = create(RZB, AccountAccess.allPsd2Accounts(), 4);
    Sca.approve(faulty.scaRedirect(), "psu_id", "9999999901")
        .then()
        .statusCode(303)
        .header("Location", "https://tpp.example/failed");
    assertEquals("rejected", await(xs2a.getConsentStatus(RZB, faulty.consentId())).consentStatus());

    ConsentCreated terminated = create(RZB, AccountAccess.allPsd2Accounts(), 4);
    Sca.approve(terminated.scaRedirect(), "psu_id", "9999999998").then().statusCode(303);
    await(xs2a.deleteConsent(RZB, terminated.consentId()));
    await(xs2a.deleteConsent(RZB, terminated.consentId()));
    assertEquals(
        "terminatedByTpp",
        await(xs2a.getConsentStatus(RZB, terminated.consentId())).consentStatus());
    Xs2aException e =
        assertThrows(
            Xs2aException.class,
            () -> await(xs2a.getAccounts(RZB, terminated.consentId(), PSU_IP)));
    assertEquals("CONSENT_INVALID", e.code());

    ConsentCreated revoked = create(RZB, AccountAccess.allPsd2Accounts(), 4);
    Sca.approve(revoked.scaRedirect(), "psu_id", "9999999998").then().statusCode(303);
    given()
        .post("/rzb_ro/sandbox/consents/" + revoked.consentId() + "/revoke")
        .then()
        .statusCode(204);
    assertEquals(
        "revokedByPsu", await(xs2a.getConsentStatus(RZB, revoked.consentId())).consentStatus());

    Xs2aException unknown =
        assertThrows(Xs2aException.class, () -> await(xs2a.getAccounts(RZB, "c-nope", PSU_IP)));
    assertEquals(400, unknown.status());
    assertEquals("CONSENT_UNKNOWN", unknown.code());
  }

  @Test
  void unattendedReadsAreLimitedToTheFrequencyPerDay() {
    ConsentCreated c = create(RZB, AccountAccess.allPsd2Accounts(), 2);
    Sca.approve(c.scaRedirect(), "psu_id", "9999999998").then().statusCode(303);
    await(xs2a.getAccounts(RZB, c.consentId(), null));
    await(xs2a.getAccounts(RZB, c.consentId(), null));
    Xs2aException e =
        assertThrows(Xs2aException.class, () -> await(xs2a.getAccounts(RZB, c.consentId(), null)));
    assertEquals(429, e.status());
    assertEquals("ACCESS_EXCEEDED", e.code());
    // reads the PSU asks for are not counted
    await(xs2a.getAccounts(RZB, c.consentId(), PSU_IP));
  }

  @Test
  void theClientRetriesABurstOfServerErrors() {
    ConsentCreated c = create(RZB_FAULTS, AccountAccess.allPsd2Accounts(), 4);
    Sca.approve(c.scaRedirect(), "psu_id", "9999999903").then().statusCode(303);
    // the PSU's fault switch answers the first two reads with 500; the client retries twice
    assertEquals(1, await(xs2a.getAccounts(RZB_FAULTS, c.consentId(), PSU_IP)).accounts().size());
  }

  @Test
  void aSlowBankTimesOutAndADeadBankOpensOnlyItsOwnCircuitBreaker() {
    ConsentCreated c = create(RZB_SLOW, AccountAccess.allPsd2Accounts(), 4);
    Sca.approve(c.scaRedirect(), "psu_id", "9999999902").then().statusCode(303);
    // slow_ms 3000 against the test read timeout of 1 s
    assertThrows(
        RuntimeException.class, () -> await(xs2a.getAccounts(RZB_SLOW, c.consentId(), PSU_IP)));

    String dead = "http://localhost:1/dead_bank";
    for (int i = 0; i < 6; i++) {
      assertThrows(RuntimeException.class, () -> await(xs2a.getConsentStatus(dead, "c-x")));
    }
    RuntimeException open =
        assertThrows(RuntimeException.class, () -> await(xs2a.getConsentStatus(dead, "c-x")));
    assertEquals("CircuitBreakerOpenException", open.getClass().getSimpleName(), open.toString());
    // the healthy bank is unaffected
    assertEquals(
        "received",
        await(
                xs2a.getConsentStatus(
                    RZB, create(RZB, AccountAccess.allPsd2Accounts(), 4).consentId()))
            .consentStatus());
  }

  @Test
  void everyCallNeedsAnXRequestIdWhichIsEchoed() {
    given()
        .get("/rzb_ro/v1/consents/c-x/status")
        .then()
        .statusCode(400)
        .body("tppMessages[0].code", org.hamcrest.Matchers.equalTo("FORMAT_ERROR"));
    String id = java.util.UUID.randomUUID().toString();
    given()
        .header("X-Request-ID", id)
        .get("/rzb_ro/v1/consents/c-x/status")
        .then()
        .statusCode(403)
        .header("X-Request-ID", id);
  }
}
