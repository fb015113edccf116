package dev.openbank.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** consent-service settings, prefix {@code openbank.consent}. */
@ConfigMapping(prefix = "openbank.consent")
public interface ConsentConfig {

  /** Base of the consent pages' URLs ({@code {public-url}/consent/{web_id}}). */
  @WithDefault("http://localhost:8083")
  String publicUrl();

  /** Validity of a consent created without {@code valid_until}. */
  @WithDefault("90d")
  Duration defaultValidity();

  /** The longest validity (PSD2: 180 days before the PSU must authenticate again). */
  @WithDefault("180d")
  Duration maxValidity();

  /** How long one attempt to request the consent at the bank holds it. */
  @WithDefault("60s")
  Duration initiationLease();

  /**
   * First status read after the PSU was sent to the bank; each later one waits 1.5 times longer.
   */
  @WithDefault("2s")
  Duration statusCheckFirst();

  /** The longest wait between two status reads while the PSU has not decided. */
  @WithDefault("60s")
  Duration statusCheckMax();

  /** How often an authorized consent's status is read at the bank (revoked there, expired). */
  @WithDefault("1h")
  Duration authorizedCheck();

  /** How often due status reads are looked for. */
  @WithDefault("1s")
  Duration statusCheckTick();

  /** How often consents past their validity are expired. */
  @WithDefault("60s")
  Duration expiryCheck();
}
