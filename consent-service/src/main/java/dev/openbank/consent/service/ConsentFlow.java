package dev.openbank.consent.service;

import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.schedule.Backoff;
import dev.openbank.commons.web.UrlRules;
import dev.openbank.consent.config.ConsentConfig;
import dev.openbank.consent.domain.BankConsentStatus;
import dev.openbank.consent.domain.ConsentStatus;
import dev.openbank.consent.repository.BankConsent;
import dev.openbank.consent.repository.BankConsentRepository;
import dev.openbank.consent.repository.ConsentRepository;
import dev.openbank.consent.repository.ConsentRow;
import dev.openbank.registry.client.Registry;
import dev.openbank.xs2a.client.Xs2aClient;
import dev.openbank.xs2a.client.Xs2aClient.Redirects;
import dev.openbank.xs2a.client.Xs2aException;
import dev.openbank.xs2a.model.Consents.AccountAccess;
import dev.openbank.xs2a.model.Consents.ConsentCreated;
import dev.openbank.xs2a.model.Consents.ConsentRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The bank side of a consent: requesting it at the end user's bank over XS2A (one bank consent per
 * consent, claimed before the bank is called), following the bank's {@code consentStatus}, and
 * ending it at the bank when it is revoked here.
 */
@ApplicationScoped
public class ConsentFlow {

  private static final Logger LOG = Logger.getLogger(ConsentFlow.class);

  private final Pool pool;
  private final ConsentRepository consents;
  private final BankConsentRepository bank;
  private final ConsentService service;
  private final Registry registry;
  private final Xs2aClient xs2a;
  private final ConsentConfig config;
  private final String publicBase;

  public ConsentFlow(
      Pool pool,
      ConsentRepository consents,
      BankConsentRepository bank,
      ConsentService service,
      Registry registry,
      Xs2aClient xs2a,
      ConsentConfig config) {
    this.pool = pool;
    this.consents = consents;
    this.bank = bank;
    this.service = service;
    this.registry = registry;
    this.xs2a = xs2a;
    this.config = config;
    String url = config.publicUrl();
    this.publicBase = UrlRules.base(url);
  }

  /** {@code {public-url}/consent/{web_id}}: the consent page. */
  public String pageUrl(String webId) {
    return publicBase + "/consent/" + webId;
  }

  /**
   * Requests the consent at the chosen bank and returns where the end user authorises it.
   *
   * @param sendingUser the end user's browser is sent to the SCA URL now (the consent page): the
   *     consent becomes awaiting_authz; otherwise (direct_sca) it stays sca_url_retrieved
   */
  public Uni<String> start(
      ConsentRow c, String providerCode, String methodId, String psuIp, boolean sendingUser) {
    ConsentStatus status = ConsentStatus.fromWire(c.status());
    if ((status == ConsentStatus.SCA_URL_RETRIEVED || status == ConsentStatus.AWAITING_AUTHZ)
        && c.scaUrl() != null) {
      if (status == ConsentStatus.SCA_URL_RETRIEVED && sendingUser) {
        return pool.withTransaction(
                tx ->
                    consents
                        .lock(tx, c.id())
                        .chain(now -> advanceTo(tx, now, ConsentStatus.AWAITING_AUTHZ)))
            .replaceWith(c.scaUrl());
      }
      return Uni.createFrom().item(c.scaUrl());
    }
    if (!requestable(c)) {
      return Uni.createFrom().failure(notRequestable(c));
    }
    if ((c.providerCode() != null && !c.providerCode().equals(providerCode))
        || (c.aisMethodId() != null && !c.aisMethodId().equals(methodId))) {
      boolean otherProvider = c.providerCode() != null && !c.providerCode().equals(providerCode);
      return Uni.createFrom()
          .failure(
              ProblemType.INVALID_REQUEST.exception(
                  otherProvider
                      ? "this consent is given at provider " + c.providerCode()
                      : "this consent is given with AIS method " + c.aisMethodId(),
                  otherProvider ? "provider_code" : "ais_method_id"));
    }
    return registry
        .aisChoices(c.environment(), c.scope(), providerCode)
        .chain(
            choices -> {
              if (choices.stream()
                  .noneMatch(x -> x.method().id().equals(methodId) && lastsLongEnough(x, c))) {
                throw ProblemType.INVALID_REQUEST.exception(
                    "AIS method "
                        + methodId
                        + " of "
                        + providerCode
                        + " cannot give this scope until "
                        + c.validUntil(),
                    "ais_method_id");
              }
              return registry.connector(providerCode, methodId);
            })
        .onFailure(e -> !(e instanceof ProblemException))
        .transform(
            e -> {
              LOG.warnf("provider-registry could not be read for consent %s: %s", c.id(), e);
              return ProblemType.UNAVAILABLE.exception(
                  "the list of banks is not available right now; try again in a moment");
            })
        .chain(
            connector -> {
              BankConsent b =
                  new BankConsent(
                      c.id(),
                      providerCode,
                      methodId,
                      connector.connector().baseUrl(),
                      null,
                      null,
                      null,
                      0,
                      false);
              UUID claimId = UUID.randomUUID();
              return claim(c, b, claimId).chain(() -> request(c, b, claimId, psuIp, sendingUser));
            });
  }

