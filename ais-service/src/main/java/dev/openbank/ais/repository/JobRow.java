package dev.openbank.ais.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * A data job as stored. {@code accounts}, {@code balances} and {@code transactions} are what the
 * job read from the bank (null until it completed); {@code transactions} counts entries new to the
 * store. {@code psuIpAddress} is set for an attended job (the end user present): its reads are not
 * counted against the consent's reads a day.
 */
public record JobRow(
    UUID id,
    String clientId,
    UUID consentId,
    String trigger,
    String status,
    boolean fullHistory,
    String psuIpAddress,
    int attempts,
    String errorCode,
    String error,
    Integer accounts,
    Integer balances,
    Integer transactions,
    Instant insertedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt) {}
