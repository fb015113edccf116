package dev.openbank.webhooks.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How one delivery attempt ended: 2xx delivered; network errors, timeouts, 5xx, 408 and 429 are
 * worth retrying (with the endpoint's Retry-After, when it sends one); any other answer is a
 * refusal, not retried.
 */
public sealed interface Outcome {

  /** The endpoint took it (2xx). */
  record Delivered(int status) implements Outcome {}

  /** Try again later; {@code retryAfter} is the endpoint's wish, or null. */
  record Retry(Integer status, String error, Duration retryAfter) implements Outcome {}

  /** The endpoint refused it (4xx other than 408 and 429): retrying would not help. */
  record Refused(int status) implements Outcome {}

  /** Classifies an HTTP answer; {@code retryAfterHeader} may be null. */
  static Outcome of(int status, String retryAfterHeader, Instant now) {
    if (status >= 200 && status < 300) {
      return new Delivered(status);
    }
    if (status >= 500 || status == 408 || status == 429) {
      return new Retry(status, "HTTP " + status, retryAfter(retryAfterHeader, now));
    }
    return new Refused(status);
  }

  /** Classifies an answer now. */
  static Outcome ofStatus(int status, String retryAfterHeader) {
    return of(status, retryAfterHeader, Instant.now());
  }

  /** RFC 9110 Retry-After: delay-seconds or an HTTP-date; null when absent or unreadable. */
  static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
