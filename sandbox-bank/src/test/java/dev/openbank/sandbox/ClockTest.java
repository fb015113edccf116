package dev.openbank.sandbox;

import static dev.openbank.sandbox.Banks.PSU_IP;
import static dev.openbank.sandbox.Banks.REDIRECTS;
import static dev.openbank.sandbox.Banks.RZB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.RealPostgres;
import dev.openbank.xs2a.client.Xs2aClient;
import dev.openbank.xs2a.client.Xs2aException;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Common.Amount;
import dev.openbank.xs2a.model.Consents.AccountAccess;
import dev.openbank.xs2a.model.Consents.ConsentCreated;
import dev.openbank.xs2a.model.Payments.PaymentCreated;
import dev.openbank.xs2a.model.Payments.PaymentRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What the bank's clock does: consents expire after validUntil, and consents and payments left
 * unauthorised past the SCA timeout are rejected. The tests move a row back in time in the database
 * and let the bank's own once-a-second job act on it.
 */
@QuarkusTest
@WithTestResource(RealPostgres.class)
class ClockTest {

  @Inject Xs2aClient xs2a;
  @Inject Pool pool;

  private <T> T await(io.smallrye.mutiny.Uni<T> uni) {
    return uni.await().atMost(Duration.ofSeconds(20));
  }

  private void travel(String sql, String id) {
    assertEquals(1, await(pool.preparedQuery(sql).execute(Tuple.of(id))).rowCount());
  }

  private ConsentCreated consent() {
    return await(
        xs2a.createConsent(
            RZB, ConsentFlowTest.request(AccountAccess.allPsd2Accounts(), 4), REDIRECTS, PSU_IP));
  }

  @Test
  void aConsentPastValidUntilExpiresAndReadsNothing() {
    ConsentCreated c = consent();
    Sca.approve(c.scaRedirect(), "psu_id", "9999999998").then().statusCode(303);
    travel("UPDATE consent SET valid_until = CURRENT_DATE - 1 WHERE id = $1", c.consentId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "expired".equals(await(xs2a.getConsentStatus(RZB, c.consentId())).consentStatus()));
    Xs2aException e =
        assertThrows(
            Xs2aException.class, () -> await(xs2a.getAccounts(RZB, c.consentId(), PSU_IP)));
    assertEquals(401, e.status());
    assertEquals("CONSENT_EXPIRED", e.code());
  }

  @Test
  void consentsAndPaymentsNotAuthorisedInTimeAreRejected() {
    ConsentCreated c = consent();
    travel(
        "UPDATE consent SET created_at = now() - interval '1 hour' WHERE id = $1", c.consentId());
    try (NotificationReceiver tpp = new NotificationReceiver()) {
      PaymentCreated p =
          await(
              xs2a.initiatePayment(
                  RZB,
                  "sepa-credit-transfers",
                  new PaymentRequest(
                      null,
                      null,
                      new Amount("RON", "3"),
                      AccountReference.iban("RO10RZBR0000069999999970"),
                      "Magazinul Demo SRL",
                      null),
                  new Xs2aClient.Redirects("https://tpp.example/ok", null, tpp.url()),
                  PSU_IP));
      travel(
          "UPDATE payment SET created_at = now() - interval '1 hour' WHERE id = $1", p.paymentId());
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  "RJCT"
                      .equals(
                          await(xs2a.getPaymentStatus(RZB, "sepa-credit-transfers", p.paymentId()))
                              .transactionStatus()));
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !tpp.bodies().isEmpty());
      assertTrue(tpp.bodies().get(0).contains("RJCT"));
    }
    assertEquals("rejected", await(xs2a.getConsentStatus(RZB, c.consentId())).consentStatus());
    var auth = await(xs2a.getConsentAuthorisations(RZB, c.consentId())).authorisationIds().get(0);
    assertEquals("failed", await(xs2a.getConsentScaStatus(RZB, c.consentId(), auth)).scaStatus());
  }
}
