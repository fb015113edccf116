-- auth-service schema: API clients, token-signing keys, replay protection, throttling, audit.

CREATE TABLE client (
    client_id     text PRIMARY KEY,
    name          text        NOT NULL,
    environment   text        NOT NULL CHECK (environment IN ('sandbox', 'production')),
    scopes        text[]      NOT NULL,
    ux_template   text        NOT NULL,
    webhook_url   text,
    require_dpop  boolean     NOT NULL DEFAULT false,
    -- HMAC-SHA256(server secret-hash key, client_secret); the secret itself is never stored
    secret_hash   bytea,
    jwks          text,
    status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX client_keyset ON client (created_at, client_id);

-- Token-signing keys. The private key is AES-256-GCM encrypted with the master key.
-- A key signs from activates_at until a newer key activates; scheduled rotations create the
-- next key ahead of its activation so every replica publishes it before anyone signs with it.
CREATE TABLE signing_key (
    kid                 text PRIMARY KEY,
    alg                 text        NOT NULL,
    public_jwk          text        NOT NULL,
    private_key_enc     bytea       NOT NULL,
    created_at          timestamptz NOT NULL,
    activates_at        timestamptz NOT NULL,
    -- set when a newer key replaces it: after this instant the public key leaves the JWKS
    unpublish_at        timestamptz
);

-- private_key_jwt assertions already used (jti single use until the assertion expires).
CREATE TABLE used_assertion (
    client_id  text        NOT NULL,
    jti        text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX used_assertion_expiry ON used_assertion (expires_at);

-- Failed token requests per presented client_id (known or not), for throttling.
CREATE TABLE auth_failure (
    client_id     text PRIMARY KEY,
    failures      integer     NOT NULL,
    window_start  timestamptz NOT NULL,
    locked_until  timestamptz
);

CREATE TABLE admin_audit (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text        NOT NULL,
    action     text        NOT NULL,
    client_id  text,
    details    text
);
CREATE INDEX admin_audit_client ON admin_audit (client_id, id);
