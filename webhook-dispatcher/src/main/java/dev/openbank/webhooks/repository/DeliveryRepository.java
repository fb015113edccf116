package dev.openbank.webhooks.repository;

import dev.openbank.webhooks.domain.WebhookBody;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Events and deliveries: storing what arrives, claiming what is due, recording attempts. */
@ApplicationScoped
public class DeliveryRepository {

  // whole batches as arrays: one statement per table instead of one per row
  private static final String INSERT_EVENTS =
      "INSERT INTO event (id, client_id, type, aggregate_id, body, occurred_at)"
          + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],"
          + " $6::timestamptz[]) ON CONFLICT (id) DO NOTHING";

  private static final String INSERT_DELIVERIES =
      "INSERT INTO delivery (id, event_id, client_id, url, aggregate_id, status, next_attempt_at)"
          + " SELECT id, event_id, client_id, url, aggregate_id, 'pending', now()"
          + " FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])"
          + " AS d(id, event_id, client_id, url, aggregate_id)"
          + " ON CONFLICT (event_id) DO NOTHING";

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

  private static final String RECORD_ATTEMPTS =
      "INSERT INTO delivery_attempt (delivery_id, n, started_at, status_code, latency_ms, error)"
          + " SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::int[], $5::int[],"
          + " $6::text[]) ON CONFLICT DO NOTHING";

  private static final String UPDATE_DELIVERIES =
      "UPDATE delivery d SET status = u.status, attempts = d.attempts + u.inc,"
          + " next_attempt_at = u.next, last_status_code = COALESCE(u.code, d.last_status_code),"
          + " last_error = u.error, lease_until = NULL, updated_at = now(),"
          + " delivered_at = CASE WHEN u.status = 'succeeded' THEN now() ELSE d.delivered_at END"
          + " FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::int[],"
          + " $6::text[], $7::uuid[]) AS u(id, status, inc, next, code, error, claim)"
          + " WHERE d.id = u.id AND d.status = 'delivering' AND d.claim = u.claim";

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
    int n = events.size();
    UUID[] ids = new UUID[n];
    String[] clients = new String[n];
    String[] types = new String[n];
    String[] aggregates = new String[n];
    String[] bodies = new String[n];
    OffsetDateTime[] occurred = new OffsetDateTime[n];
    List<WebhookBody> withUrl = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WebhookBody e = events.get(i);
      ids[i] = e.eventId();
      clients[i] = e.clientId();
      types[i] = e.type();
      aggregates[i] = e.aggregateId();
      bodies[i] = e.body();
      occurred[i] = OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC);
      if (e.webhookUrl() != null) {
        withUrl.add(e);
      }
    }
    Tuple eventRows =
        Tuple.tuple()
            .addArrayOfUUID(ids)
            .addArrayOfString(clients)
            .addArrayOfString(types)
            .addArrayOfString(aggregates)
            .addArrayOfString(bodies)
            .addArrayOfOffsetDateTime(occurred);
    Tuple deliveryRows =
        Tuple.tuple()
            .addArrayOfUUID(withUrl.stream().map(e -> UUID.randomUUID()).toArray(UUID[]::new))
            .addArrayOfUUID(withUrl.stream().map(WebhookBody::eventId).toArray(UUID[]::new))
            .addArrayOfString(withUrl.stream().map(WebhookBody::clientId).toArray(String[]::new))
            .addArrayOfString(withUrl.stream().map(WebhookBody::webhookUrl).toArray(String[]::new))
            .addArrayOfString(
                withUrl.stream().map(WebhookBody::aggregateId).toArray(String[]::new));
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(INSERT_EVENTS)
                .execute(eventRows)
                .chain(
                    () ->
                        withUrl.isEmpty()
                            ? Uni.createFrom().item(0)
                            : tx.preparedQuery(INSERT_DELIVERIES)
                                .execute(deliveryRows)
                                .map(r -> r.rowCount())));
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
    List<AttemptResult> counted = results.stream().filter(AttemptResult::counted).toList();
    Tuple attempts =
        Tuple.tuple()
            .addArrayOfUUID(counted.stream().map(AttemptResult::deliveryId).toArray(UUID[]::new))
            .addArrayOfInteger(counted.stream().map(AttemptResult::attempt).toArray(Integer[]::new))
            .addArrayOfOffsetDateTime(
                counted.stream().map(a -> utc(a.startedAt())).toArray(OffsetDateTime[]::new))
            .addArrayOfInteger(
                counted.stream().map(AttemptResult::statusCode).toArray(Integer[]::new))
            .addArrayOfInteger(
                counted.stream().map(AttemptResult::latencyMs).toArray(Integer[]::new))
            .addArrayOfString(counted.stream().map(AttemptResult::error).toArray(String[]::new));
    Tuple updates =
        Tuple.tuple()
            .addArrayOfUUID(results.stream().map(AttemptResult::deliveryId).toArray(UUID[]::new))
            .addArrayOfString(results.stream().map(AttemptResult::status).toArray(String[]::new))
            .addArrayOfInteger(
                results.stream().map(a -> a.counted() ? 1 : 0).toArray(Integer[]::new))
            .addArrayOfOffsetDateTime(
                results.stream().map(a -> utc(a.nextAttemptAt())).toArray(OffsetDateTime[]::new))
            .addArrayOfInteger(
                results.stream().map(AttemptResult::statusCode).toArray(Integer[]::new))
            .addArrayOfString(results.stream().map(AttemptResult::error).toArray(String[]::new))
            .addArrayOfUUID(results.stream().map(AttemptResult::claim).toArray(UUID[]::new));
    return pool.withTransaction(
        tx ->
            (counted.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : tx.preparedQuery(RECORD_ATTEMPTS).execute(attempts).replaceWithVoid())
                .chain(() -> tx.preparedQuery(UPDATE_DELIVERIES).execute(updates))
                .replaceWithVoid());
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
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
