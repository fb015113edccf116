package dev.openbank.webhooks.repository;

import dev.openbank.webhooks.domain.WebhookBody;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Events and deliveries: storing what arrives, claiming what is due, recording attempts. */
@ApplicationScoped
public class DeliveryRepository {

  private static final String INSERT_EVENT =
      "INSERT INTO event (id, client_id, type, aggregate_id, body, occurred_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING";

  private static final String INSERT_DELIVERY =
      "INSERT INTO delivery (id, event_id, client_id, url, aggregate_id, status, next_attempt_at)"
          + " VALUES ($1, $2, $3, $4, $5, 'pending', now()) ON CONFLICT (event_id) DO NOTHING";

  /**
   * Claims due deliveries, oldest first, skipping those another replica holds and those behind an
   * earlier undelivered event of the same object to the same URL (per-object order).
   */
  private static final String CLAIM =
      "UPDATE delivery d SET status = 'delivering', lease_until = now() + $2 * interval '1 ms',"
          + " claim = $3, updated_at = now()"
          + " FROM (SELECT c.id FROM delivery c WHERE c.status = 'pending'"
          + "   AND c.next_attempt_at <= now()"
          + "   AND NOT EXISTS (SELECT 1 FROM delivery o WHERE o.url = c.url"
          + "     AND o.aggregate_id = c.aggregate_id AND o.seq < c.seq"
          + "     AND o.status IN ('pending', 'delivering'))"
          + "   ORDER BY c.next_attempt_at, c.seq LIMIT $1 FOR UPDATE SKIP LOCKED) claimed,"
          + " event e"
          + " WHERE d.id = claimed.id AND e.id = d.event_id"
          + " RETURNING d.id, d.event_id, d.url, d.attempts, e.body, d.claim";

  private static final String RECORD_ATTEMPT =
      "INSERT INTO delivery_attempt (delivery_id, n, started_at, status_code, latency_ms, error)"
          + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";

  private static final String UPDATE_DELIVERY =
      "UPDATE delivery SET status = $2, attempts = attempts + $3, next_attempt_at = $4,"
          + " last_status_code = COALESCE($5, last_status_code), last_error = $6,"
          + " lease_until = NULL, updated_at = now(),"
          + " delivered_at = CASE WHEN $2 = 'succeeded' THEN now() ELSE delivered_at END"
          + " WHERE id = $1 AND status = 'delivering' AND claim = $7";

  private final Pool pool;

