package dev.openbank.consent.rest;

import dev.openbank.commons.problem.ProblemType;
import dev.openbank.consent.repository.BankConsent;
import dev.openbank.consent.repository.BankConsentRepository;
import dev.openbank.consent.repository.ConsentRepository;
import dev.openbank.consent.repository.ConsentRow;
import dev.openbank.consent.rest.ConsentDtos.ConsentRef;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /internal/consents/access}: what ais-service needs to read data under a consent (the
 * consent's terms and its consent at the bank). Scope {@code internal}; never routed to the public
 * ingress. Any client's consent: the caller is the platform itself.
 */
@Path("/internal/consents")
@RolesAllowed("internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalConsentResource {

  /**
   * A consent's terms and its bank access. {@code base_url} and {@code bank_consent_id} are null
   * until the end user has chosen a bank and the bank has answered.
   */
  @RegisterForReflection
  public record ConsentAccess(
      UUID consentId,
      String clientId,
      String status,
      List<String> scope,
      LocalDate validUntil,
      int frequencyPerDay,
      String deviceId,
      String webhookUrl,
      Instant authorizedAt,
      String providerCode,
      String aisMethodId,
      String baseUrl,
      String bankConsentId) {}

  private final ConsentRepository consents;
  private final BankConsentRepository bank;

  public InternalConsentResource(ConsentRepository consents, BankConsentRepository bank) {
    this.consents = consents;
    this.bank = bank;
  }

  @POST
  @Path("/access")
  public Uni<ConsentAccess> access(@Valid @NotNull ConsentRef ref) {
    return consents
        .findAny(ref.consentId())
        .chain(
            c -> {
              if (c == null) {
                throw ProblemType.NOT_FOUND.exception(
                    "no consent " + ref.consentId(), "consent_id");
              }
              return bank.find(c.id()).map(b -> view(c, b));
            });
  }

  private static ConsentAccess view(ConsentRow c, BankConsent b) {
    return new ConsentAccess(
        c.id(),
        c.clientId(),
        c.status(),
        c.scope(),
        c.validUntil(),
        c.frequencyPerDay(),
        c.deviceId(),
        c.webhookUrl(),
        c.authorizedAt(),
        c.providerCode(),
        c.aisMethodId(),
        b == null ? null : b.baseUrl(),
        b == null ? null : b.bankConsentId());
  }
}
