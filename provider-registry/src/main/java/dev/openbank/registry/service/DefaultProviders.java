package dev.openbank.registry.service;

import dev.openbank.registry.config.RegistryConfig;
import dev.openbank.registry.repository.ProviderRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Loads the provider file into an empty registry on start: the built-in {@code
 * providers/default-providers.yaml} (the sandbox bank's four banks) or {@code
 * openbank.registry.default-file}. A registry that has providers is never touched.
 */
@ApplicationScoped
public class DefaultProviders {

  private static final Logger LOG = Logger.getLogger(DefaultProviders.class);
  private static final String BUILT_IN = "providers/default-providers.yaml";

  private final RegistryConfig config;
  private final ProviderRepository providers;
  private final ProviderFiles files;
  private final ProviderImportService importer;

  public DefaultProviders(
      RegistryConfig config,
      ProviderRepository providers,
      ProviderFiles files,
      ProviderImportService importer) {
    this.config = config;
    this.providers = providers;
    this.files = files;
    this.importer = importer;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.loadDefaults() || !providers.isEmpty().await().atMost(Duration.ofSeconds(30))) {
      return;
    }
    var result = importer.importFile(files.read(content())).await().atMost(Duration.ofSeconds(30));
    LOG.infof("Loaded %d providers into the empty registry", result.created().size());
  }

  private String content() {
    try {
      if (config.defaultFile().isPresent()) {
        return Files.readString(Path.of(config.defaultFile().get()));
      }
      try (InputStream in =
          Thread.currentThread().getContextClassLoader().getResourceAsStream(BUILT_IN)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the provider file", e);
    }
  }
}
