package dev.openbank.commons.inbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs a consumer's handling of an event at most once per {@code (consumer, event_id)}.
 *
 * <p>The inbox row and the handler's own writes share one transaction: if the handler fails,
 * nothing is recorded and a redelivery runs it again; if it succeeded, a redelivery (Kafka is at
 * least once) finds the row and skips the handler.
 */
@ApplicationScoped
public class IdempotentConsumer {

  private static final String CLAIM =
      "INSERT INTO inbox_event (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

  private final Pool pool;

  public IdempotentConsumer(Pool pool) {
    this.pool = pool;
  }

  /**
   * @param consumer a stable name for this handler (two handlers of one event each run once)
   * @param handler writes on the given transaction connection
   * @return true when the handler ran, false when the event had already been processed
   */
  public Uni<Boolean> processOnce(
      String consumer, UUID eventId, Function<SqlConnection, Uni<Void>> handler) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(CLAIM)
                .execute(Tuple.of(consumer, eventId))
                .flatMap(
                    rs ->
                        rs.rowCount() == 0
                            ? Uni.createFrom().item(false)
                            : handler.apply(tx).replaceWith(true)));
  }

  /**
   * Retries a consumer's handling of one event with backoff (200 ms up to 30 s) until it succeeds,
   * logging each failure: the next event waits, and no event is skipped while a dependency (the
   * database, another service) is down.
   */
  public static <T> Uni<T> untilDone(Uni<T> handling, org.jboss.logging.Logger log, UUID eventId) {
    return handling
        .onFailure()
        .invoke(e -> log.warnf("event %s not handled yet, retrying: %s", eventId, e))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30))
        .atMost(Long.MAX_VALUE);
  }
}
