package dev.openbank.commons.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes events into the outbox inside the caller's transaction, so a state change and the event
 * announcing it are committed together or not at all. {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {

  private static final String INSERT =
      "INSERT INTO outbox_event (event_id, topic, aggregate_type, aggregate_id, event_type,"
          + " payload, occurred_at, traceparent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  private final ObjectMapper mapper;

  public Outbox(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Appends an event on {@code tx}, which must be the connection of an open transaction.
   *
   * @param data the event's fields; serialized after {@code event_id}, {@code type} and {@code
   *     occurred_at}, which the outbox sets
   */
  public Uni<OutboxEvent> append(
      SqlConnection tx,
      String topic,
      String aggregateType,
      String aggregateId,
      String type,
      Object data) {
    UUID id = UUID.randomUUID();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String json;
    try {
      ObjectNode payload = mapper.createObjectNode();
      payload.put("event_id", id.toString());
      payload.put("type", type);
      payload.put("occurred_at", now.toString());
      // the outbox's own fields win over same-named data fields
      ((ObjectNode) mapper.valueToTree(data))
          .properties()
          .forEach(e -> payload.putIfAbsent(e.getKey(), e.getValue()));
      json = mapper.writeValueAsString(payload);
    } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
      return Uni.createFrom()
          .failure(new IllegalArgumentException("event data must be a JSON object", e));
    }
    OutboxEvent event = new OutboxEvent(id, topic, aggregateType, aggregateId, type, json, now);
    return tx.preparedQuery(INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  topic,
                  aggregateType,
                  aggregateId,
                  type,
                  json,
                  OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                  Traces.currentTraceparent()
                }))
        .replaceWith(event);
  }
}
