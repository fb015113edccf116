package dev.openbank.sandbox.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The deterministic transaction history of a sandbox account: every day's transactions are drawn
 * from a random generator seeded by the IBAN and the date, so the same account shows the same
 * history on every run and every replica. A salary arrives monthly; card payments, transfers and
 * bills go out daily. Transactions of today and yesterday are pending; older ones are booked.
 */
public final class History {

  private static final String[][] MERCHANTS = {
    {"Kaufland Romania", "PMNT-CCRD-POSD"},
    {"Mega Image", "PMNT-CCRD-POSD"},
    {"OMV Petrom", "PMNT-CCRD-POSD"},
    {"eMAG", "PMNT-CCRD-POSD"},
    {"Enel Energie", "PMNT-ICDT-STDO"},
    {"Digi Romania", "PMNT-ICDT-STDO"},
    {"Bolt", "PMNT-CCRD-POSD"},
    {"Farmacia Tei", "PMNT-CCRD-POSD"},
    {"Cinema City", "PMNT-CCRD-POSD"},
    {"Transfer catre Ana Pop", "PMNT-ICDT-ESCT"}
  };

  private final List<GeneratedTransaction> newestFirst;
  private final BigDecimal closingBooked;
  private final BigDecimal pendingSum;

  private History(
      List<GeneratedTransaction> newestFirst, BigDecimal closingBooked, BigDecimal pendingSum) {
    this.newestFirst = newestFirst;
    this.closingBooked = closingBooked;
    this.pendingSum = pendingSum;
  }

  /** The history of {@code days} days up to and including {@code today}. */
  public static History of(Seed.Account account, LocalDate today, int days) {
    List<GeneratedTransaction> all = new ArrayList<>();
    BigDecimal booked = account.openingBalance();
    BigDecimal pending = BigDecimal.ZERO;
    for (LocalDate d = today.minusDays(days - 1L); !d.isAfter(today); d = d.plusDays(1)) {
      boolean isBooked = d.isBefore(today.minusDays(1));
      for (GeneratedTransaction t : day(account, d, isBooked)) {
        all.add(t);
        if (isBooked) {
          booked = booked.add(t.amount());
        } else {
          pending = pending.add(t.amount());
        }
      }
    }
    Collections.reverse(all);
    return new History(List.copyOf(all), booked, pending);
  }

  private static List<GeneratedTransaction> day(
      Seed.Account account, LocalDate date, boolean booked) {
    SplittableRandom random = new SplittableRandom(seed(account.iban(), date));
    List<GeneratedTransaction> out = new ArrayList<>();
    int n = 0;
    if (date.getDayOfMonth() == 10) {
      // a month of spending averages 4,650 per daily transaction: the salary covers it, and a bit
      // more
      BigDecimal salary =
          BigDecimal.valueOf(4_800L * Math.max(1, account.dailyTransactions()))
              .add(account.openingBalance().multiply(new BigDecimal("0.05")))
              .setScale(2, RoundingMode.HALF_UP);
      out.add(
          tx(
              account,
              date,
              n++,
              salary,
              "Angajator Demo SRL",
              "RO49AAAA1B31007593840000",
              "Salariu " + date.getMonth(),
              "PMNT-RCDT-ESCT",
              booked));
    }
    int count = random.nextInt(account.dailyTransactions() * 2 + 1);
    for (int i = 0; i < count; i++) {
      String[] m = MERCHANTS[random.nextInt(MERCHANTS.length)];
      long cents = 500 + random.nextLong(30_000);
      BigDecimal amount = BigDecimal.valueOf(-cents, 2);
      out.add(tx(account, date, n++, amount, m[0], null, m[0] + " " + date, m[1], booked));
    }
    return out;
  }

  private static GeneratedTransaction tx(
      Seed.Account account,
      LocalDate date,
      int n,
      BigDecimal amount,
      String name,
      String iban,
      String remittance,
      String code,
      boolean booked) {
    String id = Long.toHexString(seed(account.iban(), date)) + "-" + n;
    return new GeneratedTransaction(id, date, amount, name, iban, remittance, code, booked);
  }

  private static long seed(String iban, LocalDate date) {
    CRC32 crc = new CRC32();
    crc.update((iban + "|" + date).getBytes(StandardCharsets.UTF_8));
    return crc.getValue() * 0x9E3779B97F4A7C15L + date.toEpochDay();
  }

  /** All transactions, newest first. */
  public List<GeneratedTransaction> newestFirst() {
    return newestFirst;
  }

  /** The booked balance at the end of the last booked day (the day before yesterday). */
  public BigDecimal closingBooked() {
    return closingBooked;
  }

  /** Booked balance plus pending transactions: what the PSU can spend. */
  public BigDecimal available() {
    return closingBooked.add(pendingSum);
  }
}
