package dev.openbank.ais.service;

import dev.openbank.ais.config.AisConfig;
import dev.openbank.ais.repository.AccountDataRepository;
import dev.openbank.ais.repository.ConsentRepository;
import dev.openbank.ais.repository.JobRow;
import dev.openbank.commons.schedule.Work;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** Jobs this replica is running now. */
  private final AtomicInteger running = new AtomicInteger();

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

  /**
   * Takes as many due jobs as this replica has room for and starts them; the tick does not wait for
   * them, so one slow bank never keeps the other jobs waiting.
   */
  @Scheduled(
      every = "${openbank.ais.job-tick:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> runDue() {
    int room = config.jobConcurrency() - running.get();
    if (room <= 0) {
      return Uni.createFrom().voidItem();
    }
    return service
        .claim(room, config.jobLease())
        .invoke(
            due -> {
              for (JobRow job : due) {
                running.incrementAndGet();
                runner
                    .run(job)
                    .onTermination()
                    .invoke(running::decrementAndGet)
                    .subscribe()
                    .with(done -> {}, e -> LOG.warnf(e, "job %s could not be run", job.id()));
              }
            })
        .replaceWithVoid();
  }

  @Scheduled(
      every = "${openbank.ais.refresh-tick:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> refresh() {
    return Work.drain(service::refreshDue, 100);
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
                    c -> purge(c.getKey(), c.getValue()),
                    (c, e) -> LOG.warnf(e, "data of consent %s not purged yet", c.getValue())));
  }

  /**
   * Batches until nothing is left (then the consent is marked purged) or another replica has it.
   */
  private Uni<Void> purge(String clientId, UUID consentId) {
    return data.purge(clientId, consentId, config.purgeBatch())
        .chain(
            n -> {
              if (n < 0) {
                return Uni.createFrom().voidItem(); // another replica is purging it
              }
              if (n > 0) {
                return purge(clientId, consentId);
              }
              return consents.purged(consentId);
            });
  }
}
