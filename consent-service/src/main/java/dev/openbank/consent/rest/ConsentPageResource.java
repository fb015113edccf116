package dev.openbank.consent.rest;

import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.web.Pages;
import dev.openbank.consent.domain.ConsentStatus;
import dev.openbank.consent.repository.ConsentRepository;
import dev.openbank.consent.repository.ConsentRow;
import dev.openbank.consent.rest.ConsentPage.Option;
import dev.openbank.consent.service.ConsentFlow;
import dev.openbank.registry.client.Registry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The end user's side of a consent: the consent page at its URL ({@code /consent/{web_id}}), the
 * choice of bank ({@code POST /start}, then the bank's SCA page), the return page with live status
 * ({@code /return}, polling {@code /status}). The web id is the only key.
 */
@Path("/consent/{webId}")
@PermitAll
public class ConsentPageResource {

  private static final Pattern WEB_ID = Pattern.compile("[0-9A-Za-z]{12}");
  private static final Map<String, String> SCOPE_TEXT =
      Map.of(
          "accounts", "the list of your accounts (names and IBANs)",
          "balances", "their balances",
          "transactions", "their transactions");
  private static final Map<String, String> STATUS_TEXT =
      Map.ofEntries(
          Map.entry("created", "Waiting for you to choose your bank"),
          Map.entry("started", "Bank chosen"),
          Map.entry("requested", "Asking your bank"),
          Map.entry("sca_url_retrieved", "Waiting for your approval at the bank"),
          Map.entry("awaiting_authz", "Waiting for your approval at the bank"),
          Map.entry("authorized", "Approved: access was given"),
          Map.entry("active", "Approved: access was given"),
          Map.entry("failed", "Not approved: no access was given"),
          Map.entry("revoked", "This access was revoked"),
          Map.entry("expired", "This request has expired"),
          Map.entry("suspended", "Access is paused until you approve again at your bank"));

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance consent(ConsentPage page);

    static native TemplateInstance missing();
  }

  /** The status the return page polls. */
  public record LiveStatus(String status, String text, boolean done, String continueUrl) {}

  private final ConsentRepository consents;
  private final ConsentFlow flow;
  private final Registry registry;
  @Context HttpServerRequest request;

  public ConsentPageResource(ConsentRepository consents, ConsentFlow flow, Registry registry) {
    this.consents = consents;
    this.flow = flow;
    this.registry = registry;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> page(@PathParam("webId") String webId) {
    return consent(webId).chain(c -> c == null ? missing() : render(c, null, 200));
  }

  @POST
  @Path("/start")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> start(@PathParam("webId") String webId, @FormParam("method") String method) {
    String psuIp = request.remoteAddress().hostAddress();
    return consent(webId)
        .chain(
            c -> {
              if (c == null) {
                return missing();
              }
              String[] choice = method == null ? new String[0] : method.split(":", 2);
              if (choice.length != 2) {
                return render(c, "Choose your bank first.", 400);
              }
              return flow.start(c, choice[0], choice[1], psuIp, true)
                  .map(sca -> Response.seeOther(URI.create(sca)).build())
                  .onFailure()
                  .recoverWithUni(
                      e -> {
                        ProblemException p =
                            e instanceof ProblemException pe
                                ? pe
                                : ProblemType.UNAVAILABLE.exception(
                                    "Your bank could not be asked right now. Please try again in a"
                                        + " moment.");
                        return consents
                            .findByWebId(webId)
                            .chain(now -> render(now, p.problem().detail(), p.problem().status()));
                      });
            });
  }

  /**
   * Where the bank sends the end user after SCA: the status is read at once; direct_sca consents go
   * straight on to the client's redirect URL, the others show the outcome.
   */
  @GET
  @Path("/return")
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> back(@PathParam("webId") String webId) {
    return consent(webId)
        .chain(
            c -> {
              if (c == null) {
                return missing();
              }
              return flow.checkNow(c)
                  .onFailure()
                  .recoverWithNull()
                  .chain(() -> consents.findByWebId(webId))
                  .chain(
                      now -> {
                        if ("direct_sca".equals(now.flowType()) && now.redirectUrl() != null) {
                          return Uni.createFrom()
                              .item(
                                  Response.seeOther(URI.create(continueUrl(now)))
                                      .header("Cache-Control", "no-store")
                                      .build());
                        }
                        return render(now, null, 200, true);
                      });
            });
  }

  @GET
  @Path("/status")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> status(@PathParam("webId") String webId) {
    return consent(webId)
        .map(
            c ->
                c == null
                    ? Response.status(404).build()
                    : Response.ok(
                            new LiveStatus(
                                c.status(),
                                STATUS_TEXT.get(c.status()),
                                done(c),
                                done(c) ? continueUrl(c) : null))
                        .header("Cache-Control", "no-store")
                        .build());
  }

  private Uni<ConsentRow> consent(String webId) {
    return WEB_ID.matcher(webId).matches()
        ? consents.findByWebId(webId)
        : Uni.createFrom().nullItem();
  }

  /** Nothing more will change that the end user waits for. */
  private static boolean done(ConsentRow c) {
    ConsentStatus s = ConsentStatus.fromWire(c.status());
    return s.isFinal() || s.readsData() || s == ConsentStatus.SUSPENDED;
  }

  private static boolean requestable(ConsentRow c) {
    ConsentStatus s = ConsentStatus.fromWire(c.status());
    return s.ordinal() <= ConsentStatus.REQUESTED.ordinal()
        && !c.validUntil().isBefore(LocalDate.now(ZoneOffset.UTC));
  }

  private Uni<Response> render(ConsentRow c, String error, int status) {
    return render(c, error, status, false);
  }

  /**
   * @param returned the end user is back from the bank: a consent still waiting for the bank's
   *     answer shows the live status (polled), not the link to the bank again
   */
  private Uni<Response> render(ConsentRow c, String error, int status, boolean returned) {
    ConsentStatus s = ConsentStatus.fromWire(c.status());
    boolean choosing = requestable(c);
    Uni<List<Option>> options =
        choosing
            ? registry
                .aisChoices(c.environment(), c.scope(), c.providerCode())
                .map(
                    all -> {
                      List<Option> shown = new ArrayList<>();
                      for (Registry.AisChoice x : all) {
                        if ((c.aisMethodId() == null || c.aisMethodId().equals(x.method().id()))
                            && ConsentFlow.lastsLongEnough(x, c)) {
                          shown.add(
                              new Option(
                                  x.provider().code() + ":" + x.method().id(),
                                  x.provider().name(),
                                  x.method().name(),
                                  false));
                        }
                      }
                      if (shown.size() == 1) {
                        Option only = shown.get(0);
                        shown.set(
                            0,
                            new Option(only.value(), only.providerName(), only.methodName(), true));
                      }
                      return shown;
                    })
            : Uni.createFrom().item(List.of());
    return options
        .map(
            shown -> {
              boolean resumable =
                  (s == ConsentStatus.SCA_URL_RETRIEVED || s == ConsentStatus.AWAITING_AUTHZ)
                      && c.scaUrl() != null
                      && !returned;
              String mode = choosing ? "choose" : resumable ? "resume" : "status";
              String shownError =
                  error != null
                      ? error
                      : choosing && shown.isEmpty()
                          ? "No bank can give this access at the moment."
                          : null;
              return page(Templates.consent(view(c, mode, shown, shownError)).render(), status);
            })
        .onFailure()
        .recoverWithItem(
            e ->
                page(
                    Templates.consent(
                            view(
                                c,
                                "status",
                                List.of(),
                                "The list of banks is not available right now. Please try again"
                                    + " in a moment."))
                        .render(),
                    503));
  }

  private ConsentPage view(ConsentRow c, String mode, List<Option> options, String error) {
    return new ConsentPage(
        c.webId(),
        c.uxTemplate() == null ? "default" : c.uxTemplate(),
        mode,
        c.scope().stream().map(SCOPE_TEXT::get).toList(),
        c.validUntil().toString(),
        c.frequencyPerDay(),
        c.status(),
        STATUS_TEXT.get(c.status()),
        done(c),
        options,
        error,
        c.scaUrl(),
        done(c) ? continueUrl(c) : null);
  }

  private Uni<Response> missing() {
    return Uni.createFrom().item(page(Templates.missing().render(), 404));
  }

  private static Response page(String html, int status) {
    return Pages.html(html, status);
  }

  /** The client's redirect URL with the consent's id and status, or null. */
  static String continueUrl(ConsentRow c) {
    return Pages.redirect(c.redirectUrl(), "consent_id", c.id().toString(), "status", c.status());
  }
}
