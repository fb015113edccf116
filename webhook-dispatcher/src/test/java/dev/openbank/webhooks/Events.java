package dev.openbank.webhooks;

import dev.openbank.commons.events.StatusEvents;
import dev.openbank.testsupport.EmbeddedKafkaBroker;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Status events as the platform's services publish them (the contract in StatusEvents). */
final class Events {

  private static KafkaProducer<String, String> producer;

  private Events() {}

  /** A link status event for {@code clientId}; returns its event id. */
  static String link(String clientId, String webhookUrl, String linkId, String status) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("link_id", linkId);
    fields.put("web_id", "w" + linkId.hashCode());
    fields.put("status", status);
    return publish(
        StatusEvents.LINK_TOPIC,
        StatusEvents.LINK_STATUS_UPDATE,
        linkId,
        clientId,
        webhookUrl,
        fields);
  }

  /** Publishes one event; returns its event id. */
  static String publish(
      String topic,
      String type,
      String key,
      String clientId,
      String webhookUrl,
      Map<String, ?> fields) {
    String eventId = UUID.randomUUID().toString();
    publishRaw(topic, key, json(eventId, type, clientId, webhookUrl, fields));
    return eventId;
  }

  static String json(
      String eventId, String type, String clientId, String webhookUrl, Map<String, ?> fields) {
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"event_id\":\"").append(eventId).append("\",");
    sb.append("\"type\":\"").append(type).append("\",");
    sb.append("\"occurred_at\":\"").append(Instant.now()).append("\"");
    for (var e : StatusEvents.data(clientId, webhookUrl, fields).entrySet()) {
      sb.append(",\"").append(e.getKey()).append("\":\"").append(e.getValue()).append("\"");
    }
    return sb.append("}").toString();
  }

  static synchronized void publishRaw(String topic, String key, String json) {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaBroker.bootstrapServers());
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      producer = new KafkaProducer<>(p);
    }
    try {
      producer.send(new ProducerRecord<>(topic, key, json)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
