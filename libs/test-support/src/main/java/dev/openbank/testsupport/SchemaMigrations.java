package dev.openbank.testsupport;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies a service's Flyway migrations to its schema, as the migrations application does before a
 * service starts (decision 0019): the services themselves no longer migrate at start.
 *
 * <p>The migrations of schema {@code s} are the class path's {@code db/s/} (from the {@code
 * schemas} jar, or a test's own resources) and the outbox and inbox tables of {@code db/commons/}.
 * The settings are the ones the migrations application gives Flyway per schema ({@code
 * migrations/src/main/resources/application.properties}), so both write the same history; the
 * system tests run the packaged application and these tests run this class against the same files.
 */
public final class SchemaMigrations {

  private SchemaMigrations() {}

  /** Whether the class path holds migrations for {@code schema} ({@code db/<schema>/}). */
  public static boolean exist(String schema) {
    return SchemaMigrations.class.getClassLoader().getResource("db/" + schema) != null;
  }

  /**
   * Migrates {@code db}'s schema as its own role.
   *
   * @return how many migrations were applied (0 when the schema was up to date)
   * @throws IllegalStateException if the class path has no migrations for the schema
   */
  public static int migrate(ServiceDatabase db) {
    if (!exist(db.schema())) {
      throw new IllegalStateException("no migrations on the class path at db/" + db.schema());
    }
    MigrateResult result =
        Flyway.configure(SchemaMigrations.class.getClassLoader())
            .dataSource(db.jdbcUrl(), db.username(), db.password())
            .schemas(db.schema())
            .defaultSchema(db.schema())
            .locations("classpath:db/" + db.schema(), "classpath:db/commons")
            .load()
            .migrate();
    return result.migrationsExecuted;
  }
}
