package dev.openbank.registry.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.json.Json;
import dev.openbank.commons.outbox.Outbox;
import dev.openbank.registry.config.RegistryConfig;
import dev.openbank.registry.domain.AisMethod;
import dev.openbank.registry.domain.PaymentMethod;
import dev.openbank.registry.domain.Provider;
import dev.openbank.registry.domain.ProviderFile;
import dev.openbank.registry.repository.ConnectorRepository;
import dev.openbank.registry.repository.ProviderRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Imports a checked provider file in one transaction: each provider is inserted or replaced with
 * its connectors, and each change is published as a {@code provider_changed} event through the
 * outbox. Providers that did not change are left alone, so re-importing a file changes nothing;
 * providers absent from the file are kept.
 */
@ApplicationScoped
public class ProviderImportService {

  /** The Kafka topic of provider changes. */
  public static final String TOPIC = "provider-changes";

  private static final long IMPORT_LOCK = 5_271_009L;

  /** What an import did, by provider code. */
  @RegisterForReflection
  public record ImportResult(List<String> created, List<String> updated, List<String> unchanged) {}

  private final Pool pool;
  private final ProviderRepository providers;
  private final ConnectorRepository connectors;
  private final Outbox outbox;
  private final RegistryConfig config;
  private final ObjectMapper mapper;

  public ProviderImportService(
      Pool pool,
      ProviderRepository providers,
      ConnectorRepository connectors,
      Outbox outbox,
      RegistryConfig config,
      ObjectMapper mapper) {
    this.pool = pool;
    this.providers = providers;
    this.connectors = connectors;
    this.outbox = outbox;
    this.config = config;
    this.mapper = mapper;
  }

  public Uni<ImportResult> importFile(ProviderFile file) {
    List<String> codes = file.providers().stream().map(Provider::code).toList();
    return pool.withTransaction(
        tx ->
            tx.query("SELECT pg_advisory_xact_lock(" + IMPORT_LOCK + ")")
                .execute()
                .chain(() -> providers.hashes(tx, codes))
                .chain(existing -> apply(tx, file.providers(), existing)));
  }

  private Uni<ImportResult> apply(
      SqlConnection tx, List<Provider> entries, Map<String, String> existing) {
    ImportResult result = new ImportResult(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Provider p : entries) {
      List<ConnectorRepository.Row> rows = connectorsOf(p);
      // hashed in stored form: no AIS methods and an empty list are the same entry
      String hash =
          Json.sha256Hex(Json.write(mapper, withUpdatedAt(p, null)) + Json.write(mapper, rows));
      String before = existing.get(p.code());
      if (hash.equals(before)) {
        result.unchanged().add(p.code());
        continue;
      }
      String change = before == null ? "created" : "updated";
      (before == null ? result.created() : result.updated()).add(p.code());
      chain =
          chain
              .chain(() -> providers.upsert(tx, p, hash))
              .chain(updatedAt -> connectors.replace(tx, p.code(), rows).replaceWith(updatedAt))
              .chain(
                  updatedAt ->
                      outbox.append(
                          tx,
                          TOPIC,
                          "provider",
                          p.code(),
                          "provider_changed",
                          Map.of(
                              "code",
                              p.code(),
                              "change",
                              change,
                              "provider",
                              withUpdatedAt(p, updatedAt))))
              .replaceWithVoid();
    }
    return chain.replaceWith(result);
  }

  private List<ConnectorRepository.Row> connectorsOf(Provider p) {
    List<ConnectorRepository.Row> rows = new ArrayList<>();
    for (PaymentMethod m : p.paymentMethods()) {
      rows.add(
          new ConnectorRepository.Row(
              p.code(), "payment", m.id(), m.connector().resolve(config.sandboxBankUrl())));
    }
    for (AisMethod m : p.allAisMethods()) {
      rows.add(
          new ConnectorRepository.Row(
              p.code(), "ais", m.id(), m.connector().resolve(config.sandboxBankUrl())));
    }
    return rows;
  }

  private static Provider withUpdatedAt(Provider p, java.time.Instant updatedAt) {
    return new Provider(
        p.code(),
        p.name(),
        p.country(),
        p.bic(),
        p.logoUrl(),
        p.status(),
        p.environments(),
        p.paymentMethods(),
        p.allAisMethods(),
        updatedAt);
  }
}
