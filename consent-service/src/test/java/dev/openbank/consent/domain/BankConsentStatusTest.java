package dev.openbank.consent.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BankConsentStatusTest {

  /** One row per Berlin Group consentStatus, from a consent waiting at the bank. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "received, none",
    "partiallyAuthorised, none",
    "valid, authorized",
    "rejected, failed",
    "revokedByPsu, revoked",
    "terminatedByTpp, revoked",
    "expired, expired",
    "somethingElse, none"
  })
  void eachBankStatusFromAwaitingAuthz(String code, String expected) {
    assertEquals(
        expected.equals("none") ? Optional.empty() : Optional.of(ConsentStatus.fromWire(expected)),
        BankConsentStatus.apply(ConsentStatus.AWAITING_AUTHZ, code));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "sca_url_retrieved, received, awaiting_authz",
    "active, valid, none",
    "active, revokedByPsu, revoked",
    "active, expired, expired",
    "suspended, valid, active",
    "authorized, rejected, failed",
    "revoked, valid, none",
    "expired, valid, none",
    "failed, received, none"
  })
  void fromOtherStatuses(String from, String code, String expected) {
    assertEquals(
        expected.equals("none") ? Optional.empty() : Optional.of(ConsentStatus.fromWire(expected)),
        BankConsentStatus.apply(ConsentStatus.fromWire(from), code));
  }
}
