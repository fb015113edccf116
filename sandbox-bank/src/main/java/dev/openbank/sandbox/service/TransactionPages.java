package dev.openbank.sandbox.service;

import dev.openbank.sandbox.domain.AccountRef;
import dev.openbank.sandbox.domain.GeneratedTransaction;
import dev.openbank.xs2a.model.Accounts.AccountReport;
import dev.openbank.xs2a.model.Accounts.Transaction;
import dev.openbank.xs2a.model.Accounts.TransactionReport;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Common.Amount;
import dev.openbank.xs2a.model.Common.Href;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Cuts an account's history into NextGenPSD2 transaction reports: booked newest first, a page at a
 * time with {@code _links.next}; pending ones (today and yesterday) on the first page.
 */
public final class TransactionPages {

  private TransactionPages() {}

  /** One page of the report for the given booking status and inclusive date range. */
  public static TransactionReport page(
      AccountRef ref,
      List<GeneratedTransaction> history,
      String bookingStatus,
      LocalDate from,
      LocalDate to,
      int pageIndex,
      int pageSize) {
    boolean wantBooked = !"pending".equals(bookingStatus);
    boolean wantPending = !"booked".equals(bookingStatus);
    List<GeneratedTransaction> inRange =
        history.stream()
            .filter(t -> (from == null || !t.date().isBefore(from)) && !t.date().isAfter(to))
            .toList();
    List<GeneratedTransaction> booked =
        wantBooked ? inRange.stream().filter(GeneratedTransaction::booked).toList() : List.of();
    int start = Math.min(pageIndex * pageSize, booked.size());
    int end = Math.min(start + pageSize, booked.size());
    List<Transaction> bookedPage =
        booked.subList(start, end).stream().map(t -> toTransaction(ref, t)).toList();
    List<Transaction> pending =
        wantPending && pageIndex == 0
            ? inRange.stream().filter(t -> !t.booked()).map(t -> toTransaction(ref, t)).toList()
            : wantPending ? List.of() : null;
    String base = "/" + ref.aspsp().code() + "/v1/accounts/" + ref.resourceId();
    String query =
        "bookingStatus="
            + bookingStatus
            + (from == null ? "" : "&dateFrom=" + from)
            + "&dateTo="
            + to
            + "&itemsPerPage="
            + pageSize;
    Map<String, Href> links =
        end < booked.size()
            ? Links.of(
                "account", base,
                "first", base + "/transactions?" + query + "&pageIndex=0",
                "next", base + "/transactions?" + query + "&pageIndex=" + (pageIndex + 1))
            : Links.of("account", base, "first", base + "/transactions?" + query + "&pageIndex=0");
    return new TransactionReport(
        new AccountReference(ref.account().iban(), ref.account().currency()),
        new AccountReport(wantBooked ? bookedPage : null, pending, links));
  }

  static Transaction toTransaction(AccountRef ref, GeneratedTransaction t) {
    boolean debit = t.amount().signum() < 0;
    AccountReference own = AccountReference.iban(ref.account().iban());
    AccountReference other =
        t.counterpartyIban() == null ? null : AccountReference.iban(t.counterpartyIban());
    return new Transaction(
        t.transactionId(),
        t.transactionId(),
        null,
        t.booked() ? t.date() : null,
        t.date(),
        Amount.of(ref.account().currency(), t.amount()),
        debit ? t.counterpartyName() : ref.account().ownerName(),
        debit ? other : own,
        debit ? ref.account().ownerName() : t.counterpartyName(),
        debit ? own : other,
        t.remittance(),
        t.bankTransactionCode(),
        null);
  }
}
