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
  private final Duration lifetime = Duration.ofSeconds(300);
  private final Duration refresh = Duration.ofSeconds(10);
  private final Duration skew = Duration.ofSeconds(30);

  private SigningKey key(String kid, Instant activates, Instant unpublish) {
    return new SigningKey(kid, "RS256", null, null, activates, unpublish);
  }

  private List<String> kids(List<SigningKey> keys) {
    return keys.stream().map(SigningKey::kid).toList();
  }

  @Test
  void aScheduledNextKeyIsPublishedBeforeItSigns() {
    Instant rotatedAt = t0.plus(Duration.ofDays(30));
    Instant activates = KeyRing.activationOfNext(rotatedAt, refresh, skew);
    assertEquals(rotatedAt.plusSeconds(40), activates);
    Instant unpublish = KeyRing.unpublishAt(activates, lifetime, refresh, skew);
    List<SigningKey> keys = List.of(key("old", t0, unpublish), key("next", activates, null));

    // between rotation and activation: both published, the old key still signs
    Instant between = rotatedAt.plusSeconds(5);
    assertEquals(List.of("next", "old"), kids(KeyRing.published(keys, between)));
    assertEquals("old", KeyRing.current(keys, between).orElseThrow().kid());

    // after activation the next key signs, the old one stays until its tokens expired
    assertEquals("next", KeyRing.current(keys, activates).orElseThrow().kid());
    assertEquals(List.of("next", "old"), kids(KeyRing.published(keys, unpublish.minusSeconds(1))));
    assertEquals(List.of("next"), kids(KeyRing.published(keys, unpublish)));
    assertEquals(activates.plusSeconds(340), unpublish);
  }

  @Test
  void rotationIsDueWithNoKeyOrAnOldOneButNotWhileOneIsPending() {
    Duration period = Duration.ofDays(30);
    assertTrue(KeyRing.rotationDue(List.of(), t0, period));
    List<SigningKey> keys = List.of(key("k", t0, null));
    assertFalse(KeyRing.rotationDue(keys, t0.plus(Duration.ofDays(29)), period));
    assertTrue(KeyRing.rotationDue(keys, t0.plus(period), period));
    Instant later = t0.plus(period);
    List<SigningKey> pending =
        List.of(key("k", t0, later.plusSeconds(400)), key("next", later.plusSeconds(40), null));
    assertFalse(KeyRing.rotationDue(pending, later.plusSeconds(1), period));
  }

  @Test
  void anUnpublishedKeyNeverSigns() {
    List<SigningKey> keys = List.of(key("revoked", t0, t0.plusSeconds(1)));
    assertTrue(KeyRing.current(keys, t0.plusSeconds(2)).isEmpty());
  }
}
