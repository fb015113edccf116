package dev.openbank.commons.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka as CloudEvents (binary mode), keyed by aggregate id.
 *
 * <p>Exactly one relay works at a time across all replicas (a transaction-scoped advisory lock),
 * rows go out in insert order and a batch stops at the first failure, so events of one aggregate
 * are never reordered. A failed send is retried with exponential backoff; delivery is at least
 * once, and consumers dedupe on {@code event_id} (see {@code IdempotentConsumer}).
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z_]{1,40})\"");

  private static final String SELECT =
      "SELECT seq, event_id, topic, aggregate_id, event_type, payload, occurred_at, traceparent"
          + " FROM outbox_event WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE";

  private final Pool pool;
  private final io.smallrye.reactive.messaging.MutinyEmitter<String> emitter;
  private final URI source;

  /** Advisory locks are database-wide: the key is per service, so services relay in parallel. */
  private final long lockKey;

  private final int batchSize;
  private final MeterRegistry metrics;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Duration pollInterval;
  private volatile Instant pausedUntil = Instant.EPOCH;
  private Vertx vertx;
  private long timer;

  public OutboxRelay(
      Pool pool,
      @Channel("outbox") io.smallrye.reactive.messaging.MutinyEmitter<String> emitter,
      @ConfigProperty(name = "quarkus.application.name") String service,
      @ConfigProperty(name = "openbank.outbox.batch-size", defaultValue = "200") int batchSize,
      @ConfigProperty(name = "openbank.outbox.poll-interval", defaultValue = "PT0.2S")
          Duration pollInterval,
      MeterRegistry metrics) {
    this.pollInterval = pollInterval;
    this.metrics = metrics;
    this.pool = pool;
    this.emitter = emitter;
    this.source = URI.create("/openbank/" + service);
    this.lockKey =
        UUID.nameUUIDFromBytes(
                ("outbox-relay:" + service).getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .getMostSignificantBits();
    this.batchSize = batchSize;
  }

  /** Polls on a Vert.x timer: the Quarkus scheduler cannot go below one second. */
  void start(@Observes StartupEvent event, Vertx vertx) {
    timer =
        vertx.setPeriodic(
            pollInterval.toMillis(),
            id -> {
              if (Instant.now().isBefore(pausedUntil) || !running.compareAndSet(false, true)) {
                return;
              }
              relayOnce()
                  .subscribe()
                  .with(
                      n -> running.set(false),
                      e -> {
                        running.set(false);
                        LOG.warnf("Outbox relay pass failed: %s", e.getMessage());
                      });
            });
    this.vertx = vertx;
  }

  void stop(@Observes ShutdownEvent event) {
    if (vertx != null) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * One pass: publishes up to a batch of pending events and marks them published.
   *
   * @return how many events were published
   */
  public Uni<Integer> relayOnce() {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(lockKey))
                .flatMap(
                    rs ->
                        rs.iterator().next().getBoolean("locked")
                            ? publishBatch(tx)
                            : Uni.createFrom().item(0)));
  }

  private Uni<Integer> publishBatch(SqlConnection tx) {
    return tx.preparedQuery(SELECT)
        .execute(Tuple.of(batchSize))
        .flatMap(
            rows -> {
              List<Row> pending = new ArrayList<>();
              rows.forEach(pending::add);
              if (pending.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              List<Long> published = new ArrayList<>();
              return Multi.createFrom()
                  .iterable(pending)
                  .onItem()
                  .transformToUniAndConcatenate(
                      row -> send(row).invoke(() -> published.add(row.getLong("seq"))))
                  .collect()
                  .last()
                  .invoke(() -> consecutiveFailures.set(0))
                  .onFailure()
                  .recoverWithUni(e -> recordFailure(tx, pending.get(published.size()), e))
                  .flatMap(ignored -> markPublished(tx, published))
                  .invoke(n -> count(pending.subList(0, n)));
            });
  }

  private Uni<Void> send(Row row) {
    String aggregateId = row.getString("aggregate_id");
    Message<String> message =
        Message.of(row.getString("payload"))
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(row.getString("topic"))
                    .withKey(aggregateId)
                    .build())
            .addMetadata(
                OutgoingCloudEventMetadata.builder()
                    .withId(row.getUUID("event_id").toString())
                    .withSource(source)
                    .withType(row.getString("event_type"))
                    .withSubject(aggregateId)
                    .withDataContentType("application/json")
                    .withTimestamp(
                        row.getOffsetDateTime("occurred_at").atZoneSameInstant(ZoneOffset.UTC))
                    .build())
            // published in the trace of the change that wrote it (traceparent header)
            .addMetadata(
                TracingMetadata.withCurrent(Traces.fromTraceparent(row.getString("traceparent"))));
    return emitter.sendMessage(message);
  }

  /**
   * Counts what was published, by event type and the status it announces: an operator's view of
   * consents, data jobs and payments moving through their states ({@code
   * openbank_events_published_total}). Counted once the relay's transaction is about to commit; a
   * rare commit failure republishes and counts again (delivery is at least once).
   */
  private void count(List<Row> published) {
    for (Row row : published) {
      Matcher m = STATUS.matcher(row.getString("payload"));
      metrics
          .counter(
              "openbank.events.published",
              "type",
              row.getString("event_type"),
              "status",
              m.find() ? m.group(1) : "none")
          .increment();
    }
  }

  private Uni<Void> recordFailure(SqlConnection tx, Row failed, Throwable e) {
    int failures = consecutiveFailures.incrementAndGet();
    metrics.counter("openbank.outbox.publish.failures").increment();
    Duration backoff = Duration.ofMillis(Math.min(30_000, 250L << Math.min(failures, 7)));
    pausedUntil = Instant.now().plus(backoff);
    UUID id = failed.getUUID("event_id");
    LOG.warnf(
        "Publishing outbox event %s failed (attempt %d), retrying in %s: %s",
        id, failures, backoff, e.getMessage());
    String error = String.valueOf(e.getMessage());
    return tx.preparedQuery(
            "UPDATE outbox_event SET attempts = attempts + 1, last_error = $2 WHERE seq = $1")
        .execute(Tuple.of(failed.getLong("seq"), error.substring(0, Math.min(500, error.length()))))
        .replaceWithVoid();
  }

  private Uni<Integer> markPublished(SqlConnection tx, List<Long> seqs) {
    if (seqs.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return tx.preparedQuery(
            "UPDATE outbox_event SET published_at = now(), attempts = attempts + 1"
                + " WHERE seq = ANY($1)")
        .execute(Tuple.of(seqs.toArray(new Long[0])))
        .replaceWith(seqs.size());
  }
}
