-- Identity schema. Rule-bearing times (expiries, locks, windows) are always written
-- from the service's injected clock; DEFAULTs exist only for bookkeeping columns.

-- +goose Up
CREATE TABLE accounts (
    id                    uuid PRIMARY KEY,
    email                 text NOT NULL,
    -- lower(email): one login ID whatever the case (EMAIL-1).
    email_key             text NOT NULL,
    role                  text NOT NULL CHECK (role IN ('provisional', 'primary', 'additional', 'staff')),
    status                text NOT NULL CHECK (status IN ('pending_password', 'active', 'withdrawn')),
    establishment_id      uuid,
    establishment_number  text,
    office_code           text,
    -- argon2id PHC string; NULL until the password is registered (OPEN-2).
    password_hash         text,
    -- LOGIN-1: wrong passwords since the last success or lock expiry, counted BEFORE
    -- the hash comparison (a reservation) so parallel guesses cannot overshoot.
    failed_password_count integer NOT NULL DEFAULT 0,
    locked_until          timestamptz,
    -- D5: wrong passwords since the last success; lock expiry does not reset it.
    consecutive_failures  integer NOT NULL DEFAULT 0,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    withdrawn_at          timestamptz,
    version               bigint NOT NULL DEFAULT 1,
    CONSTRAINT accounts_email_key_unique UNIQUE (email_key),
    CONSTRAINT accounts_employer_has_establishment CHECK (role NOT IN ('primary', 'additional') OR establishment_id IS NOT NULL),
    CONSTRAINT accounts_staff_has_office CHECK (role <> 'staff' OR office_code IS NOT NULL)
);
-- One primary account per establishment (OPEN-1/2/3 never make a second one).
CREATE UNIQUE INDEX accounts_one_primary ON accounts (establishment_id) WHERE role = 'primary';
CREATE INDEX accounts_establishment ON accounts (establishment_id);
CREATE INDEX accounts_establishment_number ON accounts (establishment_number) WHERE role = 'primary';
CREATE INDEX accounts_withdrawn ON accounts (withdrawn_at) WHERE status = 'withdrawn';

-- AUTHKEY-1. At most one live key per step and address: a new request voids the old.
CREATE TABLE auth_keys (
    id                   uuid PRIMARY KEY,
    purpose              text NOT NULL CHECK (purpose IN ('registration', 'password_registration', 'password_reset', 'restore', 'email_change')),
    email_key            text NOT NULL,
    email                text NOT NULL,
    account_id           uuid REFERENCES accounts (id) ON DELETE CASCADE,
    -- OPEN-3: the establishment the verified account creation code belongs to.
    establishment_id     uuid,
    establishment_number text,
    office_code          text,
    key_hash             bytea NOT NULL,
    issued_at            timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    failed_attempts      integer NOT NULL DEFAULT 0,
    consumed_at          timestamptz,
    voided_at            timestamptz
);
CREATE UNIQUE INDEX auth_keys_one_live ON auth_keys (purpose, email_key) WHERE consumed_at IS NULL AND voided_at IS NULL;
CREATE INDEX auth_keys_account ON auth_keys (account_id);

-- LOGIN-2: a password step that succeeded, awaiting its one-time password.
CREATE TABLE login_attempts (
    id              uuid PRIMARY KEY,
    account_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    state           text NOT NULL CHECK (state IN ('otp_pending', 'completed', 'invalidated', 'superseded')),
    otp_hash        bytea NOT NULL,
    otp_issued_at   timestamptz NOT NULL,
    otp_expires_at  timestamptz NOT NULL,
    otp_failures    integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    ip              text NOT NULL DEFAULT '',
    user_agent      text NOT NULL DEFAULT ''
);
CREATE INDEX login_attempts_account ON login_attempts (account_id) WHERE state = 'otp_pending';

-- LOGIN-2 hourly cap on one-time passwords per account.
CREATE TABLE otp_issuances (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL
);
CREATE INDEX otp_issuances_account ON otp_issuances (account_id, issued_at);

-- Opaque sessions; only the keyed hash of the token is kept.
CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    account_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash    bytea NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    ip            text NOT NULL DEFAULT '',
    user_agent    text NOT NULL DEFAULT '',
    -- how the second factor was met: otp, device (LOGIN-3) or terminal (LOGIN-4)
    method        text NOT NULL CHECK (method IN ('otp', 'device', 'terminal'))
);
CREATE INDEX sessions_account ON sessions (account_id) WHERE revoked_at IS NULL;

-- LOGIN-3 trusted devices (OTP skip); only the keyed hash of the token is kept.
CREATE TABLE trusted_devices (
    id           uuid PRIMARY KEY,
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX trusted_devices_account ON trusted_devices (account_id) WHERE revoked_at IS NULL;

-- LOGIN-4 visitor terminals; only the keyed hash of the credential is kept.
CREATE TABLE visitor_terminals (
    id           uuid PRIMARY KEY,
    office_code  text NOT NULL,
    display_name text NOT NULL,
    secret_hash  bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    revoked_at   timestamptz
);

-- Fixed-window rate limits per IP and per account, windows from the injected clock.
CREATE TABLE rate_limits (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- Append-only security audit trail (who, what, when, from where, outcome).
CREATE TABLE audit_events (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at        timestamptz NOT NULL,
    action             text NOT NULL,
    outcome            text NOT NULL,
    actor_account_id   uuid,
    actor_role         text NOT NULL DEFAULT '',
    subject_account_id uuid,
    establishment_id   uuid,
    office_code        text NOT NULL DEFAULT '',
    ip                 text NOT NULL DEFAULT '',
    user_agent         text NOT NULL DEFAULT '',
    detail             text NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_subject ON audit_events (subject_account_id, occurred_at DESC);
CREATE INDEX audit_events_establishment ON audit_events (establishment_id, occurred_at DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE rate_limits;
DROP TABLE visitor_terminals;
DROP TABLE trusted_devices;
DROP TABLE sessions;
DROP TABLE otp_issuances;
DROP TABLE login_attempts;
DROP TABLE auth_keys;
DROP TABLE accounts;
