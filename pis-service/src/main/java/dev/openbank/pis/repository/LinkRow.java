package dev.openbank.pis.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment link as stored; {@code goods} is JSON. {@code environment} is the creating client's
 * ({@code sandbox} or {@code production}); {@code scaUrl} is set once the payment reached a bank.
 */
public record LinkRow(
    UUID id,
    String webId,
    String clientId,
    String status,
    BigDecimal amount,
    String amountText,
    String currency,
    String creditorName,
    String creditorIban,
    String description,
    String goods,
    String flowType,
    String providerCode,
    String paymentMethodId,
    String redirectUrl,
    String webhookUrl,
    String uxTemplate,
    Instant expiresAt,
    Instant insertedAt,
    Instant updatedAt,
    String environment,
    String scaUrl) {

  /** The same link with another status. */
  public LinkRow withStatus(String newStatus) {
    return new LinkRow(
        id,
        webId,
        clientId,
        newStatus,
        amount,
        amountText,
        currency,
        creditorName,
        creditorIban,
        description,
        goods,
        flowType,
        providerCode,
        paymentMethodId,
        redirectUrl,
        webhookUrl,
        uxTemplate,
        expiresAt,
        insertedAt,
        updatedAt,
        environment,
        scaUrl);
  }
}
