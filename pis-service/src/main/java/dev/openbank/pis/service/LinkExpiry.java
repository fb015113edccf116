package dev.openbank.pis.service;

import dev.openbank.commons.schedule.Work;
import dev.openbank.pis.config.PisConfig;
import dev.openbank.pis.repository.LinkRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * pis-service's housekeeping, on every replica: expires unpaid links past their expiry (rows are
 * locked, skipped if taken) and forgets Idempotency-Keys past their retention.
 */
@ApplicationScoped
public class LinkExpiry {

  private final LinkService links;
  private final LinkRepository repository;
  private final PisConfig config;

  public LinkExpiry(LinkService links, LinkRepository repository, PisConfig config) {
    this.links = links;
    this.repository = repository;
    this.config = config;
  }

  @Scheduled(
      every = "${openbank.pis.idempotency-purge:1h}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> forgetKeys() {
    return Work.drain(() -> repository.forgetKeys(config.idempotencyRetention(), 1000), 1000);
  }

  @Scheduled(
      every = "${openbank.pis.expiry-check:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> expire() {
    // batches of 100 until a batch comes back short: a backlog is cleared in one run
    return Work.drain(links::expireDue, 100);
  }
}
