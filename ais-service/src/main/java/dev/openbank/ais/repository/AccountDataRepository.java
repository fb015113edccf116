package dev.openbank.ais.repository;

import static dev.openbank.ais.repository.ConsentRepository.utc;

import dev.openbank.ais.domain.AccountData.Account;
import dev.openbank.ais.domain.AccountData.Balance;
import dev.openbank.ais.domain.AccountData.Transaction;
import dev.openbank.ais.domain.TransactionRecord;
import dev.openbank.commons.page.PageRequest;
import dev.openbank.xs2a.model.Accounts.AccountDetails;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Accounts, balances and transactions read under consents (decision 0013): stored so that a
 * re-fetch changes nothing, read by keyset pages under the client and consent.
 */
@ApplicationScoped
public class AccountDataRepository {

  private static final int BATCH = 1000;

  private final Pool pool;

  public AccountDataRepository(Pool pool) {
    this.pool = pool;
  }

  // ---- writes (one data job, in its transaction) ----

  /** Stores an account of the consent; returns its id (the same id on every re-fetch). */
  public Uni<UUID> upsertAccount(
      SqlConnection tx, String clientId, UUID consentId, AccountDetails a) {
    return tx.preparedQuery(
            "INSERT INTO account (id, client_id, consent_id, resource_id, iban, currency, name,"
                + " product, cash_account_type, owner_name, updated_at) VALUES ($1, $2, $3, $4,"
                + " $5, $6, $7, $8, $9, $10, now()) ON CONFLICT (consent_id, resource_id) DO"
                + " UPDATE SET iban = EXCLUDED.iban, currency = EXCLUDED.currency, name ="
                + " EXCLUDED.name, product = EXCLUDED.product, cash_account_type ="
                + " EXCLUDED.cash_account_type, owner_name = EXCLUDED.owner_name, updated_at ="
                + " now() WHERE (account.iban, account.currency, account.name, account.product,"
                + " account.cash_account_type, account.owner_name) IS DISTINCT FROM"
                + " (EXCLUDED.iban, EXCLUDED.currency, EXCLUDED.name, EXCLUDED.product,"
                + " EXCLUDED.cash_account_type, EXCLUDED.owner_name)")
        .execute(
            Tuple.from(
                new Object[] {
                  UUID.randomUUID(),
                  clientId,
                  consentId,
                  a.resourceId(),
                  a.iban(),
                  a.currency(),
                  a.name(),
                  a.product(),
                  a.cashAccountType(),
                  a.ownerName()
                }))
        .chain(
            () ->
                tx.preparedQuery(
                        "SELECT id FROM account WHERE consent_id = $1 AND resource_id = $2")
                    .execute(Tuple.of(consentId, a.resourceId())))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** Stores balances; a balance already stored with the same values is left as it is. */
  public Uni<Integer> upsertBalances(
      SqlConnection tx,
      String clientId,
      UUID consentId,
      UUID accountId,
      List<dev.openbank.xs2a.model.Accounts.Balance> balances) {
    List<Tuple> rows = new ArrayList<>();
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    for (var b : balances) {
      if (b.balanceAmount() == null || b.balanceType() == null) {
        continue;
      }
      rows.add(
          Tuple.from(
              new Object[] {
                clientId,
                consentId,
                accountId,
                b.balanceType(),
                b.referenceDate() != null ? b.referenceDate() : today,
                b.balanceAmount().value(),
                b.balanceAmount().currency(),
                utc(b.lastChangeDateTime())
              }));
    }
    return batch(
        tx,
        "INSERT INTO balance (client_id, consent_id, account_id, balance_type, reference_date,"
            + " amount, currency, last_change, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
            + " now()) ON CONFLICT (account_id, balance_type, reference_date) DO UPDATE SET"
            + " amount = EXCLUDED.amount, currency = EXCLUDED.currency, last_change ="
            + " EXCLUDED.last_change, fetched_at = now() WHERE (balance.amount, balance.currency,"
            + " balance.last_change) IS DISTINCT FROM (EXCLUDED.amount, EXCLUDED.currency,"
            + " EXCLUDED.last_change)",
        rows);
  }

  /**
   * Stores an account's transactions: new entries are added, a pending entry that the bank now
   * reports booked becomes booked (same row), and pending entries the bank no longer reports are
   * removed (they were booked under another id, or dropped). Returns how many rows were added or
   * changed.
   */
  public Uni<Integer> storeTransactions(
      SqlConnection tx,
      String clientId,
      UUID consentId,
      UUID accountId,
      List<TransactionRecord> booked,
      List<TransactionRecord> pending) {
    String insert =
        "INSERT INTO transaction (client_id, consent_id, account_id, key, status, date,"
            + " booking_date, value_date, amount, currency, credit_debit, counterparty,"
            + " remittance, end_to_end_id, bank_code, fetched_at) VALUES ($1, $2, $3, $4, $5, $6,"
            + " $7, $8, $9, $10, $11, $12, $13, $14, $15, now())";
    return batch(
            tx,
            insert
                + " ON CONFLICT (account_id, key) DO UPDATE SET status = 'booked', date ="
                + " EXCLUDED.date, booking_date = EXCLUDED.booking_date, value_date ="
                + " EXCLUDED.value_date, fetched_at = now() WHERE transaction.status = 'pending'",
            tuples(clientId, consentId, accountId, booked))
        .chain(
            added ->
                batch(
                        tx,
                        insert + " ON CONFLICT (account_id, key) DO NOTHING",
                        tuples(clientId, consentId, accountId, pending))
                    .map(n -> added + n))
        .chain(
            n ->
                tx.preparedQuery(
                        "DELETE FROM transaction WHERE account_id = $1 AND status = 'pending'"
                            + " AND NOT (key = ANY($2))")
                    .execute(
                        Tuple.of(
                            accountId,
                            pending.stream().map(TransactionRecord::key).toArray(String[]::new)))
                    .map(rs -> n + rs.rowCount()));
  }

  private static List<Tuple> tuples(
      String clientId, UUID consentId, UUID accountId, List<TransactionRecord> records) {
    List<Tuple> rows = new ArrayList<>(records.size());
    for (TransactionRecord t : records) {
      rows.add(
          Tuple.from(
              new Object[] {
                clientId,
                consentId,
                accountId,
                t.key(),
                t.status(),
                t.date(),
                t.bookingDate(),
                t.valueDate(),
                t.amount(),
                t.currency(),
                t.creditDebit(),
                t.counterpartyName(),
                t.remittance(),
                t.endToEndId(),
                t.bankTransactionCode()
              }));
    }
    return rows;
  }

  /** Runs an insert for every row, {@value #BATCH} rows a round trip; returns rows changed. */
  private static Uni<Integer> batch(SqlConnection tx, String sql, List<Tuple> rows) {
    Uni<Integer> chain = Uni.createFrom().item(0);
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<Tuple> part = rows.subList(from, Math.min(rows.size(), from + BATCH));
      chain = chain.chain(n -> tx.preparedQuery(sql).executeBatch(part).map(rs -> n + changed(rs)));
    }
    return chain;
  }

