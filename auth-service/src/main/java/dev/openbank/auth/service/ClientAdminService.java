package dev.openbank.auth.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.auth.domain.Client;
import dev.openbank.auth.domain.ClientSecrets;
import dev.openbank.auth.domain.PublicKeys;
import dev.openbank.auth.repository.AuditRepository;
import dev.openbank.auth.repository.ClientRepository;
import dev.openbank.commons.outbox.Outbox;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The client registry's use cases. Every change is written with its audit row and its {@code
 * client-changes} outbox event in one transaction (other services cache clients' defaults).
 */
@ApplicationScoped
public class ClientAdminService {

  /** Topic of client change events. */
  public static final String TOPIC = "client-changes";

  /** A client and, right after creation or a reset, its new secret (shown once). */
  public record ClientWithSecret(Client client, String secret) {}

  private final Pool pool;
  private final ClientRepository clients;
  private final AuditRepository audit;
  private final Outbox outbox;
  private final ObjectMapper mapper;
  private final ClientSecrets secrets;
  private final ClientCache cache;

  public ClientAdminService(
      Pool pool,
      ClientRepository clients,
      AuditRepository audit,
      Outbox outbox,
      ObjectMapper mapper,
      ClientSecrets secrets,
      ClientCache cache) {
    this.cache = cache;
    this.pool = pool;
    this.clients = clients;
    this.audit = audit;
    this.outbox = outbox;
    this.mapper = mapper;
    this.secrets = secrets;
  }

  public Uni<ClientWithSecret> create(
      String actor,
      String name,
      String environment,
      List<String> scopes,
      String uxTemplate,
      String webhookUrl,
      boolean requireDpop,
      JsonNode jwks) {
    validateWebhook(webhookUrl, environment);
    String jwksJson = jwks == null || jwks.isNull() ? null : validJwks(jwks).json();
    String secret = ClientSecrets.newSecret();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Client client =
        new Client(
            ClientSecrets.newClientId(),
            name.trim(),
            environment,
            new LinkedHashSet<>(scopes),
            uxTemplate == null ? "default" : uxTemplate,
            webhookUrl,
            requireDpop,
            secrets.hash(secret),
            jwksJson,
            "active",
            now,
            now);
    return pool.withTransaction(
            tx ->
                clients
                    .insert(tx, client)
                    .flatMap(
                        v -> changed(tx, actor, "client.create", client, "name=" + client.name())))
        .replaceWith(new ClientWithSecret(client, secret));
  }

  public Uni<Client> get(String clientId) {
    return pool.withConnection(c -> clients.find(c, clientId)).map(c -> found(c, clientId));
  }

  public Uni<Client> disable(String actor, String clientId) {
    return mutate(
        actor,
        "client.disable",
        clientId,
        tx -> clients.update(tx, clientId, "status", "disabled"));
  }

  public Uni<ClientWithSecret> resetSecret(String actor, String clientId) {
    String secret = ClientSecrets.newSecret();
    return mutate(
            actor,
            "client.reset_secret",
            clientId,
            tx -> clients.update(tx, clientId, "secret_hash", secrets.hash(secret)))
        .map(c -> new ClientWithSecret(c, secret));
  }

  public Uni<Client> registerKeys(String actor, String clientId, JsonNode jwks) {
    PublicKeys.Validated valid = validJwks(jwks);
    return mutate(
        actor,
        "client.register_keys",
        clientId,
        tx -> clients.update(tx, clientId, "jwks", valid.json()));
  }

  private Uni<Client> mutate(
      String actor, String action, String clientId, Function<SqlConnection, Uni<Client>> change) {
    return pool.withTransaction(
            tx ->
                change
                    .apply(tx)
                    .map(c -> found(c, clientId))
                    .flatMap(c -> changed(tx, actor, action, c, null).replaceWith(c)))
        .invoke(() -> cache.invalidate(clientId));
  }

  private Uni<Void> changed(
      SqlConnection tx, String actor, String action, Client c, String details) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("client_id", c.clientId());
    event.put("action", action);
    event.put("status", c.status());
    event.put("environment", c.environment());
    event.put("scopes", c.scopes().stream().sorted().toList());
    event.put("ux_template", c.uxTemplate());
    event.put("webhook_url", c.webhookUrl());
    return audit
        .record(tx, actor, action, c.clientId(), details)
        .flatMap(v -> outbox.append(tx, TOPIC, "client", c.clientId(), "client_updated", event))
        .replaceWithVoid();
  }

  private PublicKeys.Validated validJwks(JsonNode jwks) {
    try {
      Map<String, Object> parsed = mapper.convertValue(jwks, new TypeReference<>() {});
      return PublicKeys.validate(parsed);
    } catch (IllegalArgumentException e) {
      throw ProblemType.INVALID_REQUEST.exception("jwks: must be a JWK set object", "jwks");
    }
  }

  private static void validateWebhook(String url, String environment) {
    if (url == null) {
      return;
    }
    try {
      URI uri = URI.create(url);
      boolean https = "https".equals(uri.getScheme());
      boolean http = "http".equals(uri.getScheme());
      if (uri.getHost() == null
          || !(https || http)
          || ("production".equals(environment) && !https)) {
        throw ProblemType.INVALID_REQUEST.exception(
            "webhook_url: must be an absolute https URL (http only in sandbox)", "webhook_url");
      }
    } catch (IllegalArgumentException e) {
      throw ProblemType.INVALID_REQUEST.exception("webhook_url: not a URL", "webhook_url");
    }
  }

  private static Client found(Client c, String clientId) {
    if (c == null) {
      throw notFound(clientId);
    }
    return c;
  }

  private static ProblemException notFound(String clientId) {
    return ProblemType.NOT_FOUND.exception("no client " + clientId, "client_id");
  }
}
