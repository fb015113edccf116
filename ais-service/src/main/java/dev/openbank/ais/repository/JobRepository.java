package dev.openbank.ais.repository;

import static dev.openbank.ais.repository.ConsentRepository.utc;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Data jobs. */
@ApplicationScoped
public class JobRepository {

  private static final String COLUMNS =
      "id, client_id, consent_id, trigger, status, full_history, psu_ip_address, attempts,"
          + " error_code, error,"
          + " accounts, balances, transactions, inserted_at, started_at, finished_at, updated_at";

  private final Pool pool;

  public JobRepository(Pool pool) {
    this.pool = pool;
  }

  /** A new queued unattended job, due now. */
  public Uni<JobRow> insert(
      SqlConnection tx, String clientId, UUID consentId, String trigger, boolean fullHistory) {
    return insert(tx, clientId, consentId, trigger, fullHistory, null);
  }

  /** A new queued job, due now; attended when {@code psuIpAddress} is given. */
  public Uni<JobRow> insert(
      SqlConnection tx,
      String clientId,
      UUID consentId,
      String trigger,
      boolean fullHistory,
      String psuIpAddress) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    UUID id = UUID.randomUUID();
    return tx.preparedQuery(
            "INSERT INTO job (id, client_id, consent_id, trigger, status, full_history,"
                + " psu_ip_address, run_after, inserted_at, updated_at) VALUES ($1, $2, $3, $4,"
                + " 'queued', $5, $7, $6, $6, $6) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  id, clientId, consentId, trigger, fullHistory, utc(now), psuIpAddress
                }))
        .map(JobRepository::first);
  }

  /** The client's job, or null. */
  public Uni<JobRow> find(String clientId, UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM job WHERE id = $1 AND client_id = $2")
        .execute(Tuple.of(id, clientId))
        .map(JobRepository::first);
  }

  /** The consent's queued or running job, or null. */
  public Uni<JobRow> inProgress(SqlConnection tx, UUID consentId) {
    return tx.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM job WHERE consent_id = $1 AND status IN ('queued', 'running')"
                + " ORDER BY inserted_at LIMIT 1")
        .execute(Tuple.of(consentId))
        .map(JobRepository::first);
  }

  /** Whether the consent has had a job of this trigger (the first job runs once). */
  public Uni<Boolean> exists(SqlConnection tx, UUID consentId, String trigger) {
    return tx.preparedQuery("SELECT 1 FROM job WHERE consent_id = $1 AND trigger = $2 LIMIT 1")
        .execute(Tuple.of(consentId, trigger))
        .map(rows -> rows.size() > 0);
  }

  /** Unattended jobs of the consent created since {@code since}: the bank counts each one. */
  public Uni<Integer> countSince(SqlConnection tx, UUID consentId, Instant since) {
    return tx.preparedQuery(
            "SELECT count(*) AS n FROM job WHERE consent_id = $1 AND inserted_at >= $2"
                + " AND psu_ip_address IS NULL")
        .execute(Tuple.of(consentId, utc(since)))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /**
   * Takes up to {@code limit} jobs to run: queued ones that are due, and running ones whose lease
   * ran out (their replica died, or a bank fault is retried). Each is held for {@code lease}.
   *
   * @return the jobs taken; {@code status} is the status before taking ({@code queued}: the job
   *     starts now)
   */
  public Uni<List<JobRow>> claimDue(SqlConnection tx, int limit, Duration lease) {
    return tx.preparedQuery(
            "WITH due AS (SELECT id, status AS was FROM job WHERE (status = 'queued' AND run_after"
                + " <= now()) OR (status = 'running' AND lease_until <= now()) ORDER BY run_after"
                + " LIMIT $1 FOR UPDATE SKIP LOCKED) UPDATE job SET status = 'running',"
                + " lease_until = now() + $2 * interval '1 millisecond', attempts = attempts + 1,"
                + " started_at = coalesce(started_at, now()), updated_at = now() FROM due WHERE"
                + " job.id = due.id RETURNING due.was, job.id, job.client_id, job.consent_id,"
                + " job.trigger, job.full_history, job.psu_ip_address, job.attempts, job.error_code, job.error,"
                + " job.accounts, job.balances, job.transactions, job.inserted_at,"
                + " job.started_at, job.finished_at, job.updated_at")
        .execute(Tuple.of(limit, lease.toMillis()))
        .map(
            rows -> {
              List<JobRow> out = new ArrayList<>();
              rows.forEach(r -> out.add(toRow(r, r.getString("was"))));
              return out;
            });
  }

  /**
   * Ends a running job, if this attempt still holds it; false if another attempt took it over (its
   * lease ran out) or ended it.
   */
  public Uni<Boolean> finish(
      SqlConnection tx,
      JobRow attempt,
      String status,
      String errorCode,
      String error,
      Integer accounts,
      Integer balances,
      Integer transactions) {
    return tx.preparedQuery(
            "UPDATE job SET status = $2, error_code = $3, error = $4, accounts = $5, balances ="
                + " $6, transactions = $7, lease_until = NULL, finished_at = now(), updated_at ="
                + " now() WHERE id = $1 AND status = 'running' AND attempts = $8")
        .execute(
            Tuple.from(
                new Object[] {
                  attempt.id(),
                  status,
                  errorCode,
                  error,
                  accounts,
                  balances,
                  transactions,
                  attempt.attempts()
                }))
        .map(rs -> rs.rowCount() == 1);
  }

  /**
   * A bank fault: the job stays running and is taken again at {@code at}, if this attempt holds it.
   */
  public Uni<Void> retryAt(JobRow attempt, Instant at, String error) {
    return pool.preparedQuery(
            "UPDATE job SET lease_until = $2, error = $3, updated_at = now()"
                + " WHERE id = $1 AND status = 'running' AND attempts = $4")
        .execute(Tuple.of(attempt.id(), utc(at), error, attempt.attempts()))
        .replaceWithVoid();
  }

  /** Ends the consent's queued jobs (the consent ended); returns them. */
  public Uni<List<JobRow>> failQueued(SqlConnection tx, UUID consentId, String code, String why) {
    return tx.preparedQuery(
            "UPDATE job SET status = 'failed', error_code = $2, error = $3, finished_at = now(),"
                + " updated_at = now() WHERE consent_id = $1 AND status = 'queued' RETURNING "
                + COLUMNS)
        .execute(Tuple.of(consentId, code, why))
        .map(
            rows -> {
              List<JobRow> out = new ArrayList<>();
              rows.forEach(r -> out.add(toRow(r, r.getString("status"))));
              return out;
            });
  }

  private static JobRow first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row r = rows.iterator().next();
    return toRow(r, r.getString("status"));
  }

  private static JobRow toRow(Row r, String status) {
    return new JobRow(
        r.getUUID("id"),
        r.getString("client_id"),
        r.getUUID("consent_id"),
        r.getString("trigger"),
        status,
        r.getBoolean("full_history"),
        r.getString("psu_ip_address"),
        r.getInteger("attempts"),
        r.getString("error_code"),
        r.getString("error"),
        r.getInteger("accounts"),
        r.getInteger("balances"),
        r.getInteger("transactions"),
        instant(r.getOffsetDateTime("inserted_at")),
        instant(r.getOffsetDateTime("started_at")),
        instant(r.getOffsetDateTime("finished_at")),
        instant(r.getOffsetDateTime("updated_at")));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
