package dev.openbank.webhooks.repository;

import java.time.Instant;

/**
 * What one attempt did, to record: the attempt row and the delivery's new state.
 *
 * @param delivery the delivery as claimed (with the claim the attempt was made under)
 * @param status the delivery's new status: pending (retry at {@code nextAttemptAt}), succeeded,
 *     failed or dead
 * @param counted false when no request was made (the endpoint's breaker was open)
 */
public record AttemptResult(
    Due delivery,
    int attempt,
    Instant startedAt,
    Integer statusCode,
    int latencyMs,
    String error,
    String status,
    Instant nextAttemptAt,
    boolean counted) {}
