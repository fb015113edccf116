package dev.openbank.sandbox.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.sandbox.domain.AccountRef;
import dev.openbank.sandbox.domain.Seed;
import dev.openbank.sandbox.repository.ConsentRepository;
import dev.openbank.sandbox.repository.ConsentRow;
import dev.openbank.sandbox.repository.PaymentRepository;
import dev.openbank.sandbox.repository.PaymentRow;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Consents.AccountAccess;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Strong customer authentication on the sandbox's pages: consents and payments. */
@ApplicationScoped
public class ScaService {

  static final String WRONG_LOGIN = "The PSU ID or the credentials are not correct.";

  private final SandboxBank bank;
  private final ConsentRepository consents;
  private final PaymentRepository payments;
  private final Notifier notifier;
  private final ObjectMapper mapper;

  public ScaService(
      SandboxBank bank,
      ConsentRepository consents,
      PaymentRepository payments,
      Notifier notifier,
      ObjectMapper mapper) {
    this.bank = bank;
    this.consents = consents;
    this.payments = payments;
    this.notifier = notifier;
    this.mapper = mapper;
  }

  /** The PSU this form logs in, if every credential the bank asks for is right. */
  public Optional<Seed.Psu> login(String aspsp, ScaForm form) {
    Seed.Aspsp bankInfo = bank.aspsp(aspsp).orElseThrow();
    return bank.psu(aspsp, form.psuId() == null ? "" : form.psuId().trim())
        .filter(
            p ->
                (!bankInfo.credentials().contains("password")
                        || (p.password() != null && p.password().equals(form.password())))
                    && (!bankInfo.credentials().contains("pin")
                        || (p.pin() != null && p.pin().equals(form.pin()))));
  }

  public Uni<ScaOutcome> consent(ConsentRow c, ScaForm form) {
    if (!"received".equals(c.status())) {
      return closed("This consent is " + c.status() + "; there is nothing left to authorise.");
    }
    String back = c.redirectUri();
    String nok = c.nokRedirectUri() != null ? c.nokRedirectUri() : back;
    if (!form.approve()) {
      return consents
          .completeSca(c.id(), null, Map.of(), false)
          .map(x -> new ScaOutcome.Redirect(nok));
    }
    Optional<Seed.Psu> psu = login(c.aspsp(), form);
    if (psu.isEmpty()) {
      return Uni.createFrom().item(new ScaOutcome.Retry(WRONG_LOGIN));
    }
    Seed.Psu p = psu.get();
    Map<String, List<String>> granted = grant(c, p);
    boolean approved = granted != null && !p.faultsOrNone().scaRejected();
    return consents
        .completeSca(c.id(), p.psuId(), approved ? granted : Map.of(), approved)
        .map(x -> new ScaOutcome.Redirect(approved ? back : nok));
  }

  public Uni<ScaOutcome> payment(PaymentRow pay, ScaForm form) {
    if (!"RCVD".equals(pay.status())) {
      return closed("This payment is " + pay.status() + "; there is nothing left to authorise.");
    }
    String back = pay.redirectUri();
    String nok = pay.nokRedirectUri() != null ? pay.nokRedirectUri() : back;
    if (!form.approve()) {
      return payments
          .completeSca(pay.id(), null, pay.debtorIban(), "RJCT", null)
          .invoke(notifier::paymentChanged)
          .map(x -> new ScaOutcome.Redirect(nok));
    }
    Optional<Seed.Psu> psu = login(pay.aspsp(), form);
    if (psu.isEmpty()) {
      return Uni.createFrom().item(new ScaOutcome.Retry(WRONG_LOGIN));
    }
    Seed.Psu p = psu.get();
    Optional<AccountRef> debtor = debtor(pay, p, form);
    if (debtor.isEmpty()) {
      return Uni.createFrom()
          .item(new ScaOutcome.Retry("Choose one of your own accounts to pay from."));
    }
    AccountRef from = debtor.get();
    boolean funds =
        from.account().currency().equals(pay.currency())
            && bank.history(from).available().compareTo(pay.amount()) >= 0;
    Seed.Faults faults = p.faultsOrNone();
    boolean ok = funds && !faults.scaRejected() && !faults.paymentRejected();
    return payments
        .completeSca(pay.id(), p.psuId(), from.account().iban(), ok ? "ACTC" : "RJCT", funds)
        .invoke(notifier::paymentChanged)
        .map(x -> new ScaOutcome.Redirect(ok ? back : nok));
  }

  private Optional<AccountRef> debtor(PaymentRow pay, Seed.Psu psu, ScaForm form) {
    String wanted =
        pay.debtorIban() != null
            ? pay.debtorIban()
            : form.debtorIban() == null || form.debtorIban().isBlank()
                ? null
                : form.debtorIban().replace(" ", "");
    List<AccountRef> own = bank.accountsOf(pay.aspsp(), psu.psuId());
    if (wanted != null) {
      return own.stream().filter(r -> r.account().iban().equals(wanted)).findFirst();
    }
    return own.stream()
        .filter(r -> r.account().currency().equals(pay.currency()))
        .findFirst()
        .or(() -> own.stream().findFirst());
  }

  /**
   * The resource ids the consent grants, per service; null if it names an account that is not the
   * PSU's. Empty lists and {@code allPsd2} mean every account of the PSU (bank-offered).
   */
  Map<String, List<String>> grant(ConsentRow c, Seed.Psu psu) {
    AccountAccess access = read(c.access());
    List<AccountRef> own = bank.accountsOf(c.aspsp(), psu.psuId());
    List<String> all = own.stream().map(AccountRef::resourceId).toList();
    Map<String, List<String>> granted = new LinkedHashMap<>();
    if ("allAccounts".equals(access.allPsd2())) {
      granted.put("accounts", all);
      granted.put("balances", all);
      granted.put("transactions", all);
      return granted;
    }
    if ("allAccounts".equals(access.availableAccounts())) {
      granted.put("accounts", all);
      return granted;
    }
    for (var e :
        Map.of(
                "accounts", nullToAbsent(access.accounts()),
                "balances", nullToAbsent(access.balances()),
                "transactions", nullToAbsent(access.transactions()))
            .entrySet()) {
      if (e.getValue().isEmpty()) {
        continue; // service not asked for
      }
      List<AccountReference> refs = e.getValue().get();
      if (refs.isEmpty()) {
        granted.put(e.getKey(), all);
        continue;
      }
      List<String> ids = new java.util.ArrayList<>();
      for (AccountReference ref : refs) {
        Optional<AccountRef> acc =
            own.stream().filter(r -> r.account().iban().equals(ref.iban())).findFirst();
        if (acc.isEmpty()) {
          return null;
        }
        ids.add(acc.get().resourceId());
      }
      granted.put(e.getKey(), ids);
    }
    return granted;
  }

  private static Optional<List<AccountReference>> nullToAbsent(List<AccountReference> list) {
    return Optional.ofNullable(list);
  }

  private static Uni<ScaOutcome> closed(String message) {
    return Uni.createFrom().item(new ScaOutcome.Closed(message));
  }

  private AccountAccess read(String json) {
    try {
      return mapper.readValue(json, AccountAccess.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