  /** The method can hold a consent until its last valid day ({@code max_consent_days}). */
  public static boolean lastsLongEnough(Registry.AisChoice choice, ConsentRow c) {
    Integer max = choice.method().maxConsentDays();
    return max == null || !c.validUntil().isAfter(LocalDate.now(ZoneOffset.UTC).plusDays(max));
  }

  private static boolean requestable(ConsentRow c) {
    ConsentStatus s = ConsentStatus.fromWire(c.status());
    return (s == ConsentStatus.CREATED
            || s == ConsentStatus.STARTED
            || s == ConsentStatus.REQUESTED)
        && !c.validUntil().isBefore(LocalDate.now(ZoneOffset.UTC));
  }

  private static ProblemException notRequestable(ConsentRow c) {
    ConsentStatus s = ConsentStatus.fromWire(c.status());
    String detail =
        s.isFinal()
            ? "the consent is " + c.status()
            : s.ordinal() <= ConsentStatus.REQUESTED.ordinal()
                ? "the consent is past its validity"
                : "the consent is already " + c.status() + " at a bank";
    return ProblemType.custom(
        409, "consent_not_requestable", "The consent cannot be given now", detail, "consent_id");
  }

  private Uni<Void> claim(ConsentRow c, BankConsent b, UUID claimId) {
    return pool.withTransaction(
        tx ->
            consents
                .lock(tx, c.id())
                .chain(
                    current -> {
                      if (!requestable(current)) {
                        throw notRequestable(current);
                      }
                      return bank.claim(tx, b, claimId, config.initiationLease())
                          .chain(
                              claimed -> {
                                if (!claimed) {
                                  throw ProblemType.custom(
                                      409,
                                      "consent_being_requested",
                                      "The consent is being requested",
                                      "the consent is being requested at a bank; try again in a"
                                          + " moment",
                                      "consent_id");
                                }
                                return advanceTo(tx, current, ConsentStatus.REQUESTED);
                              });
                    }));
  }

  /** Steps the consent forward to {@code target} through every status between (with events). */
  private Uni<Void> advanceTo(SqlConnection tx, ConsentRow c, ConsentStatus target) {
    ConsentStatus s = ConsentStatus.fromWire(c.status());
    if (s == target || s.ordinal() > target.ordinal()) {
      return Uni.createFrom().voidItem();
    }
    ConsentStatus next = ConsentStatus.values()[s.ordinal() + 1];
    return service
        .changeStatus(tx, c, next)
        .chain(() -> advanceTo(tx, c.withStatus(next.wire()), target));
  }

  private Uni<String> request(
      ConsentRow c, BankConsent b, UUID claimId, String psuIp, boolean sendingUser) {
    String page = pageUrl(c.webId());
    ConsentRequest request =
        new ConsentRequest(access(c.scope()), true, c.validUntil(), c.frequencyPerDay(), false);
    return xs2a.createConsent(
            b.baseUrl(),
            request,
            new Redirects(page + "/return", page + "/return?outcome=nok", null),
            psuIp)
        .onFailure()
        .recoverWithUni(
            e -> {
              String why = describe(e);
              LOG.warnf("requesting consent %s at %s failed: %s", c.id(), b.providerCode(), why);
              return bank.release(c.id(), claimId, why)
                  .chain(
                      () ->
                          Uni.createFrom()
                              .failure(
                                  ProblemType.custom(
                                      502,
                                      "bank_unavailable",
                                      "The bank did not accept the consent",
                                      "the bank could not start the consent"
                                          + bankCode(e)
                                          + "; try again or choose another bank",
                                      "provider_code")));
            })
        .chain(created -> record(c, b, claimId, created, sendingUser));
  }

  /** The bank's access for a scope: per service, all the end user's accounts. */
  static AccountAccess access(List<String> scope) {
    return new AccountAccess(
        List.of(), List.of(), scope.contains("transactions") ? List.of() : null, null, null);
  }

