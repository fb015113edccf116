package dev.openbank.consent.service;

import dev.openbank.commons.events.StatusEvents;
import dev.openbank.commons.outbox.Outbox;
import dev.openbank.commons.problem.Problem.FieldError;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.schedule.Work;
import dev.openbank.commons.security.AccessToken;
import dev.openbank.commons.web.WebIds;
import dev.openbank.consent.config.ConsentConfig;
import dev.openbank.consent.domain.ConsentStatus;
import dev.openbank.consent.repository.BankConsentRepository;
import dev.openbank.consent.repository.ConsentRepository;
import dev.openbank.consent.repository.ConsentRow;
import dev.openbank.consent.rest.ConsentDtos.CreateConsent;
import dev.openbank.registry.client.Registry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Creating, revoking and expiring consents. Every status change is written with its history row and
 * its {@code consent_status_update} outbox event in one transaction.
 */
@ApplicationScoped
public class ConsentService {

  static final Set<Set<String>> SCOPES =
      Set.of(Set.of("accounts", "balances", "transactions"), Set.of("accounts", "balances"));

  private final Pool pool;
  private final ConsentRepository consents;
  private final BankConsentRepository bank;
  private final Outbox outbox;
  private final ConsentConfig config;
  private final Registry registry;

  public ConsentService(
      Pool pool,
      ConsentRepository consents,
      BankConsentRepository bank,
      Outbox outbox,
      ConsentConfig config,
      Registry registry) {
    this.pool = pool;
    this.consents = consents;
    this.bank = bank;
    this.outbox = outbox;
    this.config = config;
    this.registry = registry;
  }

  /** Creates a consent; a named provider (and method) must offer the scope to the environment. */
  public Uni<ConsentRow> create(AccessToken client, CreateConsent req) {
    ConsentRow row;
    try {
      row = newConsent(client, req);
    } catch (ProblemException invalid) {
      return Uni.createFrom().failure(invalid);
    }
    return checkProvider(row)
        .chain(
            () ->
                pool.withTransaction(
                    tx -> consents.insert(tx, row).chain(() -> event(tx, row, row.status()))))
        .replaceWith(row);
  }

