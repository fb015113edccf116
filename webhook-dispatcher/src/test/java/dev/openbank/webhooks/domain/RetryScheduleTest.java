package dev.openbank.webhooks.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private static final List<Duration> SVIX_LIKE =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10),
          Duration.ofHours(14),
          Duration.ofHours(20));

  @Test
  void theDefaultScheduleSpansAboutThreeDays() {
    Duration span = new RetrySchedule(SVIX_LIKE, 0.2, Duration.ofHours(24)).span();
    assertTrue(
        span.compareTo(Duration.ofHours(60)) > 0 && span.compareTo(Duration.ofHours(80)) < 0,
        span.toString());
  }

  @Test
  void eachRetryWaitsItsDelayWithinTheJitter() {
    RetrySchedule s = new RetrySchedule(SVIX_LIKE, 0.2, Duration.ofHours(24));
    SplittableRandom random = new SplittableRandom(7);
    for (int attempt = 1; attempt <= SVIX_LIKE.size(); attempt++) {
      long base = SVIX_LIKE.get(attempt - 1).toMillis();
      for (int i = 0; i < 50; i++) {
        long wait = s.next(attempt, null, random).orElseThrow().toMillis();
        assertTrue(wait >= base * 0.8 && wait <= base * 1.2, attempt + ": " + wait);
      }
    }
    assertEquals(
        Optional.empty(), s.next(SVIX_LIKE.size() + 1, null, random), "dead after the schedule");
  }

  @Test
  void retryAfterWinsWhenLongerAndIsCapped() {
    RetrySchedule s = new RetrySchedule(List.of(Duration.ofSeconds(5)), 0, Duration.ofMinutes(10));
    SplittableRandom random = new SplittableRandom(1);
    assertEquals(Duration.ofSeconds(5), s.next(1, Duration.ofSeconds(1), random).orElseThrow());
    assertEquals(Duration.ofSeconds(90), s.next(1, Duration.ofSeconds(90), random).orElseThrow());
    assertEquals(Duration.ofMinutes(10), s.next(1, Duration.ofHours(5), random).orElseThrow());
  }

  @Test
  void answersAreClassified() {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");
    assertTrue(Outcome.of(200, null, now) instanceof Outcome.Delivered);
    assertTrue(Outcome.of(204, null, now) instanceof Outcome.Delivered);
    for (int refused : new int[] {400, 401, 403, 404, 410, 422}) {
      assertTrue(Outcome.of(refused, null, now) instanceof Outcome.Refused, "" + refused);
    }
    for (int retried : new int[] {408, 429, 500, 502, 503, 504}) {
      assertTrue(Outcome.of(retried, null, now) instanceof Outcome.Retry, "" + retried);
    }
    assertEquals(
        Duration.ofSeconds(120), ((Outcome.Retry) Outcome.of(429, "120", now)).retryAfter());
    assertEquals(
        Duration.ofSeconds(30),
        ((Outcome.Retry) Outcome.of(503, "Sat, 21 Nov 2026 10:00:30 GMT", now)).retryAfter());
    assertEquals(null, ((Outcome.Retry) Outcome.of(503, "soon", now)).retryAfter());
  }
}
