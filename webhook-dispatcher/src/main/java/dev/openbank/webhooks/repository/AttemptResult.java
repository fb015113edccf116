package dev.openbank.webhooks.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * What one attempt did, to record: the attempt row and the delivery's new state.
 *
 * @param status the delivery's new status: pending (retry at {@code nextAttemptAt}), succeeded,
 *     failed or dead
 * @param counted false when no request was made (the endpoint's breaker was open)
 * @param claim the claim the attempt was made under
 */
public record AttemptResult(
    UUID deliveryId,
    int attempt,
    Instant startedAt,
    Integer statusCode,
    int latencyMs,
    String error,
    String status,
    Instant nextAttemptAt,
    boolean counted,
    UUID claim) {}
