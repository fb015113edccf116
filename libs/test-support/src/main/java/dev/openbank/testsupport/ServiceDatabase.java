package dev.openbank.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one service's schema lives and the credentials of the role that owns it.
 *
 * @param schema the schema, which is also the role's name
 */
public record ServiceDatabase(
    String host, int port, String database, String schema, String password) {

  /** The role name: one role per service, named like its schema. */
  public String username() {
    return schema;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?currentSchema=" + schema;
  }

  public String reactiveUrl() {
    return "postgresql://" + host + ":" + port + "/" + database + "?search_path=" + schema;
  }

  /**
   * The environment a packaged service reads its database from: {@code <prefix>_DB_USER}, {@code
   * _DB_PASSWORD}, {@code _DB_URL} (reactive) and {@code _DB_JDBC_URL} (JDBC, for Flyway: read by
   * the migrations application and by sandbox-bank), e.g. prefix {@code SANDBOX} for sandbox-bank.
   */
  public Map<String, String> environment(String prefix) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(prefix + "_DB_USER", username());
    env.put(prefix + "_DB_PASSWORD", password);
    env.put(prefix + "_DB_URL", reactiveUrl());
    env.put(prefix + "_DB_JDBC_URL", jdbcUrl());
    return env;
  }

  /** {@link #environment(String)} together with a service's other variables. */
  public Map<String, String> environment(String prefix, Map<String, String> more) {
    Map<String, String> env = environment(prefix);
    env.putAll(more);
    return java.util.Collections.unmodifiableMap(env);
  }

  /**
   * Quarkus configuration for the default datasource: reactive, plus JDBC and Flyway for a service
   * that still migrates its own schema at start (sandbox-bank). A schema with migrations in the
   * {@code schemas} jar is migrated before its service starts ({@link SchemaMigrations}) and its
   * service has no JDBC datasource.
   */
  public Map<String, String> quarkusConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.datasource.username", username());
    config.put("quarkus.datasource.password", password);
    config.put("quarkus.datasource.reactive.url", reactiveUrl());
    if (!SchemaMigrations.exist(schema)) {
      config.put("quarkus.datasource.jdbc.url", jdbcUrl());
      config.put("quarkus.flyway.schemas", schema);
      config.put("quarkus.flyway.default-schema", schema);
    }
    return config;
  }
}
