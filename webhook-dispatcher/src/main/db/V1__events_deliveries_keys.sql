-- Every status event, as received (the event feed); body is the exact webhook body.
CREATE TABLE event (
    id           uuid PRIMARY KEY,
    seq          bigserial UNIQUE,
    client_id    text NOT NULL,
    type         text NOT NULL,
    aggregate_id text,
    body         text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_client_seq ON event (client_id, seq);

-- One delivery per event with a webhook URL; its id is the x-webhook-id header.
CREATE TABLE delivery (
    id               uuid PRIMARY KEY,
    seq              bigserial UNIQUE,
    event_id         uuid NOT NULL REFERENCES event (id),
    client_id        text NOT NULL,
    url              text NOT NULL,
    aggregate_id     text NOT NULL,
    -- pending, delivering (leased by a replica), succeeded, failed (refused by the endpoint), dead (schedule exhausted)
    status           text NOT NULL,
    attempts         int NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    lease_until      timestamptz,
    last_status_code int,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_order ON delivery (url, aggregate_id, seq) WHERE status IN ('pending', 'delivering');
CREATE INDEX delivery_client ON delivery (client_id, seq);
CREATE INDEX delivery_lease ON delivery (lease_until) WHERE status = 'delivering';

CREATE TABLE delivery_attempt (
    delivery_id uuid NOT NULL REFERENCES delivery (id),
    n           int NOT NULL,
    started_at  timestamptz NOT NULL,
    status_code int,
    latency_ms  int NOT NULL,
    error       text,
    PRIMARY KEY (delivery_id, n)
);

-- Webhook signing keys; the JWKS is the newest two. Private keys AES-256-GCM sealed.
CREATE TABLE signing_key (
    kid             text PRIMARY KEY,
    alg             text NOT NULL,
    public_jwk      text NOT NULL,
    private_key_enc bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    activates_at    timestamptz NOT NULL
);
