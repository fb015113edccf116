package dev.openbank.auth.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  private SigningKey key(String kid, Instant created, Instant retired, Instant unpublish) {
    return new SigningKey(kid, "RS256", null, null, created, retired, unpublish);
  }

  @Test
  void aReplacedKeyStaysPublishedUntilItsLastTokenExpired() {
    Instant retired = t0.plus(Duration.ofDays(30));
    Instant unpublish =
        KeyRing.unpublishAt(
            retired, Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofSeconds(30));
    assertEquals(retired.plusSeconds(340), unpublish);
    List<SigningKey> keys =
        List.of(key("old", t0, retired, unpublish), key("new", retired, null, null));
    assertEquals(
        List.of("new", "old"),
        KeyRing.published(keys, retired.plusSeconds(339)).stream().map(SigningKey::kid).toList());
    assertEquals(
        List.of("new"), KeyRing.published(keys, unpublish).stream().map(SigningKey::kid).toList());
    assertEquals("new", KeyRing.current(keys).orElseThrow().kid());
  }

  @Test
  void rotationIsDueWithNoKeyOrAnOldOne() {
    Duration period = Duration.ofDays(30);
    assertTrue(KeyRing.rotationDue(List.of(), t0, period));
    List<SigningKey> keys = List.of(key("k", t0, null, null));
    assertFalse(KeyRing.rotationDue(keys, t0.plus(Duration.ofDays(29)), period));
    assertTrue(KeyRing.rotationDue(keys, t0.plus(period), period));
  }
}
