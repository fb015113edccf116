package dev.openbank.pis.service;

import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.schedule.Backoff;
import dev.openbank.pis.config.PisConfig;
import dev.openbank.pis.config.PublicUrls;
import dev.openbank.pis.domain.BankStatus;
import dev.openbank.pis.domain.LinkStatus;
import dev.openbank.pis.repository.BankPayment;
import dev.openbank.pis.repository.BankPaymentRepository;
import dev.openbank.pis.repository.LinkRepository;
import dev.openbank.pis.repository.LinkRow;
import dev.openbank.registry.client.Registry;
import dev.openbank.xs2a.client.Xs2aClient;
import dev.openbank.xs2a.client.Xs2aClient.Redirects;
import dev.openbank.xs2a.client.Xs2aException;
import dev.openbank.xs2a.model.Common.AccountReference;
import dev.openbank.xs2a.model.Common.Amount;
import dev.openbank.xs2a.model.Payments.PaymentCreated;
import dev.openbank.xs2a.model.Payments.PaymentRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The bank side of a link: initiating its payment at the debtor's bank over XS2A and following the
 * bank's {@code transactionStatus} until nothing more can change.
 *
 * <p>A link has at most one payment at a bank (a {@code bank_payment} row claimed before the bank
 * is called), so two tabs or a double click never pay twice. A failed or timed-out initiation
 * releases the claim and leaves the link as it was: the debtor never received an SCA URL, so
 * nothing can be authorised at the bank, and the debtor may try again or choose another bank.
 */
@ApplicationScoped
public class PayFlow {

  private static final Logger LOG = Logger.getLogger(PayFlow.class);
  private static final String DEFAULT_PRODUCT = "sepa-credit-transfers";

  private final Pool pool;
  private final LinkRepository links;
  private final BankPaymentRepository payments;
  private final LinkService service;
  private final Registry registry;
  private final Xs2aClient xs2a;
  private final PisConfig config;
  private final PublicUrls urls;

  public PayFlow(
      Pool pool,
      LinkRepository links,
      BankPaymentRepository payments,
      LinkService service,
      Registry registry,
      Xs2aClient xs2a,
      PisConfig config,
      PublicUrls urls) {
    this.urls = urls;
    this.pool = pool;
    this.links = links;
    this.payments = payments;
    this.service = service;
    this.registry = registry;
    this.xs2a = xs2a;
    this.config = config;
  }

  /**
   * Initiates the link's payment through the chosen method and returns where the debtor authorises
   * it. A link already at the bank returns its SCA URL again.
   *
   * @throws ProblemException 409 when the link can no longer be paid or is being paid, 400 when the
   *     method cannot carry it, 502 when the bank refused or did not answer, 503 when
   *     provider-registry could not be read
   */
  public Uni<String> start(LinkRow link, String providerCode, String methodId, String psuIp) {
    LinkStatus status = LinkStatus.fromWire(link.status());
    if (status == LinkStatus.SCA_PENDING && link.scaUrl() != null) {
      return Uni.createFrom().item(link.scaUrl());
    }
    if (!payable(link)) {
      return Uni.createFrom().failure(notPayable(link));
    }
    if ((link.providerCode() != null && !link.providerCode().equals(providerCode))
        || (link.paymentMethodId() != null && !link.paymentMethodId().equals(methodId))) {
      boolean otherProvider =
          link.providerCode() != null && !link.providerCode().equals(providerCode);
      return Uni.createFrom()
          .failure(
              ProblemType.INVALID_REQUEST.exception(
                  otherProvider
                      ? "this link is paid through provider " + link.providerCode()
                      : "this link is paid with payment method " + link.paymentMethodId(),
                  otherProvider ? "provider_code" : "payment_method_id"));
    }
    return registry
        .choice(
            link.environment(),
            link.flowType(),
            link.currency(),
            link.amount(),
            providerCode,
            methodId)
        .chain(
            choice -> {
              if (choice.isEmpty()) {
                throw ProblemType.INVALID_REQUEST.exception(
                    "payment method "
                        + methodId
                        + " of "
                        + providerCode
                        + " cannot carry this payment (flow, currency or amount)",
                    "payment_method_id");
              }
              return registry
                  .connector(providerCode, methodId)
                  .map(
                      c ->
                          new BankPayment(
                              link.id(),
                              providerCode,
                              methodId,
                              c.connector().baseUrl(),
                              c.connector().quirks() == null
                                  ? DEFAULT_PRODUCT
                                  : c.connector()
                                      .quirks()
                                      .getOrDefault("payment_product", DEFAULT_PRODUCT),
                              choice.get().method().reportsFunds(),
                              null,
                              null,
                              null,
                              0));
            })
        .onFailure(e -> !(e instanceof ProblemException))
        .transform(
            e -> {
              LOG.warnf("provider-registry could not be read for link %s: %s", link.id(), e);
              return ProblemType.UNAVAILABLE.exception(
                  "the list of banks is not available right now; try again in a moment");
            })
        .chain(
            p -> {
              UUID claimId = UUID.randomUUID();
              return claim(link, p, claimId).chain(() -> initiate(link, p, claimId, psuIp));
            });
  }

