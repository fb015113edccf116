package dev.openbank.pis.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BankStatusTest {

  /**
   * One row per transactionStatus: from a link waiting for SCA, at a bank without funds reports.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "RCVD, none",
    "PATC, none",
    "PDNG, pending",
    "ACTC, pending",
    "ACCP, pending",
    "ACFC, pending",
    "ACSP, pending",
    "ACWC, pending",
    "ACWP, pending",
    "PART, pending",
    "ACSC, completed",
    "ACCC, completed",
    "RJCT, failed",
    "CANC, cancelled",
    "XXXX, none"
  })
  void eachBankStatusFromScaPending(String code, String expected) {
    assertEquals(
        expected.equals("none") ? Optional.empty() : Optional.of(LinkStatus.fromWire(expected)),
        BankStatus.apply(LinkStatus.SCA_PENDING, code, false));
  }

  @ParameterizedTest(name = "{0} {1} funds={2} -> {3}")
  @CsvSource({
    "started, RCVD, false, sca_pending",
    "started, ACTC, false, pending",
    "started, ACSC, false, completed",
    "pending, ACTC, false, none",
    "pending, ACSC, false, completed",
    "completed, ACSC, true, none",
    "completed, ACCC, true, funds_received",
    "completed, RJCT, true, funds_rejected",
    "completed, ACCC, false, none",
    "completed, RJCT, false, none",
    "pending, ACCC, true, completed",
    "failed, ACSC, false, none",
    "cancelled, RCVD, false, none",
    "funds_received, RJCT, true, none"
  })
  void fundsReportsAndFinalStatuses(String from, String code, boolean funds, String expected) {
    assertEquals(
        expected.equals("none") ? Optional.empty() : Optional.of(LinkStatus.fromWire(expected)),
        BankStatus.apply(LinkStatus.fromWire(from), code, funds));
  }
}
