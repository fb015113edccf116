package dev.openbank.commons.health;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness fails while the Kafka cluster cannot be reached: the outbox relay could not publish and
 * the consumers could not read. Asks the cluster for its nodes with a short deadline, so a probe
 * answers within {@code openbank.kafka.health-timeout} (Quarkus' own Kafka check waits up to a
 * minute). The admin client gets the service's Kafka settings (TLS, SASL) as Quarkus collects them
 * for every Kafka client ({@code kafka.*} keys and {@code KAFKA_*} variables, the {@code
 * default-kafka-broker} map). Liveness does not include it: an outage must not restart pods.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

  static final String NAME = "Kafka cluster reachable";

  private final Map<String, Object> kafkaConfig;
  private final Duration timeout;
  private volatile Admin admin;

  public KafkaReadiness(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
      @ConfigProperty(name = "openbank.kafka.health-timeout", defaultValue = "3s")
          Duration timeout) {
    this.kafkaConfig = kafkaConfig;
    this.timeout = timeout;
  }

  @Override
  public HealthCheckResponse call() {
    if (!kafkaConfig.containsKey(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      return HealthCheckResponse.named(NAME).up().withData("bootstrap", "not configured").build();
    }
    long ms = timeout.toMillis();
    try {
      int nodes =
          admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) ms))
              .nodes()
              .get(ms + 500, TimeUnit.MILLISECONDS)
              .size();
      return HealthCheckResponse.named(NAME).up().withData("nodes", nodes).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down("interrupted");
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return down(cause.getClass().getSimpleName());
    }
  }

  private static HealthCheckResponse down(String error) {
    return HealthCheckResponse.named(NAME).down().withData("error", error).build();
  }

  private Admin admin() {
    Admin current = admin;
    if (current == null) {
      synchronized (this) {
        if (admin == null) {
          admin = Admin.create(adminConfig());
        }
        current = admin;
      }
    }
    return current;
  }

  private Map<String, Object> adminConfig() {
    Map<String, Object> conf = new HashMap<>();
    kafkaConfig.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            conf.put(key, value);
          }
        });
    conf.put(AdminClientConfig.CLIENT_ID_CONFIG, "readiness");
    conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    conf.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return conf;
  }

  @PreDestroy
  void close() {
    Admin current = admin;
    if (current != null) {
      current.close(Duration.ofSeconds(1));
    }
  }
}
