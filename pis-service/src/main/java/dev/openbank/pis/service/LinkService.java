package dev.openbank.pis.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.events.StatusEvents;
import dev.openbank.commons.json.Json;
import dev.openbank.commons.outbox.Outbox;
import dev.openbank.commons.outbox.OutboxEvent;
import dev.openbank.commons.problem.Problem.FieldError;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.schedule.Work;
import dev.openbank.commons.security.AccessToken;
import dev.openbank.commons.web.WebIds;
import dev.openbank.pis.config.PisConfig;
import dev.openbank.pis.domain.Amounts;
import dev.openbank.pis.domain.LinkRules;
import dev.openbank.pis.domain.LinkStatus;
import dev.openbank.pis.repository.LinkRepository;
import dev.openbank.pis.repository.LinkRow;
import dev.openbank.pis.rest.LinkDtos.CreateLink;
import dev.openbank.registry.client.Registry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creating, cancelling and expiring payment links. Every status change is written with its history
 * row and its {@code link_status_update} outbox event in one transaction.
 */
@ApplicationScoped
public class LinkService {

  /** A created link, and whether it is the first result of an earlier create with the same key. */
  public record Created(LinkRow link, boolean replayed) {}

  private final Pool pool;
  private final LinkRepository links;
  private final Outbox outbox;
  private final PisConfig config;
  private final ObjectMapper mapper;
  private final Registry registry;

  public LinkService(
      Pool pool,
      LinkRepository links,
      Outbox outbox,
      PisConfig config,
      ObjectMapper mapper,
      Registry registry) {
    this.pool = pool;
    this.registry = registry;
    this.links = links;
    this.outbox = outbox;
    this.config = config;
    this.mapper = mapper;
  }

  /**
   * Creates a link, or with a known Idempotency-Key returns the link first created with it. The
   * create is optimistic: the link, its history, the key and the event are written in one statement
   * (one round trip, no explicit transaction), and only if the key turns out to be taken (the
   * insert waits for a concurrent first use to commit) is the first result read and returned. A
   * body that no longer passes (e.g. an expiry now too close) still gets its first answer when its
   * key is known.
   *
   * @param client the caller's token: its client id, environment and defaults (the webhook URL and
   *     page template of a link that names none)
   */
  public Uni<Created> create(AccessToken client, String idempotencyKey, CreateLink req) {
    String clientId = client.clientId();
    String hash = Json.sha256Hex(Json.write(mapper, req));
    Uni<LinkRow> checked;
    try {
      LinkRow row = newLink(client, req);
      // a link naming its bank is checked at provider-registry before the transaction, so no
      // connection or lock is held while the registry answers
      checked = checkProvider(row).replaceWith(row);
    } catch (ProblemException invalid) {
      checked = Uni.createFrom().failure(invalid);
    }
    return checked
        .chain(
            row ->
                links
                    .create(row, idempotencyKey, hash, Outbox.values(event(row, row.status())))
                    .map(
                        created -> {
                          if (!created) {
                            throw new KeyTaken();
                          }
                          return new Created(row, false);
                        }))
        .onFailure(
            e -> idempotencyKey != null && (e instanceof KeyTaken || e instanceof ProblemException))
        .recoverWithUni(
            e ->
                replay(clientId, idempotencyKey, hash)
                    .onItem()
                    .ifNull()
                    .failWith(() -> e instanceof KeyTaken ? new IllegalStateException(e) : e));
  }

  /** The first result of an Idempotency-Key, null if the key is unknown, 422 for another body. */
  private Uni<Created> replay(String clientId, String key, String hash) {
    return links
        .idempotency(pool, clientId, key)
        .chain(
            earlier -> {
              if (earlier == null) {
                return Uni.createFrom().nullItem();
              }
              if (!earlier[0].equals(hash)) {
                throw ProblemType.custom(
                    422,
                    "idempotency_key_reused",
                    "The Idempotency-Key was used for another request",
                    "this Idempotency-Key was first used with a different body",
                    "Idempotency-Key");
              }
              return links
                  .find(clientId, UUID.fromString(earlier[1]))
                  .map(l -> new Created(l, true));
            });
  }

