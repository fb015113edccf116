package dev.openbank.sandbox.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One generated transaction of a sandbox account.
 *
 * @param amount negative for a debit
 * @param booked false for the pending transactions of the last two days
 */
public record GeneratedTransaction(
    String transactionId,
    LocalDate date,
    BigDecimal amount,
    String counterpartyName,
    String counterpartyIban,
    String remittance,
    String bankTransactionCode,
    boolean booked) {}
