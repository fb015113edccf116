package dev.openbank.ais.domain;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A consent as ais-service knows it: consent-service's terms and bank access ({@code baseUrl} and
 * {@code bankConsentId} are null until the bank has the consent), as consent-service's {@code
 * /internal/consents/access} answers them and as ais-service stores them.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsentTerms(
    @JsonAlias("consent_id") UUID id,
    String clientId,
    String status,
    List<String> scope,
    LocalDate validUntil,
    int frequencyPerDay,
    String deviceId,
    String webhookUrl,
    Instant authorizedAt,
    String providerCode,
    String baseUrl,
    String bankConsentId) {

  /** Statuses under which the bank may be read: valid at the bank. */
  static final Set<String> READABLE_AT_BANK = Set.of("authorized", "active");

  /** Statuses under which stored data is served: valid, or paused at the bank. */
  static final Set<String> SERVED = Set.of("authorized", "active", "suspended");

  /** Statuses that end a consent: nothing more is read or served. */
  public static final Set<String> ENDED = Set.of("revoked", "expired", "failed");

  /** The bank may be read under this consent today. */
  public boolean readableAtBank() {
    return READABLE_AT_BANK.contains(status)
        && bankConsentId != null
        && baseUrl != null
        && !validUntil.isBefore(LocalDate.now(ZoneOffset.UTC));
  }

  /** Stored data is served to the client. */
  public boolean served() {
    return SERVED.contains(status) && !validUntil.isBefore(LocalDate.now(ZoneOffset.UTC));
  }

  /** Why the consent's data is not served (when {@link #served} is false), for problem details. */
  public String notServedDetail() {
    return "the consent is "
        + (ENDED.contains(status) ? status : "past its validity")
        + "; its data is no longer served";
  }

  public boolean covers(String resource) {
    return scope.contains(resource);
  }

  /** The wait between two scheduled refreshes: the day shared by the reads the bank allows. */
  public java.time.Duration refreshInterval() {
    return java.time.Duration.ofDays(1).dividedBy(Math.max(1, frequencyPerDay));
  }
}
