package dev.openbank.webhooks.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the delivery log and the event feed (snake_case). */
public final class WebhookDtos {

  private WebhookDtos() {}

  static final String STATUSES = "pending|delivering|succeeded|failed|dead";
  static final String TYPES = "consent_status_update|job_status_update|link_status_update";

  @RegisterForReflection
  public record DeliveryFilter(
      @Pattern(regexp = STATUSES, message = "must be one of " + STATUSES) String status,
      @Pattern(regexp = TYPES, message = "must be one of " + TYPES) String eventType,
      UUID eventId) {}

  @RegisterForReflection
  public record ListDeliveries(@Valid DeliveryFilter filter, @Valid PageRequest pagination) {}

  @RegisterForReflection
  public record RetryDeliveries(@NotEmpty @Size(max = 100) List<@NotNull UUID> deliveryIds) {}

  @RegisterForReflection
  public record EventFilter(
      @Pattern(regexp = TYPES, message = "must be one of " + TYPES) String type,
      Instant occurredAtFrom) {}

  @RegisterForReflection
  public record ListEvents(@Valid EventFilter filter, @Valid PageRequest pagination) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Attempt(int attempt, Instant at, Integer statusCode, int latencyMs, String error) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delivery(
      UUID deliveryId,
      UUID eventId,
      String eventType,
      String url,
      String status,
      int attemptCount,
      Instant nextAttemptAt,
      Integer lastStatusCode,
      String lastError,
      Instant createdAt,
      Instant deliveredAt,
      List<Attempt> attempts) {}

  @RegisterForReflection
  public record DeliveryPage(PageInfo pagination, List<Delivery> deliveries) {}

  @RegisterForReflection
  public record Retried(List<UUID> retried) {}

  /** An event as delivered: {@code data} is the exact webhook body. */
  @RegisterForReflection
  public record Event(UUID eventId, String type, Instant occurredAt, @JsonRawValue String data) {}

  @RegisterForReflection
  public record EventPage(PageInfo pagination, List<Event> events) {}
}