  public DeliveryRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores events and their deliveries in one transaction; an event seen before changes nothing.
   *
   * @return how many deliveries were created
   */
  public Uni<Integer> store(List<WebhookBody> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    List<Tuple> eventRows = new ArrayList<>();
    List<Tuple> deliveryRows = new ArrayList<>();
    for (WebhookBody e : events) {
      eventRows.add(
          Tuple.tuple()
              .addUUID(e.eventId())
              .addString(e.clientId())
              .addString(e.type())
              .addString(e.aggregateId())
              .addString(e.body())
              .addOffsetDateTime(OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC)));
      if (e.webhookUrl() != null) {
        deliveryRows.add(
            Tuple.of(
                UUID.randomUUID(), e.eventId(), e.clientId(), e.webhookUrl(), e.aggregateId()));
      }
    }
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(INSERT_EVENT)
                .executeBatch(eventRows)
                .chain(() -> insertDeliveries(tx, deliveryRows)));
  }

  private static Uni<Integer> insertDeliveries(SqlConnection tx, List<Tuple> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return tx.preparedQuery(INSERT_DELIVERY)
        .executeBatch(rows)
        .map(
            r -> {
              int n = 0;
              for (var set = r; set != null; set = set.next()) {
                n += set.rowCount();
              }
              return n;
            });
  }

  /** Claims up to {@code limit} due deliveries for {@code lease}. */
  public Uni<List<Due>> claim(int limit, Duration lease) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(limit, lease.toMillis(), UUID.randomUUID()))
        .map(
            rows -> {
              List<Due> due = new ArrayList<>();
              for (Row r : rows) {
                due.add(
                    new Due(
                        r.getUUID("id"),
                        r.getUUID("event_id"),
                        r.getString("url"),
                        r.getInteger("attempts"),
                        r.getString("body"),
                        r.getUUID("claim")));
              }
              return due;
            });
  }

  /** Records attempts and the deliveries' new states in one transaction. */
  public Uni<Void> record(List<AttemptResult> results) {
    if (results.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> attempts = new ArrayList<>();
    List<Tuple> updates = new ArrayList<>();
    for (AttemptResult a : results) {
      if (a.counted()) {
        attempts.add(
            Tuple.tuple()
                .addUUID(a.deliveryId())
                .addInteger(a.attempt())
                .addOffsetDateTime(OffsetDateTime.ofInstant(a.startedAt(), ZoneOffset.UTC))
                .addInteger(a.statusCode())
                .addInteger(a.latencyMs())
                .addString(a.error()));
      }
      updates.add(
          Tuple.tuple()
              .addUUID(a.deliveryId())
              .addString(a.status())
              .addInteger(a.counted() ? 1 : 0)
              .addOffsetDateTime(
                  a.nextAttemptAt() == null
                      ? null
                      : OffsetDateTime.ofInstant(a.nextAttemptAt(), ZoneOffset.UTC))
              .addInteger(a.statusCode())
              .addString(a.error())
              .addUUID(a.claim()));
    }
    return pool.withTransaction(
        tx ->
            (attempts.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : tx.preparedQuery(RECORD_ATTEMPT).executeBatch(attempts).replaceWithVoid())
                .chain(() -> tx.preparedQuery(UPDATE_DELIVERY).executeBatch(updates))
                .replaceWithVoid());
  }

  /**
   * Deletes finished deliveries (with their attempts) and events older than {@code retention}; an
   * event whose delivery is still going is kept.
   */
  public Uni<Integer> purge(Duration retention) {
    OffsetDateTime before = OffsetDateTime.now().minus(retention);
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "DELETE FROM delivery_attempt WHERE delivery_id IN (SELECT id FROM delivery"
                        + " WHERE status IN ('succeeded', 'failed', 'dead') AND updated_at < $1)")
                .execute(Tuple.of(before))
                .chain(
                    () ->
                        tx.preparedQuery(
                                "DELETE FROM delivery WHERE status IN ('succeeded', 'failed',"
                                    + " 'dead') AND updated_at < $1")
                            .execute(Tuple.of(before)))
                .chain(
                    () ->
                        tx.preparedQuery(
                                "DELETE FROM event e WHERE received_at < $1 AND NOT EXISTS"
                                    + " (SELECT 1 FROM delivery d WHERE d.event_id = e.id)")
                            .execute(Tuple.of(before)))
                .map(r -> r.rowCount()));
  }

  /** Deliveries whose replica vanished mid-attempt become due again. */
  public Uni<Integer> releaseExpiredLeases() {
    return pool.query(
            "UPDATE delivery SET status = 'pending', lease_until = NULL, updated_at = now()"
                + " WHERE status = 'delivering' AND lease_until < now()")
        .execute()
        .map(r -> r.rowCount());
  }

  /** Makes the client's listed deliveries due now; returns the ids that are the client's. */
  public Uni<List<UUID>> retry(String clientId, List<UUID> ids) {
    return pool.preparedQuery(
            "UPDATE delivery SET status = 'pending', next_attempt_at = now(), updated_at = now()"
                + " WHERE client_id = $1 AND id = ANY($2) AND status <> 'delivering'"
                + " RETURNING id")
        .execute(Tuple.of(clientId, ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              List<UUID> done = new ArrayList<>();
              rows.forEach(r -> done.add(r.getUUID("id")));
              return done;
            });
  }

  /** Which of these ids are deliveries of the client (for all-or-nothing retries). */
  public Uni<List<UUID>> owned(String clientId, List<UUID> ids) {
    return pool.preparedQuery("SELECT id FROM delivery WHERE client_id = $1 AND id = ANY($2)")
        .execute(Tuple.of(clientId, ids.toArray(UUID[]::new)))
        .map(
            rows -> {
              List<UUID> found = new ArrayList<>();
              rows.forEach(r -> found.add(r.getUUID("id")));
              return found;
            });
  }
}
