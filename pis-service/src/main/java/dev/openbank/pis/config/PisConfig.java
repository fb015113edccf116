package dev.openbank.pis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** pis-service settings, prefix {@code openbank.pis}. */
@ConfigMapping(prefix = "openbank.pis")
public interface PisConfig {

  /** Base of the links' public URLs ({@code {public-url}/pay/{web_id}}). */
  @WithDefault("http://localhost:8085")
  String publicUrl();

  /** Expiry of a link created without {@code expires_at}. */
  @WithDefault("7d")
  Duration defaultExpiry();

  /** The latest expiry a client may ask for. */
  @WithDefault("90d")
  Duration maxExpiry();

  /** How often links past their expiry are expired. */
  @WithDefault("10s")
  Duration expiryCheck();

  /**
   * How long one attempt to initiate a payment at the bank holds the link: a second attempt (a
   * second tab, a double click) waits; after it, a crashed attempt no longer blocks the link.
   */
  @WithDefault("60s")
  Duration initiationLease();

  /** First status read after a payment reached the bank; each later one waits 1.5 times longer. */
  @WithDefault("2s")
  Duration statusCheckFirst();

  /** The longest wait between two status reads of a payment that is not final yet. */
  @WithDefault("60s")
  Duration statusCheckMax();

  /** How often due status reads are looked for. */
  @WithDefault("1s")
  Duration statusCheckTick();

  /**
   * How long an Idempotency-Key is remembered: a retry within it gets the first result, a later
   * request with the same key is a new create.
   */
  @WithDefault("7d")
  Duration idempotencyRetention();

  /** How often forgotten Idempotency-Keys are deleted. */
  @WithDefault("1h")
  Duration idempotencyPurge();
}
