package dev.openbank.ais.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.ais.client.ConsentTermsClient;
import dev.openbank.ais.domain.ConsentTerms;
import dev.openbank.ais.service.JobService;
import dev.openbank.commons.events.ReceivedEvent;
import dev.openbank.commons.events.StatusEvents;
import dev.openbank.commons.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
    ReceivedEvent event =
        ReceivedEvent.read(mapper, payload, StatusEvents.CONSENT_STATUS_UPDATE, LOG, "consent_id");
    if (event == null) {
      return Uni.createFrom().voidItem();
    }
    UUID consentId = event.uuid("consent_id");
    String status = event.text("status");
    Uni<Boolean> handled;
    if (WITH_ACCESS.contains(status)) {
      handled =
          Uni.createFrom()
              .deferred(() -> consentService.terms(consentId))
              .onFailure(ConsentEventConsumer::unknownConsent)
              .recoverWithItem(
                  () -> {
                    // consent-service does not know it (never will): retrying would block the
                    // partition for good
                    LOG.warnf("consent %s is unknown to consent-service: event skipped", consentId);
                    return null;
                  })
              .chain(
                  (ConsentTerms terms) ->
                      terms == null
                          ? Uni.createFrom().item(false)
                          : inbox.processOnce(
                              CONSUMER, event.eventId(), tx -> jobs.consentChanged(tx, terms)));
    } else if (ConsentTerms.ENDED.contains(status)) {
      handled =
          inbox.processOnce(
              CONSUMER, event.eventId(), tx -> jobs.consentEnded(tx, consentId, status));
    } else {
      return Uni.createFrom().voidItem();
    }
    return IdempotentConsumer.untilDone(handled, LOG, event.eventId()).replaceWithVoid();
  }

  /**
   * consent-service's own answer that it has no such consent (a problem naming {@code consent_id});
   * a 404 from anything else (a wrong URL, a gateway, an older consent-service) is retried like any
   * other failure.
   */
  private static boolean unknownConsent(Throwable e) {
    if (!(e instanceof jakarta.ws.rs.WebApplicationException w)
        || w.getResponse() == null
        || w.getResponse().getStatus() != 404) {
      return false;
    }
    try {
      String body = w.getResponse().readEntity(String.class);
      return body != null && body.contains("\"field\":\"consent_id\"");
    } catch (RuntimeException unreadable) {
      return false;
    }
  }
}
