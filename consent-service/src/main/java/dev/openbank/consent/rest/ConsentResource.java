package dev.openbank.consent.rest;

import dev.openbank.commons.problem.Problem;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.security.AccessToken;
import dev.openbank.commons.security.ResourceServerAuthMechanism;
import dev.openbank.consent.domain.ConsentStatus;
import dev.openbank.consent.repository.ConsentRepository;
import dev.openbank.consent.repository.ConsentRow;
import dev.openbank.consent.rest.ConsentDtos.Consent;
import dev.openbank.consent.rest.ConsentDtos.ConsentRef;
import dev.openbank.consent.rest.ConsentDtos.CreateConsent;
import dev.openbank.consent.service.ConsentFlow;
import dev.openbank.consent.service.ConsentService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * {@code POST /v2/ais/consents/create|get|revoke|redirect} (seed 004 Data API). Scope {@code ais};
 * another client's consent does not exist for the caller.
 */
@Path("/v2/ais/consents")
@RolesAllowed("ais")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ConsentResource {

  /** PSD2: the end user authenticates at the bank again at least every 180 days. */
  static final int REAUTHORIZE_DAYS = 180;

  private final ConsentService service;
  private final ConsentFlow flow;
  private final ConsentRepository consents;
  private final SecurityIdentity identity;
  @Context HttpServerRequest request;

  public ConsentResource(
      ConsentService service,
      ConsentFlow flow,
      ConsentRepository consents,
      SecurityIdentity identity) {
    this.service = service;
    this.flow = flow;
    this.consents = consents;
    this.identity = identity;
  }

  /**
   * 201 with the consent and its page URL. direct_sca: the consent is requested at the named bank
   * at once and {@code sca_url} returned for the client's app.
   */
  @POST
  @Path("/create")
  public Uni<Response> create(@Valid @NotNull CreateConsent body) {
    AccessToken token = token();
    String psuIp =
        body.psuIpAddress() != null ? body.psuIpAddress() : request.remoteAddress().hostAddress();
    return service
        .create(token, body)
        .chain(
            c ->
                "direct_sca".equals(c.flowType())
                    ? flow.start(c, c.providerCode(), c.aisMethodId(), psuIp, false)
                        .onFailure(ProblemException.class)
                        .transform(e -> namingTheConsent((ProblemException) e, c))
                        .chain(() -> consents.find(c.clientId(), c.id()))
                    : Uni.createFrom().item(c))
        .map(c -> Response.status(201).entity(view(c)).build());
  }

  /**
   * A direct_sca consent was stored but the bank could not be asked: the problem names it, so the
   * client can revoke it or follow it (a new create makes a new consent).
   */
  private static ProblemException namingTheConsent(ProblemException e, ConsentRow c) {
    Problem p = e.problem();
    return new ProblemException(
        new Problem(
            p.type(),
            p.title(),
            p.status(),
            p.detail() + " (consent " + c.id() + " was created and is kept; revoke it if unused)",
            p.field(),
            p.errors()));
  }

  @POST
  @Path("/get")
  public Uni<Consent> get(@Valid @NotNull ConsentRef ref) {
    return find(ref).map(this::view);
  }

  @POST
  @Path("/revoke")
  public Uni<Consent> revoke(@Valid @NotNull ConsentRef ref) {
    return service.revoke(token().clientId(), ref.consentId()).map(this::view);
  }

  /**
   * direct_sca: the client's app got the end user back from the bank; the bank's status is read at
   * once and the consent returned.
   */
  @POST
  @Path("/redirect")
  public Uni<Consent> redirect(@Valid @NotNull ConsentRef ref) {
    return find(ref)
        .chain(c -> flow.checkNow(c).onFailure().recoverWithNull().replaceWith(c))
        .chain(c -> consents.find(c.clientId(), c.id()))
        .map(this::view);
  }

  private Uni<ConsentRow> find(ConsentRef ref) {
    return consents
        .find(token().clientId(), ref.consentId())
        .map(
            c -> {
              if (c == null) {
                throw ProblemType.NOT_FOUND.exception(
                    "no consent " + ref.consentId(), "consent_id");
              }
              return c;
            });
  }

  Consent view(ConsentRow c) {
    ConsentStatus s = ConsentStatus.fromWire(c.status());
    LocalDate reauthorize = null;
    if (c.authorizedAt() != null) {
      LocalDate limit =
          c.authorizedAt().atZone(ZoneOffset.UTC).toLocalDate().plusDays(REAUTHORIZE_DAYS);
      reauthorize = limit.isBefore(c.validUntil()) ? limit : c.validUntil();
    }
    return new Consent(
        c.id(),
        c.webId(),
        flow.pageUrl(c.webId()),
        c.status(),
        c.scope(),
        c.providerCode(),
        c.aisMethodId(),
        c.validUntil(),
        c.frequencyPerDay(),
        c.redirectUrl(),
        c.webhookUrl(),
        c.deviceId(),
        c.flowType(),
        c.uxTemplate(),
        s == ConsentStatus.SCA_URL_RETRIEVED || s == ConsentStatus.AWAITING_AUTHZ
            ? c.scaUrl()
            : null,
        c.authorizedAt(),
        reauthorize,
        c.insertedAt(),
        c.updatedAt());
  }

  private AccessToken token() {
    return ResourceServerAuthMechanism.token(identity);
  }
}
