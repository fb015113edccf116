-- The API client's environment decides which providers may carry the link (registry environments).
ALTER TABLE link ADD COLUMN environment text NOT NULL DEFAULT 'sandbox';
ALTER TABLE link ALTER COLUMN environment DROP DEFAULT;
-- Where the debtor authorises the payment at the bank, once it was initiated there.
ALTER TABLE link ADD COLUMN sca_url text;

-- The payment at the bank behind a link: at most one per link, so a link can never be paid twice.
-- A row with payment_id NULL is an initiation in progress, held by claim_id until claimed_until;
-- only the holder of the claim may record the bank's answer.
CREATE TABLE bank_payment (
    link_id            uuid PRIMARY KEY REFERENCES link (id),
    provider_code      text NOT NULL,
    payment_method_id  text NOT NULL,
    base_url           text NOT NULL,
    payment_product    text NOT NULL,
    reports_funds      boolean NOT NULL,
    claim_id           uuid,
    claimed_until      timestamptz,
    payment_id         text,
    transaction_status text,
    next_check_at      timestamptz,
    checks             integer NOT NULL DEFAULT 0,
    last_error         text,
    initiated_at       timestamptz,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX bank_payment_due ON bank_payment (next_check_at) WHERE next_check_at IS NOT NULL;
