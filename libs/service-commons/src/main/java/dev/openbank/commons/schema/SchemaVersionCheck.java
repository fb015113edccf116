package dev.openbank.commons.schema;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start a service whose schema is older than its code: the services do not migrate their
 * schemas themselves (decision 0019), so a deployment that skipped the migrations would otherwise
 * start and fail at its first query of a missing table or column. The version this build needs is
 * {@code openbank.db.schema-version}, the highest of the service's own migrations (a test in {@code
 * migrations/} keeps the two equal). A newer schema is accepted: during a rolling upgrade the old
 * replicas run against the schema the new ones migrated.
 */
@ApplicationScoped
public class SchemaVersionCheck {

  private static final Logger LOG = Logger.getLogger(SchemaVersionCheck.class);
  private static final String UNDEFINED_TABLE = "42P01";

  private final Pool pool;
  private final String schema;
  private final SchemaVersion required;

  public SchemaVersionCheck(
      Pool pool,
      @ConfigProperty(name = "openbank.db.schema") String schema,
      @ConfigProperty(name = "openbank.db.schema-version") String required) {
    this.pool = pool;
    this.schema = schema;
    this.required = SchemaVersion.parse(required);
  }

  /** Runs before the other start-up observers, which read their tables. */
  void check(@Observes @Priority(10) StartupEvent event) {
    Optional<SchemaVersion> current = current();
    String problem = problem(current);
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    LOG.debugf("schema %s at version %s (this build needs %s)", schema, current.get(), required);
  }

  /** What is wrong with a schema at {@code current}, or null when this build can run on it. */
  String problem(Optional<SchemaVersion> current) {
    if (current.isPresent() && current.get().compareTo(required) >= 0) {
      return null;
    }
    return "schema "
        + schema
        + (current.isEmpty() ? " has not been migrated" : " is at version " + current.get())
        + ", this build needs "
        + required
        + ": run the migrations application first (docs/operations.md, Schema migrations)";
  }

  private Optional<SchemaVersion> current() {
    List<String> versions = new ArrayList<>();
    try {
      for (Row row :
          pool.query(
                  "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")
              .execute()
              .await()
              .atMost(Duration.ofSeconds(30))) {
        versions.add(row.getString(0));
      }
    } catch (PgException e) {
      if (UNDEFINED_TABLE.equals(e.getSqlState())) {
        return Optional.empty(); // never migrated
      }
      throw e;
    }
    return SchemaVersion.highest(versions);
  }
}
