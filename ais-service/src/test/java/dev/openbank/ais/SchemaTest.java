package dev.openbank.ais;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.ServiceDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account-data schema on a real PostgreSQL, as its own role in its own schema: it applies, a
 * re-fetched transaction is one row, and the transaction keyset is served by its index.
 */
class SchemaTest {

  private static ServiceDatabase db;

  @BeforeAll
  static void migrate() throws Exception {
    db = EmbeddedPostgresServer.provision("ais_schema_test");
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(Files.readString(Path.of("src/main/db/V1__account_data.sql")));
    }
  }

  private static Connection connect() throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }

  @Test
  void aRefetchedTransactionIsOneRowAndTheKeysetUsesItsIndex() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO consent (id, client_id, status, scope, valid_until, frequency_per_day,"
              + " updated_at) VALUES ('00000000-0000-0000-0000-0000000000c1', 'c1', 'active',"
              + " '{accounts,balances,transactions}', DATE '2027-01-01', 4, now())");
      s.execute(
          "INSERT INTO account (id, client_id, consent_id, resource_id, currency, updated_at)"
              + " VALUES ('00000000-0000-0000-0000-000000000001', 'c1',"
              + " '00000000-0000-0000-0000-0000000000c1', 'acc-1', 'RON', now())");
      String upsert =
          "INSERT INTO transaction (client_id, consent_id, account_id, key, status, date, amount,"
              + " currency, credit_debit, fetched_at) VALUES ('c1',"
              + " '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001',"
              + " 't-1', 'booked', DATE '2026-11-01', 12.5, 'RON', 'DBIT', now())"
              + " ON CONFLICT (account_id, key) DO NOTHING";
      assertEquals(1, s.executeUpdate(upsert));
      assertEquals(0, s.executeUpdate(upsert), "the same entry again changes nothing");
      s.execute("SET enable_seqscan = off");
      StringBuilder plan = new StringBuilder();
      try (ResultSet r =
          s.executeQuery(
              "EXPLAIN SELECT id FROM transaction WHERE client_id = 'c1' AND consent_id ="
                  + " '00000000-0000-0000-0000-0000000000c1'"
                  + " AND (date, id) < (DATE '2026-12-01', 100) ORDER BY date DESC, id DESC"
                  + " LIMIT 50")) {
        while (r.next()) {
          plan.append(r.getString(1)).append('\n');
        }
      }
      assertTrue(plan.toString().contains("transaction_consent_keyset"), plan.toString());
      assertTrue(!plan.toString().contains("Sort"), "no sort: the index gives the order\n" + plan);
    }
  }
}
