package dev.openbank.consent.service;

import dev.openbank.consent.config.ConsentConfig;
import dev.openbank.consent.repository.BankConsentRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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
            due -> {
              if (due.isEmpty()) {
                return Uni.createFrom().voidItem();
              }
              List<Uni<Void>> work =
                  due.stream()
                      .map(
                          b ->
                              flow.check(b)
                                  .onFailure()
                                  .recoverWithUni(
                                      e -> {
                                        LOG.warnf(e, "following consent %s failed", b.consentId());
                                        return Uni.createFrom().voidItem();
                                      }))
                      .toList();
              return Uni.join().all(work).usingConcurrencyOf(8).andFailFast().replaceWithVoid();
            });
  }

  @Scheduled(
      every = "${openbank.consent.expiry-check:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> expire() {
    return expireAll();
  }

  private Uni<Void> expireAll() {
    return service.expireDue().chain(n -> n >= 100 ? expireAll() : Uni.createFrom().voidItem());
  }
}
