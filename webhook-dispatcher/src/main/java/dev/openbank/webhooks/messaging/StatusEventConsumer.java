package dev.openbank.webhooks.messaging;

import dev.openbank.webhooks.domain.WebhookBody;
import dev.openbank.webhooks.repository.DeliveryRepository;
import dev.openbank.webhooks.service.Dispatcher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the status events (consent, data job, payment link) in batches, stores each event and
 * its delivery in one transaction, acknowledges, and hands the deliveries it could claim at once to
 * the dispatcher (the others wait for a round, which it wakes). An event seen before (a redelivery)
 * changes nothing; an event that breaks the contract is logged and skipped.
 */
@ApplicationScoped
public class StatusEventConsumer {

  private static final Logger LOG = Logger.getLogger(StatusEventConsumer.class);

  private final DeliveryRepository deliveries;
  private final Dispatcher dispatcher;

  public StatusEventConsumer(DeliveryRepository deliveries, Dispatcher dispatcher) {
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
  }

  @Incoming("status-events")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    List<WebhookBody> events = new ArrayList<>();
    for (KafkaRecord<String, String> record : batch) {
      try {
        events.add(WebhookBody.parse(record.getKey(), record.getPayload()));
      } catch (IllegalArgumentException e) {
        LOG.warnf(
            "skipping an event that breaks the contract (topic %s, key %s): %s",
            record.getTopic(), record.getKey(), e.getMessage());
      }
    }
    long start = System.nanoTime();
    return Uni.createFrom()
        .deferred(() -> deliveries.store(events, dispatcher.claimable(), dispatcher.lease()))
        .invoke(
            stored ->
                LOG.debugf(
                    "stored %d events in %d ms, %d deliveries sent at once",
                    events.size(),
                    (System.nanoTime() - start) / 1_000_000,
                    stored.claimed().size()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .atMost(10)
        .invoke(dispatcher::take)
        .chain(() -> Uni.createFrom().completionStage(batch.ack()));
  }
}
