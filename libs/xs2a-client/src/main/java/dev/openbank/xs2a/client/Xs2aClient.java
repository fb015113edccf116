package dev.openbank.xs2a.client;

import dev.openbank.xs2a.model.Accounts.AccountList;
import dev.openbank.xs2a.model.Accounts.BalanceReport;
import dev.openbank.xs2a.model.Accounts.TransactionReport;
import dev.openbank.xs2a.model.Consents.Authorisations;
import dev.openbank.xs2a.model.Consents.ConsentCreated;
import dev.openbank.xs2a.model.Consents.ConsentInformation;
import dev.openbank.xs2a.model.Consents.ConsentRequest;
import dev.openbank.xs2a.model.Consents.ConsentStatus;
import dev.openbank.xs2a.model.Consents.ScaStatus;
import dev.openbank.xs2a.model.Payments.FundsConfirmation;
import dev.openbank.xs2a.model.Payments.FundsConfirmationRequest;
import dev.openbank.xs2a.model.Payments.PaymentCreated;
import dev.openbank.xs2a.model.Payments.PaymentInformation;
import dev.openbank.xs2a.model.Payments.PaymentRequest;
import dev.openbank.xs2a.model.Payments.PaymentStatus;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls banks over Berlin Group NextGenPSD2. Each bank (base URL, from the provider's connector
 * settings) gets its own REST client and its own circuit breaker, so one failing bank never slows
 * the others. Reads and deletes are retried with backoff on network errors and 5xx (not 429: a bank
 * limits reads per day, so retrying soon cannot help); creating a consent or a payment is never
 * retried (a retry could create a second one).
 */
@ApplicationScoped
public class Xs2aClient {

  /** Where the bank sends the PSU after SCA, and (payments) where it notifies status changes. */
  public record Redirects(String ok, String nok, String notification) {}

  private record Bank(Xs2aApi api, Guard guard) {}

  private final Xs2aConfig config;
  private final ConcurrentMap<String, Bank> banks = new ConcurrentHashMap<>();

  public Xs2aClient(Xs2aConfig config) {
    this.config = config;
  }

  public Uni<ConsentCreated> createConsent(
      String baseUrl, ConsentRequest request, Redirects redirects, String psuIpAddress) {
    return once(
        baseUrl,
        (api, id) ->
            api.createConsent(id, psuIpAddress, true, redirects.ok(), redirects.nok(), request));
  }

  public Uni<ConsentInformation> getConsent(String baseUrl, String consentId) {
    return idempotent(baseUrl, (api, id) -> api.getConsent(id, consentId));
  }

  public Uni<ConsentStatus> getConsentStatus(String baseUrl, String consentId) {
    return idempotent(baseUrl, (api, id) -> api.getConsentStatus(id, consentId));
  }

  /** Ends the consent at the bank ({@code terminatedByTpp}). */
  public Uni<Void> deleteConsent(String baseUrl, String consentId) {
    return idempotent(baseUrl, (api, id) -> api.deleteConsent(id, consentId));
  }

  public Uni<Authorisations> getConsentAuthorisations(String baseUrl, String consentId) {
    return idempotent(baseUrl, (api, id) -> api.getConsentAuthorisations(id, consentId));
  }

  public Uni<ScaStatus> getConsentScaStatus(
      String baseUrl, String consentId, String authorisationId) {
    return idempotent(
        baseUrl, (api, id) -> api.getConsentScaStatus(id, consentId, authorisationId));
  }

  /**
   * @param psuIpAddress the PSU's address when the PSU asked for this read, null for an unattended
   *     read (which counts against the consent's frequency per day)
   */
  public Uni<AccountList> getAccounts(String baseUrl, String consentId, String psuIpAddress) {
    return idempotent(baseUrl, (api, id) -> api.getAccounts(id, consentId, psuIpAddress, false));
  }

  public Uni<BalanceReport> getBalances(
      String baseUrl, String consentId, String psuIpAddress, String accountId) {
    return idempotent(
        baseUrl, (api, id) -> api.getBalances(id, consentId, psuIpAddress, accountId));
  }

  /**
   * One page of an account's transactions.
   *
   * @param bookingStatus {@code booked}, {@code pending} or {@code both}
   * @param pageIndex null for the first page; then {@link #nextPageIndex} of the previous page
   */
  public Uni<TransactionReport> getTransactions(
      String baseUrl,
      String consentId,
      String psuIpAddress,
      String accountId,
      String bookingStatus,
      LocalDate dateFrom,
      LocalDate dateTo,
      Integer pageIndex) {
    return idempotent(
        baseUrl,
        (api, id) ->
            api.getTransactions(
                id,
                consentId,
                psuIpAddress,
                accountId,
                bookingStatus,
                dateFrom,
                dateTo,
                pageIndex));
  }

