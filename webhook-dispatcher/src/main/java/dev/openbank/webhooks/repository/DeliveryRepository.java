package dev.openbank.webhooks.repository;

import dev.openbank.webhooks.domain.WebhookBody;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events and deliveries: storing what arrives, claiming what is due, recording attempts. */
@ApplicationScoped
public class DeliveryRepository {

  /*
   * Per-object order (docs/webhooks.md#order): of one object's deliveries to one URL at most one is
   * active (pending or delivering); the later ones are queued behind it and the earliest queued one
   * is promoted when the active one finishes. A claim therefore only reads pending rows, whatever
   * the backlog. Every write that decides or ends a delivery's turn first takes its objects'
   * advisory locks (LOCK_OBJECTS), so a new event and the end of its predecessor never race.
   */

  /** Transaction-scoped locks on (url, object) pairs, taken in one order by every writer. */
  private static final String LOCK_OBJECTS =
      "SELECT pg_advisory_xact_lock(a, b) FROM unnest($1::int[], $2::int[]) AS k(a, b)";

  /**
   * Stores new events (a redelivered event is skipped) and the deliveries of those that have a
   * webhook URL, in the events' order. A delivery is queued when an earlier one of its object (to
   * the same URL) is still queued or active; otherwise it is pending, and up to {@code $12} of
   * those are claimed at once for this replica ({@code delivering}, lease {@code $13} ms, claim
   * {@code $14}) to be sent straight away without a claim round trip.
   */
  private static final String STORE =
      "WITH ev AS (INSERT INTO event (id, client_id, type, aggregate_id, body, occurred_at)"
          + "   SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],"
          + "   $6::timestamptz[]) ON CONFLICT (id) DO NOTHING RETURNING id),"
          + " input AS (SELECT d.* FROM unnest($7::uuid[], $8::uuid[], $9::text[], $10::text[],"
          + "   $11::text[]) WITH ORDINALITY AS d(id, event_id, client_id, url, aggregate_id, ord)"
          + "   WHERE d.event_id IN (SELECT id FROM ev)),"
          + " head AS (SELECT DISTINCT ON (url, aggregate_id) id, url, aggregate_id, ord FROM input"
          + "   ORDER BY url, aggregate_id, ord),"
          + " free AS (SELECT h.id, h.ord FROM head h WHERE NOT EXISTS (SELECT 1 FROM delivery o"
          + "   WHERE o.url = h.url AND o.aggregate_id = h.aggregate_id"
          + "   AND o.status IN ('queued', 'pending', 'delivering'))),"
          + " now_due AS (SELECT id FROM free ORDER BY ord LIMIT $12)"
          + " INSERT INTO delivery (id, event_id, client_id, url, aggregate_id, status,"
          + "   next_attempt_at, lease_until, claim)"
          + " SELECT i.id, i.event_id, i.client_id, i.url, i.aggregate_id,"
          + "   CASE WHEN n.id IS NOT NULL THEN 'delivering' WHEN f.id IS NOT NULL THEN 'pending'"
          + "   ELSE 'queued' END, now(),"
          + "   CASE WHEN n.id IS NULL THEN NULL ELSE now() + $13 * interval '1 ms' END,"
          + "   CASE WHEN n.id IS NULL THEN NULL ELSE $14::uuid END"
          + " FROM input i LEFT JOIN free f ON f.id = i.id LEFT JOIN now_due n ON n.id = i.id"
          + " ORDER BY i.ord"
          + " ON CONFLICT (event_id) DO NOTHING"
          + " RETURNING id, event_id, url, aggregate_id, attempts, status, claim";

  /**
   * Claims up to {@code $1} due pending deliveries, oldest first, skipping other replicas' rows.
   */
  private static final String CLAIM =
      "UPDATE delivery d SET status = 'delivering', lease_until = now() + $2 * interval '1 ms',"
          + " claim = $3, updated_at = now()"
          + " FROM (SELECT c.id FROM delivery c WHERE c.status = 'pending'"
          + "   AND c.next_attempt_at <= now()"
          + "   ORDER BY c.next_attempt_at, c.seq LIMIT $1 FOR UPDATE SKIP LOCKED) claimed,"
          + " event e"
          + " WHERE d.id = claimed.id AND e.id = d.event_id"
          + " RETURNING d.id, d.event_id, d.url, d.aggregate_id, d.attempts, d.status, d.claim, e.body";

