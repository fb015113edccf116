package dev.openbank.xs2a.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Common.Href;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** AIS consent messages ({@code /v1/consents}). */
public final class Consents {

  private Consents() {}

  /** Consent status values (spec: exactly these seven). */
  public static final List<String> STATUSES =
      List.of(
          "received",
          "rejected",
          "valid",
          "revokedByPsu",
          "expired",
          "terminatedByTpp",
          "partiallyAuthorised");

  /**
   * {@code accountAccess}: per-service IBAN lists, or {@code allPsd2}/{@code availableAccounts} =
   * {@code allAccounts} for a bank-offered consent.
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccountAccess(
      List<AccountReference> accounts,
      List<AccountReference> balances,
      List<AccountReference> transactions,
      String availableAccounts,
      String allPsd2) {

    /** Bank-offered: accounts, balances and transactions of every payment account of the PSU. */
    public static AccountAccess allPsd2Accounts() {
      return new AccountAccess(null, null, null, null, "allAccounts");
    }

    /** Bank-offered, the account list only (no balances or transactions). */
    public static AccountAccess availableAccountsOnly() {
      return new AccountAccess(null, null, null, "allAccounts", null);
    }
  }

  /** {@code consents}: the create-consent body. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ConsentRequest(
      AccountAccess access,
      boolean recurringIndicator,
      LocalDate validUntil,
      int frequencyPerDay,
      boolean combinedServiceIndicator) {}

  /** {@code consentsResponse-201}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ConsentCreated(
      String consentStatus, String consentId, @JsonProperty("_links") Map<String, Href> links) {

    /** Where the PSU authorises the consent (redirect approach), or null. */
    public String scaRedirect() {
      Href h = links == null ? null : links.get("scaRedirect");
      return h == null ? null : h.href();
    }
  }

  /** {@code consentInformationResponse-200_json}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ConsentInformation(
      AccountAccess access,
      boolean recurringIndicator,
      LocalDate validUntil,
      int frequencyPerDay,
      LocalDate lastActionDate,
      String consentStatus) {}

  /** {@code consentStatusResponse-200}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ConsentStatus(String consentStatus) {}

  /** {@code authorisations}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Authorisations(List<String> authorisationIds) {}

  /** {@code scaStatusResponse}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ScaStatus(String scaStatus) {}
}
