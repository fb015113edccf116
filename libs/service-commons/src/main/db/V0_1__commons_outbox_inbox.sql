-- Shared by every service (from service-commons): the transactional outbox and the inbox
-- that makes consumers idempotent. Lives in the service's own schema.

CREATE TABLE outbox_event (
    seq            bigserial PRIMARY KEY,
    event_id       uuid        NOT NULL UNIQUE,
    topic          text        NOT NULL,
    aggregate_type text        NOT NULL,
    aggregate_id   text        NOT NULL,
    event_type     text        NOT NULL,
    payload        text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    published_at   timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    last_error     text
);

-- The relay reads only unpublished rows, in order.
CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE published_at IS NULL;

CREATE TABLE inbox_event (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
