package dev.openbank.ais.service;

import dev.openbank.ais.config.AisConfig;
import dev.openbank.ais.repository.AccountDataRepository;
import dev.openbank.ais.repository.ConsentRepository;
import dev.openbank.commons.schedule.Work;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * ais-service's schedules, on every replica (jobs and consents are claimed with SKIP LOCKED, so
 * replicas share the work): running due jobs, creating scheduled refreshes, and purging the data of
 * ended consents.
 */
@ApplicationScoped
public class AisJobs {

  private static final Logger LOG = Logger.getLogger(AisJobs.class);

  private final JobService service;
  private final JobRunner runner;
  private final ConsentRepository consents;
  private final AccountDataRepository data;
  private final AisConfig config;

  public AisJobs(
      JobService service,
      JobRunner runner,
      ConsentRepository consents,
      AccountDataRepository data,
      AisConfig config) {
    this.service = service;
    this.runner = runner;
    this.consents = consents;
    this.data = data;
    this.config = config;
  }

  @Scheduled(
      every = "${openbank.ais.job-tick:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> runDue() {
    return service
        .claim(config.jobConcurrency(), config.jobLease())
        .chain(
            due ->
                Work.each(
                    due,
                    config.jobConcurrency(),
                    runner::run,
                    (j, e) -> LOG.warnf(e, "job %s could not be run", j.id())));
  }

  @Scheduled(
      every = "${openbank.ais.refresh-tick:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> refresh() {
    return refreshAll();
  }

  private Uni<Void> refreshAll() {
    return service.refreshDue().chain(n -> n >= 100 ? refreshAll() : Uni.createFrom().voidItem());
  }

  /** An ended consent's accounts, balances and transactions are deleted, in batches. */
  @Scheduled(
      every = "${openbank.ais.purge-tick:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return consents
        .endedWithData(10)
        .chain(
            ended ->
                Work.each(
                    ended,
                    1,
                    this::purge,
                    (id, e) -> LOG.warnf(e, "data of consent %s not purged yet", id)));
  }

  private Uni<Void> purge(UUID consentId) {
    return data.purge(consentId, config.purgeBatch())
        .chain(
            n ->
                n >= config.purgeBatch()
                    ? purge(consentId)
                    : data.purge(consentId, config.purgeBatch())
                        .chain(rest -> rest == 0 ? consents.purged(consentId) : purge(consentId)));
  }
}
