package dev.openbank.auth.repository;

import static dev.openbank.auth.repository.SigningKeyRepository.utc;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The token endpoint's shared state across replicas: single use of assertion {@code jti}s and the
 * failed-attempt counters that throttle guessing.
 */
@ApplicationScoped
public class TokenGuardRepository {

  private final Pool pool;

  public TokenGuardRepository(Pool pool) {
    this.pool = pool;
  }

  /** Records an assertion's jti; false if it was already used (a replay). */
  public Uni<Boolean> claimJti(String clientId, String jti, Instant expiresAt) {
    return pool.preparedQuery(
            "INSERT INTO used_assertion (client_id, jti, expires_at) VALUES ($1, $2, $3)"
                + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(clientId, jti, utc(expiresAt)))
        .map(rs -> rs.rowCount() == 1);
  }

  /** Counts a failure for a presented client id, locking it out when the limit is reached. */
  public Uni<Void> recordFailure(String clientId, Duration window, int max, Duration lockout) {
    return pool.preparedQuery(
            "INSERT INTO auth_failure AS f (client_id, failures, window_start) VALUES ($1, 1, now())"
                + " ON CONFLICT (client_id) DO UPDATE SET"
                + " failures = CASE WHEN f.window_start < now() - make_interval(secs => $2)"
                + "   THEN 1 ELSE f.failures + 1 END,"
                + " window_start = CASE WHEN f.window_start < now() - make_interval(secs => $2)"
                + "   THEN now() ELSE f.window_start END,"
                + " locked_until = CASE WHEN f.window_start >= now() - make_interval(secs => $2)"
                + "   AND f.failures + 1 >= $3 THEN now() + make_interval(secs => $4)"
                + "   ELSE f.locked_until END")
        .execute(Tuple.of(clientId, window.toSeconds(), max, lockout.toSeconds()))
        .replaceWithVoid();
  }

  public Uni<Void> clearFailures(String clientId) {
    return pool.preparedQuery("DELETE FROM auth_failure WHERE client_id = $1")
        .execute(Tuple.of(clientId))
        .replaceWithVoid();
  }

  /** Drops replay records and counters nobody needs any more. */
  @Scheduled(every = "5m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return pool.query("DELETE FROM used_assertion WHERE expires_at < now()")
        .execute()
        .flatMap(
            r ->
                pool.query(
                        "DELETE FROM auth_failure WHERE window_start < now() - interval '1 day'"
                            + " AND (locked_until IS NULL OR locked_until < now())")
                    .execute())
        .replaceWithVoid();
  }
}
