package dev.openbank.sandbox.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.sandbox.repository.ConsentRepository;
import dev.openbank.sandbox.repository.ConsentRow;
import dev.openbank.sandbox.service.Ids;
import dev.openbank.sandbox.service.Links;
import dev.openbank.sandbox.service.SandboxBank;
import dev.openbank.xs2a.model.Consents.AccountAccess;
import dev.openbank.xs2a.model.Consents.Authorisations;
import dev.openbank.xs2a.model.Consents.ConsentCreated;
import dev.openbank.xs2a.model.Consents.ConsentInformation;
import dev.openbank.xs2a.model.Consents.ConsentRequest;
import dev.openbank.xs2a.model.Consents.ConsentStatus;
import dev.openbank.xs2a.model.Consents.ScaStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;

/** {@code /{aspsp}/v1/consents}: AIS consents with the redirect SCA approach. */
@Path("/{aspsp}/v1/consents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ConsentResource {

  /** The longest consent the bank grants (PSD2 RTS); a later validUntil is shortened. */
  static final int MAX_VALIDITY_DAYS = 180;

  private final SandboxBank bank;
  private final ConsentRepository consents;
  private final Links links;
  private final ObjectMapper mapper;

  public ConsentResource(
      SandboxBank bank, ConsentRepository consents, Links links, ObjectMapper mapper) {
    this.bank = bank;
    this.consents = consents;
    this.links = links;
    this.mapper = mapper;
  }

  @POST
  public Uni<Response> create(
      @PathParam("aspsp") String aspsp,
      @HeaderParam("PSU-IP-Address") String psuIp,
      @HeaderParam("TPP-Redirect-URI") String redirectUri,
      @HeaderParam("TPP-Nok-Redirect-URI") String nokRedirectUri,
      ConsentRequest body) {
    bank.require(aspsp);
    BgError.requireRedirectHeaders(psuIp, redirectUri);
    if (body == null || body.access() == null) {
      throw BgError.format("access is required");
    }
    if (body.validUntil() == null || body.validUntil().isBefore(SandboxBank.today())) {
      throw BgError.format("validUntil must be today or later");
    }
    if (body.frequencyPerDay() < 1) {
      throw BgError.format("frequencyPerDay must be at least 1");
    }
    LocalDate latest = SandboxBank.today().plusDays(MAX_VALIDITY_DAYS);
    String id = Ids.next("c-");
    ConsentRow row =
        new ConsentRow(
            id,
            aspsp,
            "received",
            "received",
            Ids.next("a-"),
            json(body.access()),
            body.recurringIndicator(),
            body.validUntil().isAfter(latest) ? latest : body.validUntil(),
            body.frequencyPerDay(),
            redirectUri,
            nokRedirectUri,
            null,
            null,
            null,
            null,
            null);
    String self = "/" + aspsp + "/v1/consents/" + id;
    return consents
        .insert(row)
        .map(
            v ->
                Response.created(URI.create(self))
                    .header("ASPSP-SCA-Approach", "REDIRECT")
                    .entity(
                        new ConsentCreated(
                            "received",
                            id,
                            Links.of(
                                "scaRedirect",
                                links.scaPage(aspsp, "consents", id),
                                "self",
                                self,
                                "status",
                                self + "/status",
                                "scaStatus",
                                self + "/authorisations/" + row.authorisationId())))
                    .build());
  }

  @GET
  @Path("/{consentId}")
  public Uni<ConsentInformation> get(
      @PathParam("aspsp") String aspsp, @PathParam("consentId") String consentId) {
    return find(aspsp, consentId)
        .map(
            c ->
                new ConsentInformation(
                    read(c.access()),
                    c.recurring(),
                    c.validUntil(),
                    c.frequencyPerDay(),
                    c.lastActionDate(),
                    c.status()));
  }

  @GET
  @Path("/{consentId}/status")
  public Uni<ConsentStatus> status(
      @PathParam("aspsp") String aspsp, @PathParam("consentId") String consentId) {
    return find(aspsp, consentId).map(c -> new ConsentStatus(c.status()));
  }

  /** The TPP ends the consent: {@code terminatedByTpp}. Repeating it changes nothing. */
  @DELETE
  @Path("/{consentId}")
  public Uni<Response> delete(
      @PathParam("aspsp") String aspsp, @PathParam("consentId") String consentId) {
    return find(aspsp, consentId)
        .chain(c -> consents.end(c.id(), "terminatedByTpp"))
        .map(ended -> Response.noContent().build());
  }

  @GET
  @Path("/{consentId}/authorisations")
  public Uni<Authorisations> authorisations(
      @PathParam("aspsp") String aspsp, @PathParam("consentId") String consentId) {
    return find(aspsp, consentId)
        .map(c -> new Authorisations(java.util.List.of(c.authorisationId())));
  }

  @GET
  @Path("/{consentId}/authorisations/{authorisationId}")
  public Uni<ScaStatus> scaStatus(
      @PathParam("aspsp") String aspsp,
      @PathParam("consentId") String consentId,
      @PathParam("authorisationId") String authorisationId) {
    return find(aspsp, consentId)
        .map(
            c -> {
              if (!c.authorisationId().equals(authorisationId)) {
                throw BgError.resourceUnknown(403, "no such authorisation");
              }
              return new ScaStatus(c.scaStatus());
            });
  }

  private Uni<ConsentRow> find(String aspsp, String consentId) {
    bank.require(aspsp);
    return consents
        .find(aspsp, consentId)
        .map(
            c -> {
              if (c == null) {
                throw new BgError(403, "CONSENT_UNKNOWN", "no such consent at this bank");
              }
              return c;
            });
  }

  private String json(AccountAccess access) {
    try {
      return mapper.writeValueAsString(access);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private AccountAccess read(String access) {
    try {
      return mapper.readValue(access, AccountAccess.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
