package dev.openbank.consent.service;

import dev.openbank.commons.schedule.Work;
import dev.openbank.consent.config.ConsentConfig;
import dev.openbank.consent.repository.BankConsentRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * consent-service's schedules, on every replica (rows are claimed or locked, so replicas share the
 * work): following bank consents (status reads, bank revocations) and expiring consents at the end
 * of their validity.
 */
@ApplicationScoped
public class ConsentJobs {

  private static final Logger LOG = Logger.getLogger(ConsentJobs.class);

  private final BankConsentRepository bank;
  private final ConsentFlow flow;
  private final ConsentService service;
  private final ConsentConfig config;

  public ConsentJobs(
      BankConsentRepository bank, ConsentFlow flow, ConsentService service, ConsentConfig config) {
    this.bank = bank;
    this.flow = flow;
    this.service = service;
    this.config = config;
  }

  @Scheduled(
      every = "${openbank.consent.status-check-tick:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> follow() {
    return bank.claimDue(50, config.initiationLease())
        .chain(
            due ->
                Work.each(
                    due,
                    8,
                    flow::check,
                    (b, e) -> LOG.warnf(e, "following consent %s failed", b.consentId())));
  }

  @Scheduled(
      every = "${openbank.consent.expiry-check:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> expire() {
    return Work.drain(service::expireDue, 100);
  }
}
