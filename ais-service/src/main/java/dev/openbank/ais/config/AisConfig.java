package dev.openbank.ais.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** ais-service settings, prefix {@code openbank.ais}. */
@ConfigMapping(prefix = "openbank.ais")
public interface AisConfig {

  /** consent-service's base URL, for its internal API (a consent's bank access). */
  @WithDefault("http://localhost:8083")
  String consentServiceUrl();

  /**
   * How far back the first job after authorisation reads transactions. Banks give more than 90 days
   * only within minutes of the PSU's authorisation (Berlin Group); later jobs read 90 days.
   */
  @WithDefault("730")
  int fullHistoryDays();

  /** How far back every later job reads transactions (PSD2 RTS: 90 days without a new SCA). */
  @WithDefault("90")
  int historyDays();

  /** How long one attempt of a job holds it; a job whose replica died is taken again after. */
  @WithDefault("5m")
  Duration jobLease();

  /** Attempts of a job on bank faults (5xx, timeouts) before it fails. */
  @WithDefault("3")
  int jobAttempts();

  /** Wait before a job's second attempt; each later one waits three times longer. */
  @WithDefault("10s")
  Duration retryFirst();

  /** How often queued jobs are looked for. */
  @WithDefault("1s")
  Duration jobTick();

  /** How often consents due a scheduled refresh are looked for. */
  @WithDefault("60s")
  Duration refreshTick();

  /** How often the data of ended consents is looked for and purged. */
  @WithDefault("60s")
  Duration purgeTick();

  /** Jobs run at once by one replica. */
  @WithDefault("4")
  int jobConcurrency();

  /** Transactions deleted per statement when an ended consent's data is purged. */
  @WithDefault("10000")
  int purgeBatch();
}
