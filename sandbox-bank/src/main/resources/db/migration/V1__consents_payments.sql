-- AIS consents as the bank holds them.
CREATE TABLE consent (
    id                text PRIMARY KEY,
    aspsp             text NOT NULL,
    status            text NOT NULL,
    sca_status        text NOT NULL,
    authorisation_id  text NOT NULL,
    access            jsonb NOT NULL,
    recurring         boolean NOT NULL,
    valid_until       date NOT NULL,
    frequency_per_day int NOT NULL,
    redirect_uri      text,
    nok_redirect_uri  text,
    psu_id            text,
    -- resource ids granted at SCA, per service: {"accounts": [...], "balances": [...], "transactions": [...]}
    granted           jsonb,
    errors_served     int NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    authorised_at     timestamptz,
    last_action_date  date NOT NULL DEFAULT CURRENT_DATE
);

-- Unattended reads per consent, account, resource and day (frequencyPerDay).
CREATE TABLE access_count (
    consent_id text NOT NULL REFERENCES consent (id) ON DELETE CASCADE,
    account_id text NOT NULL,
    resource   text NOT NULL,
    day        date NOT NULL,
    count      int NOT NULL,
    PRIMARY KEY (consent_id, account_id, resource, day)
);

-- Payment initiations and their transactionStatus.
CREATE TABLE payment (
    id                 text PRIMARY KEY,
    aspsp              text NOT NULL,
    product            text NOT NULL,
    status             text NOT NULL,
    sca_status         text NOT NULL,
    authorisation_id   text NOT NULL,
    end_to_end_id      text,
    debtor_iban        text,
    creditor_iban      text NOT NULL,
    creditor_name      text NOT NULL,
    amount             numeric(17, 2) NOT NULL,
    currency           char(3) NOT NULL,
    remittance         text,
    redirect_uri       text,
    nok_redirect_uri   text,
    notification_uri   text,
    psu_id             text,
    funds_available    boolean,
    created_at         timestamptz NOT NULL DEFAULT now(),
    status_changed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payment_progress ON payment (status, status_changed_at);
CREATE INDEX consent_pending ON consent (status, created_at);
