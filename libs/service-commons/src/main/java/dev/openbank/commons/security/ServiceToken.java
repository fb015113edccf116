package dev.openbank.commons.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The access token a service uses to call another of the platform's services (for example the
 * provider-registry's {@code /internal} API): client credentials of the service's own API client
 * ({@code openbank.service-client.id} and {@code .secret}, scope {@code internal}) at auth-service,
 * cached until shortly before it expires. The secret is never logged.
 */
@ApplicationScoped
public class ServiceToken {

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(ServiceToken.class);

  private record Cached(String token, Instant renewAt) {}

  private final Optional<String> issuer;
  private final Optional<String> clientId;
  private final Optional<String> clientSecret;
  private final ObjectMapper mapper;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile Cached cached;

  public ServiceToken(
      ResourceServerConfig security,
      @ConfigProperty(name = "openbank.service-client.id") Optional<String> clientId,
      @ConfigProperty(name = "openbank.service-client.secret") Optional<String> clientSecret,
      ObjectMapper mapper) {
    // the token endpoint is fetched where this service reaches auth-service
    this.issuer = security.reachedAt();
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.mapper = mapper;
  }

  /** The bearer token, fetched or renewed when needed. */
  public Uni<String> bearer() {
    Cached c = cached;
    if (c != null && Instant.now().isBefore(c.renewAt())) {
      return Uni.createFrom().item(c.token());
    }
    if (issuer.isEmpty() || clientId.isEmpty() || clientSecret.isEmpty()) {
      LOG.warn("no service token: openbank.service-client.id and .secret are not set");
      return Uni.createFrom()
          .failure(
              new IllegalStateException(
                  "openbank.security.issuer, openbank.service-client.id and"
                      + " openbank.service-client.secret must be set to call other services"));
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (form(clientId.get()) + ":" + form(clientSecret.get()))
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer.get() + "/oauth2/token"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
    return Uni.createFrom()
        .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .map(this::remember)
        .onFailure()
        .invoke(
            e ->
                LOG.warnf(
                    "no service token for client %s from %s: %s",
                    clientId.get(), issuer.get(), e.getMessage()));
  }

  private String remember(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      // the body is an RFC 6749 error: safe to show, it never contains the secret
      throw new IllegalStateException(
          "auth-service refused the service client: "
              + response.statusCode()
              + " "
              + response.body());
    }
    try {
      JsonNode body = mapper.readTree(response.body());
      String token = body.path("access_token").asText();
      long lifetime = body.path("expires_in").asLong(60);
      // renew at 80% of the lifetime, so a token is never used right at its end
      cached = new Cached(token, Instant.now().plusSeconds(lifetime * 8 / 10));
      return token;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable token response", e);
    }
  }

  /** RFC 6749 2.3.1: the credentials are form-encoded before Basic encoding. */
  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
