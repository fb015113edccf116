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
}
