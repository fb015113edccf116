package dev.openbank.pis.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Expires unpaid links past their expiry, on every replica (rows are locked, skipped if taken). */
@ApplicationScoped
public class LinkExpiry {

  private final LinkService links;

  public LinkExpiry(LinkService links) {
    this.links = links;
  }

  @Scheduled(
      every = "${openbank.pis.expiry-check:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> expire() {
    return expireAll();
  }

  /** Batches of 100 until a batch comes back short: a backlog is cleared in one run. */
  private Uni<Void> expireAll() {
    return links.expireDue().chain(n -> n >= 100 ? expireAll() : Uni.createFrom().voidItem());
  }
}
