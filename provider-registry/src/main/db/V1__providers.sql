-- Providers (banks) with their public payment and AIS methods, as clients see them.
CREATE TABLE provider (
    code            text PRIMARY KEY,
    name            text NOT NULL,
    country         char(2) NOT NULL,
    bic             text,
    logo_url        text,
    status          text NOT NULL,
    environments    text[] NOT NULL,
    payment_methods jsonb NOT NULL,
    ais_methods     jsonb NOT NULL,
    -- SHA-256 of the imported entry (connectors included): an identical re-import changes nothing
    content_hash    text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX provider_country ON provider (country, code);

-- How the platform reaches each method's bank; never returned to API clients.
CREATE TABLE connector (
    provider_code text NOT NULL REFERENCES provider (code) ON DELETE CASCADE,
    method_kind   text NOT NULL CHECK (method_kind IN ('payment', 'ais')),
    method_id     text NOT NULL,
    base_url      text NOT NULL,
    quirks        jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (provider_code, method_kind, method_id)
);
