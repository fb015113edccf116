package dev.openbank.consent.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.events.ReceivedEvent;
import dev.openbank.commons.events.StatusEvents;
import dev.openbank.commons.inbox.IdempotentConsumer;
import dev.openbank.consent.domain.ConsentStatus;
import dev.openbank.consent.repository.ConsentRepository;
import dev.openbank.consent.service.ConsentService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Hears ais-service's {@code job_status_update} events: the first completed data job of an
 * authorized consent makes it {@code active} (seed 004). Each event is handled once ({@link
 * IdempotentConsumer}); a consent that is no longer authorized (already active, revoked, expired)
 * is left as it is. A failure (database down) is retried with backoff before the next event is
 * read, so no event is skipped.
 */
@ApplicationScoped
public class JobStatusConsumer {

  private static final Logger LOG = Logger.getLogger(JobStatusConsumer.class);
  static final String CONSUMER = "consent-activation";

  private final IdempotentConsumer inbox;
  private final ConsentRepository consents;
  private final ConsentService service;
  private final ObjectMapper mapper;

  public JobStatusConsumer(
      IdempotentConsumer inbox,
      ConsentRepository consents,
      ConsentService service,
      ObjectMapper mapper) {
    this.inbox = inbox;
    this.consents = consents;
    this.service = service;
    this.mapper = mapper;
  }

  @Incoming("job-status")
  public Uni<Void> consume(String payload) {
    ReceivedEvent event =
        ReceivedEvent.read(mapper, payload, StatusEvents.JOB_STATUS_UPDATE, LOG, "consent_id");
    if (event == null || !"completed".equals(event.text("status"))) {
      return Uni.createFrom().voidItem();
    }
    UUID consentId = event.uuid("consent_id");
    return IdempotentConsumer.untilDone(
            inbox.processOnce(CONSUMER, event.eventId(), tx -> activate(tx, consentId)),
            LOG,
            event.eventId())
        .replaceWithVoid();
  }

  private Uni<Void> activate(io.vertx.mutiny.sqlclient.SqlConnection tx, UUID consentId) {
    return consents
        .lock(tx, consentId)
        .chain(
            c ->
                c != null && ConsentStatus.fromWire(c.status()) == ConsentStatus.AUTHORIZED
                    ? service.changeStatus(tx, c, ConsentStatus.ACTIVE)
                    : Uni.createFrom().voidItem());
  }
}
