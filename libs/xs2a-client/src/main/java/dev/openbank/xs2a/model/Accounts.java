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
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** AIS data messages ({@code /v1/accounts}). */
public final class Accounts {

  private Accounts() {}

  /** {@code accountDetails}; {@code resourceId} is the {@code account-id} of the other calls. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccountDetails(
      String resourceId,
      String iban,
      String currency,
      String name,
      String product,
      String cashAccountType,
      String status,
      String bic,
      String ownerName,
      List<Balance> balances,
      @JsonProperty("_links") Map<String, Href> links) {}

  /** {@code accountList}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AccountList(List<AccountDetails> accounts) {}

  /** {@code balance}; types closingBooked, expected, openingBooked, interimAvailable, ... */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Balance(
      Amount balanceAmount,
      String balanceType,
      Boolean creditLimitIncluded,
      Instant lastChangeDateTime,
      LocalDate referenceDate) {}

  /** {@code readAccountBalanceResponse-200}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BalanceReport(AccountReference account, List<Balance> balances) {}

  /** One entry of {@code booked} or {@code pending}; a negative amount is a debit. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Transaction(
      String transactionId,
      String entryReference,
      String endToEndId,
      LocalDate bookingDate,
      LocalDate valueDate,
      Amount transactionAmount,
      String creditorName,
      AccountReference creditorAccount,
      String debtorName,
      AccountReference debtorAccount,
      String remittanceInformationUnstructured,
      String bankTransactionCode,
      String proprietaryBankTransactionCode) {}

  /** {@code accountReport}: {@code _links.account} is required; {@code next} pages further. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccountReport(
      List<Transaction> booked,
      List<Transaction> pending,
      @JsonProperty("_links") Map<String, Href> links) {

    /** The next page's href, or null on the last page. */
    public String next() {
      Href h = links == null ? null : links.get("next");
      return h == null ? null : h.href();
    }
  }

  /** {@code transactionsResponse-200_json}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TransactionReport(AccountReference account, AccountReport transactions) {}
}
