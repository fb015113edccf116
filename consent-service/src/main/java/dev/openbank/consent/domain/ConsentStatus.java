package dev.openbank.consent.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle of an AIS consent (seed 004): {@code created → started → requested →
 * sca_url_retrieved → awaiting_authz → authorized → active}, ending {@code expired}, {@code
 * revoked}, {@code failed} or {@code suspended}. A consent moves forward only. Suspended is the one
 * end that can be left: a consent suspended at the bank (for instance waiting for the 180-day
 * re-authentication) becomes active again when the PSU renews it, or ends.
 */
public enum ConsentStatus {
  CREATED,
  STARTED,
  REQUESTED,
  SCA_URL_RETRIEVED,
  AWAITING_AUTHZ,
  AUTHORIZED,
  ACTIVE,
  EXPIRED,
  REVOKED,
  FAILED,
  SUSPENDED;

  /** The wire name, e.g. {@code sca_url_retrieved}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ConsentStatus fromWire(String status) {
    return valueOf(status.toUpperCase(Locale.ROOT));
  }

  /** The statuses this one may change to. */
  public Set<ConsentStatus> next() {
    return switch (this) {
      case CREATED -> EnumSet.of(STARTED, REVOKED, EXPIRED, FAILED);
      case STARTED -> EnumSet.of(REQUESTED, REVOKED, EXPIRED, FAILED);
      case REQUESTED -> EnumSet.of(SCA_URL_RETRIEVED, REVOKED, EXPIRED, FAILED);
      case SCA_URL_RETRIEVED -> EnumSet.of(AWAITING_AUTHZ, REVOKED, EXPIRED, FAILED);
      // the bank may answer before the PSU is known to be back: authorized straight away
      case AWAITING_AUTHZ -> EnumSet.of(AUTHORIZED, REVOKED, EXPIRED, FAILED);
      case AUTHORIZED -> EnumSet.of(ACTIVE, REVOKED, EXPIRED, FAILED, SUSPENDED);
      case ACTIVE -> EnumSet.of(REVOKED, EXPIRED, SUSPENDED);
      case SUSPENDED -> EnumSet.of(ACTIVE, REVOKED, EXPIRED);
      case EXPIRED, REVOKED, FAILED -> EnumSet.noneOf(ConsentStatus.class);
    };
  }

  public boolean canBecome(ConsentStatus target) {
    return next().contains(target);
  }

  /** Nothing can happen to the consent any more. */
  public boolean isFinal() {
    return next().isEmpty();
  }

  /** Data may be read under the consent (at the bank it is valid). */
  public boolean readsData() {
    return this == AUTHORIZED || this == ACTIVE;
  }
}
