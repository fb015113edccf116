package dev.openbank.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openbank.commons.schema.SchemaVersion;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each service refuses to start on a schema older than its {@code openbank.db.schema-version}
 * (service-commons' SchemaVersionCheck). That version must be the highest of the service's own
 * migrations: lower, and a service would start on a schema missing its latest migration; higher,
 * and it would never start.
 */
class SchemaVersionsTest {

  private static final Map<String, String> SERVICE_OF_SCHEMA =
      Map.of(
          "auth", "auth-service",
          "registry", "provider-registry",
          "consent", "consent-service",
          "ais", "ais-service",
          "pis", "pis-service",
          "webhooks", "webhook-dispatcher");
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

  @Test
  void everyServiceNeedsTheHighestVersionOfItsOwnMigrations() throws IOException {
    assertEquals(Migrations.SCHEMAS.size(), SERVICE_OF_SCHEMA.size());
    for (String schema : Migrations.SCHEMAS) {
      Path service = Path.of("..", SERVICE_OF_SCHEMA.get(schema));
      List<String> versions;
      try (Stream<Path> files = Files.list(service.resolve("src/main/db"))) {
        versions =
            files
                .map(f -> VERSIONED.matcher(f.getFileName().toString()))
                .filter(Matcher::matches)
                .map(m -> m.group(1).replace('_', '.'))
                .toList();
      }
      Properties properties = new Properties();
      try (Reader r =
          Files.newBufferedReader(service.resolve("src/main/resources/application.properties"))) {
        properties.load(r);
      }
      assertEquals(schema, properties.getProperty("openbank.db.schema"), service.toString());
      assertEquals(
          SchemaVersion.highest(versions).orElseThrow(),
          SchemaVersion.parse(properties.getProperty("openbank.db.schema-version")),
          service + ": openbank.db.schema-version must be its highest migration " + versions);
    }
  }
}
