package dev.openbank.sandbox.rest;

import dev.openbank.sandbox.domain.Seed;
import dev.openbank.sandbox.repository.ConsentRepository;
import dev.openbank.sandbox.repository.ConsentRow;
import dev.openbank.sandbox.repository.PaymentRepository;
import dev.openbank.sandbox.repository.PaymentRow;
import dev.openbank.sandbox.service.SandboxBank;
import dev.openbank.sandbox.service.ScaForm;
import dev.openbank.sandbox.service.ScaOutcome;
import dev.openbank.sandbox.service.ScaService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bank's SCA pages ({@code _links.scaRedirect}): the PSU logs in with the seed's credentials
 * and approves or rejects, then goes back to the TPP's redirect URI.
 */
@Path("/{aspsp}/sca")
@Produces(MediaType.TEXT_HTML)
public class ScaPageResource {

  private final SandboxBank bank;
  private final ConsentRepository consents;
  private final PaymentRepository payments;
  private final ScaService sca;
  private final Template page;

  public ScaPageResource(
      SandboxBank bank,
      ConsentRepository consents,
      PaymentRepository payments,
      ScaService sca,
      @Location("sca") Template page) {
    this.bank = bank;
    this.consents = consents;
    this.payments = payments;
    this.sca = sca;
    this.page = page;
  }

  @GET
  @Path("/consents/{id}")
  public Uni<Response> consentPage(@PathParam("aspsp") String aspsp, @PathParam("id") String id) {
    return consent(aspsp, id).map(c -> html(200, consentView(c, null)));
  }

  @POST
  @Path("/consents/{id}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> consentSubmit(
      @PathParam("aspsp") String aspsp,
      @PathParam("id") String id,
      @FormParam("psu_id") String psuId,
      @FormParam("password") String password,
      @FormParam("pin") String pin,
      @FormParam("decision") String decision) {
    ScaForm form = new ScaForm(psuId, password, pin, null, decision);
    return consent(aspsp, id)
        .chain(c -> sca.consent(c, form).map(o -> answer(o, consentView(c, null))));
  }

  @GET
  @Path("/payments/{id}")
  public Uni<Response> paymentPage(@PathParam("aspsp") String aspsp, @PathParam("id") String id) {
    return payment(aspsp, id).map(p -> html(200, paymentView(p)));
  }

  @POST
  @Path("/payments/{id}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> paymentSubmit(
      @PathParam("aspsp") String aspsp,
      @PathParam("id") String id,
      @FormParam("psu_id") String psuId,
      @FormParam("password") String password,
      @FormParam("pin") String pin,
      @FormParam("debtor_iban") String debtorIban,
      @FormParam("decision") String decision) {
    ScaForm form = new ScaForm(psuId, password, pin, debtorIban, decision);
    return payment(aspsp, id).chain(p -> sca.payment(p, form).map(o -> answer(o, paymentView(p))));
  }

  private Response answer(ScaOutcome outcome, TemplateInstance view) {
    if (outcome instanceof ScaOutcome.Redirect r) {
      return Response.seeOther(URI.create(r.url())).build();
    }
    if (outcome instanceof ScaOutcome.Retry r) {
      return html(401, view.data("error", r.error()));
    }
    return html(409, view.data("closed", ((ScaOutcome.Closed) outcome).message()));
  }

  private TemplateInstance consentView(ConsentRow c, String error) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("Access", accessText(c.access()));
    summary.put("Valid until", c.validUntil().toString());
    summary.put("Reads per day", String.valueOf(c.frequencyPerDay()));
    TemplateInstance view = base(c.aspsp(), "account access", summary).data("askDebtor", false);
    if (!"received".equals(c.status())) {
      view.data(
          "closed", "This consent is " + c.status() + "; there is nothing left to authorise.");
    }
    return view.data("error", error);
  }

  private TemplateInstance paymentView(PaymentRow p) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("Amount", p.amount().toPlainString() + " " + p.currency());
    summary.put("To", p.creditorName());
    summary.put("Creditor IBAN", p.creditorIban());
    if (p.remittance() != null) {
      summary.put("Reference", p.remittance());
    }
    if (p.debtorIban() != null) {
      summary.put("From", p.debtorIban());
    }
    TemplateInstance view =
        base(p.aspsp(), "payment", summary)
            .data("askDebtor", p.debtorIban() == null)
            .data("error", null);
    if (!"RCVD".equals(p.status())) {
      view.data(
          "closed", "This payment is " + p.status() + "; there is nothing left to authorise.");
    }
    return view;
  }

  private TemplateInstance base(String aspsp, String kind, Map<String, String> summary) {
    Seed.Aspsp a = bank.aspsp(aspsp).orElseThrow();
    return page.data("bankName", a.name())
        .data("kind", kind)
        .data("summary", summary.entrySet())
        .data("askPassword", a.credentials().contains("password"))
        .data("askPin", a.credentials().contains("pin"))
        .data("closed", null);
  }

  private static String accessText(String accessJson) {
    if (accessJson.contains("\"allPsd2\"")) {
      return "accounts, balances and transactions of all your accounts";
    }
    if (accessJson.contains("\"availableAccounts\"")) {
      return "the list of your accounts";
    }
    StringBuilder sb = new StringBuilder();
    for (String service : new String[] {"accounts", "balances", "transactions"}) {
      if (accessJson.contains("\"" + service + "\"")) {
        sb.append(sb.length() > 0 ? ", " : "").append(service);
      }
    }
    return sb.toString();
  }

  private static Response html(int status, TemplateInstance view) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(view.render()).build();
  }

  private Uni<ConsentRow> consent(String aspsp, String id) {
    known(aspsp);
    return consents
        .find(aspsp, id)
        .map(
            c -> {
              if (c == null) {
                throw new jakarta.ws.rs.NotFoundException();
              }
              return c;
            });
  }

  private Uni<PaymentRow> payment(String aspsp, String id) {
    known(aspsp);
    return payments
        .find(aspsp, PaymentResource.PRODUCT, id)
        .map(
            p -> {
              if (p == null) {
                throw new jakarta.ws.rs.NotFoundException();
              }
              return p;
            });
  }

  private void known(String aspsp) {
    if (bank.aspsp(aspsp).isEmpty()) {
      throw new jakarta.ws.rs.NotFoundException();
    }
  }
}
