package dev.openbank.sandbox.rest;

import dev.openbank.sandbox.repository.PaymentRepository;
import dev.openbank.sandbox.repository.PaymentRow;
import dev.openbank.sandbox.service.Ids;
import dev.openbank.sandbox.service.Links;
import dev.openbank.sandbox.service.SandboxBank;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Common.Amount;
import dev.openbank.xs2a.model.Payments.PaymentCreated;
import dev.openbank.xs2a.model.Payments.PaymentInformation;
import dev.openbank.xs2a.model.Payments.PaymentRequest;
import dev.openbank.xs2a.model.Payments.PaymentStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Currency;
import org.iban4j.IbanFormatException;
import org.iban4j.IbanUtil;
import org.iban4j.InvalidCheckDigitException;
import org.iban4j.UnsupportedCountryException;

/** {@code /{aspsp}/v1/payments/{payment-product}}: single payment initiations, redirect SCA. */
@Path("/{aspsp}/v1/payments/{product}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

  static final String PRODUCT = "sepa-credit-transfers";

  private final SandboxBank bank;
  private final PaymentRepository payments;
  private final Links links;

  public PaymentResource(SandboxBank bank, PaymentRepository payments, Links links) {
    this.bank = bank;
    this.payments = payments;
    this.links = links;
  }

  @POST
  public Uni<Response> initiate(
      @PathParam("aspsp") String aspsp,
      @PathParam("product") String product,
      @HeaderParam("PSU-IP-Address") String psuIp,
      @HeaderParam("TPP-Redirect-URI") String redirectUri,
      @HeaderParam("TPP-Nok-Redirect-URI") String nokRedirectUri,
      @HeaderParam("TPP-Notification-URI") String notificationUri,
      PaymentRequest body) {
    known(aspsp, product);
    BgError.requireRedirectHeaders(psuIp, redirectUri);
    if (notificationUri != null && !notificationUri.matches("https?://\\S+")) {
      throw BgError.format("TPP-Notification-URI must be an absolute http(s) URI");
    }
    BigDecimal amount = validate(aspsp, body);
    String id = Ids.next("p-");
    PaymentRow row =
        new PaymentRow(
            id,
            aspsp,
            product,
            "RCVD",
            "received",
            Ids.next("a-"),
            body.endToEndIdentification(),
            body.debtorAccount() == null ? null : body.debtorAccount().iban(),
            body.creditorAccount().iban(),
            body.creditorName(),
            amount,
            body.instructedAmount().currency(),
            body.remittanceInformationUnstructured(),
            redirectUri,
            nokRedirectUri,
            notificationUri,
            null,
            null,
            null);
    String self = "/" + aspsp + "/v1/payments/" + product + "/" + id;
    return payments
        .insert(row)
        .map(
            v ->
                Response.created(URI.create(self))
                    .header("ASPSP-SCA-Approach", "REDIRECT")
                    .header("ASPSP-Notification-Support", notificationUri != null)
                    .entity(
                        new PaymentCreated(
                            "RCVD",
                            id,
                            Links.of(
                                "scaRedirect",
                                links.scaPage(aspsp, "payments", id),
                                "self",
                                self,
                                "status",
                                self + "/status",
                                "scaStatus",
                                self + "/authorisations/" + row.authorisationId())))
                    .build());
  }

  @GET
  @Path("/{paymentId}")
  public Uni<PaymentInformation> get(
      @PathParam("aspsp") String aspsp,
      @PathParam("product") String product,
      @PathParam("paymentId") String paymentId) {
    return find(aspsp, product, paymentId)
        .map(
            p ->
                new PaymentInformation(
                    p.endToEndId(),
                    p.debtorIban() == null ? null : AccountReference.iban(p.debtorIban()),
                    Amount.of(p.currency(), p.amount()),
                    AccountReference.iban(p.creditorIban()),
                    p.creditorName(),
                    p.remittance(),
                    p.status()));
  }

  @GET
  @Path("/{paymentId}/status")
  public Uni<PaymentStatus> status(
      @PathParam("aspsp") String aspsp,
      @PathParam("product") String product,
      @PathParam("paymentId") String paymentId) {
    return find(aspsp, product, paymentId)
        .map(p -> new PaymentStatus(p.status(), p.fundsAvailable()));
  }

  private Uni<PaymentRow> find(String aspsp, String product, String paymentId) {
    known(aspsp, product);
    return payments
        .find(aspsp, product, paymentId)
        .map(
            p -> {
              if (p == null) {
                throw BgError.resourceUnknown(404, "no such payment at this bank");
              }
              return p;
            });
  }

  private void known(String aspsp, String product) {
    bank.require(aspsp);
    if (!PRODUCT.equals(product)) {
      throw new BgError(404, "PRODUCT_UNKNOWN", "only " + PRODUCT + " is offered");
    }
  }

  private BigDecimal validate(String aspsp, PaymentRequest body) {
    if (body == null || body.instructedAmount() == null) {
      throw BgError.format("instructedAmount is required");
    }
    Amount a = body.instructedAmount();
    if (a.amount() == null || !a.amount().matches("[0-9]{1,14}(\\.[0-9]{1,2})?")) {
      throw BgError.format("instructedAmount.amount must be a positive decimal string");
    }
    BigDecimal amount = new BigDecimal(a.amount());
    if (amount.signum() <= 0) {
      throw BgError.format("instructedAmount.amount must be greater than 0");
    }
    try {
      Currency.getInstance(a.currency() == null ? "" : a.currency());
    } catch (IllegalArgumentException e) {
      throw BgError.format("instructedAmount.currency must be an ISO 4217 code");
    }
    if (body.creditorName() == null
        || body.creditorName().isBlank()
        || body.creditorName().length() > 70) {
      throw BgError.format("creditorName is required (at most 70 characters)");
    }
    iban(body.creditorAccount(), "creditorAccount.iban");
    if (body.debtorAccount() != null) {
      iban(body.debtorAccount(), "debtorAccount.iban");
      if (bank.accountByIban(aspsp, body.debtorAccount().iban()).isEmpty()) {
        throw new BgError(400, "RESOURCE_UNKNOWN", "debtorAccount is not an account of this bank");
      }
    }
    return amount;
  }

  private static void iban(AccountReference ref, String field) {
    try {
      IbanUtil.validate(ref == null ? null : ref.iban());
    } catch (IbanFormatException
        | InvalidCheckDigitException
        | UnsupportedCountryException
        | NullPointerException e) {
      throw BgError.format(field + " must be a valid IBAN");
    }
  }
}