  /** Records attempts and the deliveries' new states (only under the claim they were made with). */
  private static final String RECORD =
      "WITH attempts AS (INSERT INTO delivery_attempt"
          + "   (delivery_id, n, started_at, status_code, latency_ms, error)"
          + "   SELECT * FROM unnest($8::uuid[], $9::int[], $10::timestamptz[], $11::int[],"
          + "   $12::int[], $13::text[]) ON CONFLICT DO NOTHING)"
          + " UPDATE delivery d SET status = u.status, attempts = d.attempts + u.inc,"
          + " next_attempt_at = u.next, last_status_code = COALESCE(u.code, d.last_status_code),"
          + " last_error = u.error, lease_until = NULL, updated_at = now(),"
          + " delivered_at = CASE WHEN u.status = 'succeeded' THEN now() ELSE d.delivered_at END"
          + " FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::int[],"
          + " $6::text[], $7::uuid[]) AS u(id, status, inc, next, code, error, claim)"
          + " WHERE d.id = u.id AND d.status = 'delivering' AND d.claim = u.claim";

  /**
   * Queues the listed deliveries of client {@code $1} (ids {@code $2}) again, due now, except those
   * in flight, and queues the other pending deliveries of their objects too, so that PROMOTE gives
   * the turn to the earliest of them.
   */
  private static final String RETRY =
      "WITH r AS (UPDATE delivery SET status = 'queued', next_attempt_at = now(),"
          + "   updated_at = now() WHERE client_id = $1 AND id = ANY($2)"
          + "   AND status <> 'delivering' RETURNING id, url, aggregate_id),"
          + " later AS (UPDATE delivery d SET status = 'queued', updated_at = now()"
          + "   FROM (SELECT DISTINCT url, aggregate_id FROM r) o"
          + "   WHERE d.url = o.url AND d.aggregate_id = o.aggregate_id AND d.status = 'pending'"
          + "   AND d.id <> ALL($2))"
          + " SELECT id FROM r";

  /**
   * Gives the turn to the earliest queued delivery of each listed object that has nothing active
   * left. Up to {@code $3} of those that are due are claimed at once ({@code delivering}, lease
   * {@code $4} ms, claim {@code $5}) and returned with their bodies, to be sent straight away; the
   * others become pending.
   */
  private static final String PROMOTE =
      "WITH next AS (SELECT q.id, q.seq, q.next_attempt_at <= now() AS due FROM"
          + "   (SELECT DISTINCT url, aggregate_id FROM unnest($1::text[], $2::text[]) AS o(url,"
          + "   aggregate_id)) o"
          + "   CROSS JOIN LATERAL (SELECT q.id, q.seq, q.next_attempt_at FROM delivery q"
          + "     WHERE q.url = o.url AND q.aggregate_id = o.aggregate_id AND q.status = 'queued'"
          + "     ORDER BY q.seq LIMIT 1) q"
          + "   WHERE NOT EXISTS (SELECT 1 FROM delivery a WHERE a.url = o.url"
          + "     AND a.aggregate_id = o.aggregate_id AND a.status IN ('pending', 'delivering'))),"
          + " now_due AS (SELECT id FROM next WHERE due ORDER BY seq LIMIT $3)"
          + " UPDATE delivery d SET updated_at = now(),"
          + "   status = CASE WHEN n.id IS NULL THEN 'pending' ELSE 'delivering' END,"
          + "   next_attempt_at = GREATEST(d.next_attempt_at, now()),"
          + "   lease_until = CASE WHEN n.id IS NULL THEN NULL ELSE now() + $4 * interval '1 ms' END,"
          + "   claim = CASE WHEN n.id IS NULL THEN NULL ELSE $5::uuid END"
          + " FROM next LEFT JOIN now_due n ON n.id = next.id, event e"
          + " WHERE d.id = next.id AND e.id = d.event_id"
          + " RETURNING d.id, d.event_id, d.url, d.aggregate_id, d.attempts, d.status, d.claim, e.body";

  /**
   * Deliveries whose turn came in a write: those claimed for this replica, to send now, and how
   * many others became pending and wait for a claim round.
   */
  public record Ready(int pending, List<Due> claimed) {
    static final Ready NONE = new Ready(0, List.of());

    /** From rows that carry their body in column {@code body}. */
    static Ready of(RowSet<Row> rows) {
      return of(rows, r -> r.getString("body"));
    }

    static Ready of(RowSet<Row> rows, java.util.function.Function<Row, String> body) {
      int pending = 0;
      List<Due> claimed = new ArrayList<>();
      for (Row r : rows) {
        if (r.getUUID("claim") != null) {
          claimed.add(due(r, body.apply(r)));
        } else if ("pending".equals(r.getString("status"))) {
          pending++;
        }
      }
      return new Ready(pending, claimed);
    }
  }

