package dev.openbank.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.SchemaMigrations;
import dev.openbank.testsupport.ServiceDatabase;
import io.restassured.response.ValidatableResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A packaged service's health follows its PostgreSQL and its Kafka broker: readiness goes down
 * (503, naming the failed check) while one is unreachable and comes back with it, and liveness
 * stays up, so Kubernetes stops routing to the pod without restarting it. The service gets a
 * PostgreSQL and a Kafka broker of its own here, since both are stopped.
 */
class HealthTest {

  /** 32 bytes, base64: a cursor secret or master key for a service under test. */
  private static final String SECRET = "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=";

  private EmbeddedPostgres postgres;
  private int pgPort;
  private Path pgData;
  private KafkaClusterTestKit kafka;
  private Process service;

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.destroy();
      service.waitFor();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /**
   * Starts {@code module}'s packaged jar with a PostgreSQL (schema {@code schema}, read from the
   * {@code <prefix>_DB_*} variables) and a Kafka broker of its own; {@code env} adds the service's
   * other settings.
   *
   * @return the service's base URL, once ready
   */
  private String startAlone(String module, String schema, String prefix, Map<String, String> env)
      throws Exception {
    Path dir = Files.createDirectories(Path.of("target/health-test")).toAbsolutePath();
    pgPort = PackagedService.freePort();
    pgData = dir.resolve("postgres-" + pgPort);
    postgres = EmbeddedPostgresServer.start(pgData, pgPort);
    ServiceDatabase db = EmbeddedPostgresServer.provision(postgres, schema, schema + "-pw");
    SchemaMigrations.migrate(db);
    kafka = EmbeddedKafkaBroker.startPrivate();
    int port = PackagedService.freePort();
    Map<String, String> all = new HashMap<>(db.environment(prefix));
    all.putAll(env);
    all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    all.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    service =
        PackagedService.start(
            PackagedService.locateRunJar(module),
            dir.resolve(module + ".log"),
            all,
            List.of("-Xmx192m"));
    String base = "http://localhost:" + port;
    PackagedService.awaitReady(service, module, base + "/q/health/ready", Duration.ofSeconds(90));
    return base;
  }

  @Test
  void readinessGoesDownWithPostgresOrKafkaAndLivenessStaysUp() throws Exception {
    String base =
        startAlone(
            "provider-registry", "registry", "REGISTRY", Map.of("REGISTRY_CURSOR_SECRET", SECRET));

    // PostgreSQL stops: not ready, the database checks say why; still alive
    postgres.close();
    postgres = null;
    awaitReadiness(base, 503)
        .body(
            "checks.findAll { it.status == 'DOWN' }.name",
            hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("postgresql")));
    given().get(base + "/q/health/live").then().statusCode(200);

    // PostgreSQL is back on the same port and data: ready again
    postgres = EmbeddedPostgresServer.start(pgData, pgPort);
    awaitReadiness(base, 200).body("status", equalTo("UP"));

    // Kafka stops: not ready, the Kafka check says why; still alive
    kafka.close();
    kafka = null;
    awaitReadiness(base, 503)
        .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Kafka cluster reachable"));
    given().get(base + "/q/health/live").then().statusCode(200);
  }

  /**
   * A service that consumes Kafka (webhook-dispatcher) is not ready while Kafka is away, but stays
   * alive: its consumer keeps reconnecting, and Kubernetes must not restart it in a loop.
   */
  @Test
  void aConsumingServiceStaysAliveWhileKafkaIsAway() throws Exception {
    String base =
        startAlone(
            "webhook-dispatcher",
            "webhooks",
            "WEBHOOKS",
            Map.of("WEBHOOKS_MASTER_KEY", SECRET, "WEBHOOKS_CURSOR_SECRET", SECRET));
    kafka.close();
    kafka = null;
    awaitReadiness(base, 503)
        .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Kafka cluster reachable"));
    // for longer than a liveness probe's failure budget (3 x 10 s would restart it)
    long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (System.nanoTime() < until) {
      given().get(base + "/q/health/live").then().statusCode(200);
      Thread.sleep(2_000);
    }
  }

  private static ValidatableResponse awaitReadiness(String base, int status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> given().get(base + "/q/health/ready").statusCode() == status);
    return given().get(base + "/q/health/ready").then().statusCode(status);
  }
}
