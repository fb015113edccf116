package dev.openbank.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: a real KRaft Kafka broker. Use {@code @WithTestResource(RealKafka.class)}
 * on a {@code @QuarkusTest}; combine with {@link RealPostgres} or use {@link RealInfrastructure}.
 */
public class RealKafka implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", EmbeddedKafkaBroker.bootstrapServers());
  }

  @Override
  public void stop() {
    // shared for the whole JVM; stopped by a shutdown hook
  }
}
