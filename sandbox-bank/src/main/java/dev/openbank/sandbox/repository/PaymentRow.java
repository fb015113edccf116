package dev.openbank.sandbox.repository;

import java.math.BigDecimal;
import java.time.Instant;

/** A payment initiation as the bank holds it; {@code status} is its transactionStatus. */
public record PaymentRow(
    String id,
    String aspsp,
    String product,
    String status,
    String scaStatus,
    String authorisationId,
    String endToEndId,
    String debtorIban,
    String creditorIban,
    String creditorName,
    BigDecimal amount,
    String currency,
    String remittance,
    String redirectUri,
    String nokRedirectUri,
    String notificationUri,
    String psuId,
    Boolean fundsAvailable,
    Instant createdAt) {}
