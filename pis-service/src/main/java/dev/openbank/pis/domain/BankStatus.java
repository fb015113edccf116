package dev.openbank.pis.domain;

import java.util.Map;
import java.util.Optional;

/**
 * What a Berlin Group {@code transactionStatus} means for the link, as a table. Statuses of the
 * acceptance stage mean the debtor has authorised and the bank is processing (pending); ACSC is
 * settled on the debtor's side (completed); ACCC is settled on the creditor's side (completed, and
 * funds_received where the provider reports funds); RJCT is failed, or funds_rejected when it comes
 * after completion at a provider that reports funds; CANC is cancelled at the bank.
 */
public final class BankStatus {

  /** transactionStatus to the link status it leads to (before funds reporting is considered). */
  public static final Map<String, LinkStatus> TABLE =
      Map.ofEntries(
          Map.entry("RCVD", LinkStatus.SCA_PENDING),
          Map.entry("PATC", LinkStatus.SCA_PENDING),
          Map.entry("PDNG", LinkStatus.PENDING),
          Map.entry("ACTC", LinkStatus.PENDING),
          Map.entry("ACCP", LinkStatus.PENDING),
          Map.entry("ACFC", LinkStatus.PENDING),
          Map.entry("ACSP", LinkStatus.PENDING),
          Map.entry("ACWC", LinkStatus.PENDING),
          Map.entry("ACWP", LinkStatus.PENDING),
          Map.entry("PART", LinkStatus.PENDING),
          Map.entry("ACSC", LinkStatus.COMPLETED),
          Map.entry("ACCC", LinkStatus.COMPLETED),
          Map.entry("RJCT", LinkStatus.FAILED),
          Map.entry("CANC", LinkStatus.CANCELLED));

  private BankStatus() {}

  /**
   * The link's next status for a bank status, or empty when nothing changes (an unknown code, the
   * same status again, or a step the link cannot take from where it is).
   *
   * @param reportsFunds the provider's payment method reports funds received or rejected
   */
  public static Optional<LinkStatus> apply(
      LinkStatus current, String transactionStatus, boolean reportsFunds) {
    LinkStatus target = TABLE.get(transactionStatus);
    if (target == null) {
      return Optional.empty();
    }
    if (reportsFunds && current == LinkStatus.COMPLETED) {
      target =
          switch (transactionStatus) {
            case "ACCC" -> LinkStatus.FUNDS_RECEIVED;
            case "RJCT" -> LinkStatus.FUNDS_REJECTED;
            default -> target;
          };
    }
    // ACCC straight after authorisation: completed first; the funds status follows on the next read
    return current.canBecome(target) ? Optional.of(target) : Optional.empty();
  }
}
