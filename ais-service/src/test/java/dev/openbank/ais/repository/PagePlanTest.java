package dev.openbank.ais.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.ais.repository.AccountDataRepository.TransactionFilter;
import dev.openbank.ais.repository.AccountDataRepository.TransactionKey;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.ServiceDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transactions page is planned once per connection, not at every request: PostgreSQL settles on a
 * generic plan for the statement the repository builds. Planning again each time cost PostgreSQL
 * more than running the page (bench/transactions.sh); a {@code LIMIT $n} was the cause.
 */
class PagePlanTest {

  private static final UUID CONSENT = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
  private static ServiceDatabase db;

  @BeforeAll
  static void migrate() throws Exception {
    db = EmbeddedPostgresServer.provision("ais_plan_test");
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(Files.readString(Path.of("src/main/db/V1__account_data.sql")));
      s.execute(
          "INSERT INTO consent (id, client_id, status, scope, valid_until, frequency_per_day,"
              + " updated_at) VALUES ('"
              + CONSENT
              + "', 'c1', 'active', '{accounts,balances,transactions}', DATE '2027-01-01', 4,"
              + " now())");
      s.execute(
          "INSERT INTO account (id, client_id, consent_id, resource_id, currency, updated_at)"
              + " VALUES ('00000000-0000-0000-0000-000000000001', 'c1', '"
              + CONSENT
              + "', 'acc-1', 'RON', now())");
      s.execute(
          "INSERT INTO transaction (client_id, consent_id, account_id, key, status, date, amount,"
              + " currency, credit_debit, fetched_at) SELECT 'c1', '"
              + CONSENT
              + "', '00000000-0000-0000-0000-000000000001', 't-' || g, 'booked',"
              + " DATE '2026-11-01' - (g / 50), 12.5, 'RON', 'DBIT', now()"
              + " FROM generate_series(1, 20000) g");
      s.execute("ANALYZE transaction");
    }
  }

  private static Connection connect() throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }

  @Test
  void aTransactionsPageGetsAGenericPlan() throws Exception {
    var w = page();
    assertFalse(
        plannedEveryTime(w.sql.toString(), w.args), "the repository's statement is planned once");
  }

  @Test
  void aLimitBoundAsAParameterWouldBePlannedEveryTime() throws Exception {
    // the form this replaced, to show the test above can fail
    var w = page();
    String bound = w.sql.toString().replace(" LIMIT 51", " LIMIT $" + (w.args.size() + 1));
    w.args.add(51);
    assertTrue(plannedEveryTime(bound, w.args), "a bound LIMIT gets custom plans only");
  }

  /** The statement of a 50-transaction page in the middle of the consent's keyset. */
  private static AccountDataRepository.Where page() {
    return AccountDataRepository.transactionsQuery(
        "c1",
        CONSENT,
        new TransactionFilter(null, null, null, null, null, null, null),
        new TransactionKey(LocalDate.of(2026, 6, 1), 10_000),
        50);
  }

  /**
   * Runs {@code sql} eight times as one prepared statement; whether PostgreSQL still planned it
   * anew each time (no generic plan after the five custom ones it compares first).
   */
  private static boolean plannedEveryTime(String sql, List<Object> args) throws Exception {
    String values =
        args.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", ", "(", ")"));
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("PREPARE page AS " + sql);
      for (int i = 0; i < 8; i++) {
        try (ResultSet r = s.executeQuery("EXECUTE page" + values)) {
          int rows = 0;
          while (r.next()) {
            rows++;
          }
          assertEquals(51, rows, "a full page and one more");
        }
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                  + " WHERE name = 'page'")) {
        assertTrue(r.next());
        assertEquals(8, r.getLong(1) + r.getLong(2), "every run used a plan");
        return r.getLong(1) == 0;
      }
    }
  }
}
