package dev.openbank.sandbox;

import static dev.openbank.sandbox.Banks.LIBRA;
import static dev.openbank.sandbox.Banks.PSU_IP;
import static dev.openbank.sandbox.Banks.RZB;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.RealPostgres;
import dev.openbank.xs2a.client.Xs2aClient;
import dev.openbank.xs2a.client.Xs2aClient.Redirects;
import dev.openbank.xs2a.client.Xs2aException;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Common.Amount;
import dev.openbank.xs2a.model.Payments.FundsConfirmationRequest;
import dev.openbank.xs2a.model.Payments.PaymentCreated;
import dev.openbank.xs2a.model.Payments.PaymentRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Payment initiation at the sandbox bank: SCA, transactionStatus progression, notifications. */
@QuarkusTest
@WithTestResource(RealPostgres.class)
class PaymentFlowTest {

  static final String PRODUCT = "sepa-credit-transfers";
  static final String MERCHANT = "RO10RZBR0000069999999970";

  @Inject Xs2aClient xs2a;

  private <T> T await(io.smallrye.mutiny.Uni<T> uni) {
    return uni.await().atMost(Duration.ofSeconds(20));
  }

  static PaymentRequest payment(String amount, String debtorIban) {
    return new PaymentRequest(
        "e2e-" + System.nanoTime(),
        debtorIban == null ? null : AccountReference.iban(debtorIban),
        new Amount("RON", amount),
        AccountReference.iban(MERCHANT),
        "Magazinul Demo SRL",
        "Order 1234");
  }

  private PaymentCreated initiate(String bank, PaymentRequest request, String notify) {
    return await(
        xs2a.initiatePayment(
            bank,
            PRODUCT,
            request,
            new Redirects("https://tpp.example/paid", "https://tpp.example/not-paid", notify),
            PSU_IP));
  }

  private String status(String bank, String paymentId) {
    return await(xs2a.getPaymentStatus(bank, PRODUCT, paymentId)).transactionStatus();
  }

