-- The W3C trace context of the change that wrote an outbox event, so the relay publishes the event
-- in that trace (traceparent Kafka header) and consumers continue it. Repeatable and idempotent:
-- it does not depend on the order of the services' own versioned migrations.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent text;
