package dev.openbank.consent.domain;

import static dev.openbank.consent.domain.ConsentStatus.ACTIVE;
import static dev.openbank.consent.domain.ConsentStatus.AUTHORIZED;
import static dev.openbank.consent.domain.ConsentStatus.AWAITING_AUTHZ;
import static dev.openbank.consent.domain.ConsentStatus.CREATED;
import static dev.openbank.consent.domain.ConsentStatus.EXPIRED;
import static dev.openbank.consent.domain.ConsentStatus.FAILED;
import static dev.openbank.consent.domain.ConsentStatus.REQUESTED;
import static dev.openbank.consent.domain.ConsentStatus.REVOKED;
import static dev.openbank.consent.domain.ConsentStatus.SCA_URL_RETRIEVED;
import static dev.openbank.consent.domain.ConsentStatus.STARTED;
import static dev.openbank.consent.domain.ConsentStatus.SUSPENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConsentStatusTest {

  /** Every legal change; every other pair is illegal. */
  private static final Map<ConsentStatus, Set<ConsentStatus>> LEGAL =
      Map.of(
          CREATED, EnumSet.of(STARTED, REVOKED, EXPIRED, FAILED),
          STARTED, EnumSet.of(REQUESTED, REVOKED, EXPIRED, FAILED),
          REQUESTED, EnumSet.of(SCA_URL_RETRIEVED, REVOKED, EXPIRED, FAILED),
          SCA_URL_RETRIEVED, EnumSet.of(AWAITING_AUTHZ, REVOKED, EXPIRED, FAILED),
          AWAITING_AUTHZ, EnumSet.of(AUTHORIZED, REVOKED, EXPIRED, FAILED),
          AUTHORIZED, EnumSet.of(ACTIVE, REVOKED, EXPIRED, FAILED, SUSPENDED),
          ACTIVE, EnumSet.of(REVOKED, EXPIRED, SUSPENDED),
          SUSPENDED, EnumSet.of(ACTIVE, REVOKED, EXPIRED));

  @ParameterizedTest
  @EnumSource(ConsentStatus.class)
  void everyTransitionFromThisStatusIsLegalExactlyWhenTheTableSaysSo(ConsentStatus from) {
    for (ConsentStatus to : ConsentStatus.values()) {
      assertEquals(
          LEGAL.getOrDefault(from, Set.of()).contains(to), from.canBecome(to), from + " -> " + to);
    }
  }

  @Test
  void theHappyPathRunsInOrder() {
    ConsentStatus[] path = {
      CREATED, STARTED, REQUESTED, SCA_URL_RETRIEVED, AWAITING_AUTHZ, AUTHORIZED, ACTIVE
    };
    for (int i = 1; i < path.length; i++) {
      assertEquals(true, path[i - 1].canBecome(path[i]), path[i - 1] + " -> " + path[i]);
      for (int j = 0; j < i; j++) {
        assertEquals(
            false, path[i].canBecome(path[j]), "no way back: " + path[i] + " -> " + path[j]);
      }
    }
  }

  @Test
  void finalStatusesDataAndWireNames() {
    assertEquals(
        EnumSet.of(EXPIRED, REVOKED, FAILED),
        EnumSet.copyOf(
            Arrays.stream(ConsentStatus.values()).filter(ConsentStatus::isFinal).toList()));
    assertEquals(
        EnumSet.of(AUTHORIZED, ACTIVE),
        EnumSet.copyOf(
            Arrays.stream(ConsentStatus.values()).filter(ConsentStatus::readsData).toList()));
    for (ConsentStatus s : ConsentStatus.values()) {
      assertEquals(s, ConsentStatus.fromWire(s.wire()));
    }
    assertEquals("sca_url_retrieved", SCA_URL_RETRIEVED.wire());
    assertEquals("awaiting_authz", AWAITING_AUTHZ.wire());
  }
}
