package dev.openbank.sandbox.rest;

import dev.openbank.sandbox.config.SandboxConfig;
import dev.openbank.sandbox.domain.AccountRef;
import dev.openbank.sandbox.domain.History;
import dev.openbank.sandbox.repository.ConsentRow;
import dev.openbank.sandbox.service.AisGate;
import dev.openbank.sandbox.service.Links;
import dev.openbank.sandbox.service.SandboxBank;
import dev.openbank.sandbox.service.TransactionPages;
import dev.openbank.xs2a.model.Accounts.AccountDetails;
import dev.openbank.xs2a.model.Accounts.AccountList;
import dev.openbank.xs2a.model.Accounts.Balance;
import dev.openbank.xs2a.model.Accounts.BalanceReport;
import dev.openbank.xs2a.model.Accounts.TransactionReport;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Common.Amount;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code /{aspsp}/v1/accounts}: accounts, balances and transactions under a valid consent. */
@Path("/{aspsp}/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

  private final SandboxBank bank;
  private final AisGate gate;
  private final SandboxConfig config;

  public AccountResource(SandboxBank bank, AisGate gate, SandboxConfig config) {
    this.bank = bank;
    this.gate = gate;
    this.config = config;
  }

  @GET
  public Uni<AccountList> accounts(
      @PathParam("aspsp") String aspsp,
      @HeaderParam("Consent-ID") String consentId,
      @HeaderParam("PSU-IP-Address") String psuIp) {
    return gate.read(
        aspsp,
        consentId,
        psuIp,
        null,
        "accounts",
        c -> {
          Set<String> ids = new LinkedHashSet<>(c.granted("accounts"));
          ids.addAll(c.granted("balances"));
          ids.addAll(c.granted("transactions"));
          List<AccountDetails> list =
              ids.stream().map(id -> details(c, bank.account(aspsp, id).orElseThrow())).toList();
          return Uni.createFrom().item(new AccountList(list));
        });
  }

  @GET
  @Path("/{account-id}/balances")
  public Uni<BalanceReport> balances(
      @PathParam("aspsp") String aspsp,
      @PathParam("account-id") String accountId,
      @HeaderParam("Consent-ID") String consentId,
      @HeaderParam("PSU-IP-Address") String psuIp) {
    AccountRef ref = account(aspsp, accountId);
    return gate.read(
        aspsp,
        consentId,
        psuIp,
        accountId,
        "balances",
        c -> {
          granted(c, "balances", accountId);
          return Uni.createFrom()
              .item(
                  new BalanceReport(
                      new AccountReference(ref.account().iban(), ref.account().currency()),
                      balances(ref)));
        });
  }

  @GET
  @Path("/{account-id}/transactions")
  public Uni<TransactionReport> transactions(
      @PathParam("aspsp") String aspsp,
      @PathParam("account-id") String accountId,
      @HeaderParam("Consent-ID") String consentId,
      @HeaderParam("PSU-IP-Address") String psuIp,
      @QueryParam("bookingStatus") String bookingStatus,
      @QueryParam("dateFrom") String dateFrom,
      @QueryParam("dateTo") String dateTo,
      @QueryParam("pageIndex") Integer pageIndex,
      @QueryParam("itemsPerPage") Integer itemsPerPage) {
    AccountRef ref = account(aspsp, accountId);
    if (bookingStatus == null) {
      throw BgError.format("bookingStatus is required");
    }
    if (!Set.of("booked", "pending", "both").contains(bookingStatus)) {
      throw new BgError(400, "PARAMETER_NOT_SUPPORTED", "bookingStatus " + bookingStatus);
    }
    LocalDate from = date(dateFrom, "dateFrom");
    LocalDate to = dateTo == null ? SandboxBank.today() : date(dateTo, "dateTo");
    if (from == null && !"pending".equals(bookingStatus)) {
      throw BgError.format("dateFrom is required");
    }
    if (from != null && from.isAfter(to)) {
      throw new BgError(400, "PERIOD_INVALID", "dateFrom is after dateTo");
    }
    int page = pageIndex == null ? 0 : pageIndex;
    int size = itemsPerPage == null ? config.pageSize() : itemsPerPage;
    if (page < 0 || size < 1 || size > 1000) {
      throw BgError.format("pageIndex must be >= 0 and itemsPerPage 1-1000");
    }
    // one page-through counts as one access: only the first page is counted
    return gate.read(
        aspsp,
        consentId,
        page == 0 ? psuIp : "paging",
        accountId,
        "transactions",
        c -> {
          granted(c, "transactions", accountId);
          checkPeriod(c, from);
          History history = bank.history(ref);
          return Uni.createFrom()
              .item(
                  TransactionPages.page(
                      ref, history.newestFirst(), bookingStatus, from, to, page, size));
        });
  }

  /** Seed 003: after the consent's first minutes, nothing older than 90 days. */
  private void checkPeriod(ConsentRow c, LocalDate from) {
    LocalDate limit = SandboxBank.today().minusDays(config.historyLimitDays());
    boolean fullHistory =
        c.authorisedAt() != null
            && Instant.now().isBefore(c.authorisedAt().plus(config.fullHistoryWindow()));
    if (from != null && from.isBefore(limit) && !fullHistory) {
      throw new BgError(
          400,
          "PERIOD_INVALID",
          "transactions older than "
              + config.historyLimitDays()
              + " days are only available in the first "
              + config.fullHistoryWindow().toMinutes()
              + " minutes after the consent was authorised");
    }
  }

  private AccountRef account(String aspsp, String accountId) {
    return bank.account(aspsp, accountId)
        .orElseThrow(() -> BgError.resourceUnknown(404, "no account " + accountId));
  }

  private static void granted(ConsentRow c, String service, String accountId) {
    if (!c.granted(service).contains(accountId)) {
      throw new BgError(
          401, "CONSENT_INVALID", "the consent does not cover " + service + " of this account");
    }
  }

  private AccountDetails details(ConsentRow c, AccountRef ref) {
    String base = "/" + ref.aspsp().code() + "/v1/accounts/" + ref.resourceId();
    var links = new java.util.LinkedHashMap<String, dev.openbank.xs2a.model.Common.Href>();
    if (c.granted("balances").contains(ref.resourceId())) {
      links.putAll(Links.of("balances", base + "/balances"));
    }
    if (c.granted("transactions").contains(ref.resourceId())) {
      links.putAll(Links.of("transactions", base + "/transactions"));
    }
    var a = ref.account();
    return new AccountDetails(
        ref.resourceId(),
        a.iban(),
        a.currency(),
        a.name(),
        a.product(),
        a.cashAccountType(),
        "enabled",
        ref.aspsp().bic(),
        a.ownerName(),
        null,
        links);
  }

  private List<Balance> balances(AccountRef ref) {
    History h = bank.history(ref);
    String currency = ref.account().currency();
    return List.of(
        new Balance(
            Amount.of(currency, h.closingBooked()),
            "closingBooked",
            false,
            null,
            SandboxBank.today().minusDays(2)),
        new Balance(
            Amount.of(currency, h.available()),
            "interimAvailable",
            false,
            Instant.now(),
            SandboxBank.today()));
  }

  private static LocalDate date(String value, String name) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw BgError.format(name + " must be a date (YYYY-MM-DD)");
    }
  }
}
