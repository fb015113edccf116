-- AIS consents. scope is the data the client may read; the bank side (which bank, its consent id,
-- where the PSU authorises) is filled in when the end user picks the bank.
CREATE TABLE consent (
    id                uuid PRIMARY KEY,
    web_id            text NOT NULL UNIQUE,
    client_id         text NOT NULL,
    environment       text NOT NULL,
    status            text NOT NULL,
    scope             text[] NOT NULL,
    provider_code     text,
    ais_method_id     text,
    valid_until       date NOT NULL,
    frequency_per_day integer NOT NULL,
    redirect_url      text,
    webhook_url       text,
    device_id         text,
    ux_template       text,
    flow_type         text NOT NULL,
    sca_url           text,
    authorized_at     timestamptz,
    inserted_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX consent_client ON consent (client_id, inserted_at, id);
CREATE INDEX consent_expiry ON consent (valid_until)
    WHERE status NOT IN ('expired', 'revoked', 'failed');

CREATE TABLE consent_status_history (
    consent_id uuid NOT NULL REFERENCES consent (id),
    status     text NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX consent_status_history_consent ON consent_status_history (consent_id, at);

-- The consent at the bank: at most one per consent. A row without bank_consent_id is a request in
-- progress, held by claim_id until claimed_until; only the holder records the bank's answer.
CREATE TABLE bank_consent (
    consent_id      uuid PRIMARY KEY REFERENCES consent (id),
    provider_code   text NOT NULL,
    ais_method_id   text NOT NULL,
    base_url        text NOT NULL,
    claim_id        uuid,
    claimed_until   timestamptz,
    bank_consent_id text,
    bank_status     text,
    next_check_at   timestamptz,
    checks          integer NOT NULL DEFAULT 0,
    revoke_at_bank  boolean NOT NULL DEFAULT false,
    last_error      text,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX bank_consent_due ON bank_consent (next_check_at) WHERE next_check_at IS NOT NULL;
