package dev.openbank.ais.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.openbank.ais.domain.AccountData.Account;
import dev.openbank.ais.domain.AccountData.Balance;
import dev.openbank.ais.domain.AccountData.Transaction;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of {@code /v2/ais/jobs|accounts|balances|transactions}. */
public final class AisDtos {

  private AisDtos() {}

  static final String CURRENCY = "[A-Z]{3}";
  static final String DECIMAL = "\\d{1,15}(\\.\\d{1,3})?";

  /**
   * A job to run. {@code psu_ip_address}: the end user is present (the client's app is in use) and
   * this is their address; the bank receives it and does not count the read against the consent's
   * reads a day, and neither does the platform.
   */
  @RegisterForReflection
  public record CreateJob(
      @NotNull UUID consentId,
      @Pattern(
              regexp = dev.openbank.commons.web.UrlRules.IP_ADDRESS,
              message = "must be an IPv4 or IPv6 address")
          String psuIpAddress) {}

  @RegisterForReflection
  public record JobRef(@NotNull UUID jobId) {}

  /**
   * A data job. {@code accounts}, {@code balances}: how many the job read; {@code transactions}:
   * entries new or changed in the store. {@code error_code} is the bank's code when it refused.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Job(
      UUID jobId,
      UUID consentId,
      String status,
      String trigger,
      boolean fullHistory,
      boolean attended,
      String errorCode,
      String error,
      Integer accounts,
      Integer balances,
      Integer transactions,
      Instant insertedAt,
      Instant startedAt,
      Instant finishedAt,
      Instant updatedAt) {}

  @RegisterForReflection
  public record AccountFilter(
      @Pattern(regexp = CURRENCY, message = "must be an ISO 4217 code such as RON") String currency,
      @Size(min = 1, max = 35) String accountType) {}

  @RegisterForReflection
  public record ListAccounts(@NotNull UUID consentId, @Valid AccountFilter filter) {}

  @RegisterForReflection
  public record Accounts(UUID consentId, List<Account> accounts) {}

  @RegisterForReflection
  public record BalanceFilter(
      UUID accountId,
      @Pattern(regexp = CURRENCY, message = "must be an ISO 4217 code such as RON") String currency,
      @Size(min = 1, max = 35) String balanceType) {}

  @RegisterForReflection
  public record ListBalances(
      @NotNull UUID consentId, @Valid BalanceFilter filter, @Valid PageRequest pagination) {}

  @RegisterForReflection
  public record Balances(PageInfo pagination, List<Balance> balances) {}

  /**
   * Transaction filters: amounts without sign as decimal strings (inclusive), dates inclusive
   * (booking date, else value date), {@code CRDT} or {@code DBIT}, {@code booked} or {@code
   * pending}.
   */
  @RegisterForReflection
  public record TransactionFilter(
      UUID accountId,
      @Pattern(regexp = DECIMAL, message = "must be a decimal string without sign, e.g. 12.50")
          String amountFrom,
      @Pattern(regexp = DECIMAL, message = "must be a decimal string without sign, e.g. 12.50")
          String amountTo,
      LocalDate dateFrom,
      LocalDate dateTo,
      @Pattern(regexp = "CRDT|DBIT", message = "must be CRDT or DBIT") String creditDebitIndicator,
      @Pattern(regexp = "booked|pending", message = "must be booked or pending") String status) {}

  @RegisterForReflection
  public record ListTransactions(
      @NotNull UUID consentId, @Valid TransactionFilter filter, @Valid PageRequest pagination) {}

  @RegisterForReflection
  public record Transactions(PageInfo pagination, List<Transaction> transactions) {}
}
