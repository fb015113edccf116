-- ais-service's data (decision 0013). Every table carries client_id first in its keys: every read
-- filters on the client, and a client's 10M transactions are reached through one index range, never
-- a scan of other clients' rows.

-- Consents as ais-service knows them: consent-service's terms and bank access, copied on each of its
-- status events (consent-service stays the owner). next_refresh_at: the next scheduled data job.
CREATE TABLE consent (
    id                uuid PRIMARY KEY,
    client_id         text NOT NULL,
    status            text NOT NULL,
    scope             text[] NOT NULL,
    valid_until       date NOT NULL,
    frequency_per_day integer NOT NULL,
    device_id         text,
    webhook_url       text,
    authorized_at     timestamptz,
    provider_code     text,
    base_url          text,
    bank_consent_id   text,
    next_refresh_at   timestamptz,
    purged_at         timestamptz,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX consent_refresh_due ON consent (next_refresh_at) WHERE next_refresh_at IS NOT NULL;
CREATE INDEX consent_purge_due ON consent (updated_at)
    WHERE status IN ('revoked', 'expired', 'failed') AND purged_at IS NULL;

-- Data jobs: queued -> running -> completed | failed. A running job is held until lease_until; a job
-- whose lease ran out (its replica died, or a bank fault is retried later) is taken again.
CREATE TABLE job (
    id            uuid PRIMARY KEY,
    client_id     text NOT NULL,
    consent_id    uuid NOT NULL REFERENCES consent (id),
    trigger       text NOT NULL CHECK (trigger IN ('authorized', 'scheduled', 'client')),
    status        text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    full_history  boolean NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    run_after     timestamptz NOT NULL,
    lease_until   timestamptz,
    error_code    text,
    error         text,
    accounts      integer,
    balances      integer,
    transactions  integer,
    inserted_at   timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX job_due ON job (run_after) WHERE status = 'queued';
CREATE INDEX job_lease ON job (lease_until) WHERE status = 'running';
CREATE INDEX job_consent ON job (consent_id, inserted_at);

CREATE TABLE account (
    id                uuid PRIMARY KEY,
    client_id         text NOT NULL,
    consent_id        uuid NOT NULL REFERENCES consent (id),
    resource_id       text NOT NULL,          -- the bank's account id under this consent
    iban              text,
    currency          char(3),
    name              text,
    product           text,
    cash_account_type text,
    owner_name        text,
    updated_at        timestamptz NOT NULL,
    UNIQUE (consent_id, resource_id)
);
CREATE INDEX account_client ON account (client_id, consent_id, id);

-- Balance history: one row per account, type and reference date.
CREATE TABLE balance (
    client_id      text NOT NULL,
    consent_id     uuid NOT NULL,
    account_id     uuid NOT NULL REFERENCES account (id),
    balance_type   text NOT NULL,             -- closingBooked, interimAvailable, ...
    reference_date date NOT NULL,
    amount         numeric(18, 3) NOT NULL,   -- signed
    currency       char(3) NOT NULL,
    last_change    timestamptz,
    fetched_at     timestamptz NOT NULL,
    PRIMARY KEY (account_id, balance_type, reference_date)
);
CREATE INDEX balance_client_keyset
    ON balance (client_id, consent_id, reference_date DESC, account_id DESC, balance_type DESC);

-- One row per bank entry; (account_id, key) makes a re-fetch an upsert that changes nothing.
-- The keyset is (date DESC, id DESC) under the consent (or one account): newest first, stable
-- under inserts. date is the booking date, else the value date, else the day it was fetched.
CREATE TABLE transaction (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id      text NOT NULL,
    consent_id     uuid NOT NULL,
    account_id     uuid NOT NULL REFERENCES account (id),
    key            text NOT NULL,
    status         text NOT NULL CHECK (status IN ('booked', 'pending')),
    date           date NOT NULL,
    booking_date   date,
    value_date     date,
    amount         numeric(18, 3) NOT NULL CHECK (amount >= 0),
    currency       char(3) NOT NULL,
    credit_debit   char(4) NOT NULL CHECK (credit_debit IN ('CRDT', 'DBIT')),
    counterparty   text,
    remittance     text,
    end_to_end_id  text,
    bank_code      text,
    fetched_at     timestamptz NOT NULL,
    UNIQUE (account_id, key)
);
CREATE INDEX transaction_consent_keyset ON transaction (client_id, consent_id, date DESC, id DESC);
CREATE INDEX transaction_account_keyset ON transaction (client_id, account_id, date DESC, id DESC);
