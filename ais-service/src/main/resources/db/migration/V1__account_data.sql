-- Account data read under consents (decision 0013). Every table carries client_id first in its
-- keys: every read filters on the client, and a client's 10M transactions are reached through
-- one index range, never a scan of other clients' rows.

CREATE TABLE account (
    id                uuid PRIMARY KEY,
    client_id         text NOT NULL,
    consent_id        uuid NOT NULL,
    resource_id       text NOT NULL,          -- the bank's account id under this consent
    iban              text,
    currency          char(3),
    name              text,
    product           text,
    cash_account_type text,
    updated_at        timestamptz NOT NULL,
    UNIQUE (consent_id, resource_id)
);
CREATE INDEX account_client ON account (client_id, id);

CREATE TABLE balance (
    client_id      text NOT NULL,
    account_id     uuid NOT NULL REFERENCES account (id),
    balance_type   text NOT NULL,             -- closingBooked, interimAvailable, ...
    reference_date date NOT NULL,
    amount         numeric(18, 3) NOT NULL,   -- signed
    currency       char(3) NOT NULL,
    last_change    timestamptz,
    fetched_at     timestamptz NOT NULL,
    PRIMARY KEY (account_id, balance_type, reference_date)
);
CREATE INDEX balance_client_keyset ON balance (client_id, reference_date DESC, account_id, balance_type);

-- One row per bank entry; (account_id, key) makes a re-fetch an upsert that changes nothing.
-- The keyset is (client_id, date DESC, id DESC): newest first, stable under inserts.
CREATE TABLE transaction (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id      text NOT NULL,
    account_id     uuid NOT NULL REFERENCES account (id),
    key            text NOT NULL,
    status         text NOT NULL CHECK (status IN ('booked', 'pending')),
    date           date,
    value_date     date,
    amount         numeric(18, 3) NOT NULL CHECK (amount >= 0),
    currency       char(3) NOT NULL,
    credit_debit   char(4) NOT NULL CHECK (credit_debit IN ('CRDT', 'DBIT')),
    counterparty   text,
    remittance     text,
    end_to_end_id  text,
    fetched_at     timestamptz NOT NULL,
    UNIQUE (account_id, key)
);
CREATE INDEX transaction_client_keyset ON transaction (client_id, date DESC, id DESC);
CREATE INDEX transaction_account_keyset ON transaction (client_id, account_id, date DESC, id DESC);
