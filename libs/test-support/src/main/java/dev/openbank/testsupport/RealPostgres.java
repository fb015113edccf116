package dev.openbank.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Quarkus test resource: a real PostgreSQL with this service's own schema and role.
 *
 * <p>Use {@code @WithTestResource(RealPostgres.class)} on a {@code @QuarkusTest}. The schema is the
 * {@code schema} init argument, or else the service's {@code openbank.db.schema} property. The
 * server is started once per JVM and shared by every test class; tests keep their data apart by
 * using their own clients and ids, never by relying on an empty database.
 */
public class RealPostgres implements QuarkusTestResourceLifecycleManager {

  private String schema;

  @Override
  public void init(Map<String, String> initArgs) {
    schema = initArgs.get("schema");
  }

  @Override
  public Map<String, String> start() {
    String name =
        schema != null
            ? schema
            : ConfigProvider.getConfig()
                .getOptionalValue("openbank.db.schema", String.class)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "set openbank.db.schema in application.properties or the 'schema' arg"));
    return EmbeddedPostgresServer.provision(name).quarkusConfig();
  }

  @Override
  public void stop() {
    // shared for the whole JVM; stopped by a shutdown hook
  }
}
