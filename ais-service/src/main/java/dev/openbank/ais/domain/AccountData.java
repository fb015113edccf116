package dev.openbank.ais.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Account data as the API returns it (snake_case; amounts are decimal strings). */
public final class AccountData {

  private AccountData() {}

  /** An account with its latest balance of each type. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Account(
      UUID accountId,
      String iban,
      String currency,
      String name,
      String product,
      String accountType,
      String ownerName,
      List<Balance> balances,
      Instant updatedAt) {

    public Account withBalances(List<Balance> b) {
      return new Account(
          accountId, iban, currency, name, product, accountType, ownerName, b, updatedAt);
    }
  }

  /** A balance on a reference date; {@code amount} is signed. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Balance(
      UUID accountId,
      String balanceType,
      LocalDate referenceDate,
      String amount,
      String currency,
      Instant lastChange) {}

  /**
   * A bank entry. {@code amount} has no sign: {@code credit_debit_indicator} says {@code CRDT}
   * (money in) or {@code DBIT} (money out). {@code transaction_id} is the bank's id, else a stable
   * hash ({@code h:...}) of the entry's fields.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonSerialize(using = TransactionJson.class)
  public record Transaction(
      String transactionId,
      UUID accountId,
      String status,
      LocalDate bookingDate,
      LocalDate valueDate,
      String amount,
      String currency,
      String creditDebitIndicator,
      String counterpartyName,
      String remittanceInformation,
      String endToEndId,
      String bankTransactionCode,
      @com.fasterxml.jackson.annotation.JsonIgnore LocalDate sortDate,
      @com.fasterxml.jackson.annotation.JsonIgnore long sortId) {}
}
