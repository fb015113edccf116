package dev.openbank.ais.client;

import dev.openbank.ais.client.ConsentServiceApi.ConsentRef;
import dev.openbank.ais.config.AisConfig;
import dev.openbank.ais.domain.ConsentTerms;
import dev.openbank.commons.security.ServiceToken;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Reads a consent's terms and bank access from consent-service's internal API, with ais-service's
 * own token (scope {@code internal}).
 */
@ApplicationScoped
public class ConsentTermsClient {

  private final ConsentServiceApi api;
  private final ServiceToken token;

  public ConsentTermsClient(AisConfig config, ServiceToken token) {
    this.token = token;
    this.api =
        QuarkusRestClientBuilder.newBuilder()
            .baseUri(URI.create(config.consentServiceUrl()))
            .connectTimeout(2, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .build(ConsentServiceApi.class);
  }

  public Uni<ConsentTerms> terms(UUID consentId) {
    return token.bearer().chain(t -> api.access("Bearer " + t, new ConsentRef(consentId)));
  }
}
