package dev.openbank.webhooks.service;

import dev.openbank.webhooks.config.WebhookConfig;
import dev.openbank.webhooks.domain.Outcome;
import dev.openbank.webhooks.domain.RetrySchedule;
import dev.openbank.webhooks.repository.AttemptResult;
import dev.openbank.webhooks.repository.DeliveryRepository;
import dev.openbank.webhooks.repository.Due;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * The delivery loop of one replica: claims due deliveries in batches (several replicas share the
 * work through row locks and leases), signs each body with the current key, sends them concurrently
 * through each endpoint's circuit breaker, and records every attempt with the delivery's next state
 * in one transaction. It runs when woken by new events and on a short timer for retries.
 */
@ApplicationScoped
public class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  private final WebhookConfig config;
  private final DeliveryRepository deliveries;
  private final WebhookKeys keys;
  private final WebhookSender sender;
  private final EndpointBreakers breakers;
  private final RetrySchedule schedule;
  private final Vertx vertx;
  private final MeterRegistry metrics;
  private final AtomicInteger rounds = new AtomicInteger();
  private final AtomicInteger claimedInFlight = new AtomicInteger();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopped;
  private final java.util.concurrent.atomic.AtomicLong ticks =
      new java.util.concurrent.atomic.AtomicLong();

  public Dispatcher(
      WebhookConfig config,
      DeliveryRepository deliveries,
      WebhookKeys keys,
      WebhookSender sender,
      EndpointBreakers breakers,
      Vertx vertx,
      MeterRegistry metrics) {
    this.metrics = metrics;
    this.config = config;
    this.deliveries = deliveries;
    this.keys = keys;
    this.sender = sender;
    this.breakers = breakers;
    this.vertx = vertx;
    this.schedule =
        new RetrySchedule(config.retrySchedule(), config.retryJitter(), config.maxRetryAfter());
  }

  void onStart(@Observes StartupEvent event) {
    vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
  }

  void onStop(@Observes ShutdownEvent event) {
    stopped = true;
  }

  /**
   * How many deliveries the consumer may claim as it stores them, to be sent at once through {@link
   * #take}: what is left of {@code max-in-flight} (0 while stopping).
   */
  public int claimable() {
    return stopped ? 0 : Math.max(0, config.maxInFlight() - claimedInFlight.get());
  }

  /** How long a delivery claimed by the consumer belongs to this replica. */
  public Duration lease() {
    return config.lease();
  }

  /**
   * Takes over deliveries whose turn came in a write: sends those claimed there without waiting for
   * a round, and wakes a round for the others. They come from the consumer as it stored new events
   * (nothing of their object was waiting before them), and from the recording of an outcome (the
   * next delivery of the same object). What happens after is as in a round: signed, sent through
   * the endpoint's breaker, recorded with its next state.
   */
  public void take(DeliveryRepository.Ready ready) {
    deliverClaimed(ready.claimed());
    if (ready.pending() > 0) {
      // more got their turn than could be claimed at once
      wake();
    }
  }

  private void deliverClaimed(List<Due> claimed) {
    if (claimed.isEmpty()) {
      return;
    }
    int n = claimed.size();
    claimedInFlight.addAndGet(n);
    metrics.counter("openbank.webhooks.direct").increment(n);
    deliver(claimed)
        .subscribe()
        .with(
            done -> claimedInFlight.addAndGet(-n),
            e -> {
              claimedInFlight.addAndGet(-n);
              // the lease runs out and a round takes them over
              LOG.warnf("delivering %d claimed deliveries failed: %s", n, e.toString());
            });
  }

  /**
   * Starts a round now, or as soon as one of the running rounds ends. Up to {@code max-rounds} run
   * at once (claims skip each other's rows), so one slow endpoint does not stall the rest.
   */
  public void wake() {
    if (stopped) {
      return;
    }
    int running;
    do {
      running = rounds.get();
      if (running >= config.maxRounds()) {
        again.set(true);
        return;
      }
    } while (!rounds.compareAndSet(running, running + 1));
    again.set(false);
    Uni<Integer> round =
        (ticks.getAndIncrement() % 50 == 0
                ? deliveries.releaseExpiredLeases().replaceWithVoid()
                : Uni.createFrom().voidItem())
            .chain(
                () -> {
                  long start = System.nanoTime();
                  return deliveries
                      .claim(config.batchSize(), config.lease())
                      .invoke(
                          due ->
                              LOG.debugf(
                                  "claimed %d in %d ms",
                                  due.size(), (System.nanoTime() - start) / 1_000_000));
                })
            .chain(this::deliver);
    round
        .subscribe()
        .with(
            n -> {
              rounds.decrementAndGet();
              if (n >= config.batchSize() || again.getAndSet(false)) {
                wake();
              }
            },
            e -> {
              rounds.decrementAndGet();
              LOG.warnf("delivery round failed: %s", e.toString());
            });
  }

  private Uni<Integer> deliver(List<Due> batch) {
    if (batch.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    long claimed = System.nanoTime();
    long timestamp = Instant.now().getEpochSecond();
    return sign(batch, timestamp)
        .chain(
            signatures -> {
              List<Uni<AttemptResult>> attempts = new ArrayList<>(batch.size());
              for (int i = 0; i < batch.size(); i++) {
                attempts.add(attempt(batch.get(i), signatures.get(i), timestamp));
              }
              return Uni.join().all(attempts).andCollectFailures();
            })
        .chain(
            results -> {
              long sent = System.nanoTime();
              return deliveries
                  .record(results, claimable(), config.lease())
                  .invoke(
                      next -> {
                        count(results);
                        // the next deliveries of the objects whose delivery ended
                        take(next);
                      })
                  .invoke(
                      () ->
                          LOG.debugf(
                              "round of %d: sign+send %d ms, record %d ms",
                              batch.size(),
                              (sent - claimed) / 1_000_000,
                              (System.nanoTime() - sent) / 1_000_000));
            })
        .replaceWith(batch.size());
  }

  /**
   * Signs a batch off the event loop, in as many slices as there are cores (signing is the physical
   * limit; one task per signature would cost more in hand-offs than the signature).
   */
  private Uni<List<WebhookKeys.Signature>> sign(List<Due> batch, long timestamp) {
    int slices = Math.min(batch.size(), Runtime.getRuntime().availableProcessors());
    int size = (batch.size() + slices - 1) / slices;
    List<Uni<List<WebhookKeys.Signature>>> parts = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += size) {
      List<Due> slice = batch.subList(from, Math.min(batch.size(), from + size));
      parts.add(
          vertx.executeBlocking(
              () ->
                  slice.stream()
                      .map(d -> keys.sign(d.body(), d.id().toString(), timestamp))
                      .toList(),
              false));
    }
    return Uni.join()
        .all(parts)
        .andFailFast()
        .map(lists -> lists.stream().flatMap(List::stream).toList());
  }

  /**
   * Counts the attempts made (circuit-open skips are not attempts) by the state they left the
   * delivery in: succeeded, pending (a retry is scheduled), failed (refused) or dead (schedule
   * exhausted); and their latency.
   */
  private void count(List<AttemptResult> results) {
    for (AttemptResult r : results) {
      if (r.counted()) {
        metrics.counter("openbank.webhooks.attempts", "result", r.status()).increment();
        metrics.timer("openbank.webhooks.attempt.latency").record(Duration.ofMillis(r.latencyMs()));
      }
    }
  }

  private Uni<AttemptResult> attempt(Due d, WebhookKeys.Signature sig, long timestamp) {
    Instant started = Instant.now(); // the attempt's own time and latency, signing excluded
    String webhookId = d.id().toString();
    return breakers
        .call(
            endpoint(d.url()),
            () ->
                sender.send(
                    d.url(),
                    d.body(),
                    new WebhookSender.Headers(sig.jws(), sig.kid(), webhookId, timestamp)))
        .map(outcome -> result(d, started, outcome))
        .onFailure()
        .recoverWithItem(e -> failure(d, started, e));
  }

  private AttemptResult result(Due d, Instant started, Outcome outcome) {
    int n = d.attempts() + 1;
    int latency = (int) Duration.between(started, Instant.now()).toMillis();
    if (outcome instanceof Outcome.Delivered ok) {
      return new AttemptResult(d, n, started, ok.status(), latency, null, "succeeded", null, true);
    }
    if (outcome instanceof Outcome.Refused no) {
      return new AttemptResult(
          d,
          n,
          started,
          no.status(),
          latency,
          "refused with HTTP " + no.status(),
          "failed",
          null,
          true);
    }
    Outcome.Retry retry = (Outcome.Retry) outcome;
    return retryOrDead(d, started, retry.status(), retry.error(), retry.retryAfter(), latency);
  }

  private AttemptResult failure(Due d, Instant started, Throwable e) {
    int latency = (int) Duration.between(started, Instant.now()).toMillis();
    if (e instanceof CircuitBreakerOpenException) {
      // no request was made: not an attempt; look again when the breaker half-opens
      return new AttemptResult(
          d,
          d.attempts(),
          started,
          null,
          0,
          "endpoint circuit open",
          "pending",
          Instant.now().plus(config.circuitDelay()),
          false);
    }
    if (e instanceof WebhookSender.NotAllowed) {
      return new AttemptResult(
          d,
          d.attempts() + 1,
          started,
          null,
          latency,
          "not allowed: " + e.getMessage(),
          "failed",
          null,
          true);
    }
    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return retryOrDead(
        d, started, null, error.length() > 500 ? error.substring(0, 500) : error, null, latency);
  }

  private AttemptResult retryOrDead(
      Due d, Instant started, Integer status, String error, Duration retryAfter, int latency) {
    int n = d.attempts() + 1;
    return schedule
        .next(n, retryAfter, ThreadLocalRandom.current())
        .map(
            wait ->
                new AttemptResult(
                    d,
                    n,
                    started,
                    status,
                    latency,
                    error,
                    "pending",
                    Instant.now().plus(wait),
                    true))
        .orElseGet(
            () -> new AttemptResult(d, n, started, status, latency, error, "dead", null, true));
  }

  /** The breaker key: scheme, host and port. */
  static String endpoint(String url) {
    try {
      URI u = URI.create(url);
      int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
      return u.getScheme().toLowerCase() + "://" + u.getHost().toLowerCase() + ":" + port;
    } catch (IllegalArgumentException | NullPointerException e) {
      return url;
    }
  }
}
