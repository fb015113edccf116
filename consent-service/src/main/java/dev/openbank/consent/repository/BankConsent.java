package dev.openbank.consent.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * The consent at the bank behind an AIS consent. {@code bankConsentId} is null while it is being
 * requested; {@code nextCheckAt} is null once nothing more is read.
 */
public record BankConsent(
    UUID consentId,
    String providerCode,
    String aisMethodId,
    String baseUrl,
    String bankConsentId,
    String bankStatus,
    Instant nextCheckAt,
    int checks,
    boolean revokeAtBank) {}