  private final Pool pool;

  public DeliveryRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores events and their deliveries in one transaction; an event seen before changes nothing. Up
   * to {@code claimLimit} of the new deliveries are claimed for {@code lease} at once (see {@link
   * #STORE}).
   */
  public Uni<Ready> store(List<WebhookBody> events, int claimLimit, Duration lease) {
    Map<UUID, WebhookBody> byId = new LinkedHashMap<>();
    events.forEach(e -> byId.putIfAbsent(e.eventId(), e));
    if (byId.isEmpty()) {
      return Uni.createFrom().item(Ready.NONE);
    }
    List<WebhookBody> unique = new ArrayList<>(byId.values());
    List<WebhookBody> withUrl = unique.stream().filter(e -> e.webhookUrl() != null).toList();
    Tuple rows =
        Tuple.tuple()
            .addArrayOfUUID(unique.stream().map(WebhookBody::eventId).toArray(UUID[]::new))
            .addArrayOfString(unique.stream().map(WebhookBody::clientId).toArray(String[]::new))
            .addArrayOfString(unique.stream().map(WebhookBody::type).toArray(String[]::new))
            .addArrayOfString(unique.stream().map(WebhookBody::aggregateId).toArray(String[]::new))
            .addArrayOfString(unique.stream().map(WebhookBody::body).toArray(String[]::new))
            .addArrayOfOffsetDateTime(
                unique.stream().map(e -> utc(e.occurredAt())).toArray(OffsetDateTime[]::new))
            .addArrayOfUUID(withUrl.stream().map(e -> UUID.randomUUID()).toArray(UUID[]::new))
            .addArrayOfUUID(withUrl.stream().map(WebhookBody::eventId).toArray(UUID[]::new))
            .addArrayOfString(withUrl.stream().map(WebhookBody::clientId).toArray(String[]::new))
            .addArrayOfString(withUrl.stream().map(WebhookBody::webhookUrl).toArray(String[]::new))
            .addArrayOfString(withUrl.stream().map(WebhookBody::aggregateId).toArray(String[]::new))
            .addInteger(Math.max(0, claimLimit))
            .addLong(lease.toMillis())
            .addUUID(UUID.randomUUID());
    ObjectLocks locks = new ObjectLocks();
    withUrl.forEach(e -> locks.add(e.webhookUrl(), e.aggregateId()));
    return pool.withTransaction(
        tx ->
            Uni.combine()
                .all()
                .unis(locks.take(tx), tx.preparedQuery(STORE).execute(rows))
                .asTuple()
                // STORE does not return the bodies: the events in hand have them
                .map(
                    done ->
                        Ready.of(done.getItem2(), r -> byId.get(r.getUUID("event_id")).body())));
  }

  /** Claims up to {@code limit} due deliveries for {@code lease}. */
  public Uni<List<Due>> claim(int limit, Duration lease) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(limit, lease.toMillis(), UUID.randomUUID()))
        .map(DeliveryRepository::due);
  }

  private static List<Due> due(RowSet<Row> rows) {
    List<Due> due = new ArrayList<>();
    rows.forEach(r -> due.add(due(r, r.getString("body"))));
    return due;
  }

  private static Due due(Row r, String body) {
    return new Due(
        r.getUUID("id"),
        r.getUUID("event_id"),
        r.getString("url"),
        r.getString("aggregate_id"),
        r.getInteger("attempts"),
        body,
        r.getUUID("claim"));
  }

