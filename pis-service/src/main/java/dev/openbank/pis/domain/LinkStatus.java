package dev.openbank.pis.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The statuses of a payment link (seed 004) and which changes are legal: a link moves forward only,
 * and once final it stays final, except that a completed payment at a bank that reports funds goes
 * on to funds_received or funds_rejected.
 */
public enum LinkStatus {
  CREATED,
  STARTED,
  SCA_PENDING,
  PENDING,
  COMPLETED,
  FAILED,
  CANCELLED,
  EXPIRED,
  FUNDS_RECEIVED,
  FUNDS_REJECTED;

  /** The wire name, e.g. {@code sca_pending}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LinkStatus fromWire(String status) {
    return valueOf(status.toUpperCase(Locale.ROOT));
  }

  /** The statuses this one may change to. */
  public Set<LinkStatus> next() {
    return switch (this) {
      case CREATED -> EnumSet.of(STARTED, CANCELLED, EXPIRED);
      // a bank may accept at once (SCA exempted): started goes straight to pending or completed
      case STARTED -> EnumSet.of(SCA_PENDING, PENDING, COMPLETED, FAILED, CANCELLED, EXPIRED);
      // no expiry once the bank has the payment: the debtor may still authorise it there, and the
      // bank reports the outcome (an unauthorised payment ends RJCT, i.e. failed)
      case SCA_PENDING -> EnumSet.of(PENDING, COMPLETED, FAILED, CANCELLED);
      case PENDING -> EnumSet.of(COMPLETED, FAILED, CANCELLED);
      case COMPLETED -> EnumSet.of(FUNDS_RECEIVED, FUNDS_REJECTED);
      case FAILED, CANCELLED, EXPIRED, FUNDS_RECEIVED, FUNDS_REJECTED ->
          EnumSet.noneOf(LinkStatus.class);
    };
  }

  public boolean canBecome(LinkStatus target) {
    return next().contains(target);
  }

  /** Nothing can happen to the link any more. */
  public boolean isFinal() {
    return next().isEmpty();
  }

  /** The API client may still cancel: nothing has been authorised at a bank yet. */
  public boolean cancellable() {
    return this == CREATED || this == STARTED;
  }
}
