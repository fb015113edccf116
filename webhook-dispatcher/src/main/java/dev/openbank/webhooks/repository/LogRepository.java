package dev.openbank.webhooks.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Read side for API clients: their delivery log and their event feed, keyset by sequence. */
@ApplicationScoped
public class LogRepository {

  /** A delivery with its attempts. */
  public record DeliveryRow(
      UUID id,
      long seq,
      UUID eventId,
      String eventType,
      String url,
      String status,
      int attempts,
      Instant nextAttemptAt,
      Integer lastStatusCode,
      String lastError,
      Instant createdAt,
      Instant deliveredAt,
      List<AttemptRow> attemptLog) {}

  /** One attempt. */
  public record AttemptRow(
      int n, Instant startedAt, Integer statusCode, int latencyMs, String error) {}

  /** One stored event. */
  public record EventRow(UUID id, long seq, String type, Instant occurredAt, String body) {}

  private final Pool pool;

  public LogRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * The client's deliveries after {@code afterSeq}, oldest first, with their attempts. A delivery
   * queued behind an earlier one of its object shows as {@code pending}, as the API documents it.
   */
  public Uni<List<DeliveryRow>> deliveries(
      String clientId, String status, String eventType, UUID eventId, long afterSeq, int limit) {
    String sql =
        "SELECT d.id, d.seq, d.event_id, e.type, d.url,"
            + " CASE d.status WHEN 'queued' THEN 'pending' ELSE d.status END AS status,"
            + " d.attempts, d.next_attempt_at,"
            + " d.last_status_code, d.last_error, d.created_at, d.delivered_at"
            + " FROM delivery d JOIN event e ON e.id = d.event_id"
            + " WHERE d.client_id = $1 AND d.seq > $2"
            + " AND ($3::text IS NULL OR d.status = $3 OR ($3 = 'pending' AND d.status = 'queued'))"
            + " AND ($4::text IS NULL OR e.type = $4)"
            + " AND ($5::uuid IS NULL OR d.event_id = $5)"
            + " ORDER BY d.seq LIMIT $6";
    return pool.preparedQuery(sql)
        .execute(
            Tuple.tuple()
                .addString(clientId)
                .addLong(afterSeq)
                .addString(status)
                .addString(eventType)
                .addUUID(eventId)
                .addInteger(limit))
        .chain(
            rows -> {
              Map<UUID, Row> byId = new LinkedHashMap<>();
              rows.forEach(r -> byId.put(r.getUUID("id"), r));
              return attempts(List.copyOf(byId.keySet()))
                  .map(
                      log -> {
                        List<DeliveryRow> out = new ArrayList<>();
                        byId.forEach(
                            (id, r) ->
                                out.add(
                                    new DeliveryRow(
                                        id,
                                        r.getLong("seq"),
                                        r.getUUID("event_id"),
                                        r.getString("type"),
                                        r.getString("url"),
                                        r.getString("status"),
                                        r.getInteger("attempts"),
                                        instant(r, "next_attempt_at"),
                                        r.getInteger("last_status_code"),
                                        r.getString("last_error"),
                                        instant(r, "created_at"),
                                        instant(r, "delivered_at"),
                                        log.getOrDefault(id, List.of()))));
                        return out;
                      });
            });
  }

  private Uni<Map<UUID, List<AttemptRow>>> attempts(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return pool.preparedQuery(
            "SELECT delivery_id, n, started_at, status_code, latency_ms, error"
                + " FROM delivery_attempt WHERE delivery_id = ANY($1) ORDER BY delivery_id, n")
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, List<AttemptRow>> log = new LinkedHashMap<>();
              rows.forEach(
                  r ->
                      log.computeIfAbsent(r.getUUID("delivery_id"), k -> new ArrayList<>())
                          .add(
                              new AttemptRow(
                                  r.getInteger("n"),
                                  instant(r, "started_at"),
                                  r.getInteger("status_code"),
                                  r.getInteger("latency_ms"),
                                  r.getString("error"))));
              return log;
            });
  }

  /** The client's events after {@code afterSeq}, oldest first. */
  public Uni<List<EventRow>> events(
      String clientId, String type, Instant occurredFrom, long afterSeq, int limit) {
    return pool.preparedQuery(
            "SELECT id, seq, type, occurred_at, body FROM event WHERE client_id = $1 AND seq > $2"
                + " AND ($3::text IS NULL OR type = $3)"
                + " AND ($4::timestamptz IS NULL OR occurred_at >= $4)"
                + " ORDER BY seq LIMIT $5")
        .execute(
            Tuple.tuple()
                .addString(clientId)
                .addLong(afterSeq)
                .addString(type)
                .addOffsetDateTime(
                    occurredFrom == null
                        ? null
                        : OffsetDateTime.ofInstant(occurredFrom, ZoneOffset.UTC))
                .addInteger(limit))
        .map(
            rows -> {
              List<EventRow> out = new ArrayList<>();
              rows.forEach(
                  r ->
                      out.add(
                          new EventRow(
                              r.getUUID("id"),
                              r.getLong("seq"),
                              r.getString("type"),
                              instant(r, "occurred_at"),
                              r.getString("body"))));
              return out;
            });
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
