package dev.openbank.pis.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payment link as stored; {@code goods} is JSON. */
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
    Instant updatedAt) {}
