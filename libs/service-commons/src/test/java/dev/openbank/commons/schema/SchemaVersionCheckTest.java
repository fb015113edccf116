package dev.openbank.commons.schema;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.RealInfrastructure;
import dev.openbank.testsupport.ServiceDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The start-up check against real schemas: this test application's own (migrated to version 1 by
 * the test resource, as the migrations application would) and one that was never migrated.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SchemaVersionCheckTest {

  @Inject Pool pool;
  @Inject Vertx vertx;

  @Test
  void aMigratedSchemaPassesAtItsVersionAndFailsBelowTheBuildsVersion() {
    new SchemaVersionCheck(pool, "commons_test", "1").check(null);
    new SchemaVersionCheck(pool, "commons_test", "0.1").check(null);
    IllegalStateException behind =
        assertThrows(
            IllegalStateException.class,
            () -> new SchemaVersionCheck(pool, "commons_test", "2").check(null));
    assertTrue(
        behind.getMessage().contains("is at version 1, this build needs 2"), behind.getMessage());
  }

  @Test
  void aSchemaThatWasNeverMigratedFails() {
    ServiceDatabase empty = EmbeddedPostgresServer.provision("commons_unmigrated");
    Pool emptyPool =
        PgPool.pool(
            vertx,
            PgConnectOptions.fromUri(empty.reactiveUrl())
                .setUser(empty.username())
                .setPassword(empty.password()),
            new PoolOptions().setMaxSize(1));
    try {
      IllegalStateException never =
          assertThrows(
              IllegalStateException.class,
              () -> new SchemaVersionCheck(emptyPool, "commons_unmigrated", "1").check(null));
      assertTrue(never.getMessage().contains("has not been migrated"), never.getMessage());
    } finally {
      emptyPool.closeAndAwait();
    }
  }
}