  /** The Idempotency-Key is already taken: the transaction is rolled back and the key read. */
  private static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super("Idempotency-Key taken", null, false, false);
    }
  }

  /** The new link's row, or a 400 naming every invalid field. */
  private LinkRow newLink(AccessToken client, CreateLink req) {
    String webhookUrl = req.webhookUrl() != null ? req.webhookUrl() : client.webhookUrl();
    String uxTemplate =
        req.options() != null && req.options().uxTemplate() != null
            ? req.options().uxTemplate()
            : client.uxTemplate();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<LinkRules.Good> goods =
        req.goods() == null
            ? List.of()
            : req.goods().stream()
                .map(g -> new LinkRules.Good(g.name(), g.quantity(), g.unitPrice()))
                .toList();
    String flow = req.flowType() == null ? "link" : req.flowType();
    List<FieldError> errors =
        LinkRules.check(
            "production".equals(client.environment()),
            webhookUrl,
            req.amount(),
            req.currency(),
            req.creditor().iban(),
            goods,
            flow,
            req.providerCode(),
            req.paymentMethodId(),
            req.expiresAt(),
            now,
            config.maxExpiry());
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("The payment link is invalid; nothing was created", errors);
    }
    return new LinkRow(
        UUID.randomUUID(),
        WebIds.next(),
        client.clientId(),
        LinkStatus.CREATED.wire(),
        ((Amounts.Valid) Amounts.parse(req.amount(), req.currency())).value(),
        req.amount(),
        req.currency(),
        req.creditor().name(),
        req.creditor().iban(),
        req.description(),
        Json.write(mapper, req.goods() == null ? List.of() : req.goods()),
        flow,
        req.providerCode(),
        req.paymentMethodId(),
        req.redirectUrl(),
        webhookUrl,
        uxTemplate,
        req.expiresAt() != null
            ? req.expiresAt().truncatedTo(ChronoUnit.MICROS)
            : now.plus(config.defaultExpiry()),
        now,
        now,
        client.environment(),
        null);
  }

  /**
   * A link that names its provider (and method) must be payable there: the provider is one of the
   * client's environment and has a method for the link's flow, currency and amount.
   */
  private Uni<Void> checkProvider(LinkRow row) {
    if (row.providerCode() == null) {
      return Uni.createFrom().voidItem();
    }
    return registry
        .choices(
            row.environment(), row.flowType(), row.currency(), row.amount(), row.providerCode())
        .onFailure(e -> !(e instanceof ProblemException))
        .transform(
            e ->
                ProblemType.UNAVAILABLE.exception(
                    "the provider could not be checked (provider-registry did not answer);"
                        + " nothing was created, retry later"))
        .map(
            choices -> {
              if (choices.isEmpty()) {
                throw ProblemException.invalid(
                    "The payment link is invalid; nothing was created",
                    List.of(
                        new FieldError(
                            "provider_code",
                            "has no payment method for this flow, currency and amount in the "
                                + row.environment()
                                + " environment")));
              }
              if (row.paymentMethodId() != null
                  && choices.stream()
                      .noneMatch(c -> c.method().id().equals(row.paymentMethodId()))) {
                throw ProblemException.invalid(
                    "The payment link is invalid; nothing was created",
                    List.of(
                        new FieldError(
                            "payment_method_id",
                            "is not a method of "
                                + row.providerCode()
                                + " for this flow, currency and amount")));
              }
              return null;
            });
  }

  /** Cancels a link nobody has authorised yet. */
  public Uni<LinkRow> cancel(String clientId, UUID linkId) {
    return pool.withTransaction(
            tx ->
                links
                    .lock(tx, clientId, linkId)
                    .chain(
                        l -> {
                          if (l == null) {
                            throw ProblemType.NOT_FOUND.exception("no link " + linkId, "link_id");
                          }
                          if (!LinkStatus.fromWire(l.status()).cancellable()) {
                            throw ProblemType.custom(
                                409,
                                "link_not_cancellable",
                                "The link can no longer be cancelled",
                                "the link is "
                                    + l.status()
                                    + "; only created or started links can be cancelled",
                                "link_id");
                          }
                          return changeStatus(tx, l, LinkStatus.CANCELLED);
                        }))
        .chain(() -> links.find(clientId, linkId));
  }

  /** Expires up to 100 unpaid links past their expiry; returns how many. */
  public Uni<Integer> expireDue() {
    return pool.withTransaction(
        tx ->
            links
                .lockExpired(tx, 100)
                .chain(
                    due ->
                        Work.inOrder(due, l -> changeStatus(tx, l, LinkStatus.EXPIRED))
                            .replaceWith(due.size())));
  }

  /** Moves the link to {@code to} with its history row and event, in {@code tx}. */
  public Uni<Void> changeStatus(SqlConnection tx, LinkRow l, LinkStatus to) {
    if (!LinkStatus.fromWire(l.status()).canBecome(to)) {
      return Uni.createFrom()
          .failure(new IllegalStateException(l.status() + " cannot become " + to.wire()));
    }
    return links.setStatus(tx, l.id(), to.wire()).chain(() -> event(tx, l, to.wire()));
  }

  private Uni<Void> event(SqlConnection tx, LinkRow l, String status) {
    return outbox.append(tx, event(l, status)).replaceWithVoid();
  }

  /** The link's {@code link_status_update} event for {@code status}. */
  private OutboxEvent event(LinkRow l, String status) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("link_id", l.id().toString());
    fields.put("web_id", l.webId());
    fields.put("status", status);
    return outbox.event(
        StatusEvents.LINK_TOPIC,
        "link",
        l.id().toString(),
        StatusEvents.LINK_STATUS_UPDATE,
        StatusEvents.data(l.clientId(), l.webhookUrl(), fields));
  }
}
