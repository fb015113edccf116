package dev.openbank.webhooks.repository;

import dev.openbank.webhooks.domain.WebhookBody;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events and deliveries: storing what arrives, claiming what is due, recording attempts. */
@ApplicationScoped
public class DeliveryRepository {

  // whole batches as arrays: one statement per table instead of one per row
  private static final String INSERT_EVENTS =
      "INSERT INTO event (id, client_id, type, aggregate_id, body, occurred_at)"
          + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],"
          + " $6::timestamptz[]) ON CONFLICT (id) DO NOTHING";

  /**
   * Creates the deliveries of new events (a redelivered event creates none), in the events' order.
   * Up to {@code $6} of them are claimed at once for this replica ({@code delivering}, lease {@code
   * $7} ms, claim {@code $8}), so they are sent straight away without a claim round trip: the first
   * of its object in the batch, with no undelivered earlier delivery of the same object to the same
   * URL (the order the claim keeps, see {@link #CLAIM}). The others wait as {@code pending} for a
   * claim.
   */
  private static final String INSERT_DELIVERIES =
      "WITH input AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[],"
          + " $5::text[]) WITH ORDINALITY AS d(id, event_id, client_id, url, aggregate_id, ord)),"
          + " first_of_object AS (SELECT DISTINCT ON (url, aggregate_id) id FROM input"
          + "   ORDER BY url, aggregate_id, ord),"
          + " now_due AS (SELECT i.id FROM input i JOIN first_of_object f ON f.id = i.id"
          + "   WHERE NOT EXISTS (SELECT 1 FROM delivery o WHERE o.url = i.url"
          + "     AND o.aggregate_id = i.aggregate_id AND o.status IN ('pending', 'delivering'))"
          + "   ORDER BY i.ord LIMIT $6)"
          + " INSERT INTO delivery (id, event_id, client_id, url, aggregate_id, status,"
          + "   next_attempt_at, lease_until, claim)"
          + " SELECT i.id, i.event_id, i.client_id, i.url, i.aggregate_id,"
          + "   CASE WHEN n.id IS NULL THEN 'pending' ELSE 'delivering' END, now(),"
          + "   CASE WHEN n.id IS NULL THEN NULL ELSE now() + $7 * interval '1 ms' END,"
          + "   CASE WHEN n.id IS NULL THEN NULL ELSE $8::uuid END"
          + " FROM input i LEFT JOIN now_due n ON n.id = i.id ORDER BY i.ord"
          + " ON CONFLICT (event_id) DO NOTHING"
          + " RETURNING id, event_id, url, attempts, claim";

  /**
   * What storing a batch of events did.
   *
   * @param created deliveries created
   * @param claimed those of them claimed for this replica, to send now
   */
  public record Stored(int created, List<Due> claimed) {
    /** Deliveries created that wait for a claim. */
    public int pending() {
      return created - claimed.size();
    }
  }

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
   * Stores events and their deliveries in one transaction; an event seen before changes nothing. Up
   * to {@code claimLimit} of the new deliveries are claimed for {@code lease} at once (see {@link
   * #INSERT_DELIVERIES}).
   */
  public Uni<Stored> store(List<WebhookBody> events, int claimLimit, Duration lease) {
    if (events.isEmpty()) {
      return Uni.createFrom().item(new Stored(0, List.of()));
    }
    int n = events.size();
    UUID[] ids = new UUID[n];
    String[] clients = new String[n];
    String[] types = new String[n];
    String[] aggregates = new String[n];
    String[] bodies = new String[n];
    OffsetDateTime[] occurred = new OffsetDateTime[n];
    List<WebhookBody> withUrl = new ArrayList<>();
    Map<UUID, String> bodyOf = new HashMap<>();
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
        bodyOf.put(e.eventId(), e.body());
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
            .addArrayOfString(withUrl.stream().map(WebhookBody::aggregateId).toArray(String[]::new))
            .addInteger(Math.max(0, claimLimit))
            .addLong(lease.toMillis())
            .addUUID(UUID.randomUUID());
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(INSERT_EVENTS)
                .execute(eventRows)
                .chain(
                    () ->
                        withUrl.isEmpty()
                            ? Uni.createFrom().item(new Stored(0, List.of()))
                            : tx.preparedQuery(INSERT_DELIVERIES)
                                .execute(deliveryRows)
                                .map(rows -> stored(rows, bodyOf))));
  }

  private static Stored stored(RowSet<Row> rows, Map<UUID, String> bodyOf) {
    List<Due> claimed = new ArrayList<>();
    for (Row r : rows) {
      UUID claim = r.getUUID("claim");
      if (claim != null) {
        UUID eventId = r.getUUID("event_id");
        claimed.add(
            new Due(
                r.getUUID("id"),
                eventId,
                r.getString("url"),
                r.getInteger("attempts"),
                bodyOf.get(eventId),
                claim));
      }
    }
    return new Stored(rows.rowCount(), claimed);
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
