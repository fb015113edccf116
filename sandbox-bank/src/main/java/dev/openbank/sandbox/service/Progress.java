package dev.openbank.sandbox.service;

import dev.openbank.sandbox.config.SandboxConfig;
import dev.openbank.sandbox.domain.Seed;
import dev.openbank.sandbox.repository.ConsentRepository;
import dev.openbank.sandbox.repository.PaymentRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Moves the bank's clock on, once a second: payments settle (ACTC to ACSC) and, at banks with funds
 * notifications, end as ACCC (funds received) or RJCT (rejected); unauthorised payments and
 * consents time out; consents past validUntil expire. Each change is one conditional UPDATE, so
 * several replicas never move the same payment twice; the TPP is notified of payment changes.
 */
@ApplicationScoped
public class Progress {

  private final SandboxConfig config;
  private final SandboxBank bank;
  private final PaymentRepository payments;
  private final ConsentRepository consents;
  private final Notifier notifier;
  private final List<String> fundsBanks;
  private final List<String> fundsRejectedPsus;

  public Progress(
      SandboxConfig config,
      SandboxBank bank,
      PaymentRepository payments,
      ConsentRepository consents,
      Notifier notifier) {
    this.config = config;
    this.bank = bank;
    this.payments = payments;
    this.consents = consents;
    this.notifier = notifier;
    this.fundsBanks =
        bank.aspsps().stream()
            .filter(Seed.Aspsp::fundsNotifications)
            .map(Seed.Aspsp::code)
            .toList();
    this.fundsRejectedPsus =
        bank.aspsps().stream()
            .flatMap(
                a ->
                    a.psus().stream()
                        .filter(p -> p.faultsOrNone().fundsRejected())
                        .map(p -> a.code() + "|" + p.psuId()))
            .toList();
  }

  @Scheduled(
      every = "${openbank.sandbox.tick:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> tick() {
    return payments
        .settle(config.settleAfter())
        .invoke(moved -> moved.forEach(notifier::paymentChanged))
        .chain(() -> payments.reportFunds(config.fundsAfter(), fundsBanks, fundsRejectedPsus))
        .invoke(moved -> moved.forEach(notifier::paymentChanged))
        .chain(() -> payments.timeOut(config.scaTimeout()))
        .invoke(moved -> moved.forEach(notifier::paymentChanged))
        .chain(() -> consents.timeOut(config.scaTimeout()))
        .replaceWithVoid();
  }
}