  @Test
  void anApprovedPaymentIsAcceptedThenSettledAndTheTppIsNotified() {
    try (NotificationReceiver tpp = new NotificationReceiver()) {
      PaymentCreated p = initiate(RZB, payment("125.50", null), tpp.url());
      assertEquals("RCVD", p.transactionStatus());
      RestAssured.given()
          .get(p.scaRedirect())
          .then()
          .statusCode(200)
          .body(containsString("125.50 RON"))
          .body(containsString("Pay from account"));
      Sca.approve(p.scaRedirect(), "psu_id", "9999999998")
          .then()
          .statusCode(303)
          .header("Location", "https://tpp.example/paid");
      var info = await(xs2a.getPayment(RZB, PRODUCT, p.paymentId()));
      assertEquals(
          "RO03RZBR0000069999999999", info.debtorAccount().iban(), "first RON account of the PSU");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "ACSC".equals(status(RZB, p.paymentId())));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tpp.bodies().size() >= 2);
      assertTrue(
          tpp.bodies().get(0).contains("\"transactionStatus\":\"ACTC\""), tpp.bodies().toString());
      assertTrue(
          tpp.bodies().get(1).contains("\"transactionStatus\":\"ACSC\""), tpp.bodies().toString());
      assertTrue(tpp.bodies().get(1).contains(p.paymentId()));
      // a bank without funds notifications stops at ACSC
      Awaitility.await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> "ACSC".equals(status(RZB, p.paymentId())));
      Sca.approve(p.scaRedirect(), "psu_id", "9999999998").then().statusCode(409);
    }
  }

  @Test
  void libraReportsFundsReceivedOrRejected() {
    try (NotificationReceiver tpp = new NotificationReceiver()) {
      PaymentCreated ok = initiate(LIBRA, payment("10", null), tpp.url());
      Sca.approve(ok.scaRedirect(), "psu_id", "testlibra", "password", "testlibra")
          .then()
          .statusCode(303);
      PaymentCreated rejected = initiate(LIBRA, payment("10", null), tpp.url());
      Sca.approve(rejected.scaRedirect(), "psu_id", "testlibra_rejected", "password", "testlibra")
          .then()
          .statusCode(303);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "ACCC".equals(status(LIBRA, ok.paymentId())));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "RJCT".equals(status(LIBRA, rejected.paymentId())));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  tpp.bodies().stream()
                      .anyMatch(b -> b.contains(ok.paymentId()) && b.contains("ACCC")));
      assertTrue(
          tpp.bodies().stream()
              .anyMatch(b -> b.contains(rejected.paymentId()) && b.contains("RJCT")));
    }
  }

  @Test
  void rejectionsFaultsAndMissingFundsEndInRjct() {
    PaymentCreated refused = initiate(RZB, payment("5", null), null);
    Sca.submit(refused.scaRedirect(), "reject")
        .then()
        .statusCode(303)
        .header("Location", "https://tpp.example/not-paid");
    assertEquals("RJCT", status(RZB, refused.paymentId()));

    PaymentCreated faulty = initiate(RZB, payment("5", null), null);
    Sca.approve(faulty.scaRedirect(), "psu_id", "9999999904")
        .then()
        .statusCode(303)
        .header("Location", "https://tpp.example/not-paid");
    assertEquals("RJCT", status(RZB, faulty.paymentId()));

    PaymentCreated tooMuch = initiate(RZB, payment("99999999", "RO03RZBR0000069999999999"), null);
    Sca.approve(tooMuch.scaRedirect(), "psu_id", "9999999998").then().statusCode(303);
    var s = await(xs2a.getPaymentStatus(RZB, PRODUCT, tooMuch.paymentId()));
    assertEquals("RJCT", s.transactionStatus());
    assertFalse(s.fundsAvailable());

    // the named debtor account belongs to another PSU: they cannot approve it
    PaymentCreated notYours = initiate(RZB, payment("5", "RO03RZBR0000069999999999"), null);
    Sca.approve(notYours.scaRedirect(), "psu_id", "9999999970")
        .then()
        .statusCode(401)
        .body(containsString("your own accounts"));
    assertEquals("RCVD", status(RZB, notYours.paymentId()));
  }

  @Test
  void badPaymentsAreRefusedWithNextGenPsd2Errors() {
    Xs2aException badIban =
        assertThrows(
            Xs2aException.class,
            () ->
                initiate(
                    RZB,
                    new PaymentRequest(
                        null,
                        null,
                        new Amount("RON", "1"),
                        AccountReference.iban("RO00XXXX"),
                        "X",
                        null),
                    null));
    assertEquals(400, badIban.status());
    assertEquals("FORMAT_ERROR", badIban.code());
    Xs2aException badAmount =
        assertThrows(Xs2aException.class, () -> initiate(RZB, payment("-1", null), null));
    assertEquals("FORMAT_ERROR", badAmount.code());
    Xs2aException product =
        assertThrows(
            Xs2aException.class,
            () ->
                await(
                    xs2a.initiatePayment(
                        RZB,
                        "instant-sepa-credit-transfers",
                        payment("1", null),
                        Banks.REDIRECTS,
                        PSU_IP)));
    assertEquals(404, product.status());
    assertEquals("PRODUCT_UNKNOWN", product.code());
    Xs2aException unknown = assertThrows(Xs2aException.class, () -> status(RZB, "p-nope"));
    assertEquals(404, unknown.status());
  }

  @Test
  void fundsConfirmationComparesTheAvailableBalance() {
    AccountReference account = AccountReference.iban("RO42CECEAG0202RON0007466");
    assertTrue(
        await(
                xs2a.confirmFunds(
                    Banks.CEC,
                    new FundsConfirmationRequest(account, Amount.of("RON", BigDecimal.ONE))))
            .fundsAvailable());
    assertFalse(
        await(
                xs2a.confirmFunds(
                    Banks.CEC,
                    new FundsConfirmationRequest(
                        account, Amount.of("RON", new BigDecimal("100000000")))))
            .fundsAvailable());
    assertFalse(
        await(
                xs2a.confirmFunds(
                    Banks.CEC,
                    new FundsConfirmationRequest(account, Amount.of("EUR", BigDecimal.ONE))))
            .fundsAvailable());
  }
}
