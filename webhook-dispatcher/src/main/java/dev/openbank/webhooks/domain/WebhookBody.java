package dev.openbank.webhooks.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openbank.commons.events.StatusEvents;
import java.time.Instant;
import java.util.UUID;

/**
 * A status event read from Kafka and the webhook body made from it, serialized once: the event's
 * fields in their order, without the routing fields ({@code client_id}, {@code webhook_url}).
 */
public record WebhookBody(
    UUID eventId,
    String type,
    Instant occurredAt,
    String clientId,
    String webhookUrl,
    String aggregateId,
    String body) {

  // decimals keep their digits (100.50 stays 100.50); amounts should be strings anyway
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(
              com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

  /**
   * Reads one event.
   *
   * @param key the Kafka record key, the aggregate id (e.g. the link id)
   * @throws IllegalArgumentException if the event breaks the contract
   */
  public static WebhookBody parse(String key, String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
    if (!(node instanceof ObjectNode event)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String eventId = text(event, "event_id");
    String type = text(event, "type");
    String occurredAt = text(event, "occurred_at");
    String clientId = text(event, StatusEvents.CLIENT_ID);
    if (eventId == null || type == null || occurredAt == null || clientId == null) {
      throw new IllegalArgumentException("event_id, type, occurred_at and client_id are required");
    }
    String url = text(event, StatusEvents.WEBHOOK_URL);
    ObjectNode body = event.deepCopy();
    StatusEvents.ROUTING_FIELDS.forEach(body::remove);
    try {
      return new WebhookBody(
          UUID.fromString(eventId),
          type,
          Instant.parse(occurredAt),
          clientId,
          url,
          key == null ? eventId : key,
          JSON.writeValueAsString(body));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable event " + eventId, e);
    }
  }

  private static String text(ObjectNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
