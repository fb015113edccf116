package dev.openbank.commons.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OutboxTest {

  @Inject Pool pool;
  @Inject Outbox outbox;
  @Inject ObjectMapper mapper;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private Uni<Void> changeStatus(String id, String status, String topic) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "INSERT INTO item (id, status) VALUES ($1, $2)"
                        + " ON CONFLICT (id) DO UPDATE SET status = $2")
                .execute(Tuple.of(id, status))
                .flatMap(
                    r ->
                        outbox.append(
                            tx,
                            topic,
                            "item",
                            id,
                            "item_status_update",
                            Map.of("item_id", id, "status", status)))
                .replaceWithVoid());
  }

  @Test
  void stateChangeAndEventArePublishedInOrderAsCloudEvents() throws Exception {
    String topic = "item-status-" + UUID.randomUUID();
    String id = "item-" + UUID.randomUUID();
    for (String status : List.of("created", "started", "completed")) {
      changeStatus(id, status, topic).await().atMost(Duration.ofSeconds(5));
    }

    List<ConsumerRecord<String, String>> records = consume(topic, 3);
    assertEquals(3, records.size());
    List<String> statuses = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      assertEquals(id, record.key(), "keyed by aggregate id");
      JsonNode payload = mapper.readTree(record.value());
      statuses.add(payload.get("status").asText());
      assertEquals("item_status_update", payload.get("type").asText());
      assertEquals(payload.get("event_id").asText(), header(record, "ce_id"));
      assertEquals("1.0", header(record, "ce_specversion"));
      assertEquals("item_status_update", header(record, "ce_type"));
      assertEquals("/openbank/commons-test", header(record, "ce_source"));
      assertEquals(id, header(record, "ce_subject"));
    }
    assertEquals(List.of("created", "started", "completed"), statuses);

    // the relay marks rows published after the broker acknowledged them
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                pool.preparedQuery(
                            "SELECT count(*) AS n FROM outbox_event"
                                + " WHERE aggregate_id = $1 AND published_at IS NULL")
                        .execute(Tuple.of(id))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getLong("n")
                    == 0);
  }

  @Test
  void aRolledBackChangeLeavesNoEvent() {
    String topic = "item-status-" + UUID.randomUUID();
    String id = "item-" + UUID.randomUUID();
    assertThrows(
        IllegalStateException.class,
        () ->
            pool.withTransaction(
                    tx ->
                        outbox
                            .append(
                                tx, topic, "item", id, "item_status_update", Map.of("status", "x"))
                            .flatMap(
                                e -> Uni.createFrom().failure(new IllegalStateException("boom"))))
                .await()
                .indefinitely());
    long rows =
        pool.preparedQuery("SELECT count(*) AS n FROM outbox_event WHERE aggregate_id = $1")
            .execute(Tuple.of(id))
            .await()
            .indefinitely()
            .iterator()
            .next()
            .getLong("n");
    assertEquals(0, rows);
    assertTrue(consume(topic, 1, Duration.ofSeconds(2)).isEmpty());
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private List<ConsumerRecord<String, String>> consume(String topic, int expected) {
    return consume(topic, expected, Duration.ofSeconds(20));
  }

  private List<ConsumerRecord<String, String>> consume(String topic, int expected, Duration wait) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "test-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<String, String>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + wait.toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