  /** The {@code pageIndex} of the report's {@code _links.next}, or null on the last page. */
  public static Integer nextPageIndex(TransactionReport report) {
    String next = report.transactions() == null ? null : report.transactions().next();
    if (next == null) {
      return null;
    }
    String query = URI.create(next).getQuery();
    if (query != null) {
      for (String param : query.split("&")) {
        if (param.startsWith("pageIndex=")) {
          return Integer.valueOf(param.substring("pageIndex=".length()));
        }
      }
    }
    throw new IllegalStateException("next link without pageIndex: " + next);
  }

  public Uni<PaymentCreated> initiatePayment(
      String baseUrl,
      String paymentProduct,
      PaymentRequest request,
      Redirects redirects,
      String psuIpAddress) {
    return once(
        baseUrl,
        (api, id) ->
            api.initiatePayment(
                id,
                psuIpAddress,
                true,
                redirects.ok(),
                redirects.nok(),
                redirects.notification(),
                paymentProduct,
                request));
  }

  public Uni<PaymentInformation> getPayment(
      String baseUrl, String paymentProduct, String paymentId) {
    return idempotent(baseUrl, (api, id) -> api.getPayment(id, paymentProduct, paymentId));
  }

  public Uni<PaymentStatus> getPaymentStatus(
      String baseUrl, String paymentProduct, String paymentId) {
    return idempotent(baseUrl, (api, id) -> api.getPaymentStatus(id, paymentProduct, paymentId));
  }

  /** Funds confirmation is a read: it changes nothing at the bank, so it is retried too. */
  public Uni<FundsConfirmation> confirmFunds(String baseUrl, FundsConfirmationRequest request) {
    return idempotent(baseUrl, (api, id) -> api.confirmFunds(id, request));
  }

  /** One operation on one bank's API with its X-Request-ID. */
  @FunctionalInterface
  private interface Call<T> {
    Uni<T> on(Xs2aApi api, String requestId);
  }

  private <T> Uni<T> once(String baseUrl, Call<T> call) {
    Bank bank = bank(baseUrl);
    String requestId = UUID.randomUUID().toString();
    return guarded(bank, () -> call.on(bank.api(), requestId));
  }

  private <T> Uni<T> idempotent(String baseUrl, Call<T> call) {
    Bank bank = bank(baseUrl);
    String requestId = UUID.randomUUID().toString();
    return guarded(bank, () -> call.on(bank.api(), requestId))
        .onFailure(Xs2aClient::retryable)
        .retry()
        .withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(10))
        .atMost(config.retries());
  }

  private <T> Uni<T> guarded(Bank bank, Supplier<Uni<T>> action) {
    return Uni.createFrom().deferred(() -> bank.guard().get(action, new TypeLiteral<Uni<T>>() {}));
  }

  static boolean retryable(Throwable t) {
    Xs2aException e = bankAnswer(t);
    if (e != null) {
      return e.serverError();
    }
    // connection refused, reset, read timeout: the bank may not have seen the request
    return t instanceof jakarta.ws.rs.ProcessingException
        || t instanceof java.io.IOException
        || t instanceof java.util.concurrent.TimeoutException
        || t.getCause() instanceof java.io.IOException;
  }

  private Bank bank(String baseUrl) {
    return banks.computeIfAbsent(baseUrl, this::connect);
  }

  private Bank connect(String baseUrl) {
    Xs2aApi api =
        QuarkusRestClientBuilder.newBuilder()
            .baseUri(URI.create(baseUrl))
            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .build(Xs2aApi.class);
    Guard guard =
        Guard.create()
            .withDescription("xs2a " + baseUrl)
            .withCircuitBreaker()
            .requestVolumeThreshold(config.circuitRequestVolume())
            .failureRatio(config.circuitFailureRatio())
            .delay(config.circuitDelay().toMillis(), ChronoUnit.MILLIS)
            .when(Xs2aClient::countsAgainstBank)
            .done()
            .build();
    return new Bank(api, guard);
  }

  /** A refusal (4xx) is the bank working correctly; only faults count against its breaker. */
  private static boolean countsAgainstBank(Throwable t) {
    Xs2aException e = bankAnswer(t);
    return e == null || e.serverError();
  }

  /** The bank's refusal (a 4xx answer) in a failure, or null for a fault or no answer at all. */
  public static Xs2aException refusal(Throwable t) {
    Xs2aException e = bankAnswer(t);
    return e != null && !e.serverError() ? e : null;
  }

  /** The bank's error answer, possibly wrapped by the REST client, or null if there was none. */
  static Xs2aException bankAnswer(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Xs2aException e) {
        return e;
      }
    }
    return null;
  }
}
