package dev.openbank.ais.service;

import dev.openbank.ais.domain.ConsentTerms;
import dev.openbank.ais.domain.JobStatus;
import dev.openbank.ais.repository.ConsentRepository;
import dev.openbank.ais.repository.JobRepository;
import dev.openbank.ais.repository.JobRow;
import dev.openbank.commons.events.StatusEvents;
import dev.openbank.commons.outbox.Outbox;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.schedule.Work;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Data jobs' lifecycle: created on authorisation, on schedule and by clients within the consent's
 * reads a day; taken by the runner; completed or failed. Every status change is written with its
 * {@code job_status_update} outbox event in one transaction.
 */
@ApplicationScoped
public class JobService {

  /** The client asked for more jobs today than the consent's frequency per day allows. */
  public static final class FrequencyExceeded extends RuntimeException {
    private final transient int limit;
    private final transient Duration retryAfter;

    FrequencyExceeded(int limit, Duration retryAfter) {
      super("frequency_per_day " + limit + " reached", null, false, false);
      this.limit = limit;
      this.retryAfter = retryAfter;
    }

    public int limit() {
      return limit;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /** A job the client asked for: new, or the one already in progress. */
  public record Requested(JobRow job, boolean created) {}

  private final Pool pool;
  private final ConsentRepository consents;
  private final JobRepository jobs;
  private final Outbox outbox;
  private final MeterRegistry metrics;

  public JobService(
      Pool pool,
      ConsentRepository consents,
      JobRepository jobs,
      Outbox outbox,
      MeterRegistry metrics) {
    this.pool = pool;
    this.consents = consents;
    this.jobs = jobs;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  /**
   * {@code openbank_ais_jobs_total{result, trigger}}: jobs ended, {@code result} being {@code
   * completed} or the failure's error code (the bank's, or ours such as {@code bank_unavailable}).
   */
  private void count(JobRow job, String result) {
    metrics.counter("openbank.ais.jobs", "result", result, "trigger", job.trigger()).increment();
  }

  /**
   * consent-service says how the consent is now. Stored; an authorized consent gets its first job
   * (full history, inside the bank's minutes after authorisation) once, and its refresh schedule.
   */
  public Uni<Void> consentChanged(SqlConnection tx, ConsentTerms terms) {
    return consents
        .upsert(tx, terms)
        .chain(() -> consents.lock(tx, terms.id()))
        .chain(
            c -> {
              if (!c.readableAtBank()) {
                return Uni.createFrom().voidItem();
              }
              return jobs.exists(tx, c.id(), "authorized")
                  .chain(
                      done ->
                          done
                              ? Uni.createFrom().voidItem()
                              : jobs.insert(tx, c.clientId(), c.id(), "authorized", true)
                                  .chain(j -> event(tx, c, j, JobStatus.QUEUED)))
                  .chain(
                      () ->
                          consents.scheduleRefreshIfNone(
                              tx, c.id(), Instant.now().plus(c.refreshInterval())));
            });
  }

  /**
   * The consent ended: nothing more is read under it, and its queued jobs fail. A consent not known
   * here (it was never authorized) needs nothing.
   */
  public Uni<Void> consentEnded(SqlConnection tx, UUID consentId, String status) {
    return consents
        .end(tx, consentId, status)
        .chain(() -> consents.find(tx, consentId))
        .chain(
            c ->
                c == null
                    ? Uni.createFrom().voidItem()
                    : jobs.failQueued(
                            tx, consentId, "consent_" + status, "the consent is " + status)
                        .chain(
                            ended -> Work.inOrder(ended, j -> event(tx, c, j, JobStatus.FAILED))));
  }

  /**
   * A job the client asks for. One job at a time per consent (the one in progress is returned). An
   * unattended job is one of the consent's {@code frequency_per_day} reads a day (UTC), which every
   * unattended job of the day counts, scheduled ones included; an attended job ({@code
   * psuIpAddress}: the end user is present) is not limited.
   */
  public Uni<Requested> request(ConsentTerms terms, String psuIpAddress) {
    return pool.withTransaction(
        tx ->
            consents
                .lock(tx, terms.id())
                .chain(
                    c -> {
                      if (!c.readableAtBank()) {
                        throw notReadable(c);
                      }
                      return jobs.inProgress(tx, c.id())
                          .chain(
                              running -> {
                                if (running != null) {
                                  return Uni.createFrom().item(new Requested(running, false));
                                }
                                Instant midnight = startOfToday();
                                Uni<Integer> used =
                                    psuIpAddress != null
                                        ? Uni.createFrom().item(0)
                                        : jobs.countSince(tx, c.id(), midnight);
                                return used.chain(
                                    n -> {
                                      if (n >= c.frequencyPerDay()) {
                                        throw new FrequencyExceeded(
                                            c.frequencyPerDay(),
                                            Duration.between(
                                                Instant.now(), midnight.plus(Duration.ofDays(1))));
                                      }
                                      return jobs.insert(
                                              tx,
                                              c.clientId(),
                                              c.id(),
                                              "client",
                                              false,
                                              psuIpAddress)
                                          .call(j -> event(tx, c, j, JobStatus.QUEUED))
                                          .map(j -> new Requested(j, true));
                                    });
                              });
                    }));
  }

  /** Why a job cannot read under the consent: {@code consent_<status>} once ended. */
  public static String notReadableCode(ConsentTerms c) {
    return c != null && ConsentTerms.ENDED.contains(c.status())
        ? "consent_" + c.status()
        : "consent_not_active";
  }

  static ProblemException notReadable(ConsentTerms c) {
    return ProblemType.custom(
        409,
        "consent_not_active",
        "The consent does not allow reading the bank",
        c.served()
            ? "the consent is " + c.status() + ": the bank cannot be read under it now"
            : c.notServedDetail(),
        "consent_id");
  }

  /**
   * Scheduled refreshes that are due: a job each, within the consent's reads a day; a consent whose
   * reads of the day are used up is refreshed tomorrow. Returns how many consents were due.
   */
  public Uni<Integer> refreshDue() {
    return pool.withTransaction(
        tx ->
            consents
                .lockDueRefreshes(tx, 100)
                .call(due -> Work.inOrder(due, c -> refresh(tx, c)))
                .map(List::size));
  }

  private Uni<Void> refresh(SqlConnection tx, ConsentTerms c) {
    if (!c.readableAtBank()) {
      return consents.scheduleRefresh(tx, c.id(), null);
    }
    Instant midnight = startOfToday();
    Instant next = Instant.now().plus(c.refreshInterval());
    return jobs.inProgress(tx, c.id())
        .chain(
            running ->
                running != null
                    ? consents.scheduleRefresh(tx, c.id(), next)
                    : jobs.countSince(tx, c.id(), midnight)
                        .chain(
                            n ->
                                n >= c.frequencyPerDay()
                                    ? consents.scheduleRefresh(
                                        tx, c.id(), midnight.plus(Duration.ofDays(1)))
                                    : jobs.insert(tx, c.clientId(), c.id(), "scheduled", false)
                                        .chain(j -> event(tx, c, j, JobStatus.QUEUED))
                                        .chain(() -> consents.scheduleRefresh(tx, c.id(), next))));
  }

  /** Takes due jobs; those that start now announce {@code running}. */
  public Uni<List<JobRow>> claim(int limit, Duration lease) {
    return pool.withTransaction(
        tx ->
            jobs.claimDue(tx, limit, lease)
                .call(
                    taken ->
                        Work.inOrder(
                            taken.stream().filter(j -> "queued".equals(j.status())).toList(),
                            j ->
                                consents
                                    .find(tx, j.consentId())
                                    .chain(c -> event(tx, c, j, JobStatus.RUNNING)))));
  }

  /** The job read the bank and stored what it read ({@code store} runs in the same transaction). */
  public Uni<Void> complete(
      JobRow job, java.util.function.Function<SqlConnection, Uni<int[]>> store) {
    return pool.withTransaction(
            tx ->
                consents
                    .lock(tx, job.consentId())
                    .chain(
                        c -> {
                          if (c.readableAtBank()) {
                            return storeAndComplete(tx, c, job, store).replaceWith("completed");
                          }
                          // the consent ended while the bank was read: nothing is kept
                          String code = notReadableCode(c);
                          return finish(tx, job, code, "the consent is " + c.status())
                              .map(finished -> finished ? code : null);
                        }))
        .invoke(
            result -> {
              if (result != null) {
                count(job, result);
              }
            })
        .replaceWithVoid();
  }

  private Uni<Void> storeAndComplete(
      SqlConnection tx,
      ConsentTerms c,
      JobRow job,
      java.util.function.Function<SqlConnection, Uni<int[]>> store) {
    return store
        .apply(tx)
        .chain(
            counts ->
                jobs.finish(
                    tx,
                    job,
                    JobStatus.COMPLETED.wire(),
                    null,
                    null,
                    counts[0],
                    counts[1],
                    counts[2]))
        .chain(
            finished -> {
              if (!finished) {
                // another attempt ended the job meanwhile: undo this one's writes
                throw new IllegalStateException("job " + job.id() + " ended elsewhere");
              }
              return event(tx, c, job, JobStatus.COMPLETED);
            });
  }

  /** The job failed for good (if this attempt still holds it). */
  public Uni<Void> fail(JobRow job, String code, String error) {
    return pool.withTransaction(tx -> finish(tx, job, code, error))
        .invoke(
            finished -> {
              if (finished) {
                count(job, code);
              }
            })
        .replaceWithVoid();
  }

  private Uni<Boolean> finish(SqlConnection tx, JobRow job, String code, String error) {
    return jobs.finish(tx, job, JobStatus.FAILED.wire(), code, error, null, null, null)
        .call(
            finished ->
                finished
                    ? consents
                        .find(tx, job.consentId())
                        .chain(c -> event(tx, c, job, JobStatus.FAILED))
                    : Uni.createFrom().voidItem());
  }

  private Uni<Void> event(SqlConnection tx, ConsentTerms c, JobRow j, JobStatus status) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("job_id", j.id().toString());
    fields.put("consent_id", c.id().toString());
    fields.put("status", status.wire());
    return outbox
        .append(
            tx,
            StatusEvents.JOB_TOPIC,
            "job",
            j.id().toString(),
            StatusEvents.JOB_STATUS_UPDATE,
            StatusEvents.data(c.clientId(), c.webhookUrl(), fields))
        .replaceWithVoid();
  }

  private static Instant startOfToday() {
    return LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
