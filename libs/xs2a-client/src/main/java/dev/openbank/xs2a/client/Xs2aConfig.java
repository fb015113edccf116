package dev.openbank.xs2a.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** XS2A client settings, prefix {@code openbank.xs2a}; the same for every bank. */
@ConfigMapping(prefix = "openbank.xs2a")
public interface Xs2aConfig {

  /** Time to open a connection to a bank. */
  @WithDefault("2s")
  Duration connectTimeout();

  /** Time to wait for a bank's answer. */
  @WithDefault("10s")
  Duration readTimeout();

  /** Retries of idempotent calls (GET, DELETE, funds confirmation) after a network error or 5xx. */
  @WithDefault("2")
  int retries();

  /** First retry delay; doubles up to ten times this. */
  @WithDefault("200ms")
  Duration retryBackoff();

  /** Calls in the rolling window before a bank's circuit breaker may open. */
  @WithDefault("10")
  int circuitRequestVolume();

  /** Share of failed calls in the window that opens the breaker. */
  @WithDefault("0.5")
  double circuitFailureRatio();

  /** How long an open breaker fails fast before letting a trial call through. */
  @WithDefault("10s")
  Duration circuitDelay();
}