  private ConsentRow newConsent(AccessToken client, CreateConsent req) {
    List<FieldError> errors = new ArrayList<>();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (!SCOPES.contains(Set.copyOf(req.scope()))
        || req.scope().size() != Set.copyOf(req.scope()).size()) {
      errors.add(
          new FieldError(
              "scope",
              "must be [\"accounts\",\"balances\",\"transactions\"] or [\"accounts\",\"balances\"]"));
    }
    LocalDate validUntil =
        req.validUntil() != null
            ? req.validUntil()
            : today.plusDays(config.defaultValidity().toDays());
    if (validUntil.isBefore(today.plusDays(1))
        || validUntil.isAfter(today.plusDays(config.maxValidity().toDays()))) {
      errors.add(
          new FieldError(
              "valid_until",
              "must be from tomorrow to " + config.maxValidity().toDays() + " days ahead"));
    }
    String flow = req.flowType() == null ? "link" : req.flowType();
    if ("direct_sca".equals(flow)) {
      if (req.providerCode() == null) {
        errors.add(new FieldError("provider_code", "is required for direct_sca"));
      }
      if (req.aisMethodId() == null) {
        errors.add(new FieldError("ais_method_id", "is required for direct_sca"));
      }
      if (req.redirectUrl() == null) {
        errors.add(
            new FieldError("redirect_url", "is required for direct_sca (the bank returns there)"));
      }
    }
    if (req.aisMethodId() != null && req.providerCode() == null) {
      errors.add(new FieldError("provider_code", "is required with ais_method_id"));
    }
    String webhookUrl = req.webhookUrl() != null ? req.webhookUrl() : client.webhookUrl();
    if ("production".equals(client.environment())
        && webhookUrl != null
        && !webhookUrl.startsWith("https://")) {
      errors.add(new FieldError("webhook_url", "must be https in production"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("The consent is invalid; nothing was created", errors);
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    // stored in a fixed order, whatever order the client wrote
    List<String> scope =
        List.of("accounts", "balances", "transactions").stream()
            .filter(req.scope()::contains)
            .toList();
    return new ConsentRow(
        UUID.randomUUID(),
        WebIds.next(),
        client.clientId(),
        client.environment(),
        ConsentStatus.CREATED.wire(),
        scope,
        req.providerCode(),
        req.aisMethodId(),
        validUntil,
        req.frequencyPerDay() == null ? 4 : req.frequencyPerDay(),
        req.redirectUrl(),
        webhookUrl,
        req.deviceId(),
        req.options() != null && req.options().uxTemplate() != null
            ? req.options().uxTemplate()
            : client.uxTemplate(),
        flow,
        null,
        null,
        now,
        now);
  }

  private Uni<Void> checkProvider(ConsentRow row) {
    if (row.providerCode() == null) {
      return Uni.createFrom().voidItem();
    }
    return registry
        .aisChoices(row.environment(), row.scope(), row.providerCode())
        .onFailure(e -> !(e instanceof ProblemException))
        .transform(
            e ->
                ProblemType.UNAVAILABLE.exception(
                    "the provider could not be checked (provider-registry did not answer);"
                        + " nothing was created, retry later"))
        .map(all -> all.stream().filter(x -> ConsentFlow.lastsLongEnough(x, row)).toList())
        .map(
            choices -> {
              if (choices.isEmpty()) {
                throw ProblemException.invalid(
                    "The consent is invalid; nothing was created",
                    List.of(
                        new FieldError(
                            "provider_code",
                            "has no AIS method for this scope and validity in the "
                                + row.environment()
                                + " environment")));
              }
              if (row.aisMethodId() != null
                  && choices.stream().noneMatch(c -> c.method().id().equals(row.aisMethodId()))) {
                throw ProblemException.invalid(
                    "The consent is invalid; nothing was created",
                    List.of(
                        new FieldError(
                            "ais_method_id",
                            "is not an AIS method of "
                                + row.providerCode()
                                + " for this scope and validity")));
              }
              return null;
            });
  }

  /**
   * Revokes the consent: no data is read under it any more, and the bank is told (the bank call is
   * made by the follower, retried until the bank confirms). Revoking a revoked consent changes
   * nothing; an ended one is a 409.
   */
  public Uni<ConsentRow> revoke(String clientId, UUID id) {
    return pool.withTransaction(
            tx ->
                consents
                    .lock(tx, id)
                    .chain(
                        c -> {
                          if (c == null || !c.clientId().equals(clientId)) {
                            throw ProblemType.NOT_FOUND.exception("no consent " + id, "consent_id");
                          }
                          ConsentStatus s = ConsentStatus.fromWire(c.status());
                          if (s == ConsentStatus.REVOKED) {
                            return Uni.createFrom().voidItem();
                          }
                          if (!s.canBecome(ConsentStatus.REVOKED)) {
                            throw ProblemType.custom(
                                409,
                                "consent_not_revocable",
                                "The consent has ended",
                                "the consent is " + c.status(),
                                "consent_id");
                          }
                          return changeStatus(tx, c, ConsentStatus.REVOKED)
                              .chain(() -> bank.revokeAtBank(tx, id));
                        }))
        .chain(() -> consents.find(clientId, id));
  }

  /** Expires up to 100 consents past their last valid day; returns how many. */
  public Uni<Integer> expireDue() {
    return pool.withTransaction(
        tx ->
            consents
                .lockExpired(tx, 100)
                .chain(
                    due ->
                        Work.inOrder(due, c -> changeStatus(tx, c, ConsentStatus.EXPIRED))
                            .replaceWith(due.size())));
  }

  /** Moves the consent to {@code to} with its history row and event, in {@code tx}. */
  public Uni<Void> changeStatus(SqlConnection tx, ConsentRow c, ConsentStatus to) {
    if (!ConsentStatus.fromWire(c.status()).canBecome(to)) {
      return Uni.createFrom()
          .failure(new IllegalStateException(c.status() + " cannot become " + to.wire()));
    }
    return consents.setStatus(tx, c.id(), to.wire()).chain(() -> event(tx, c, to.wire()));
  }

  private Uni<Void> event(SqlConnection tx, ConsentRow c, String status) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("consent_id", c.id().toString());
    fields.put("status", status);
    return outbox
        .append(
            tx,
            StatusEvents.CONSENT_TOPIC,
            "consent",
            c.id().toString(),
            StatusEvents.CONSENT_STATUS_UPDATE,
            StatusEvents.data(c.clientId(), c.webhookUrl(), fields))
        .replaceWithVoid();
  }
}
