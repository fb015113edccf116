package dev.openbank.xs2a.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Common.Amount;
import dev.openbank.xs2a.model.Common.Href;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/** PIS and funds-confirmation messages. */
public final class Payments {

  private Payments() {}

  /**
   * {@code paymentInitiation_json} for {@code sepa-credit-transfers}. The debtor account may be
   * left out where the bank lets the PSU pick it during SCA (pay-by-link).
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PaymentRequest(
      String endToEndIdentification,
      AccountReference debtorAccount,
      Amount instructedAmount,
      AccountReference creditorAccount,
      String creditorName,
      String remittanceInformationUnstructured) {}

  /** {@code paymentInitationRequestResponse-201} (sic). */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PaymentCreated(
      String transactionStatus, String paymentId, @JsonProperty("_links") Map<String, Href> links) {

    /** Where the PSU authorises the payment (redirect approach), or null. */
    public String scaRedirect() {
      Href h = links == null ? null : links.get("scaRedirect");
      return h == null ? null : h.href();
    }
  }

  /** {@code paymentInitiationWithStatusResponse} for a single payment. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PaymentInformation(
      String endToEndIdentification,
      AccountReference debtorAccount,
      Amount instructedAmount,
      AccountReference creditorAccount,
      String creditorName,
      String remittanceInformationUnstructured,
      String transactionStatus) {}

  /** {@code paymentInitiationStatusResponse-200_json}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PaymentStatus(String transactionStatus, Boolean fundsAvailable) {}

  /** {@code confirmationOfFunds}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FundsConfirmationRequest(AccountReference account, Amount instructedAmount) {}

  /** {@code inlineResponse200}: whether the funds are available. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FundsConfirmation(boolean fundsAvailable) {}

  /**
   * The sandbox bank's status notification to {@code TPP-Notification-URI} (the spec defines the
   * header, not the body): the payment and its new status.
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PaymentNotification(String paymentId, String transactionStatus) {}
}
