-- Payment links. amount is as the client wrote it (its scale is kept); inserted_at + id is the keyset.
CREATE TABLE link (
    id               uuid PRIMARY KEY,
    web_id           text NOT NULL UNIQUE,
    client_id        text NOT NULL,
    status           text NOT NULL,
    amount           numeric(15, 3) NOT NULL,
    amount_text      text NOT NULL,
    currency         char(3) NOT NULL,
    creditor_name    text NOT NULL,
    creditor_iban    text NOT NULL,
    description      text,
    goods            jsonb NOT NULL,
    flow_type        text NOT NULL,
    provider_code    text,
    payment_method_id text,
    redirect_url     text,
    webhook_url      text,
    ux_template      text,
    expires_at       timestamptz NOT NULL,
    inserted_at      timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX link_client_keyset ON link (client_id, inserted_at, id);
CREATE INDEX link_expiry ON link (expires_at) WHERE status IN ('created', 'started');

-- Every status a link has had, with its time.
CREATE TABLE link_status_history (
    link_id uuid NOT NULL REFERENCES link (id),
    status  text NOT NULL,
    at      timestamptz NOT NULL
);
CREATE INDEX link_status_history_link ON link_status_history (link_id, at);

-- Idempotency-Key per client: the first result of a create is returned again.
CREATE TABLE idempotency_key (
    client_id    text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    link_id      uuid NOT NULL REFERENCES link (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, key)
);
