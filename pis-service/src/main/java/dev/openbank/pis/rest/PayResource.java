package dev.openbank.pis.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.web.Pages;
import dev.openbank.pis.config.PublicUrls;
import dev.openbank.pis.domain.LinkStatus;
import dev.openbank.pis.domain.QrCodes;
import dev.openbank.pis.repository.BankPayment;
import dev.openbank.pis.repository.BankPaymentRepository;
import dev.openbank.pis.repository.LinkRepository;
import dev.openbank.pis.repository.LinkRow;
import dev.openbank.pis.rest.PayPage.GoodLine;
import dev.openbank.pis.rest.PayPage.Option;
import dev.openbank.pis.service.PayFlow;
import dev.openbank.registry.client.Registry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The public side of a link, for the debtor: the pay page at the link URL ({@code /pay/{web_id}}),
 * the choice of bank ({@code POST /pay/{web_id}/start}, then the bank's SCA page), the return page
 * with live status ({@code /return}, polling {@code /status}), the bank's status notifications, and
 * the QR codes. The web id is the only key: it is unguessable, and the pages show nothing the
 * link's payer may not see.
 */
@Path("/pay/{webId}")
@PermitAll
public class PayResource {

  private static final Pattern WEB_ID = Pattern.compile("[0-9A-Za-z]{12}");
  private static final Map<String, String> STATUS_TEXT =
      Map.of(
          "created", "Waiting for payment",
          "started", "Payment started",
          "sca_pending", "Waiting for your authorisation at the bank",
          "pending", "The bank is processing the payment",
          "completed", "Paid",
          "funds_received", "Paid: the funds were received",
          "funds_rejected", "The bank returned the payment",
          "failed", "The payment failed or was rejected at the bank",
          "cancelled", "This payment was cancelled",
          "expired", "This payment link has expired");

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance pay(PayPage page);

    static native TemplateInstance missing();
  }

  /** The status the return page polls. */
  public record LiveStatus(String status, String text, boolean done, String continueUrl) {}

  private final PublicUrls urls;
  private final LinkRepository links;
  private final BankPaymentRepository payments;
  private final PayFlow flow;
  private final Registry registry;
  private final ObjectMapper mapper;
  @Context HttpServerRequest request;

  public PayResource(
      PublicUrls urls,
      LinkRepository links,
      BankPaymentRepository payments,
      PayFlow flow,
      Registry registry,
      ObjectMapper mapper) {
    this.urls = urls;
    this.links = links;
    this.payments = payments;
    this.flow = flow;
    this.registry = registry;
    this.mapper = mapper;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> page(@PathParam("webId") String webId) {
    return link(webId).chain(l -> l == null ? missing() : render(l, null, 200));
  }

  /** The debtor chose a bank: the payment is initiated there and the debtor sent to its SCA. */
  @POST
  @Path("/start")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> start(@PathParam("webId") String webId, @FormParam("method") String method) {
    String psuIp = request.remoteAddress().hostAddress();
    return link(webId)
        .chain(
            l -> {
              if (l == null) {
                return missing();
              }
              String[] choice = method == null ? new String[0] : method.split(":", 2);
              if (choice.length != 2) {
                return render(l, "Choose your bank first.", 400);
              }
              return flow.start(l, choice[0], choice[1], psuIp)
                  .map(sca -> Response.seeOther(URI.create(sca)).build())
                  .onFailure(ProblemException.class)
                  .recoverWithUni(
                      e -> {
                        ProblemException p = (ProblemException) e;
                        return links
                            .findByWebId(webId)
                            .chain(now -> render(now, p.problem().detail(), p.problem().status()));
                      });
            });
  }

  /**
   * Where the bank sends the debtor after SCA (approved or not): the status is read from the bank
   * at once. App flows (redirect_sca, direct_sca) go straight on to the client's redirect URL; the
   * others show the outcome, followed live.
   */
  @GET
  @Path("/return")
  @Produces(MediaType.TEXT_HTML)
  public Uni<Response> back(
      @PathParam("webId") String webId, @QueryParam("outcome") String outcome) {
    return link(webId)
        .chain(
            l -> {
              if (l == null) {
                return missing();
              }
              return flow.checkNow(l)
                  .onFailure()
                  .recoverWithNull() // the page shows the last known status and keeps polling
                  .chain(() -> links.findByWebId(webId))
                  .chain(
                      now -> {
                        boolean app =
                            "redirect_sca".equals(now.flowType())
                                || "direct_sca".equals(now.flowType());
                        if (app && now.redirectUrl() != null) {
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
    return link(webId)
        .chain(
            l ->
                l == null
                    ? Uni.createFrom().item(Response.status(404).build())
                    : done(l)
                        .map(
                            done ->
                                Response.ok(
                                        new LiveStatus(
                                            l.status(),
                                            STATUS_TEXT.get(l.status()),
                                            done,
                                            done ? continueUrl(l) : null))
                                    .header("Cache-Control", "no-store")
                                    .build()));
  }

  /**
   * The bank's status notification ({@code TPP-Notification-URI}). Its body is not trusted: it only
   * moves the next status read to now.
   */
  @POST
  @Path("/bank-notification")
  @Consumes(MediaType.WILDCARD)
  public Uni<Response> notification(@PathParam("webId") String webId) {
    return link(webId)
        .chain(
            l ->
                l == null
                    ? Uni.createFrom().item(Response.status(404).build())
                    : payments.checkNow(l.id()).replaceWith(Response.noContent().build()));
  }

  @GET
  @Path("/qr.png")
  @Produces("image/png")
  @Blocking
  public Response png(@PathParam("webId") String webId) {
    check(webId);
    return Response.ok(QrCodes.png(url(webId)))
        .header("Cache-Control", "public, max-age=86400")
        .build();
  }

  @GET
  @Path("/qr.svg")
  @Produces("image/svg+xml")
  public Response svg(@PathParam("webId") String webId) {
    check(webId);
    return Response.ok(QrCodes.svg(url(webId)))
        .header("Cache-Control", "public, max-age=86400")
        .build();
  }

  private Uni<LinkRow> link(String webId) {
    return WEB_ID.matcher(webId).matches() ? links.findByWebId(webId) : Uni.createFrom().nullItem();
  }

  private Uni<Response> render(LinkRow l, String error, int status) {
    return render(l, error, status, false);
  }

  /**
   * @param returned the debtor is back from the bank: a payment still waiting for the bank's answer
   *     shows the live status (polled), not the link to the bank again
   */
  private Uni<Response> render(LinkRow l, String error, int status, boolean returned) {
    LinkStatus s = LinkStatus.fromWire(l.status());
    boolean payable =
        (s == LinkStatus.CREATED || s == LinkStatus.STARTED)
            && l.expiresAt().isAfter(java.time.Instant.now());
    Uni<List<Option>> options =
        payable
            ? registry
                .choices(l.environment(), l.flowType(), l.currency(), l.amount(), l.providerCode())
                .map(
                    all -> {
                      List<Option> shown = new ArrayList<>();
                      for (Registry.Choice c : all) {
                        if (l.paymentMethodId() == null
                            || l.paymentMethodId().equals(c.method().id())) {
                          shown.add(
                              new Option(
                                  c.provider().code() + ":" + c.method().id(),
                                  c.provider().name(),
                                  c.method().name(),
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
    return Uni.combine()
        .all()
        .unis(options, done(l))
        .asTuple()
        .map(
            t -> {
              List<Option> shown = t.getItem1();
              boolean done = t.getItem2();
              // back from the bank, or a bank that named no SCA page: the page follows the status
              boolean resumable = s == LinkStatus.SCA_PENDING && l.scaUrl() != null && !returned;
              String mode = payable ? "choose" : resumable ? "resume" : "status";
              String shownError =
                  error != null
                      ? error
                      : payable && shown.isEmpty()
                          ? "No bank can take this payment at the moment."
                          : null;
              boolean autoStart =
                  payable
                      && error == null
                      && shown.size() == 1
                      && "redirect_sca".equals(l.flowType());
              PayPage page =
                  new PayPage(
                      l.webId(),
                      l.uxTemplate() == null ? "default" : l.uxTemplate(),
                      mode,
                      l.amountText(),
                      l.currency(),
                      l.creditorName(),
                      l.creditorIban(),
                      l.description(),
                      goods(l),
                      l.status(),
                      STATUS_TEXT.get(l.status()),
                      done,
                      shown,
                      shownError,
                      s == LinkStatus.SCA_PENDING ? l.scaUrl() : null,
                      done ? continueUrl(l) : null,
                      autoStart);
              return page(Templates.pay(page).render(), status);
            })
        .onFailure()
        .recoverWithItem(
            e ->
                page(
                    Templates.pay(
                            new PayPage(
                                l.webId(),
                                l.uxTemplate() == null ? "default" : l.uxTemplate(),
                                "status",
                                l.amountText(),
                                l.currency(),
                                l.creditorName(),
                                l.creditorIban(),
                                l.description(),
                                goods(l),
                                l.status(),
                                STATUS_TEXT.get(l.status()),
                                false,
                                List.of(),
                                "The list of banks is not available right now. Please try again"
                                    + " in a moment.",
                                null,
                                null,
                                false))
                        .render(),
                    503));
  }

  /** Nothing more will change that the debtor waits for. */
  private Uni<Boolean> done(LinkRow l) {
    LinkStatus s = LinkStatus.fromWire(l.status());
    if (s.isFinal()) {
      return Uni.createFrom().item(true);
    }
    if (s != LinkStatus.COMPLETED) {
      return Uni.createFrom().item(false);
    }
    // completed: done unless the bank's status is still followed (funds received or rejected).
    // Asked with the status read here, not of the payment's next read: the link row was read
    // before the payment, and a status read committing funds_received in between leaves no next
    // read, which would end the page's wait on a stale "completed" (seen once in BrowserTest)
    return payments.find(l.id()).map((BankPayment p) -> p == null || !p.followedAt(s));
  }

  private Uni<Response> missing() {
    return Uni.createFrom().item(page(Templates.missing().render(), 404));
  }

  private static Response page(String html, int status) {
    return Pages.html(html, status);
  }

  private List<GoodLine> goods(LinkRow l) {
    List<GoodLine> lines = new ArrayList<>();
    try {
      for (JsonNode g : mapper.readTree(l.goods())) {
        int quantity = g.path("quantity").asInt();
        String price = g.path("unit_price").asText();
        lines.add(
            new GoodLine(
                g.path("name").asText(),
                quantity,
                price,
                new BigDecimal(price).multiply(BigDecimal.valueOf(quantity)).toPlainString()));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return lines;
  }

  /** The client's redirect URL with the link's id and status, or null. */
  static String continueUrl(LinkRow l) {
    return Pages.redirect(l.redirectUrl(), "link_id", l.id().toString(), "status", l.status());
  }

  private String url(String webId) {
    return urls.link(webId);
  }

  private static void check(String webId) {
    if (!WEB_ID.matcher(webId).matches()) {
      throw new jakarta.ws.rs.NotFoundException();
    }
  }
}
