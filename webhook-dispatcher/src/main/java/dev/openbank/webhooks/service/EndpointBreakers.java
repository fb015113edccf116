package dev.openbank.webhooks.service;

import dev.openbank.webhooks.config.WebhookConfig;
import dev.openbank.webhooks.domain.Outcome;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * One circuit breaker per endpoint (scheme, host, port): when an endpoint keeps failing, its
 * deliveries wait without tying up connections, and other endpoints are not slowed. Answers that
 * will be retried (network errors, 5xx, 408, 429) count as failures; a refusal does not.
 */
@ApplicationScoped
public class EndpointBreakers {

  private final WebhookConfig config;
  private final ConcurrentMap<String, Guard> guards = new ConcurrentHashMap<>();

  public EndpointBreakers(WebhookConfig config) {
    this.config = config;
  }

  /** The failure the breaker counts for a retryable answer; unwrapped again by {@link #call}. */
  private static final class RetryableAnswer extends RuntimeException {
    final Outcome.Retry outcome;

    RetryableAnswer(Outcome.Retry outcome) {
      super(outcome.error(), null, false, false);
      this.outcome = outcome;
    }
  }

  public Uni<Outcome> call(String endpoint, Supplier<Uni<Outcome>> send) {
    Guard guard = guards.computeIfAbsent(endpoint, this::guard);
    Uni<Outcome> guarded =
        guard.get(
            () ->
                send.get()
                    .map(
                        o -> {
                          if (o instanceof Outcome.Retry r) {
                            throw new RetryableAnswer(r);
                          }
                          return o;
                        }),
            new TypeLiteral<Uni<Outcome>>() {});
    return guarded
        .onFailure(RetryableAnswer.class)
        .recoverWithItem(e -> ((RetryableAnswer) e).outcome);
  }

  private Guard guard(String endpoint) {
    return Guard.create()
        .withDescription("webhooks " + endpoint)
        .withCircuitBreaker()
        .requestVolumeThreshold(config.circuitRequestVolume())
        .failureRatio(config.circuitFailureRatio())
        .delay(config.circuitDelay().toMillis(), ChronoUnit.MILLIS)
        .skipOn(WebhookSender.NotAllowed.class)
        .done()
        .build();
  }
}
