package dev.openbank.commons.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as stored in the outbox and published to Kafka as a CloudEvent.
 *
 * @param eventId unique id; also the CloudEvent id and the payload's {@code event_id}
 * @param topic Kafka topic, one per aggregate type (e.g. {@code consent-status})
 * @param aggregateType e.g. {@code consent}
 * @param aggregateId the record key, so one aggregate's events stay in order on one partition
 * @param type the event type, e.g. {@code consent_status_update}
 * @param payload the exact JSON bytes consumers receive
 */
public record OutboxEvent(
    UUID eventId,
    String topic,
    String aggregateType,
    String aggregateId,
    String type,
    String payload,
    Instant occurredAt) {}
