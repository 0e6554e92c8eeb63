-- Sessions: ephemeral, not event-sourced. Only SHA-256 hashes of the session
-- token and of its CSRF token are stored, never the tokens themselves.
CREATE TABLE auth_sessions (
    id_hash             bytea       PRIMARY KEY CHECK (length(id_hash) = 32),
    account_id          text        NOT NULL CHECK (account_id <> ''),
    org_id              text        NOT NULL,
    csrf_hash           bytea       NOT NULL CHECK (length(csrf_hash) = 32),
    created_at          timestamptz NOT NULL,
    last_seen_at        timestamptz NOT NULL,
    idle_expires_at     timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    revoked_at          timestamptz,
    user_agent          text        NOT NULL DEFAULT '',
    ip                  text        NOT NULL DEFAULT '',
    CHECK (idle_expires_at <= absolute_expires_at)
);

-- RevokeAllForAccount and RevokeOthers.
CREATE INDEX auth_sessions_account ON auth_sessions (account_id) WHERE revoked_at IS NULL;
-- Prune: idle_expires_at is never after absolute_expires_at, so a session is
-- dead at idle_expires_at at the latest.
CREATE INDEX auth_sessions_idle_expires ON auth_sessions (idle_expires_at);
CREATE INDEX auth_sessions_revoked ON auth_sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- Failed logins, one row per failure per scope, kept for the throttling
-- window only.
CREATE TABLE auth_login_attempts (
    scope        text        NOT NULL CHECK (scope IN ('account', 'ip')),
    key          text        NOT NULL,
    attempted_at timestamptz NOT NULL
);
CREATE INDEX auth_login_attempts_key ON auth_login_attempts (scope, key, attempted_at);
CREATE INDEX auth_login_attempts_time ON auth_login_attempts (attempted_at);

-- Current lockouts: one row per locked account or IP.
CREATE TABLE auth_login_lockouts (
    scope        text        NOT NULL CHECK (scope IN ('account', 'ip')),
    key          text        NOT NULL,
    locked_until timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX auth_login_lockouts_until ON auth_login_lockouts (locked_until);
