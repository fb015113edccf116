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

  /**
   * The columns of an outbox row, in the order of {@link #values}: for a caller that writes its
   * state change and the event in one statement.
   */
  public static final String COLUMNS =
      "event_id, topic, aggregate_type, aggregate_id, event_type, payload, occurred_at,"
          + " traceparent";

  private static final String INSERT =
      "INSERT INTO outbox_event (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

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
    OutboxEvent event;
    try {
      event = event(topic, aggregateType, aggregateId, type, data);
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().failure(e);
    }
    return append(tx, event);
  }

  /**
   * Appends an event made by {@link #event} on {@code tx}, the connection of an open transaction.
   */
  public Uni<OutboxEvent> append(SqlConnection tx, OutboxEvent event) {
    return tx.preparedQuery(INSERT).execute(Tuple.from(values(event))).replaceWith(event);
  }

  /**
   * An event with its id, time and exact payload, not yet written: the caller writes {@link
   * #values} into {@link #COLUMNS} in the same statement or transaction as the state change.
   *
   * @param data the event's fields; serialized after {@code event_id}, {@code type} and {@code
   *     occurred_at}, which the outbox sets
   * @throws IllegalArgumentException if {@code data} does not serialize to a JSON object
   */
  public OutboxEvent event(
      String topic, String aggregateType, String aggregateId, String type, Object data) {
    UUID id = UUID.randomUUID();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    try {
      ObjectNode payload = mapper.createObjectNode();
      payload.put("event_id", id.toString());
      payload.put("type", type);
      payload.put("occurred_at", now.toString());
      // the outbox's own fields win over same-named data fields
      ((ObjectNode) mapper.valueToTree(data))
          .properties()
          .forEach(e -> payload.putIfAbsent(e.getKey(), e.getValue()));
      return new OutboxEvent(
          id, topic, aggregateType, aggregateId, type, mapper.writeValueAsString(payload), now);
    } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("event data must be a JSON object", e);
    }
  }

  /**
   * The outbox row of {@code event} in the order of {@link #COLUMNS}, with the current trace
   * context, so the relay continues the trace that wrote it.
   */
  public static Object[] values(OutboxEvent event) {
    return new Object[] {
      event.eventId(),
      event.topic(),
      event.aggregateType(),
      event.aggregateId(),
      event.type(),
      event.payload(),
      OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC),
      Traces.currentTraceparent()
    };
  }
}
