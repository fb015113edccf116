package dev.openbank.webhooks.service;

import dev.openbank.webhooks.config.WebhookConfig;
import dev.openbank.webhooks.repository.DeliveryRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Hourly: drops finished deliveries and events older than {@code openbank.webhooks.retention}. */
@ApplicationScoped
public class DeliveryRetention {

  private final WebhookConfig config;
  private final DeliveryRepository deliveries;

  public DeliveryRetention(WebhookConfig config, DeliveryRepository deliveries) {
    this.config = config;
    this.deliveries = deliveries;
  }

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return deliveries.purge(config.retention()).replaceWithVoid();
  }
}
