package dev.openbank.commons.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;

/**
 * A status event as a consuming service reads it from Kafka (the outbox's JSON payload): its {@code
 * event_id}, for idempotent handling, and its fields.
 */
public record ReceivedEvent(UUID eventId, JsonNode body) {

  /**
   * Reads a payload.
   *
   * @return the event, or null when it is of another type than {@code type}
   * @throws IllegalArgumentException when the payload breaks the contract (not JSON, no event_id)
   */
  public static ReceivedEvent parse(ObjectMapper mapper, String payload, String type) {
    JsonNode body;
    try {
      body = mapper.readTree(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (body == null || !type.equals(body.path("type").asText())) {
      return null;
    }
    return new ReceivedEvent(uuid(body, "event_id"), body);
  }

  /**
   * Reads a payload for a consumer: the event, or null when it is of another type or breaks the
   * contract (not JSON, no event_id, one of {@code uuidFields} missing or malformed), which is
   * logged and skipped: a broken event can never be handled, and must not block the events after
   * it.
   */
  public static ReceivedEvent read(
      ObjectMapper mapper,
      String payload,
      String type,
      org.jboss.logging.Logger log,
      String... uuidFields) {
    try {
      ReceivedEvent event = parse(mapper, payload, type);
      if (event != null) {
        for (String field : uuidFields) {
          event.uuid(field);
        }
      }
      return event;
    } catch (IllegalArgumentException e) {
      log.warnf("skipping a %s event that breaks the contract: %s", type, e.getMessage());
      return null;
    }
  }

  /** A UUID field; IllegalArgumentException when it is missing or malformed. */
  public UUID uuid(String field) {
    return uuid(body, field);
  }

  /** A text field, or "" when missing. */
  public String text(String field) {
    return body.path(field).asText();
  }

  private static UUID uuid(JsonNode body, String field) {
    String value = body.path(field).asText(null);
    if (value == null) {
      throw new IllegalArgumentException("no " + field);
    }
    return UUID.fromString(value);
  }
}
