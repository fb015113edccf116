package dev.openbank.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the {@code traceparent} headers of one aggregate's records on a topic. */
final class KafkaTraces {

  private KafkaTraces() {}

  static List<String> traceparents(String bootstrap, String topic, String key) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      boolean drained = false;
      while (!drained && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(500));
        // the records were written before this read: stop at the first empty poll after some
        drained = records.isEmpty() && !consumer.assignment().isEmpty() && !found.isEmpty();
        for (ConsumerRecord<String, String> r : records) {
          Header h = r.headers().lastHeader("traceparent");
          if (key.equals(r.key()) && h != null) {
            found.add(new String(h.value(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return found;
  }
}