  /**
   * Records attempts and the deliveries' new states in one transaction, and gives the turn to the
   * next queued delivery of each object whose delivery finished: up to {@code claimLimit} of them
   * are claimed for {@code lease} and returned, to be sent at once; the others become pending.
   */
  public Uni<Ready> record(List<AttemptResult> results, int claimLimit, Duration lease) {
    if (results.isEmpty()) {
      return Uni.createFrom().item(Ready.NONE);
    }
    List<AttemptResult> counted = results.stream().filter(AttemptResult::counted).toList();
    Tuple rows =
        Tuple.tuple()
            .addArrayOfUUID(results.stream().map(a -> a.delivery().id()).toArray(UUID[]::new))
            .addArrayOfString(results.stream().map(AttemptResult::status).toArray(String[]::new))
            .addArrayOfInteger(
                results.stream().map(a -> a.counted() ? 1 : 0).toArray(Integer[]::new))
            .addArrayOfOffsetDateTime(
                results.stream().map(a -> utc(a.nextAttemptAt())).toArray(OffsetDateTime[]::new))
            .addArrayOfInteger(
                results.stream().map(AttemptResult::statusCode).toArray(Integer[]::new))
            .addArrayOfString(results.stream().map(AttemptResult::error).toArray(String[]::new))
            .addArrayOfUUID(results.stream().map(a -> a.delivery().claim()).toArray(UUID[]::new))
            .addArrayOfUUID(counted.stream().map(a -> a.delivery().id()).toArray(UUID[]::new))
            .addArrayOfInteger(counted.stream().map(AttemptResult::attempt).toArray(Integer[]::new))
            .addArrayOfOffsetDateTime(
                counted.stream().map(a -> utc(a.startedAt())).toArray(OffsetDateTime[]::new))
            .addArrayOfInteger(
                counted.stream().map(AttemptResult::statusCode).toArray(Integer[]::new))
            .addArrayOfInteger(
                counted.stream().map(AttemptResult::latencyMs).toArray(Integer[]::new))
            .addArrayOfString(counted.stream().map(AttemptResult::error).toArray(String[]::new));
    ObjectLocks locks = new ObjectLocks();
    results.forEach(r -> locks.add(r.delivery().url(), r.delivery().aggregateId()));
    return pool.withTransaction(
        tx ->
            Uni.combine()
                .all()
                .unis(
                    locks.take(tx),
                    tx.preparedQuery(RECORD).execute(rows),
                    promote(tx, locks, claimLimit, lease))
                .asTuple()
                .map(done -> Ready.of(done.getItem3())));
  }

  private static Uni<RowSet<Row>> promote(
      SqlConnection tx, ObjectLocks objects, int claimLimit, Duration lease) {
    return tx.preparedQuery(PROMOTE)
        .execute(
            Tuple.tuple()
                .addArrayOfString(objects.urls())
                .addArrayOfString(objects.aggregates())
                .addInteger(Math.max(0, claimLimit))
                .addLong(lease.toMillis())
                .addUUID(UUID.randomUUID()));
  }

  /**
   * The (url, object) pairs a transaction decides the turn of, locked in one order (sorted by their
   * keys) so that writers of the same objects wait for each other instead of deadlocking. The keys
   * are hashes: two pairs that share one only wait for each other needlessly.
   */
  private static final class ObjectLocks {
    private final Map<Long, String[]> pairs = new java.util.TreeMap<>();

    void add(String url, String aggregateId) {
      long key = ((long) url.hashCode() << 32) | (aggregateId.hashCode() & 0xffffffffL);
      pairs.putIfAbsent(key, new String[] {url, aggregateId});
    }

    String[] urls() {
      return pairs.values().stream().map(p -> p[0]).toArray(String[]::new);
    }

    String[] aggregates() {
      return pairs.values().stream().map(p -> p[1]).toArray(String[]::new);
    }

    Uni<RowSet<Row>> take(SqlConnection tx) {
      return tx.preparedQuery(LOCK_OBJECTS)
          .execute(
              Tuple.tuple()
                  .addArrayOfInteger(
                      pairs.keySet().stream().map(k -> (int) (k >> 32)).toArray(Integer[]::new))
                  .addArrayOfInteger(
                      pairs.keySet().stream().map(k -> (int) (long) k).toArray(Integer[]::new)));
    }
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

  /**
   * Makes the client's listed deliveries due now, each in its object's order: they and the object's
   * other pending deliveries are queued and the earliest gets the turn unless one is in flight.
   * Deliveries in flight are left alone. Returns the ids that were retried.
   */
  public Uni<List<UUID>> retry(String clientId, List<UUID> ids) {
    Tuple wanted = Tuple.of(clientId, ids.toArray(UUID[]::new));
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "SELECT url, aggregate_id FROM delivery WHERE client_id = $1 AND id = ANY($2)")
                .execute(wanted)
                .chain(
                    objects -> {
                      ObjectLocks locks = new ObjectLocks();
                      objects.forEach(
                          r -> locks.add(r.getString("url"), r.getString("aggregate_id")));
                      return Uni.combine()
                          .all()
                          .unis(
                              locks.take(tx),
                              tx.preparedQuery(RETRY).execute(wanted),
                              promote(tx, locks, 0, Duration.ZERO))
                          .asTuple();
                    })
                .map(
                    done -> {
                      List<UUID> retried = new ArrayList<>();
                      done.getItem2().forEach(r -> retried.add(r.getUUID("id")));
                      return retried;
                    }));
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
