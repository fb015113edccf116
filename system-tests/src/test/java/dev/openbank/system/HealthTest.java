package dev.openbank.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.ServiceDatabase;
import io.restassured.response.ValidatableResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  private EmbeddedPostgres postgres;
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

  @Test
  void readinessGoesDownWithPostgresOrKafkaAndLivenessStaysUp() throws Exception {
    Path dir = Files.createDirectories(Path.of("target/health-test")).toAbsolutePath();
    int pgPort = PackagedService.freePort();
    postgres = EmbeddedPostgresServer.start(dir.resolve("postgres-" + pgPort), pgPort);
    ServiceDatabase db = EmbeddedPostgresServer.provision(postgres, "registry", "registry-pw");
    kafka = EmbeddedKafkaBroker.startPrivate();
    int port = PackagedService.freePort();
    service =
        PackagedService.start(
            PackagedService.locateRunJar("provider-registry"),
            dir.resolve("provider-registry.log"),
            Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "REGISTRY_DB_USER", db.username(),
                "REGISTRY_DB_PASSWORD", db.password(),
                "REGISTRY_DB_URL", db.reactiveUrl(),
                "REGISTRY_DB_JDBC_URL", db.jdbcUrl(),
                "REGISTRY_CURSOR_SECRET", "aGVhbHRoLXRlc3QtY3Vyc29yLXNlY3JldC0zMmJ5dGVzIQ==",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
            List.of("-Xmx192m"));
    String base = "http://localhost:" + port;
    PackagedService.awaitReady(
        service, "provider-registry", base + "/q/health/ready", Duration.ofSeconds(90));

    // PostgreSQL stops: not ready, the database checks say why; still alive
    postgres.close();
    postgres = null;
    awaitReadiness(base, 503)
        .body(
            "checks.findAll { it.status == 'DOWN' }.name",
            hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("postgresql")));
    given().get(base + "/q/health/live").then().statusCode(200);

    // PostgreSQL is back on the same port and data: ready again
    postgres = EmbeddedPostgresServer.start(dir.resolve("postgres-" + pgPort), pgPort);
    awaitReadiness(base, 200).body("status", equalTo("UP"));

    // Kafka stops: not ready, the Kafka check says why; still alive
    kafka.close();
    kafka = null;
    awaitReadiness(base, 503)
        .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Kafka cluster reachable"));
    given().get(base + "/q/health/live").then().statusCode(200);
  }

  private static ValidatableResponse awaitReadiness(String base, int status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> given().get(base + "/q/health/ready").statusCode() == status);
    return given().get(base + "/q/health/ready").then().statusCode(status);
  }
}
