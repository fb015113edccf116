package dev.openbank.pis.repository;

import dev.openbank.pis.domain.LinkStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * The payment at the bank behind a link. {@code paymentId} is null while the initiation is in
 * progress; {@code nextCheckAt} is null once nothing more can change.
 */
public record BankPayment(
    UUID linkId,
    String providerCode,
    String paymentMethodId,
    String baseUrl,
    String paymentProduct,
    boolean reportsFunds,
    String paymentId,
    String transactionStatus,
    Instant nextCheckAt,
    int checks) {

  /**
   * Whether the bank's status is still read for a link at {@code status}: until the link is final,
   * and after {@code completed} only at a method that reports funds received or rejected.
   */
  public boolean followedAt(LinkStatus status) {
    return !status.isFinal() && (status != LinkStatus.COMPLETED || reportsFunds);
  }
}