  private static int changed(RowSet<Row> rs) {
    int n = 0;
    for (RowSet<Row> r = rs; r != null; r = r.next()) {
      n += r.rowCount();
    }
    return n;
  }

  /**
   * Deletes up to {@code limit} of an ended consent's stored transactions, or, once none are left,
   * its balances and accounts; returns how many rows went. The consent is locked for the batch, so
   * replicas never purge the same consent at once (one that finds it locked deletes nothing now).
   */
  public Uni<Integer> purge(String clientId, UUID consentId, int limit) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT 1 FROM consent WHERE id = $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(consentId))
                .chain(
                    locked ->
                        locked.size() == 0
                            ? Uni.createFrom().item(-1)
                            : purgeLocked(tx, clientId, consentId, limit)));
  }

  private static Uni<Integer> purgeLocked(
      SqlConnection tx, String clientId, UUID consentId, int limit) {
    return tx.preparedQuery(
            "DELETE FROM transaction WHERE id IN (SELECT id FROM transaction WHERE client_id = $1"
                + " AND consent_id = $2 LIMIT $3)")
        .execute(Tuple.of(clientId, consentId, limit))
        .chain(
            rs ->
                rs.rowCount() > 0
                    ? Uni.createFrom().item(rs.rowCount())
                    : tx.preparedQuery(
                            "DELETE FROM balance WHERE client_id = $1 AND consent_id = $2")
                        .execute(Tuple.of(clientId, consentId))
                        .chain(
                            () ->
                                tx.preparedQuery(
                                        "DELETE FROM account WHERE client_id = $1 AND consent_id"
                                            + " = $2")
                                    .execute(Tuple.of(clientId, consentId)))
                        .map(RowSet::rowCount));
  }

  // ---- reads ----

  /** The consent's accounts, filtered, with each one's latest balance of each type. */
  public Uni<List<Account>> accounts(
      String clientId, UUID consentId, String currency, String accountType) {
    return pool.preparedQuery(
            "SELECT id, iban, currency, name, product, cash_account_type, owner_name, updated_at"
                + " FROM account WHERE client_id = $1 AND consent_id = $2 AND ($3::text IS NULL OR"
                + " currency = $3) AND ($4::text IS NULL OR cash_account_type = $4) ORDER BY iban,"
                + " id")
        .execute(Tuple.of(clientId, consentId, currency, accountType))
        .chain(
            rows -> {
              List<Account> accounts = new ArrayList<>();
              rows.forEach(
                  r ->
                      accounts.add(
                          new Account(
                              r.getUUID("id"),
                              r.getString("iban"),
                              r.getString("currency"),
                              r.getString("name"),
                              r.getString("product"),
                              r.getString("cash_account_type"),
                              r.getString("owner_name"),
                              List.of(),
                              r.getOffsetDateTime("updated_at").toInstant())));
              if (accounts.isEmpty()) {
                return Uni.createFrom().item(accounts);
              }
              return pool.preparedQuery(
                      "SELECT DISTINCT ON (account_id, balance_type) account_id, balance_type,"
                          + " reference_date, amount, currency, last_change FROM balance WHERE"
                          + " client_id = $1 AND consent_id = $2 ORDER BY account_id,"
                          + " balance_type, reference_date DESC")
                  .execute(Tuple.of(clientId, consentId))
                  .map(
                      balances -> {
                        List<Balance> all = new ArrayList<>();
                        balances.forEach(b -> all.add(balance(b)));
                        return accounts.stream()
                            .map(
                                a ->
                                    a.withBalances(
                                        all.stream()
                                            .filter(b -> b.accountId().equals(a.accountId()))
                                            .toList()))
                            .toList();
                      });
            });
  }

  /** Filters of a balances page; null fields filter nothing. */
  public record BalanceFilter(UUID accountId, String currency, String balanceType) {}

  /** Where a balances page starts: after this row (null: the first page). */
  public record BalanceKey(LocalDate referenceDate, UUID accountId, String balanceType) {}

  /** A page of balances, newest reference date first; {@code limit + 1} rows tell of more. */
  public Uni<List<Balance>> balances(
      String clientId, UUID consentId, BalanceFilter f, BalanceKey after, int limit) {
    Where w =
        new Where(
                "SELECT account_id, balance_type, reference_date, amount, currency, last_change"
                    + " FROM balance WHERE client_id = $1 AND consent_id = $2",
                clientId,
                consentId)
            .and("account_id =", f.accountId())
            .and("currency =", f.currency())
            .and("balance_type =", f.balanceType());
    if (after != null) {
      w.sql
          .append(" AND (reference_date, account_id, balance_type) < (")
          .append(w.param(after.referenceDate()))
          .append(", ")
          .append(w.param(after.accountId()))
          .append(", ")
          .append(w.param(after.balanceType()))
          .append(')');
    }
    w.sql
        .append(" ORDER BY reference_date DESC, account_id DESC, balance_type DESC")
        .append(PageRequest.sqlLimit(limit + 1));
    return pool.preparedQuery(w.sql.toString())
        .execute(Tuple.from(w.args))
        .map(
            rows -> {
              List<Balance> out = new ArrayList<>();
              rows.forEach(r -> out.add(balance(r)));
              return out;
            });
  }

  /** Filters of a transactions page; null fields filter nothing; amounts are without sign. */
  public record TransactionFilter(
      UUID accountId,
      BigDecimal amountFrom,
      BigDecimal amountTo,
      LocalDate dateFrom,
      LocalDate dateTo,
      String creditDebit,
      String status) {}

  /** Where a transactions page starts: after this row (null: the first page). */
  public record TransactionKey(LocalDate date, long id) {}

  /**
   * A page of transactions, newest first ({@code date DESC, id DESC}): one range of the consent's
   * (or the account's) keyset index whatever the depth; {@code limit + 1} rows tell of more.
   */
  public Uni<List<Transaction>> transactions(
      String clientId, UUID consentId, TransactionFilter f, TransactionKey after, int limit) {
    Where w = transactionsQuery(clientId, consentId, f, after, limit);
    return pool.preparedQuery(w.sql.toString())
        .execute(Tuple.from(w.args))
        .map(
            rows -> {
              List<Transaction> out = new ArrayList<>(limit + 1);
              rows.forEach(r -> out.add(transaction(r)));
              return out;
            });
  }

  /** The statement and arguments of a transactions page (package-private for its plan's test). */
  static Where transactionsQuery(
      String clientId, UUID consentId, TransactionFilter f, TransactionKey after, int limit) {
    Where w =
        new Where(
            "SELECT id, key, account_id, status, date, booking_date, value_date, amount,"
                + " currency, credit_debit, counterparty, remittance, end_to_end_id, bank_code"
                + " FROM transaction WHERE client_id = $1",
            clientId);
    // one account: that account's index (the caller checked it is the consent's)
    w =
        f.accountId() != null
            ? w.and("account_id =", f.accountId())
            : w.and("consent_id =", consentId);
    if (after != null) {
      w.sql
          .append(" AND (date, id) < (")
          .append(w.param(after.date()))
          .append(", ")
          .append(w.param(after.id()))
          .append(')');
    }
    w.and("date >=", f.dateFrom())
        .and("date <=", f.dateTo())
        .and("amount >=", f.amountFrom())
        .and("amount <=", f.amountTo())
        .and("credit_debit =", f.creditDebit())
        .and("status =", f.status());
    w.sql.append(" ORDER BY date DESC, id DESC").append(PageRequest.sqlLimit(limit + 1));
    return w;
  }

  /** A query with numbered parameters, built one optional condition at a time. */
  static final class Where {
    final StringBuilder sql;
    final List<Object> args = new ArrayList<>();

    Where(String select, Object... fixed) {
      this.sql = new StringBuilder(select);
      args.addAll(List.of(fixed));
    }

    /** Adds {@code AND <condition> $n} when {@code value} is not null. */
    Where and(String condition, Object value) {
      if (value != null) {
        sql.append(" AND ").append(condition).append(' ').append(param(value));
      }
      return this;
    }

    /** The placeholder of one more parameter. */
    String param(Object value) {
      args.add(value);
      return "$" + args.size();
    }
  }

  /** The account, if it is one of the consent's. */
  public Uni<Boolean> accountOf(String clientId, UUID consentId, UUID accountId) {
    return pool.preparedQuery(
            "SELECT 1 FROM account WHERE id = $1 AND client_id = $2 AND consent_id = $3")
        .execute(Tuple.of(accountId, clientId, consentId))
        .map(rows -> rows.size() > 0);
  }

  private static Balance balance(Row r) {
    OffsetDateTime change = r.getOffsetDateTime("last_change");
    return new Balance(
        r.getUUID("account_id"),
        r.getString("balance_type"),
        r.getLocalDate("reference_date"),
        money(r.getBigDecimal("amount")),
        r.getString("currency"),
        change == null ? null : change.toInstant());
  }

  /** Columns by position (the SELECT above): a page maps 50 rows, name look-ups cost. */
  private static Transaction transaction(Row r) {
    return new Transaction(
        r.getString(1),
        r.getUUID(2),
        r.getString(3),
        r.getLocalDate(5),
        r.getLocalDate(6),
        money(r.getBigDecimal(7)),
        r.getString(8),
        r.getString(9),
        r.getString(10),
        r.getString(11),
        r.getString(12),
        r.getString(13),
        r.getLocalDate(4),
        r.getLong(0));
  }

  /**
   * A decimal string with at least two decimals and no trailing zeros past them ({@code 12.500} is
   * {@code 12.50}, {@code 7} is {@code 7.00}).
   */
  static String money(BigDecimal amount) {
    String s = amount.toPlainString();
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s + ".00";
    }
    int end = s.length();
    while (end - dot - 1 > 2 && s.charAt(end - 1) == '0') {
      end--;
    }
    return end - dot - 1 == 1 ? s.substring(0, end) + "0" : s.substring(0, end);
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