  private Uni<String> record(
      ConsentRow c, BankConsent b, UUID claimId, ConsentCreated created, boolean sendingUser) {
    String sca = created.scaRedirect();
    return pool.withTransaction(
            tx ->
                consents
                    .lock(tx, c.id())
                    .chain(
                        current -> {
                          boolean gone = ConsentStatus.fromWire(current.status()).isFinal();
                          return bank.requested(
                                  tx,
                                  c.id(),
                                  claimId,
                                  created.consentId(),
                                  created.consentStatus(),
                                  gone ? null : Instant.now().plus(config.statusCheckFirst()))
                              .chain(
                                  ours -> {
                                    if (!ours) {
                                      LOG.warnf(
                                          "consent %s: bank consent %s created after the claim was"
                                              + " lost; it is left unauthorised",
                                          c.id(), created.consentId());
                                      throw ProblemType.custom(
                                          409,
                                          "consent_being_requested",
                                          "The consent is being requested",
                                          "the consent is being requested at a bank; try again"
                                              + " in a moment",
                                          "consent_id");
                                    }
                                    if (gone) {
                                      // revoked or expired meanwhile: end it at the bank too
                                      return bank.revokeAtBank(tx, c.id()).replaceWith(current);
                                    }
                                    return consents
                                        .setBank(tx, c.id(), b.providerCode(), b.aisMethodId(), sca)
                                        .chain(
                                            () ->
                                                advanceTo(
                                                    tx,
                                                    current,
                                                    sendingUser
                                                        ? ConsentStatus.AWAITING_AUTHZ
                                                        : ConsentStatus.SCA_URL_RETRIEVED))
                                        .replaceWith(current);
                                  });
                        }))
        .map(
            current -> {
              if (ConsentStatus.fromWire(current.status()).isFinal()) {
                throw notRequestable(current);
              }
              return sca != null ? sca : pageUrl(c.webId()) + "/return";
            });
  }

  /**
   * Does what is due for one bank consent: ends it at the bank if it was revoked here, else reads
   * its status and moves the consent on. Failures are retried later; the consent keeps its status.
   */
  public Uni<Void> check(BankConsent b) {
    if (b.revokeAtBank()) {
      return xs2a.deleteConsent(b.baseUrl(), b.bankConsentId())
          .onItemOrFailure()
          .transformToUni(
              (ok, failure) -> {
                if (failure == null) {
                  return bank.revokedAtBank(b.consentId(), null, false);
                }
                // a refusal (4xx: unknown at the bank, or already ended) is final: no retry
                boolean refused = Xs2aClient.refusal(failure) != null;
                LOG.warnf(
                    "ending consent %s at %s failed%s: %s",
                    b.consentId(),
                    b.providerCode(),
                    refused ? " for good (the bank refused)" : ", retried in 30 s",
                    describe(failure));
                return bank.revokedAtBank(b.consentId(), describe(failure), !refused);
              });
    }
    return xs2a.getConsentStatus(b.baseUrl(), b.bankConsentId())
        .onItemOrFailure()
        .transformToUni(
            (answer, failure) ->
                pool.withTransaction(
                    tx ->
                        consents
                            .lock(tx, b.consentId())
                            .chain(
                                c -> {
                                  if (failure != null) {
                                    LOG.debugf(
                                        "status read of consent %s failed: %s",
                                        b.consentId(), describe(failure));
                                    return bank.checked(
                                        tx,
                                        b.consentId(),
                                        null,
                                        nextCheck(b, c.status()),
                                        describe(failure));
                                  }
                                  String bankStatus = answer.consentStatus();
                                  return apply(tx, c, bankStatus)
                                      .chain(
                                          now ->
                                              bank.checked(
                                                  tx,
                                                  b.consentId(),
                                                  bankStatus,
                                                  nextCheck(b, now.wire()),
                                                  null));
                                })));
  }

  /** Reads the status now if the consent is at a bank and followed: for the return page. */
  public Uni<Void> checkNow(ConsentRow c) {
    return bank.find(c.id())
        .chain(
            b ->
                b == null || b.bankConsentId() == null || b.nextCheckAt() == null
                    ? Uni.createFrom().voidItem()
                    : check(b));
  }

  /**
   * Applies a bank status. A consent whose SCA URL went to the API client (direct_sca) passes
   * awaiting_authz first when the bank already has a decision.
   */
  private Uni<ConsentStatus> apply(SqlConnection tx, ConsentRow c, String bankStatus) {
    ConsentStatus from = ConsentStatus.fromWire(c.status());
    var next = BankConsentStatus.apply(from, bankStatus);
    if (next.isEmpty()
        && from == ConsentStatus.SCA_URL_RETRIEVED
        && BankConsentStatus.TABLE.containsKey(bankStatus)) {
      return service
          .changeStatus(tx, c, ConsentStatus.AWAITING_AUTHZ)
          .chain(() -> apply(tx, c.withStatus(ConsentStatus.AWAITING_AUTHZ.wire()), bankStatus));
    }
    if (next.isEmpty()) {
      return Uni.createFrom().item(from);
    }
    return service.changeStatus(tx, c, next.get()).replaceWith(next.get());
  }

  private Instant nextCheck(BankConsent b, String consentStatus) {
    ConsentStatus s = ConsentStatus.fromWire(consentStatus);
    if (s.isFinal()) {
      return null;
    }
    if (s.readsData() || s == ConsentStatus.SUSPENDED) {
      return Instant.now().plus(config.authorizedCheck());
    }
    return Instant.now()
        .plus(Backoff.after(config.statusCheckFirst(), config.statusCheckMax(), b.checks()));
  }

  /** The bank's error code for the end user, e.g. " (FORMAT_ERROR)", or nothing. */
  private static String bankCode(Throwable e) {
    String code = Xs2aException.codeOf(e);
    return code == null ? "" : " (" + code + ")";
  }

  private static String describe(Throwable e) {
    return Xs2aException.describe(e);
  }
}
