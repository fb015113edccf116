package dev.openbank.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what services really published to the shared test broker, for assertions. */
public final class KafkaEvents {

  private KafkaEvents() {}

  /**
   * Reads {@code topic} from the beginning until {@code expected} records match or the timeout
   * passes, and returns the matching records (fewer than expected on timeout).
   */
  public static List<ConsumerRecord<String, String>> read(
      String topic,
      Predicate<ConsumerRecord<String, String>> match,
      int expected,
      Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaBroker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (found.size() < expected && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (match.test(r)) {
                    found.add(r);
                  }
                });
      }
    }
    return found;
  }

  /**
   * The {@code status} field of the events of one aggregate (record key) on a status topic, in the
   * order they were published: at most {@code n}, waiting up to {@code timeout} for them.
   */
  public static List<String> statuses(String topic, String key, int n, java.time.Duration timeout) {
    java.util.regex.Pattern status = java.util.regex.Pattern.compile("\"status\":\"([a-z_]+)\"");
    return read(topic, r -> key.equals(r.key()), n, timeout).stream()
        .map(
            r -> {
              java.util.regex.Matcher m = status.matcher(r.value());
              return m.find() ? m.group(1) : r.value();
            })
        .toList();
  }
}
