package dev.openbank.pis.domain;

import static dev.openbank.pis.domain.LinkStatus.CANCELLED;
import static dev.openbank.pis.domain.LinkStatus.COMPLETED;
import static dev.openbank.pis.domain.LinkStatus.CREATED;
import static dev.openbank.pis.domain.LinkStatus.EXPIRED;
import static dev.openbank.pis.domain.LinkStatus.FAILED;
import static dev.openbank.pis.domain.LinkStatus.FUNDS_RECEIVED;
import static dev.openbank.pis.domain.LinkStatus.FUNDS_REJECTED;
import static dev.openbank.pis.domain.LinkStatus.PENDING;
import static dev.openbank.pis.domain.LinkStatus.SCA_PENDING;
import static dev.openbank.pis.domain.LinkStatus.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinkStatusTest {

  /** Every legal change; everything else, for every pair, is illegal. */
  private static final Map<LinkStatus, Set<LinkStatus>> LEGAL =
      Map.of(
          CREATED, EnumSet.of(STARTED, CANCELLED, EXPIRED),
          STARTED, EnumSet.of(SCA_PENDING, PENDING, COMPLETED, FAILED, CANCELLED, EXPIRED),
          SCA_PENDING, EnumSet.of(PENDING, COMPLETED, FAILED, CANCELLED),
          PENDING, EnumSet.of(COMPLETED, FAILED, CANCELLED),
          COMPLETED, EnumSet.of(FUNDS_RECEIVED, FUNDS_REJECTED));

  @Test
  void everyPairIsLegalExactlyWhenTheTableSaysSo() {
    int checked = 0;
    for (LinkStatus from : LinkStatus.values()) {
      for (LinkStatus to : LinkStatus.values()) {
        boolean legal = LEGAL.getOrDefault(from, Set.of()).contains(to);
        assertEquals(legal, from.canBecome(to), from + " -> " + to);
        checked++;
      }
    }
    assertEquals(100, checked);
  }

  @Test
  void finalStatusesAndCancellation() {
    assertEquals(
        EnumSet.of(FAILED, CANCELLED, EXPIRED, FUNDS_RECEIVED, FUNDS_REJECTED),
        EnumSet.copyOf(
            java.util.Arrays.stream(LinkStatus.values()).filter(LinkStatus::isFinal).toList()));
    assertEquals(
        EnumSet.of(CREATED, STARTED),
        EnumSet.copyOf(
            java.util.Arrays.stream(LinkStatus.values()).filter(LinkStatus::cancellable).toList()));
  }

  @Test
  void wireNamesRoundTrip() {
    for (LinkStatus s : LinkStatus.values()) {
      assertEquals(s, LinkStatus.fromWire(s.wire()));
    }
    assertEquals("sca_pending", SCA_PENDING.wire());
    assertEquals("funds_received", FUNDS_RECEIVED.wire());
  }
}
