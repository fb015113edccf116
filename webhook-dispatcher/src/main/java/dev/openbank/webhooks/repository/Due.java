package dev.openbank.webhooks.repository;

import java.util.UUID;

/**
 * A delivery claimed for an attempt, with the exact body to send.
 *
 * @param aggregateId its object (per-object order is kept per URL and object)
 * @param claim this replica's claim; recording the outcome needs it
 */
public record Due(
    UUID id, UUID eventId, String url, String aggregateId, int attempts, String body, UUID claim) {}
