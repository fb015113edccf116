package dev.openbank.testsupport;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker and controller, in process, no
 * Docker), shared by everything in one JVM. Starts in about 1.5 s.
 */
public final class EmbeddedKafkaBroker {

  private static KafkaClusterTestKit shared;

  private EmbeddedKafkaBroker() {}

  /** Starts the JVM-wide broker once and returns its bootstrap servers. */
  public static synchronized String bootstrapServers() {
    if (shared == null) {
      shared = startPrivate();
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafkaBroker::closeQuietly));
    }
    return shared.bootstrapServers();
  }

  /**
   * Waits until the broker answers a client as the services' clients first ask it (the cluster's
   * nodes, then its topics). The broker runs in the launcher's JVM: without this, the first service
   * to start would also wait for the broker's first requests to run, which a long-running cluster
   * has long done.
   */
  public static void awaitAnswers(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
      admin.listTopics().names().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "The Kafka broker at " + bootstrapServers + " did not answer", e);
    }
  }

  /**
   * Starts a broker of the caller's own, for a test that stops it (the JVM-wide one must keep
   * running); the caller closes it.
   */
  public static KafkaClusterTestKit startPrivate() {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "true")
              .setConfigProp("num.partitions", "3")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return cluster;
    } catch (Exception e) {
      throw new IllegalStateException("Could not start an embedded Kafka broker", e);
    }
  }

  private static void closeQuietly() {
    // While the JVM exits, the broker can find its log directory already gone and would then
    // halt the JVM with status 1, failing a build whose tests all passed: let it stop quietly.
    org.apache.kafka.common.utils.Exit.setHaltProcedure((status, message) -> {});
    org.apache.kafka.common.utils.Exit.setExitProcedure((status, message) -> {});
    try {
      shared.close();
    } catch (Exception ignored) {
      // the JVM is exiting
    }
  }
}
