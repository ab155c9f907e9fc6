-- +goose Up
-- One row per mail to one recipient made from one event. Rows are written in the same
-- transaction as the consumer's inbox row (libs/outbox.Consume), so an event is either
-- fully turned into deliveries or not consumed at all.
CREATE TABLE deliveries (
    id              uuid PRIMARY KEY,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    event_time      timestamptz NOT NULL,
    kind            text        NOT NULL,
    recipient       text        NOT NULL,
    message_id      text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
    attempts        integer     NOT NULL CHECK (attempts >= 0),
    last_error      text        NOT NULL,
    -- Rule-bearing times (backoff, give-up, secret expiry) come from the service's
    -- injected clock, never from now(): tests move that clock, and one clock decides.
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    last_attempt_at timestamptz,
    sent_at         timestamptz,
    -- Template data without any secret.
    data            jsonb       NOT NULL,
    -- The auth key / OTP exactly as sealed by identity (AES-GCM, event id as AAD); only
    -- pending rows may keep it.
    sealed_secret   bytea,
    CONSTRAINT deliveries_secret_only_while_pending CHECK (status = 'pending' OR sealed_secret IS NULL)
);

-- Exactly one mail per event and recipient, whatever the case of the address.
CREATE UNIQUE INDEX deliveries_event_recipient_key ON deliveries (event_id, lower(recipient));
-- The sender's queue: only pending rows, by due time.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
-- The staff delivery log, newest first, optionally for one address.
CREATE INDEX deliveries_log ON deliveries (created_at DESC, id DESC);
CREATE INDEX deliveries_by_recipient ON deliveries (lower(recipient), created_at DESC, id DESC);

-- +goose Down
DROP TABLE deliveries;
