package dev.openbank.auth.rest;

import dev.openbank.auth.domain.Client;
import dev.openbank.auth.domain.PublicKeys;
import dev.openbank.auth.repository.AuditRepository;
import dev.openbank.auth.repository.ClientRepository;
import dev.openbank.auth.rest.AdminDtos.ClientPage;
import dev.openbank.auth.rest.AdminDtos.ClientRef;
import dev.openbank.auth.rest.AdminDtos.ClientView;
import dev.openbank.auth.rest.AdminDtos.CreateClient;
import dev.openbank.auth.rest.AdminDtos.ListClients;
import dev.openbank.auth.rest.AdminDtos.RegisterKeys;
import dev.openbank.auth.rest.AdminDtos.RotateKeys;
import dev.openbank.auth.service.ClientAdminService;
import dev.openbank.auth.service.SigningKeyService;
import dev.openbank.commons.cursor.CursorCodec;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The client registry's admin API. Callers authenticate with the provisioned admin key ({@code
 * X-Admin-Key}) or an access token with the {@code admin} scope; every action is audited.
 */
@Path("/admin")
@RolesAllowed("admin")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminClientResource {

  private final ClientAdminService service;
  private final ClientRepository clients;
  private final AuditRepository audit;
  private final SigningKeyService keys;
  private final CursorCodec cursors;
  private final SecurityIdentity identity;

  public AdminClientResource(
      ClientAdminService service,
      ClientRepository clients,
      AuditRepository audit,
      SigningKeyService keys,
      CursorCodec cursors,
      SecurityIdentity identity) {
    this.service = service;
    this.clients = clients;
    this.audit = audit;
    this.keys = keys;
    this.cursors = cursors;
    this.identity = identity;
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }

  /** Creates a client; the response is the only time its secret is shown. */
  @POST
  @Path("/clients/create")
  public Uni<Response> create(@Valid @NotNull CreateClient body) {
    return service
        .create(
            actor(),
            body.name(),
            body.environment(),
            body.scopes(),
            body.uxTemplate(),
            body.webhookUrl(),
            Boolean.TRUE.equals(body.requireDpop()),
            body.jwks())
        .map(
            c ->
                Response.status(201)
                    .header("Cache-Control", "no-store")
                    .entity(view(c.client(), c.secret()))
                    .build());
  }

  @POST
  @Path("/clients/get")
  public Uni<ClientView> get(@Valid @NotNull ClientRef body) {
    return service.get(body.clientId()).map(c -> view(c, null));
  }

  @POST
  @Path("/clients/list")
  public Uni<ClientPage> list(@Valid ListClients body) {
    PageRequest pagination = body == null ? null : body.pagination();
    int limit = PageRequest.limitOf(pagination);
    String after = PageRequest.afterOf(pagination);
    Instant afterCreated = null;
    String afterId = null;
    if (after != null) {
      List<String> keyset = cursors.decode("admin-clients", after, "pagination.after");
      afterCreated = Instant.parse(keyset.get(0));
      afterId = keyset.get(1);
    }
    return clients
        .page(afterCreated, afterId, limit + 1)
        .map(
            rows -> {
              PageInfo.Slice<Client> page =
                  PageInfo.slice(
                      rows,
                      limit,
                      last ->
                          cursors.encode(
                              "admin-clients",
                              List.of(last.createdAt().toString(), last.clientId())));
              return new ClientPage(
                  page.pagination(), page.items().stream().map(c -> view(c, null)).toList());
            });
  }

  @POST
  @Path("/clients/disable")
  public Uni<ClientView> disable(@Valid @NotNull ClientRef body) {
    return service.disable(actor(), body.clientId()).map(c -> view(c, null));
  }

  /** Replaces the secret; the old one stops working at once. */
  @POST
  @Path("/clients/reset-secret")
  public Uni<Response> resetSecret(@Valid @NotNull ClientRef body) {
    return service
        .resetSecret(actor(), body.clientId())
        .map(
            c ->
                Response.ok(view(c.client(), c.secret()))
                    .header("Cache-Control", "no-store")
                    .build());
  }

  /** Registers or replaces the client's public keys for private_key_jwt. */
  @POST
  @Path("/clients/keys")
  public Uni<ClientView> registerKeys(@Valid @NotNull RegisterKeys body) {
    return service.registerKeys(actor(), body.clientId(), body.jwks()).map(c -> view(c, null));
  }

  /** The client's audit trail, newest first. */
  @POST
  @Path("/clients/audit")
  public Uni<Map<String, Object>> audit(@Valid @NotNull ClientRef body) {
    return service
        .get(body.clientId())
        .flatMap(c -> audit.forClient(c.clientId(), 100))
        .map(entries -> Map.of("entries", entries));
  }

  /**
   * Rotates the token-signing key now. With {@code revoke_previous} the replaced keys leave the
   * JWKS at once (key compromise): tokens they signed stop verifying.
   */
  @POST
  @Path("/keys/rotate")
  public Uni<Map<String, String>> rotate(RotateKeys body) {
    boolean revoke = body != null && Boolean.TRUE.equals(body.revokePrevious());
    return keys.rotateNow(actor(), revoke).map(kid -> Map.of("kid", kid));
  }

  private static ClientView view(Client c, String secret) {
    return ClientView.of(c, PublicKeys.keyIds(c.jwks()), secret);
  }
}
