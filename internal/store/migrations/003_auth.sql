-- Access control: API tokens (stored as SHA-256 hashes) and web sessions.
CREATE TABLE api_tokens (
    id         bigserial PRIMARY KEY,
    user_name  text NOT NULL,
    hash       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used  timestamptz,
    revoked_at timestamptz
);

CREATE TABLE sessions (
    hash       text PRIMARY KEY,
    user_name  text NOT NULL,
    token_id   bigint REFERENCES api_tokens (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
