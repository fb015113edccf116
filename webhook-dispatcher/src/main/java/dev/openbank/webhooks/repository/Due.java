package dev.openbank.webhooks.repository;

import java.util.UUID;

/**
 * A delivery claimed for an attempt, with the exact body to send.
 *
 * @param claim this replica's claim; recording the outcome needs it
 */
public record Due(UUID id, UUID eventId, String url, int attempts, String body, UUID claim) {}
