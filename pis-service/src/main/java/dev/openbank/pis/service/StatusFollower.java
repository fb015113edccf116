package dev.openbank.pis.service;

import dev.openbank.commons.schedule.Work;
import dev.openbank.pis.config.PisConfig;
import dev.openbank.pis.repository.BankPaymentRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Follows payments at banks until nothing more can change: every tick, the status reads that are
 * due are claimed (each held for the initiation lease, so replicas share the work without reading
 * one payment twice) and done, eight at a time. A bank's notification or the debtor's return only
 * moves a read forward; the bank's status is always read, never taken from a notification.
 */
@ApplicationScoped
public class StatusFollower {

  private static final Logger LOG = Logger.getLogger(StatusFollower.class);
  private static final int BATCH = 50;

  private final BankPaymentRepository payments;
  private final PayFlow flow;
  private final PisConfig config;

  public StatusFollower(BankPaymentRepository payments, PayFlow flow, PisConfig config) {
    this.payments = payments;
    this.flow = flow;
    this.config = config;
  }

  @Scheduled(
      every = "${openbank.pis.status-check-tick:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> follow() {
    return payments
        .claimDue(BATCH, config.initiationLease())
        .chain(
            due ->
                // a failed read was moved a lease ahead by the claim: it is retried then
                Work.each(
                    due,
                    8,
                    flow::check,
                    (p, e) -> LOG.warnf(e, "following the payment of link %s failed", p.linkId())));
  }
}
