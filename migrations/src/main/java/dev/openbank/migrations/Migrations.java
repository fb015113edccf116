package dev.openbank.migrations;

import io.quarkus.arc.Arc;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Applies the Flyway migrations of each service schema whose JDBC URL is configured, then exits.
 * Run before the services start or are upgraded: by the Kubernetes init container of each service's
 * pods (its own schema only), by docker-compose once for all, and by {@code bin/platform} and the
 * system tests. The services themselves no longer migrate at start (decision 0019).
 */
@QuarkusMain
public class Migrations implements QuarkusApplication {

  /** The schemas in the order they are migrated; each is also its datasource's name. */
  static final List<String> SCHEMAS =
      List.of("auth", "registry", "consent", "ais", "pis", "webhooks");

  private static final Logger LOG = Logger.getLogger(Migrations.class);

  @Override
  public int run(String... args) {
    List<String> configured = SCHEMAS.stream().filter(Migrations::configured).toList();
    if (configured.isEmpty()) {
      LOG.errorf(
          "no schema to migrate: set the JDBC URL, user and password of at least one schema (%s)",
          String.join(
              ", ",
              SCHEMAS.stream().map(s -> s.toUpperCase(Locale.ROOT) + "_DB_JDBC_URL").toList()));
      return 2;
    }
    for (String schema : configured) {
      Flyway flyway =
          Arc.container()
              .select(Flyway.class, FlywayDataSource.FlywayDataSourceLiteral.of(schema))
              .get();
      try {
        MigrateResult result = flyway.migrate();
        MigrationVersion now = flyway.info().current().getVersion();
        LOG.infof(
            "%s: %d migration(s) applied, schema at version %s",
            schema, result.migrationsExecuted, now);
      } catch (RuntimeException e) {
        LOG.errorf("%s: migration failed: %s", schema, e.getMessage());
        return 1;
      }
    }
    return 0;
  }

  private static boolean configured(String schema) {
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.datasource." + schema + ".jdbc.url", String.class)
        .filter(url -> !url.isBlank())
        .isPresent();
  }
}
