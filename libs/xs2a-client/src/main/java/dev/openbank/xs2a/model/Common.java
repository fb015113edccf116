package dev.openbank.xs2a.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;

/**
 * Value types shared by every Berlin Group NextGenPSD2 1.3.11 message. The wire is camelCase
 * whatever the service's own JSON naming; unknown fields from banks are ignored.
 */
public final class Common {

  private Common() {}

  /** {@code amount}: currency and a decimal string (a JSON number is invalid on the wire). */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Amount(String currency, String amount) {

    public static Amount of(String currency, BigDecimal value) {
      return new Amount(currency, value.toPlainString());
    }

    public BigDecimal value() {
      return new BigDecimal(amount);
    }
  }

  /** {@code accountReference}: the platform uses the IBAN form. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccountReference(String iban, String currency) {

    public static AccountReference iban(String iban) {
      return new AccountReference(iban, null);
    }
  }

  /** {@code hrefType}: one entry of a {@code _links} object. */
  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Href(String href) {}

  /** One {@code tppMessages} entry of an error body. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TppMessage(String category, String code, String path, String text) {

    public static TppMessage error(String code, String text) {
      return new TppMessage("ERROR", code, null, text);
    }
  }

  /** A NextGenPSD2-style ({@code application/json}) error body. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ErrorBody(List<TppMessage> tppMessages) {

    public static ErrorBody of(String code, String text) {
      return new ErrorBody(List.of(TppMessage.error(code, text)));
    }
  }
}
