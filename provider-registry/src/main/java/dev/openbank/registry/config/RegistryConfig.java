package dev.openbank.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** provider-registry settings, prefix {@code openbank.registry}. */
@ConfigMapping(prefix = "openbank.registry")
public interface RegistryConfig {

  /** Load the provider file on start when the registry is empty. */
  @WithDefault("true")
  boolean loadDefaults();

  /** A provider file (YAML or JSON) to load instead of the built-in default file. */
  Optional<String> defaultFile();

  /** Replaces {@code {sandbox_bank_url}} in connector base URLs. */
  @WithDefault("http://localhost:8087")
  String sandboxBankUrl();
}
