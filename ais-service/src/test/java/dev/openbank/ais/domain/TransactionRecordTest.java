package dev.openbank.ais.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.xs2a.model.Accounts.Transaction;
import dev.openbank.xs2a.model.Common.Amount;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TransactionRecordTest {

  private static Transaction tx(String id, String amount, LocalDate booking, String remittance) {
    return new Transaction(
        id,
        "ref-1",
        "e2e-1",
        booking,
        LocalDate.of(2026, 11, 2),
        new Amount("RON", amount),
        "Shop SRL",
        null,
        "Ana Pop",
        null,
        remittance,
        null,
        null);
  }

  @Test
  void aNegativeAmountIsADebitToTheCreditor() {
    TransactionRecord r =
        TransactionRecord.of(tx("t-1", "-12.50", LocalDate.of(2026, 11, 1), "x"), "booked");
    assertEquals("DBIT", r.creditDebit());
    assertEquals(new BigDecimal("12.50"), r.amount());
    assertEquals("Shop SRL", r.counterpartyName());
    assertEquals("t-1", r.key());
    assertEquals(LocalDate.of(2026, 11, 1), r.date());
  }

  @Test
  void aPositiveAmountIsACreditFromTheDebtor() {
    TransactionRecord r = TransactionRecord.of(tx("t-2", "100", null, "salary"), "pending");
    assertEquals("CRDT", r.creditDebit());
    assertEquals("Ana Pop", r.counterpartyName());
    assertEquals("pending", r.status());
    assertEquals(LocalDate.of(2026, 11, 2), r.date(), "no booking date: the value date");
  }

  @Test
  void withoutATransactionIdTheKeyIsStableAndTellsEntriesApart() {
    TransactionRecord a =
        TransactionRecord.of(tx(null, "-5", LocalDate.of(2026, 11, 1), "a"), "booked");
    TransactionRecord again =
        TransactionRecord.of(tx(null, "-5", LocalDate.of(2026, 11, 1), "a"), "booked");
    TransactionRecord other =
        TransactionRecord.of(tx(null, "-5", LocalDate.of(2026, 11, 1), "b"), "booked");
    TransactionRecord pending =
        TransactionRecord.of(tx(null, "-5", LocalDate.of(2026, 11, 1), "a"), "pending");
    assertTrue(a.key().startsWith("h:") && a.key().length() == 66, a.key());
    assertEquals(a.key(), again.key());
    assertNotEquals(a.key(), other.key());
    assertNotEquals(a.key(), pending.key());
    assertEquals(
        a.key(),
        TransactionRecord.of(tx("  ", "-5", LocalDate.of(2026, 11, 1), "a"), "booked").key());
  }

  @Test
  void onlyBookedOrPendingAndAnAmountAreAccepted() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TransactionRecord.of(tx("t", "1", null, null), "information"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TransactionRecord.of(
                new Transaction(
                    "t", null, null, null, null, null, null, null, null, null, null, null, null),
                "booked"));
  }
}
