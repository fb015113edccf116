package dev.openbank.registry.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Where provider-registry is and how long its answers are reused; prefix {@code
 * openbank.registry-client}.
 */
@ConfigMapping(prefix = "openbank.registry-client")
public interface RegistryClientConfig {

  /** provider-registry's base URL (its internal API). */
  @WithDefault("http://localhost:8082")
  String url();

  /** How long providers and connectors read from the registry are reused. */
  @WithDefault("30s")
  Duration cache();
}