  private static boolean payable(LinkRow link) {
    LinkStatus s = LinkStatus.fromWire(link.status());
    return (s == LinkStatus.CREATED || s == LinkStatus.STARTED)
        && link.expiresAt().isAfter(Instant.now());
  }

  private static ProblemException notPayable(LinkRow link) {
    LinkStatus s = LinkStatus.fromWire(link.status());
    String detail;
    if (s.isFinal()) {
      detail = "the link is " + link.status();
    } else if (s == LinkStatus.CREATED || s == LinkStatus.STARTED) {
      detail = "the link has expired";
    } else {
      detail = "the link is already " + link.status() + " at a bank";
    }
    return ProblemType.custom(
        409, "link_not_payable", "The link cannot be paid", detail, "link_id");
  }

  /** Holds the link for this initiation; the link becomes started. */
  private Uni<Void> claim(LinkRow link, BankPayment p, UUID claimId) {
    return pool.withTransaction(
        tx ->
            links
                .lock(tx, link.id())
                .chain(
                    current -> {
                      if (!payable(current)) {
                        throw notPayable(current);
                      }
                      return payments
                          .claim(tx, p, claimId, config.initiationLease())
                          .chain(
                              claimed -> {
                                if (!claimed) {
                                  throw ProblemType.custom(
                                      409,
                                      "link_being_paid",
                                      "The link is being paid",
                                      "the payment of this link is being started at a bank;"
                                          + " try again in a moment",
                                      "link_id");
                                }
                                return current.status().equals(LinkStatus.CREATED.wire())
                                    ? service.changeStatus(tx, current, LinkStatus.STARTED)
                                    : Uni.createFrom().voidItem();
                              });
                    }));
  }

  private Uni<String> initiate(LinkRow link, BankPayment p, UUID claimId, String psuIp) {
    String page = urls.link(link.webId());
    PaymentRequest request =
        new PaymentRequest(
            link.webId(),
            null, // the debtor chooses the account at the bank
            new Amount(link.currency(), link.amountText()),
            new AccountReference(link.creditorIban(), null),
            link.creditorName(),
            remittance(link));
    return xs2a.initiatePayment(
            p.baseUrl(),
            p.paymentProduct(),
            request,
            new Redirects(
                page + "/return", page + "/return?outcome=nok", page + "/bank-notification"),
            psuIp)
        .onFailure()
        .recoverWithUni(
            e -> {
              // the details stay in the log and the bank_payment row: they name the bank's address
              String why = describe(e);
              LOG.warnf(
                  "initiating the payment of link %s at %s failed: %s",
                  link.id(), p.providerCode(), why);
              return payments
                  .release(link.id(), claimId, why)
                  .chain(
                      () ->
                          Uni.createFrom()
                              .failure(
                                  ProblemType.custom(
                                      502,
                                      "bank_unavailable",
                                      "The bank did not accept the payment",
                                      "the bank could not start the payment"
                                          + bankCode(e)
                                          + "; try again or choose another bank",
                                      "provider_code")));
            })
        .chain(created -> recordInitiation(link, p, claimId, created));
  }

