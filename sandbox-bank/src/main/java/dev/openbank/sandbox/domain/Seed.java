package dev.openbank.sandbox.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;

/** The sandbox bank's seed file: banks, their PSUs and accounts (snake_case YAML). */
@RegisterForReflection
public record Seed(List<Aspsp> aspsps) {

  /**
   * One bank served under {@code /{code}/v1/...}.
   *
   * @param credentials what the SCA page asks besides the PSU id: {@code password}, {@code pin}
   * @param fundsNotifications payments go on from ACSC to ACCC (funds received) or RJCT (rejected)
   */
  @RegisterForReflection
  public record Aspsp(
      String code,
      String name,
      String bic,
      List<String> credentials,
      boolean fundsNotifications,
      List<Psu> psus) {}

  /** A bank customer who logs in on the SCA pages. */
  @RegisterForReflection
  public record Psu(
      String psuId,
      String name,
      String password,
      String pin,
      Faults faults,
      List<Account> accounts) {

    public Faults faultsOrNone() {
      return faults == null ? Faults.NONE : faults;
    }
  }

  /**
   * An account; its history is generated from it.
   *
   * @param openingBalance the balance two years ago, before the generated history
   * @param dailyTransactions the average number of transactions per day
   */
  @RegisterForReflection
  public record Account(
      String iban,
      String currency,
      String name,
      String product,
      String cashAccountType,
      String ownerName,
      BigDecimal openingBalance,
      int dailyTransactions) {}

  /**
   * Fault switches for tests.
   *
   * @param scaRejected approving SCA fails (the consent becomes rejected, the payment RJCT)
   * @param slowMs every AIS data read (accounts, balances, transactions) under this PSU's consents
   *     takes this long
   * @param errorBurst the first N data reads of each of this PSU's consents answer 500
   * @param paymentRejected payments are rejected (RJCT) after SCA
   * @param fundsRejected at a bank with funds notifications: settled payments end RJCT, not ACCC
   */
  @RegisterForReflection
  public record Faults(
      boolean scaRejected,
      int slowMs,
      int errorBurst,
      boolean paymentRejected,
      boolean fundsRejected) {

    public static final Faults NONE = new Faults(false, 0, 0, false, false);
  }
}
