package dev.openbank.ais.domain;

import dev.openbank.xs2a.model.Accounts.Transaction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * A bank transaction as ais-service stores it: the amount without sign and a credit/debit
 * indicator, booked or pending, and a stable key for idempotent upserts. Banks do not always send a
 * {@code transactionId} (it is optional in Berlin Group); without one, the key is a hash of the
 * fields that identify the entry, so fetching the same history twice stores it once.
 *
 * @param key the bank's transactionId, else {@code h:} and a SHA-256 of the identifying fields
 * @param status {@code booked} or {@code pending}
 * @param creditDebit {@code CRDT} (money in) or {@code DBIT} (money out)
 * @param date the booking date, else the value date, else the day it was fetched (pending entries
 *     may have neither): the list's sort key, never null
 */
public record TransactionRecord(
    String key,
    String status,
    LocalDate date,
    LocalDate bookingDate,
    LocalDate valueDate,
    BigDecimal amount,
    String currency,
    String creditDebit,
    String counterpartyName,
    String remittance,
    String endToEndId,
    String bankTransactionCode) {

  /** Maps one entry fetched today (UTC). */
  public static TransactionRecord of(Transaction t, String status) {
    return of(t, status, LocalDate.now(java.time.ZoneOffset.UTC));
  }

  /** Maps one entry of a bank's {@code booked} or {@code pending} list, fetched on a given day. */
  public static TransactionRecord of(Transaction t, String status, LocalDate fetchedOn) {
    if (!"booked".equals(status) && !"pending".equals(status)) {
      throw new IllegalArgumentException("status must be booked or pending: " + status);
    }
    if (t.transactionAmount() == null) {
      throw new IllegalArgumentException("a transaction without transactionAmount");
    }
    BigDecimal signed = t.transactionAmount().value();
    boolean debit = signed.signum() < 0;
    String counterparty = debit ? t.creditorName() : t.debtorName();
    LocalDate date =
        t.bookingDate() != null
            ? t.bookingDate()
            : t.valueDate() != null ? t.valueDate() : fetchedOn;
    String key =
        t.transactionId() != null && !t.transactionId().isBlank()
            ? t.transactionId()
            : "h:"
                + sha256(
                    String.join(
                        "|",
                        status,
                        String.valueOf(t.entryReference()),
                        String.valueOf(t.endToEndId()),
                        String.valueOf(t.bookingDate()),
                        String.valueOf(t.valueDate()),
                        signed.toPlainString(),
                        String.valueOf(t.transactionAmount().currency()),
                        String.valueOf(counterparty),
                        String.valueOf(t.remittanceInformationUnstructured())));
    return new TransactionRecord(
        key,
        status,
        date,
        t.bookingDate(),
        t.valueDate(),
        signed.abs(),
        t.transactionAmount().currency(),
        debit ? "DBIT" : "CRDT",
        counterparty,
        t.remittanceInformationUnstructured(),
        t.endToEndId(),
        t.bankTransactionCode());
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
