package dev.openbank.pis.bank;

import dev.openbank.commons.security.ServiceToken;
import dev.openbank.pis.bank.RegistryApi.ConnectorRef;
import dev.openbank.pis.bank.RegistryApi.ConnectorRow;
import dev.openbank.pis.bank.RegistryApi.ListForEnvironment;
import dev.openbank.pis.bank.RegistryApi.PaymentMethod;
import dev.openbank.pis.bank.RegistryApi.Provider;
import dev.openbank.pis.config.PisConfig;
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
 * The providers a link may be paid through and how to reach their banks, read from
 * provider-registry's internal API with pis-service's own token. Both are cached for {@code
 * openbank.pis.registry-cache}: the pay pages and the create of links that name a provider read
 * them on every request, and a provider change reaches pis within that time.
 */
@ApplicationScoped
public class Registry {

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(Registry.class);

  /** One way to pay a link: a provider and one of its payment methods. */
  public record Choice(Provider provider, PaymentMethod method) {}

  private record Entry<T>(T value, Instant until) {}

  private final RegistryApi api;
  private final ServiceToken token;
  private final PisConfig config;
  private final ConcurrentMap<String, Entry<List<Provider>>> providers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Entry<ConnectorRow>> connectors = new ConcurrentHashMap<>();

  public Registry(ServiceToken token, PisConfig config) {
    this.token = token;
    this.config = config;
    this.api =
        QuarkusRestClientBuilder.newBuilder()
            .baseUri(URI.create(config.registryUrl()))
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
    return Instant.now().plus(config.registryCache());
  }
}
