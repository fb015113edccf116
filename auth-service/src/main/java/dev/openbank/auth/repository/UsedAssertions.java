package dev.openbank.auth.repository;

import static dev.openbank.auth.repository.SigningKeyRepository.utc;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Single use of client assertion {@code jti}s (RFC 7523 section 3), across replicas: a claim is a
 * row in {@code used_assertion}, and only the request whose insert created the row may use the
 * assertion.
 *
 * <p>Claims are committed in groups (decision 0007). While {@link #MAX_IN_FLIGHT} inserts are in
 * flight, the claims that arrive wait, and the next insert carries all of them as one multi-row
 * statement and one commit. An idle service sends each claim at once, so nothing waits for a batch
 * to fill; under load the database makes one commit for many tokens instead of one each. Every
 * claim is answered only after its row is committed, so a replay is refused however the claims were
 * grouped.
 */
@ApplicationScoped
public class UsedAssertions {

  /** The most claims in one statement; more wait for the next one. */
  static final int MAX_BATCH = 512;

  /**
   * Statements in flight at once. With one, a claim arriving during an insert waited for that
   * insert's commit before its own was even sent, and at 8 connections private_key_jwt lost 6 % of
   * its rate with a fifth of a core idle (docs/benchmarks.md, run O); two let a claim start while
   * the other statement commits.
   */
  static final int MAX_IN_FLIGHT = 2;

  // Rows are inserted in key order, so that two replicas inserting overlapping batches lock the
  // keys in the same order and cannot deadlock. A row that exists already is skipped (DO NOTHING
  // also skips a second copy of a key within one statement) and not returned.
  private static final String CLAIM =
      "INSERT INTO used_assertion (client_id, jti, expires_at)"
          + " SELECT c, j, e FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(c, j, e)"
          + " ORDER BY c, j"
          + " ON CONFLICT DO NOTHING RETURNING client_id, jti";

  private record Key(String clientId, String jti) {}

  private record Claim(Key key, OffsetDateTime expiresAt, UniEmitter<? super Boolean> answer) {}

  private final Pool pool;
  private final DistributionSummary batchSizes;
  private final ArrayDeque<Claim> waiting = new ArrayDeque<>();
  private int inFlight; // guarded by this

  public UsedAssertions(Pool pool, MeterRegistry metrics) {
    this.pool = pool;
    this.batchSizes =
        DistributionSummary.builder("openbank.auth.jti_claims")
            .description("client assertion jtis claimed per database statement")
            .register(metrics);
  }

  /** Records an assertion's jti; false if it was already used (a replay). */
  public Uni<Boolean> claim(String clientId, String jti, Instant expiresAt) {
    return Uni.createFrom()
        .emitter(
            answer -> {
              Claim claim = new Claim(new Key(clientId, jti), utc(expiresAt), answer);
              List<Claim> batch;
              synchronized (this) {
                waiting.add(claim);
                if (inFlight == MAX_IN_FLIGHT) {
                  return; // the next insert to complete sends it
                }
                inFlight++;
                batch = drain();
              }
              send(batch);
            });
  }

  /** Takes the next batch; the caller holds the lock. */
  private List<Claim> drain() {
    List<Claim> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
    while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(waiting.poll());
    }
    return batch;
  }

  private void send(List<Claim> batch) {
    batchSizes.record(batch.size());
    int n = batch.size();
    String[] clientIds = new String[n];
    String[] jtis = new String[n];
    OffsetDateTime[] expiries = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Claim c = batch.get(i);
      clientIds[i] = c.key().clientId();
      jtis[i] = c.key().jti();
      expiries[i] = c.expiresAt();
    }
    Uni<RowSet<Row>> insert;
    try {
      insert =
          pool.preparedQuery(CLAIM)
              .execute(
                  Tuple.tuple()
                      .addArrayOfString(clientIds)
                      .addArrayOfString(jtis)
                      .addArrayOfOffsetDateTime(expiries));
    } catch (RuntimeException e) {
      insert = Uni.createFrom().failure(e);
    }
    insert
        .subscribe()
        .with(
            rows -> {
              Set<Key> created = new HashSet<>();
              for (Row row : rows) {
                created.add(new Key(row.getString(0), row.getString(1)));
              }
              sendNext();
              // a key that appears twice in one batch was created once: the first claim has it
              for (Claim c : batch) {
                c.answer().complete(created.remove(c.key()));
              }
            },
            failure -> {
              sendNext();
              for (Claim c : batch) {
                c.answer().fail(failure);
              }
            });
  }

  /** Sends what arrived meanwhile, before answering the batch that just completed. */
  private void sendNext() {
    List<Claim> batch;
    synchronized (this) {
      if (waiting.isEmpty()) {
        inFlight--;
        return;
      }
      batch = drain();
    }
    send(batch);
  }
}
