package dev.openbank.ais.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.ais.client.ConsentTermsClient;
import dev.openbank.ais.domain.ConsentTerms;
import dev.openbank.ais.service.JobService;
import dev.openbank.commons.events.StatusEvents;
import dev.openbank.commons.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Hears consent-service's {@code consent_status_update} events. From {@code authorized} on, the
 * consent's terms and bank access are read from consent-service (it stays their owner) and stored:
 * an authorized consent gets its first data job. An ended consent (revoked, expired, failed) is
 * read no more and its data stops being served. Each event is handled once; a failure
 * (consent-service or the database unreachable) is retried with backoff before the next event, so
 * none is skipped.
 */
@ApplicationScoped
public class ConsentEventConsumer {

  private static final Logger LOG = Logger.getLogger(ConsentEventConsumer.class);
  static final String CONSUMER = "ais-consents";
  private static final Set<String> WITH_ACCESS = Set.of("authorized", "active", "suspended");

  private final IdempotentConsumer inbox;
  private final ConsentTermsClient consentService;
  private final JobService jobs;
  private final ObjectMapper mapper;

  public ConsentEventConsumer(
      IdempotentConsumer inbox,
      ConsentTermsClient consentService,
      JobService jobs,
      ObjectMapper mapper) {
    this.inbox = inbox;
    this.consentService = consentService;
    this.jobs = jobs;
    this.mapper = mapper;
  }

  @Incoming("consent-status")
  public Uni<Void> consume(String payload) {
    UUID eventId;
    UUID consentId;
    String status;
    try {
      JsonNode event = mapper.readTree(payload);
      if (!StatusEvents.CONSENT_STATUS_UPDATE.equals(event.path("type").asText())) {
        return Uni.createFrom().voidItem();
      }
      eventId = UUID.fromString(event.path("event_id").asText());
      consentId = UUID.fromString(event.path("consent_id").asText());
      status = event.path("status").asText();
    } catch (Exception e) {
      LOG.warnf("skipping a consent event that breaks the contract: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    Uni<Boolean> handled;
    if (WITH_ACCESS.contains(status)) {
      handled =
          Uni.createFrom()
              .deferred(() -> consentService.terms(consentId))
              .chain(
                  (ConsentTerms terms) ->
                      inbox.processOnce(CONSUMER, eventId, tx -> jobs.consentChanged(tx, terms)));
    } else if (ConsentTerms.ENDED.contains(status)) {
      handled =
          inbox.processOnce(CONSUMER, eventId, tx -> jobs.consentEnded(tx, consentId, status));
    } else {
      return Uni.createFrom().voidItem();
    }
    return handled
        .onFailure()
        .invoke(e -> LOG.warnf("consent event %s not handled yet, retrying: %s", eventId, e))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30))
        .atMost(Long.MAX_VALUE)
        .replaceWithVoid();
  }
}
