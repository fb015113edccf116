package dev.openbank.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.SchemaMigrations;
import dev.openbank.testsupport.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged migrations application, run as Kubernetes and docker-compose run it (a process with
 * the services' database variables), against a real PostgreSQL whose schemas and roles exist but
 * are empty.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationsIT {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final Map<String, ServiceDatabase> DBS = new LinkedHashMap<>();

  @BeforeAll
  static void emptySchemas() {
    EmbeddedPostgres server = EmbeddedPostgresServer.shared();
    for (String schema : Migrations.SCHEMAS) {
      DBS.put(schema, EmbeddedPostgresServer.provision(server, schema, "pw-" + schema));
    }
  }

  @Test
  @Order(1)
  void withNoSchemaConfiguredItFailsAndNamesTheVariables() throws Exception {
    Run run = run(Map.of());
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("PIS_DB_JDBC_URL"), run.output());
  }

  @Test
  @Order(2)
  void aRoleThatCannotLogInFailsAndMigratesNothing() throws Exception {
    Map<String, String> env = environment(DBS.get("pis"));
    env.put("PIS_DB_USER", "no_such_role");
    Run run = run(env);
    assertEquals(1, run.exitCode(), run.output());
    assertTrue(run.output().contains("pis: migration failed"), run.output());
    assertEquals(0, tables("pis"));
  }

  @Test
  @Order(3)
  void itMigratesOnlyTheSchemasWhoseUrlIsSet() throws Exception {
    Run run = run(environment(DBS.get("pis")));
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("pis: 6 migration(s) applied"), run.output());
    assertTrue(tables("pis") > 0);
    assertEquals(0, tables("auth"), "auth's URL was not set");
  }

  @Test
  @Order(4)
  void itMigratesEverySchemaAsItsOwnRoleAndWritesTheHistoryTheTestsWrite() throws Exception {
    Map<String, String> env = new HashMap<>();
    DBS.values().forEach(db -> env.putAll(environment(db)));
    Run run = run(env);
    assertEquals(0, run.exitCode(), run.output());
    for (String schema : Migrations.SCHEMAS) {
      assertTrue(tables(schema) > 2, schema + " has its tables");
      assertEquals(
          schema,
          query(
              schema,
              "SELECT tableowner FROM pg_tables WHERE tablename = 'outbox_event'"
                  + " AND schemaname = current_schema()"),
          "the outbox table of " + schema + " belongs to its role");
      // the tests' SchemaMigrations finds the same history: nothing to apply, checksums valid
      assertEquals(0, SchemaMigrations.migrate(DBS.get(schema)), schema);
    }
    assertTrue(run.output().contains("pis: 0 migration(s) applied, schema at version 4"));
    assertNotEquals("", query("webhooks", "SELECT to_regclass('webhooks.delivery')::text"));

    Run again = run(env);
    assertEquals(0, again.exitCode(), again.output());
    assertEquals(
        Migrations.SCHEMAS.size(),
        again.output().lines().filter(l -> l.contains(": 0 migration(s) applied")).count(),
        again.output());
  }

  private static Map<String, String> environment(ServiceDatabase db) {
    Map<String, String> env = new HashMap<>(db.environment(db.schema().toUpperCase(Locale.ROOT)));
    env.remove(db.schema().toUpperCase(Locale.ROOT) + "_DB_URL");
    return env;
  }

  private static long tables(String schema) throws Exception {
    return Long.parseLong(
        query(schema, "SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "'"));
  }

  private static String query(String schema, String sql) throws Exception {
    ServiceDatabase db = DBS.get(schema);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.contains("_DB_"));
    builder.environment().putAll(env);
    Path log = Files.createTempFile(Path.of("target"), "migrations", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the migrations application did not exit in 120 s");
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
