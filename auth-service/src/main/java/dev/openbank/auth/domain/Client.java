package dev.openbank.auth.domain;

import java.time.Instant;
import java.util.Set;

/**
 * A registered API client. The secret hash and JWKS stay inside auth-service; REST responses use
 * their own DTOs.
 */
public record Client(
    String clientId,
    String name,
    String environment,
    Set<String> scopes,
    String uxTemplate,
    String webhookUrl,
    boolean requireDpop,
    byte[] secretHash,
    String jwks,
    String status,
    Instant createdAt,
    Instant updatedAt) {

  public boolean active() {
    return "active".equals(status);
  }
}
