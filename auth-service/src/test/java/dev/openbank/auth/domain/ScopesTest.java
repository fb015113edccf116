package dev.openbank.auth.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {

  private final Set<String> allowed = Set.of("ais", "providers");

  @Test
  void grantsASubsetOrEverythingWhenNoneRequested() {
    assertEquals(Set.of("ais"), Scopes.grant("ais", allowed));
    assertEquals(allowed, Scopes.grant(null, allowed));
    assertEquals(allowed, Scopes.grant("providers ais", allowed));
  }

  @Test
  void refusesMoreThanAllowedOrMalformed() {
    assertNull(Scopes.grant("ais admin", allowed));
    assertNull(Scopes.grant("ais  providers", allowed));
    assertNull(Scopes.grant(" ais", allowed));
    assertNull(Scopes.grant("ais\\", allowed));
  }

  @Test
  void formatsInAStableOrder() {
    assertEquals(
        "ais pay_by_link providers", Scopes.format(Set.of("providers", "pay_by_link", "ais")));
  }
}
