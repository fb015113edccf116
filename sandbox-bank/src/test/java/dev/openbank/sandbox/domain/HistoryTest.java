package dev.openbank.sandbox.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  private static final Seed.Account ACCOUNT =
      new Seed.Account(
          "RO03RZBR0000069999999999",
          "RON",
          "Cont",
          "Cont",
          "CACC",
          "A",
          new BigDecimal("18500.00"),
          4);
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

  @Test
  void theSameAccountHasTheSameHistoryEveryTime() {
    History a = History.of(ACCOUNT, TODAY, 730);
    History b = History.of(ACCOUNT, TODAY, 730);
    assertEquals(a.newestFirst(), b.newestFirst());
    assertEquals(a.closingBooked(), b.closingBooked());
    History other =
        History.of(
            new Seed.Account(
                "RO30RZBR0000069999999901",
                "RON",
                "C",
                "C",
                "CACC",
                "B",
                new BigDecimal("18500.00"),
                4),
            TODAY,
            730);
    assertNotEquals(a.newestFirst().get(5), other.newestFirst().get(5));
  }

  @Test
  void twoYearsOfThousandsOfTransactionsNewestFirstWithTheLastTwoDaysPending() {
    List<GeneratedTransaction> all = History.of(ACCOUNT, TODAY, 730).newestFirst();
    assertTrue(all.size() > 2000, "size " + all.size());
    LocalDate oldest = all.get(all.size() - 1).date();
    assertTrue(
        !oldest.isBefore(TODAY.minusDays(729)) && oldest.isBefore(TODAY.minusDays(700)),
        "oldest " + oldest);
    for (int i = 1; i < all.size(); i++) {
      assertTrue(!all.get(i).date().isAfter(all.get(i - 1).date()), "newest first at " + i);
    }
    for (GeneratedTransaction t : all) {
      assertEquals(t.date().isBefore(TODAY.minusDays(1)), t.booked(), t.toString());
    }
    assertEquals(
        all.size(), all.stream().map(GeneratedTransaction::transactionId).distinct().count());
  }

  @Test
  void balancesAreTheOpeningBalancePlusTheTransactions() {
    History h = History.of(ACCOUNT, TODAY, 730);
    BigDecimal booked = ACCOUNT.openingBalance();
    BigDecimal pending = BigDecimal.ZERO;
    for (GeneratedTransaction t : h.newestFirst()) {
      if (t.booked()) {
        booked = booked.add(t.amount());
      } else {
        pending = pending.add(t.amount());
      }
    }
    assertEquals(booked, h.closingBooked());
    assertEquals(booked.add(pending), h.available());
    assertTrue(h.available().signum() > 0, "the seed account stays in credit: " + h.available());
  }
}
