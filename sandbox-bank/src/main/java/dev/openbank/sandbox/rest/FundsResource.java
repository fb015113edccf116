package dev.openbank.sandbox.rest;

import dev.openbank.sandbox.domain.AccountRef;
import dev.openbank.sandbox.service.SandboxBank;
import dev.openbank.xs2a.model.Payments.FundsConfirmation;
import dev.openbank.xs2a.model.Payments.FundsConfirmationRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;

/** {@code /{aspsp}/v1/funds-confirmations}: is the amount available on the account now? */
@Path("/{aspsp}/v1/funds-confirmations")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FundsResource {

  private final SandboxBank bank;

  public FundsResource(SandboxBank bank) {
    this.bank = bank;
  }

  @POST
  public FundsConfirmation confirm(
      @PathParam("aspsp") String aspsp, FundsConfirmationRequest body) {
    bank.require(aspsp);
    if (body == null || body.account() == null || body.instructedAmount() == null) {
      throw BgError.format("account and instructedAmount are required");
    }
    AccountRef ref =
        bank.accountByIban(aspsp, body.account().iban())
            .orElseThrow(
                () -> new BgError(400, "RESOURCE_UNKNOWN", "no such account at this bank"));
    BigDecimal amount;
    try {
      amount = body.instructedAmount().value();
    } catch (NumberFormatException | NullPointerException e) {
      throw BgError.format("instructedAmount.amount must be a decimal string");
    }
    boolean sameCurrency = ref.account().currency().equals(body.instructedAmount().currency());
    return new FundsConfirmation(
        sameCurrency && bank.history(ref).available().compareTo(amount) >= 0);
  }
}
