package dev.openbank.pis.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * Seed 004's decimal strings for money: digits only, no leading zeros except for values below 1
 * ("0.50"), no separators or signs or exponents, the decimal point optional for whole amounts. On
 * top: more than zero, no more fraction digits than the currency has, and at most 13 integer digits
 * (far above any payment; it keeps amounts inside numeric(15, 2) and every bank's limits).
 */
public final class Amounts {

  /** At most this many digits before the decimal point. */
  public static final int MAX_INTEGER_DIGITS = 13;

  // ASCII digits only: \d would also accept other scripts' digits such as "١٢"
  private static final Pattern SHAPE = Pattern.compile("(0|[1-9][0-9]*)(\\.[0-9]+)?");

  private Amounts() {}

  /** A parsed amount, or why the string is not one. */
  public sealed interface Parsed {}

  /** A valid amount, scaled to what was written (e.g. 100.5 stays 100.5). */
  public record Valid(BigDecimal value) implements Parsed {}

  /** Not an amount: {@code reason} is fit for a problem detail. */
  public record Invalid(String reason) implements Parsed {}

  /** Checks {@code amount} for {@code currency} (an ISO 4217 code, already validated or not). */
  public static Parsed parse(String amount, String currency) {
    if (amount == null || amount.isEmpty()) {
      return new Invalid("must not be empty");
    }
    if (!SHAPE.matcher(amount).matches()) {
      return new Invalid(
          "must be a decimal string such as \"100\", \"100.5\" or \"0.50\": digits, an optional"
              + " decimal point, no leading zeros, signs, separators or spaces");
    }
    int point = amount.indexOf('.');
    int integerDigits = point < 0 ? amount.length() : point;
    if (integerDigits > MAX_INTEGER_DIGITS) {
      return new Invalid(
          "must have at most " + MAX_INTEGER_DIGITS + " digits before the decimal point");
    }
    int fraction = point < 0 ? 0 : amount.length() - point - 1;
    int allowed = minorDigits(currency);
    if (allowed < 0) {
      return new Invalid("the currency " + currency + " has no amounts");
    }
    if (fraction > allowed) {
      return new Invalid(
          currency + " allows " + (allowed == 0 ? "no" : "at most " + allowed) + " decimal places");
    }
    BigDecimal value = new BigDecimal(amount);
    if (value.signum() <= 0) {
      return new Invalid("must be greater than 0");
    }
    return new Valid(value);
  }

  /** The currency's minor digits (2 for EUR and RON, 0 for JPY), or -1 if it is not a currency. */
  public static int minorDigits(String currency) {
    try {
      return Currency.getInstance(currency).getDefaultFractionDigits();
    } catch (IllegalArgumentException | NullPointerException e) {
      return -1;
    }
  }
}
