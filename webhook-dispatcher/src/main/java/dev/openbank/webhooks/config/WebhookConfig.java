package dev.openbank.webhooks.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** webhook-dispatcher settings, prefix {@code openbank.webhooks}. */
@ConfigMapping(prefix = "openbank.webhooks")
public interface WebhookConfig {

  /** Base64 of 32 bytes: seals the signing private keys at rest (AES-256-GCM). */
  String masterKey();

  /** RS256 (FinqLink's default) or ES256. */
  @WithDefault("RS256")
  String signingAlgorithm();

  /** How long a key signs before the next one takes over; the old one stays published as long. */
  @WithDefault("90d")
  Duration rotationPeriod();

  /** How often each replica re-reads the keys; at most a third of the rotation period. */
  @WithDefault("10s")
  Duration keyRefresh();

  /** Waits before retry 1, 2, ...: about three days in all (71.6 hours before jitter). */
  @WithDefault("5s,5m,30m,2h,5h,10h,10h,14h,14h,16h")
  List<Duration> retrySchedule();

  /** Share of each wait drawn at random either way. */
  @WithDefault("0.2")
  double retryJitter();

  /** The longest Retry-After honoured. */
  @WithDefault("24h")
  Duration maxRetryAfter();

  /** Time for one delivery attempt, connect to last byte. */
  @WithDefault("10s")
  Duration requestTimeout();

  /** Only https webhook URLs (production); the dev and test profiles allow http. */
  @WithDefault("true")
  boolean requireHttps();

  /** CIDRs webhooks may reach although private or loopback (the local platform, tests). */
  Optional<List<String>> allowedNetworks();

  /** How often a replica looks for due deliveries when nothing woke it. */
  @WithDefault("200ms")
  Duration pollInterval();

  /** Deliveries claimed per round. */
  @WithDefault("200")
  int batchSize();

  /** Delivery rounds a replica runs at once. */
  @WithDefault("4")
  int maxRounds();

  /**
   * Deliveries a replica sends at once straight from the consumer (claimed as their events are
   * stored); beyond it, new deliveries wait for a round.
   */
  @WithDefault("1000")
  int maxInFlight();

  /** How long events and finished deliveries are kept for the feed and the log. */
  @WithDefault("30d")
  Duration retention();

  /** How long a claimed delivery belongs to its replica before others may take it over. */
  @WithDefault("60s")
  Duration lease();

  /** Attempts in the window before an endpoint's circuit breaker may open. */
  @WithDefault("10")
  int circuitRequestVolume();

  /** Share of failed attempts in the window that opens an endpoint's breaker. */
  @WithDefault("0.5")
  double circuitFailureRatio();

  /** How long an open breaker holds deliveries to its endpoint back. */
  @WithDefault("30s")
  Duration circuitDelay();
}
