package dev.openbank.consent.domain;

import java.util.Map;
import java.util.Optional;

/**
 * What a Berlin Group {@code consentStatus} means for the platform's consent, as a table: received
 * waits for the PSU, valid is authorized, rejected is failed, revokedByPsu and terminatedByTpp are
 * revoked, expired is expired. partiallyAuthorised (multi-level SCA) keeps waiting.
 */
public final class BankConsentStatus {

  /** consentStatus to the consent status it leads to. */
  public static final Map<String, ConsentStatus> TABLE =
      Map.of(
          "received", ConsentStatus.AWAITING_AUTHZ,
          "partiallyAuthorised", ConsentStatus.AWAITING_AUTHZ,
          "valid", ConsentStatus.AUTHORIZED,
          "rejected", ConsentStatus.FAILED,
          "revokedByPsu", ConsentStatus.REVOKED,
          "terminatedByTpp", ConsentStatus.REVOKED,
          "expired", ConsentStatus.EXPIRED);

  private BankConsentStatus() {}

  /**
   * The consent's next status for a bank status, or empty when nothing changes: an unknown code,
   * the same status again, a step back (valid again for an active consent), or a step the consent
   * cannot take from where it is.
   */
  public static Optional<ConsentStatus> apply(ConsentStatus current, String consentStatus) {
    ConsentStatus target = TABLE.get(consentStatus);
    if (target == null || target == current) {
      return Optional.empty();
    }
    if (target == ConsentStatus.AUTHORIZED && current == ConsentStatus.SUSPENDED) {
      return Optional.of(ConsentStatus.ACTIVE); // renewed at the bank
    }
    return current.canBecome(target) ? Optional.of(target) : Optional.empty();
  }
}
