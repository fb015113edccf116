package dev.openbank.registry.client;

import dev.openbank.commons.security.ServiceToken;
import dev.openbank.registry.client.RegistryApi.AisMethod;
import dev.openbank.registry.client.RegistryApi.ConnectorRef;
import dev.openbank.registry.client.RegistryApi.ConnectorRow;
import dev.openbank.registry.client.RegistryApi.ListForEnvironment;
import dev.openbank.registry.client.RegistryApi.PaymentMethod;
import dev.openbank.registry.client.RegistryApi.Provider;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The providers an API client's environment offers and how to reach their banks, read from
 * provider-registry's internal API with the calling service's own token ({@link
 * dev.openbank.commons.security.ServiceToken}). Both are cached for {@code
 * openbank.registry-client.cache}: pages and creates read them on every request, and a provider
 * change reaches the services within that time.
 */
@ApplicationScoped
public class Registry {

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(Registry.class);

  /** One way to pay a link: a provider and one of its payment methods. */
  public record Choice(Provider provider, PaymentMethod method) {}

  /** One way to give account access: a provider and one of its AIS methods. */
  public record AisChoice(Provider provider, AisMethod method) {}

  private record Entry<T>(T value, Instant until) {}

  private final RegistryApi api;
  private final ServiceToken token;
  private final RegistryClientConfig config;
  private final ConcurrentMap<String, Entry<List<Provider>>> providers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Entry<ConnectorRow>> connectors = new ConcurrentHashMap<>();

  public Registry(ServiceToken token, RegistryClientConfig config) {
    this.token = token;
    this.config = config;
    this.api =
        QuarkusRestClientBuilder.newBuilder()
            .baseUri(URI.create(config.url()))
            .connectTimeout(2, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .build(RegistryApi.class);
  }

  /** The enabled providers of an environment. */
  public Uni<List<Provider>> providers(String environment) {
    Entry<List<Provider>> cached = providers.get(environment);
    if (cached != null && Instant.now().isBefore(cached.until())) {
      return Uni.createFrom().item(cached.value());
    }
    return token
        .bearer()
        .chain(t -> api.providers("Bearer " + t, new ListForEnvironment(environment)))
        .onFailure()
        .invoke(e -> LOG.warnf("provider-registry: providers of %s not read: %s", environment, e))
        .map(
            r -> {
              List<Provider> enabled =
                  r.providers().stream().filter(p -> "enabled".equals(p.status())).toList();
              providers.put(environment, new Entry<>(enabled, expiry()));
              return enabled;
            });
  }

  /**
   * Every provider method that can carry the payment, in provider order.
   *
   * @param providerCode when not null, only this provider's methods
   */
  public Uni<List<Choice>> choices(
      String environment,
      String flowType,
      String currency,
      BigDecimal amount,
      String providerCode) {
    return providers(environment)
        .map(
            all ->
                all.stream()
                    .filter(p -> providerCode == null || p.code().equals(providerCode))
                    .flatMap(
                        p ->
                            p.paymentMethods().stream()
                                .filter(m -> m.accepts(flowType, currency, amount))
                                .map(m -> new Choice(p, m)))
                    .toList());
  }

  /** The chosen method if it can carry the payment. */
  public Uni<Optional<Choice>> choice(
      String environment,
      String flowType,
      String currency,
      BigDecimal amount,
      String providerCode,
      String methodId) {
    return choices(environment, flowType, currency, amount, providerCode)
        .map(list -> list.stream().filter(c -> c.method().id().equals(methodId)).findFirst());
  }

  /**
   * Every AIS method that can give access to all of {@code scopes}, in provider order.
   *
   * @param providerCode when not null, only this provider's methods
   */
  public Uni<List<AisChoice>> aisChoices(
      String environment, List<String> scopes, String providerCode) {
    return providers(environment)
        .map(
            all ->
                all.stream()
                    .filter(p -> providerCode == null || p.code().equals(providerCode))
                    .filter(p -> p.aisMethods() != null)
                    .flatMap(
                        p ->
                            p.aisMethods().stream()
                                .filter(m -> m.covers(scopes))
                                .map(m -> new AisChoice(p, m)))
                    .toList());
  }

  /** How to reach the method's bank. */
  public Uni<ConnectorRow> connector(String providerCode, String methodId) {
    String key = providerCode + "/" + methodId;
    Entry<ConnectorRow> cached = connectors.get(key);
    if (cached != null && Instant.now().isBefore(cached.until())) {
      return Uni.createFrom().item(cached.value());
    }
    return token
        .bearer()
        .chain(t -> api.connector("Bearer " + t, new ConnectorRef(providerCode, methodId)))
        .onFailure()
        .invoke(e -> LOG.warnf("provider-registry: connector of %s not read: %s", key, e))
        .invoke(row -> connectors.put(key, new Entry<>(row, expiry())));
  }

  private Instant expiry() {
    return Instant.now().plus(config.cache());
  }
}
