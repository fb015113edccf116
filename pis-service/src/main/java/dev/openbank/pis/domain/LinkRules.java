package dev.openbank.pis.domain;

import dev.openbank.commons.problem.Problem.FieldError;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.iban4j.IbanFormatException;
import org.iban4j.IbanUtil;
import org.iban4j.InvalidCheckDigitException;
import org.iban4j.UnsupportedCountryException;

/**
 * The rules of a new link that span fields: the amount and each unit price by seed 004's rules, the
 * goods adding up to the amount, a real IBAN, direct flows naming their bank, a sane expiry.
 */
public final class LinkRules {

  private LinkRules() {}

  /** One line of goods as requested. */
  public record Good(String name, int quantity, String unitPrice) {}

  /**
   * Every error, each naming its field; empty when the link may be created.
   *
   * @param production the API client's environment is production: webhooks must be https
   */
  public static List<FieldError> check(
      boolean production,
      String webhookUrl,
      String amount,
      String currency,
      String iban,
      List<Good> goods,
      String flowType,
      String providerCode,
      String methodId,
      Instant expiresAt,
      Instant now,
      Duration maxExpiry) {
    List<FieldError> errors = new ArrayList<>();
    BigDecimal value = null;
    if (Amounts.minorDigits(currency) < 0) {
      errors.add(new FieldError("currency", "must be an ISO 4217 currency with amounts"));
      return errors; // amounts cannot be judged without a currency
    }
    if (Amounts.parse(amount, currency) instanceof Amounts.Invalid bad) {
      errors.add(new FieldError("amount", bad.reason()));
    } else {
      value = ((Amounts.Valid) Amounts.parse(amount, currency)).value();
    }
    if (goods != null && !goods.isEmpty()) {
      BigDecimal total = BigDecimal.ZERO;
      boolean priced = true;
      for (int i = 0; i < goods.size(); i++) {
        Good g = goods.get(i);
        Amounts.Parsed price = Amounts.parse(g.unitPrice(), currency);
        if (price instanceof Amounts.Invalid bad) {
          errors.add(new FieldError("goods[" + i + "].unit_price", bad.reason()));
          priced = false;
        } else {
          total =
              total.add(((Amounts.Valid) price).value().multiply(BigDecimal.valueOf(g.quantity())));
        }
      }
      if (priced && value != null && total.compareTo(value) != 0) {
        errors.add(
            new FieldError(
                "goods",
                "the goods add up to " + total.toPlainString() + ", not the amount " + amount));
      }
    }
    try {
      IbanUtil.validate(iban);
    } catch (IbanFormatException | InvalidCheckDigitException | UnsupportedCountryException e) {
      errors.add(new FieldError("creditor.iban", "must be a valid IBAN"));
    }
    if ("direct_sca".equals(flowType) || "redirect_sca".equals(flowType)) {
      if (providerCode == null) {
        errors.add(new FieldError("provider_code", "is required for " + flowType));
      }
      if (methodId == null) {
        errors.add(new FieldError("payment_method_id", "is required for " + flowType));
      }
    }
    if (expiresAt != null
        && (!expiresAt.isAfter(now.plusSeconds(60)) || expiresAt.isAfter(now.plus(maxExpiry)))) {
      errors.add(
          new FieldError(
              "expires_at",
              "must be at least a minute and at most " + maxExpiry.toDays() + " days ahead"));
    }
    if (production && webhookUrl != null && !webhookUrl.startsWith("https://")) {
      errors.add(new FieldError("webhook_url", "must be https in production"));
    }
    return errors;
  }
}
