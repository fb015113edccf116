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
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * The Berlin Group NextGenPSD2 1.3.11 operations the platform uses, relative to a bank's base URL.
 * Built per bank by {@link Xs2aClient}; never injected directly.
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RegisterProvider(Xs2aErrorMapper.class)
interface Xs2aApi {

  @POST
  @Path("/consents")
  Uni<ConsentCreated> createConsent(
      @HeaderParam("X-Request-ID") String requestId,
      @HeaderParam("PSU-IP-Address") String psuIpAddress,
      @HeaderParam("TPP-Redirect-Preferred") Boolean redirectPreferred,
      @HeaderParam("TPP-Redirect-URI") String redirectUri,
      @HeaderParam("TPP-Nok-Redirect-URI") String nokRedirectUri,
      ConsentRequest body);

  @GET
  @Path("/consents/{consentId}")
  Uni<ConsentInformation> getConsent(
      @HeaderParam("X-Request-ID") String requestId, @PathParam("consentId") String consentId);

  @GET
  @Path("/consents/{consentId}/status")
  Uni<ConsentStatus> getConsentStatus(
      @HeaderParam("X-Request-ID") String requestId, @PathParam("consentId") String consentId);

  @DELETE
  @Path("/consents/{consentId}")
  Uni<Void> deleteConsent(
      @HeaderParam("X-Request-ID") String requestId, @PathParam("consentId") String consentId);

  @GET
  @Path("/consents/{consentId}/authorisations")
  Uni<Authorisations> getConsentAuthorisations(
      @HeaderParam("X-Request-ID") String requestId, @PathParam("consentId") String consentId);

  @GET
  @Path("/consents/{consentId}/authorisations/{authorisationId}")
  Uni<ScaStatus> getConsentScaStatus(
      @HeaderParam("X-Request-ID") String requestId,
      @PathParam("consentId") String consentId,
      @PathParam("authorisationId") String authorisationId);

  @GET
  @Path("/accounts")
  Uni<AccountList> getAccounts(
      @HeaderParam("X-Request-ID") String requestId,
      @HeaderParam("Consent-ID") String consentId,
      @HeaderParam("PSU-IP-Address") String psuIpAddress,
      @QueryParam("withBalance") Boolean withBalance);

  @GET
  @Path("/accounts/{account-id}/balances")
  Uni<BalanceReport> getBalances(
      @HeaderParam("X-Request-ID") String requestId,
      @HeaderParam("Consent-ID") String consentId,
      @HeaderParam("PSU-IP-Address") String psuIpAddress,
      @PathParam("account-id") String accountId);

  @GET
  @Path("/accounts/{account-id}/transactions")
  Uni<TransactionReport> getTransactions(
      @HeaderParam("X-Request-ID") String requestId,
      @HeaderParam("Consent-ID") String consentId,
      @HeaderParam("PSU-IP-Address") String psuIpAddress,
      @PathParam("account-id") String accountId,
      @QueryParam("bookingStatus") String bookingStatus,
      @QueryParam("dateFrom") LocalDate dateFrom,
      @QueryParam("dateTo") LocalDate dateTo,
      @QueryParam("pageIndex") Integer pageIndex);

  @POST
  @Path("/payments/{payment-product}")
  Uni<PaymentCreated> initiatePayment(
      @HeaderParam("X-Request-ID") String requestId,
      @HeaderParam("PSU-IP-Address") String psuIpAddress,
      @HeaderParam("TPP-Redirect-Preferred") Boolean redirectPreferred,
      @HeaderParam("TPP-Redirect-URI") String redirectUri,
      @HeaderParam("TPP-Nok-Redirect-URI") String nokRedirectUri,
      @HeaderParam("TPP-Notification-URI") String notificationUri,
      @PathParam("payment-product") String paymentProduct,
      PaymentRequest body);

  @GET
  @Path("/payments/{payment-product}/{paymentId}")
  Uni<PaymentInformation> getPayment(
      @HeaderParam("X-Request-ID") String requestId,
      @PathParam("payment-product") String paymentProduct,
      @PathParam("paymentId") String paymentId);

  @GET
  @Path("/payments/{payment-product}/{paymentId}/status")
  Uni<PaymentStatus> getPaymentStatus(
      @HeaderParam("X-Request-ID") String requestId,
      @PathParam("payment-product") String paymentProduct,
      @PathParam("paymentId") String paymentId);

  @POST
  @Path("/funds-confirmations")
  Uni<FundsConfirmation> confirmFunds(
      @HeaderParam("X-Request-ID") String requestId, FundsConfirmationRequest body);
}
