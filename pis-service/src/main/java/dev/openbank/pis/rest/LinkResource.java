package dev.openbank.pis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.cursor.CursorCodec;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import dev.openbank.commons.problem.Problem;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.security.AccessToken;
import dev.openbank.commons.security.ResourceServerAuthMechanism;
import dev.openbank.pis.config.PublicUrls;
import dev.openbank.pis.domain.LinkStatus;
import dev.openbank.pis.repository.LinkRepository;
import dev.openbank.pis.repository.LinkRow;
import dev.openbank.pis.rest.LinkDtos.CreateLink;
import dev.openbank.pis.rest.LinkDtos.Creditor;
import dev.openbank.pis.rest.LinkDtos.Filter;
import dev.openbank.pis.rest.LinkDtos.Link;
import dev.openbank.pis.rest.LinkDtos.LinkPage;
import dev.openbank.pis.rest.LinkDtos.LinkRef;
import dev.openbank.pis.rest.LinkDtos.ListLinks;
import dev.openbank.pis.service.LinkService;
import dev.openbank.pis.service.PayFlow;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v2/links/create|get|list|cancel} (seed 004 Pay APIs). Scope {@code pay_by_link};
 * another client's link does not exist for the caller.
 */
@Path("/v2/links")
@RolesAllowed("pay_by_link")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LinkResource {

  private static final Filter NO_FILTER = new Filter(null, null, null);

  private final LinkService service;
  private final LinkRepository links;
  private final CursorCodec cursors;
  private final SecurityIdentity identity;
  private final PublicUrls urls;
  private final ObjectMapper mapper;
  private final PayFlow payFlow;
  @Context HttpServerRequest request;

  public LinkResource(
      LinkService service,
      LinkRepository links,
      CursorCodec cursors,
      SecurityIdentity identity,
      PublicUrls urls,
      ObjectMapper mapper,
      PayFlow payFlow) {
    this.payFlow = payFlow;
    this.service = service;
    this.links = links;
    this.cursors = cursors;
    this.identity = identity;
    this.urls = urls;
    this.mapper = mapper;
  }

  /** 201 with the new link; the same Idempotency-Key and body again gives 200 and the same link. */
  @POST
  @Path("/create")
  public Uni<Response> create(
      @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull CreateLink body) {
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw ProblemType.INVALID_REQUEST.exception("must be 1-200 characters", "Idempotency-Key");
    }
    String psuIp =
        body.psuIpAddress() != null ? body.psuIpAddress() : request.remoteAddress().hostAddress();
    return service
        .create(token(), idempotencyKey, body)
        .chain(
            c ->
                directSca(c.link(), psuIp, idempotencyKey != null)
                    .map(l -> new LinkService.Created(l, c.replayed())))
        .map(
            c ->
                Response.status(c.replayed() ? 200 : 201)
                    .entity(view(c.link()))
                    .header("Idempotent-Replayed", c.replayed())
                    .build());
  }

  /**
   * direct_sca: the payment is initiated at the link's bank at once and the bank's SCA URL returned
   * ({@code sca_url}). If the bank fails (502), the link is kept (started); with an Idempotency-Key
   * the problem names the link, and repeating the create with that key tries the bank again.
   */
  private Uni<LinkRow> directSca(LinkRow link, String psuIp, boolean retryable) {
    if (!"direct_sca".equals(link.flowType()) || link.scaUrl() != null) {
      return Uni.createFrom().item(link);
    }
    return payFlow
        .start(link, link.providerCode(), link.paymentMethodId(), psuIp)
        .onFailure(e -> e instanceof ProblemException p && p.problem().status() == 502 && retryable)
        .transform(
            e -> {
              Problem p = ((ProblemException) e).problem();
              return new ProblemException(
                  new Problem(
                      p.type(),
                      p.title(),
                      p.status(),
                      "the bank could not start the payment; link "
                          + link.id()
                          + " was created and is kept: repeat this create with the same"
                          + " Idempotency-Key to try the bank again",
                      p.field(),
                      p.errors()));
            })
        .chain(() -> links.find(link.clientId(), link.id()));
  }

  @POST
  @Path("/get")
  public Uni<Link> get(@Valid @NotNull LinkRef ref) {
    return links
        .find(clientId(), ref.linkId())
        .map(
            l -> {
              if (l == null) {
                throw ProblemType.NOT_FOUND.exception("no link " + ref.linkId(), "link_id");
              }
              return view(l);
            });
  }

  @POST
  @Path("/cancel")
  public Uni<Link> cancel(@Valid @NotNull LinkRef ref) {
    return service.cancel(clientId(), ref.linkId()).map(this::view);
  }

  @POST
  @Path("/list")
  public Uni<LinkPage> list(@Valid ListLinks body) {
    String client = clientId();
    Filter filter = body == null || body.filter() == null ? NO_FILTER : body.filter();
    PageRequest page = body == null ? null : body.pagination();
    int limit = PageRequest.limitOf(page);
    String scope = "links|" + client + "|" + filter;
    String after = PageRequest.afterOf(page);
    Instant afterInserted = null;
    UUID afterId = null;
    if (after != null) {
      List<String> keyset = cursors.decode(scope, after, "pagination.after");
      afterInserted = Instant.parse(keyset.get(0));
      afterId = UUID.fromString(keyset.get(1));
    }
    return links
        .page(
            client,
            filter.status(),
            filter.insertedAtFrom(),
            filter.insertedAtTo(),
            afterInserted,
            afterId,
            limit + 1)
        .map(
            rows -> {
              var slice =
                  PageInfo.slice(
                      rows,
                      limit,
                      last ->
                          cursors.encode(
                              scope, List.of(last.insertedAt().toString(), last.id().toString())));
              return new LinkPage(
                  slice.pagination(), slice.items().stream().map(this::view).toList());
            });
  }

  private Link view(LinkRow l) {
    JsonNode goods;
    try {
      goods = mapper.readTree(l.goods());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new Link(
        l.id(),
        l.webId(),
        urls.link(l.webId()),
        new LinkDtos.QrCode(urls.link(l.webId()) + "/qr.png", urls.link(l.webId()) + "/qr.svg"),
        l.status(),
        l.amountText(),
        l.currency(),
        new Creditor(l.creditorName(), l.creditorIban()),
        l.description(),
        goods,
        l.flowType(),
        l.providerCode(),
        l.paymentMethodId(),
        l.redirectUrl(),
        l.webhookUrl(),
        l.uxTemplate(),
        l.expiresAt(),
        l.insertedAt(),
        l.updatedAt(),
        LinkStatus.fromWire(l.status()) == LinkStatus.SCA_PENDING ? l.scaUrl() : null);
  }

  private AccessToken token() {
    return ResourceServerAuthMechanism.token(identity);
  }

  private String clientId() {
    return token().clientId();
  }
}