  /**
   * Records the bank's answer if this attempt still holds the claim, and returns where the debtor
   * goes: the bank's SCA page, or the return page when the bank needs no SCA (or named none).
   */
  private Uni<String> recordInitiation(
      LinkRow link, BankPayment p, UUID claimId, PaymentCreated created) {
    String sca = created.scaRedirect();
    return pool.withTransaction(
            tx ->
                links
                    .lock(tx, link.id())
                    .chain(
                        current -> {
                          // cancelled or expired while the bank was called: the debtor never gets
                          // the SCA URL, so nothing can be authorised; the bank rejects it at its
                          // SCA timeout
                          boolean gone = LinkStatus.fromWire(current.status()).isFinal();
                          Instant firstCheck =
                              gone ? null : Instant.now().plus(config.statusCheckFirst());
                          return payments
                              .initiated(
                                  tx,
                                  link.id(),
                                  claimId,
                                  created.paymentId(),
                                  created.transactionStatus(),
                                  firstCheck)
                              .chain(
                                  ours -> {
                                    if (!ours) {
                                      // this attempt outlived its lease and another one took the
                                      // link: its payment is the link's, this one is never shown
                                      LOG.warnf(
                                          "link %s: bank payment %s initiated after the claim was"
                                              + " lost; it is left unauthorised",
                                          link.id(), created.paymentId());
                                      throw ProblemType.custom(
                                          409,
                                          "link_being_paid",
                                          "The link is being paid",
                                          "the payment of this link is being started at a bank;"
                                              + " try again in a moment",
                                          "link_id");
                                    }
                                    if (gone) {
                                      return Uni.createFrom().item(current);
                                    }
                                    return links
                                        .setBank(
                                            tx,
                                            link.id(),
                                            p.providerCode(),
                                            p.paymentMethodId(),
                                            sca)
                                        .chain(
                                            () ->
                                                advance(
                                                    tx,
                                                    current,
                                                    created.transactionStatus(),
                                                    p.reportsFunds()))
                                        .replaceWith(current);
                                  });
                        }))
        .map(
            current -> {
              if (LinkStatus.fromWire(current.status()).isFinal()) {
                throw notPayable(current);
              }
              return sca != null ? sca : urls.link(link.webId()) + "/return";
            });
  }

  /**
   * Reads the bank's status of one payment and moves the link on; schedules the next read unless
   * nothing more can change. A failed read is retried later; the link keeps its status.
   */
  public Uni<Void> check(BankPayment p) {
    return xs2a.getPaymentStatus(p.baseUrl(), p.paymentProduct(), p.paymentId())
        .onItemOrFailure()
        .transformToUni(
            (answer, failure) ->
                pool.withTransaction(
                    tx ->
                        links
                            .lock(tx, p.linkId())
                            .chain(
                                link -> {
                                  if (failure != null) {
                                    String why = describe(failure);
                                    LOG.debugf(
                                        "status read of link %s failed: %s", p.linkId(), why);
                                    return payments.checked(
                                        tx, p.linkId(), null, nextCheck(p, link.status()), why);
                                  }
                                  String bankStatus = answer.transactionStatus();
                                  return advance(tx, link, bankStatus, p.reportsFunds())
                                      .chain(
                                          now ->
                                              payments.checked(
                                                  tx,
                                                  p.linkId(),
                                                  bankStatus,
                                                  nextCheck(p, now.wire()),
                                                  null));
                                })));
  }

  /** Reads the status now if the link is at a bank and not settled: for the return page. */
  public Uni<Void> checkNow(LinkRow link) {
    return payments
        .find(link.id())
        .chain(
            p ->
                p == null || p.paymentId() == null || p.nextCheckAt() == null
                    ? Uni.createFrom().voidItem()
                    : check(p));
  }

  /**
   * Applies a bank status to the link, step by step: ACCC read while the link is pending gives
   * completed and then funds_received, each with its own event.
   */
  private Uni<LinkStatus> advance(
      SqlConnection tx, LinkRow link, String bankStatus, boolean reportsFunds) {
    LinkStatus from = LinkStatus.fromWire(link.status());
    var next = BankStatus.apply(from, bankStatus, reportsFunds);
    if (next.isEmpty()) {
      return Uni.createFrom().item(from);
    }
    LinkStatus to = next.get();
    return service
        .changeStatus(tx, link, to)
        .chain(() -> advance(tx, link.withStatus(to.wire()), bankStatus, reportsFunds));
  }

  private Instant nextCheck(BankPayment p, String linkStatus) {
    if (!p.followedAt(LinkStatus.fromWire(linkStatus))) {
      return null;
    }
    return Instant.now()
        .plus(Backoff.after(config.statusCheckFirst(), config.statusCheckMax(), p.checks()));
  }

  private static String remittance(LinkRow link) {
    String text = link.description() == null ? "Payment " + link.webId() : link.description();
    return text.length() > 140 ? text.substring(0, 140) : text;
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
