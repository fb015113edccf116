package dev.openbank.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Both real PostgreSQL (own schema and role) and real Kafka with one annotation:
 * {@code @WithTestResource(RealInfrastructure.class)}.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

  private final RealPostgres postgres = new RealPostgres();
  private final RealKafka kafka = new RealKafka();

  @Override
  public void init(Map<String, String> initArgs) {
    postgres.init(initArgs);
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(postgres.start());
    config.putAll(kafka.start());
    return config;
  }

  @Override
  public void stop() {
    postgres.stop();
    kafka.stop();
  }
}
