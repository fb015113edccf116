package dev.openbank.pis.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * The payment at the bank behind a link. {@code paymentId} is null while the initiation is in
 * progress; {@code nextCheckAt} is null once nothing more can change.
 */
public record BankPayment(
    UUID linkId,
    String providerCode,
    String paymentMethodId,
    String baseUrl,
    String paymentProduct,
    boolean reportsFunds,
    String paymentId,
    String transactionStatus,
    Instant nextCheckAt,
    int checks) {}
