package dev.openbank.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server (zonky's packaged binaries, no Docker) shared by everything in one JVM,
 * and the provisioning of one schema plus one login role per service.
 *
 * <p>Each service role owns exactly its schema and has no privilege on any other, so a service
 * cannot read or write another service's tables even by mistake.
 */
public final class EmbeddedPostgresServer {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,40}");
  private static EmbeddedPostgres shared;
  private static final ConcurrentMap<String, ServiceDatabase> PROVISIONED =
      new ConcurrentHashMap<>();

  private EmbeddedPostgresServer() {}

  /** Starts the JVM-wide server once (about 1 s warm); later calls return the same server. */
  public static synchronized EmbeddedPostgres shared() {
    if (shared == null) {
      shared = start(null, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::closeQuietly));
    }
    return shared;
  }

  /**
   * Starts a server. With a data directory the cluster is kept across restarts (the local
   * launcher); without one it lives in a temporary directory and is deleted on close.
   */
  public static EmbeddedPostgres start(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", dataDirectory == null ? "off" : "on")
              .setServerConfig("synchronous_commit", dataDirectory == null ? "off" : "on")
              .setServerConfig("full_page_writes", dataDirectory == null ? "off" : "on")
              .setServerConfig("max_connections", "300");
      if (port > 0) {
        builder.setPort(port);
      }
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start embedded PostgreSQL (as root it needs user namespaces: 'unshare -U')",
          e);
    }
  }

  /**
   * Creates (once per JVM) the schema and role for {@code service} on the shared server, and
   * applies its migrations when the class path has them ({@link SchemaMigrations}), as the
   * migrations application does before a service starts.
   */
  public static ServiceDatabase provision(String service) {
    return PROVISIONED.computeIfAbsent(
        service,
        s -> {
          ServiceDatabase db =
              provision(shared(), s, "pw_" + s + "_" + Long.toHexString(System.nanoTime()));
          if (SchemaMigrations.exist(s)) {
            SchemaMigrations.migrate(db);
          }
          return db;
        });
  }

  /**
   * Creates or updates a login role and a schema of the same name, owned by that role, on the given
   * server. Idempotent: a second call resets the password and changes nothing else. It does not
   * migrate: see {@link SchemaMigrations}.
   */
  public static ServiceDatabase provision(
      EmbeddedPostgres server, String service, String password) {
    if (!IDENTIFIER.matcher(service).matches()) {
      throw new IllegalArgumentException(
          "service name must be a lower-case identifier: " + service);
    }
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + service
              + "') THEN CREATE ROLE "
              + service
              + " LOGIN; END IF; END $$");
      st.execute("ALTER ROLE " + service + " PASSWORD '" + password.replace("'", "''") + "'");
      st.execute("CREATE SCHEMA IF NOT EXISTS " + service + " AUTHORIZATION " + service);
      st.execute("ALTER ROLE " + service + " SET search_path = " + service);
      // Nobody may create objects in public; other schemas are private to their owners already.
      st.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
      return new ServiceDatabase("localhost", server.getPort(), "postgres", service, password);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not provision database for " + service, e);
    }
  }

  private static void closeQuietly() {
    try {
      if (shared != null) {
        shared.close();
      }
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}
