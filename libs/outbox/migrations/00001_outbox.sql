-- Tables of the transactional outbox (producer side) and of idempotent consumers
-- (inbox, dead_letter). They live in the owning service's schema; the goose version
-- table is outbox_goose_db_version so these migrations never collide with the
-- service's own numbering.

-- +goose Up

-- One row per event not yet confirmed by JetStream. The relay deletes a row after the
-- PubAck, so the table is a queue, not a log (the stream is the log).
-- seq only orders rows for fairness: the relay never keeps a high-water mark on it, so a
-- row whose transaction got its seq early but commits late is still picked up, never
-- skipped behind a cursor (docs/events.md, "Guarantees").
CREATE TABLE outbox (
    seq               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id          uuid        NOT NULL,
    event_type        text        NOT NULL,
    aggregate_id      text        NOT NULL,
    aggregate_version bigint      NOT NULL,
    occurred_at       timestamptz NOT NULL,   -- from the caller's injected clock
    payload           bytea       NOT NULL,
    trace_parent      text        NOT NULL DEFAULT '',
    trace_state       text        NOT NULL DEFAULT '',
    -- Audit column only (convention 11 allows DB time here): feeds the oldest-row age gauge.
    created_at        timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- One row per (consumer, event) handled, written in the same transaction as the
-- handler's effect: a redelivered or re-published event finds its row and is skipped.
CREATE TABLE inbox (
    consumer   text        NOT NULL,
    event_id   uuid        NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_handled_at_idx ON inbox (handled_at);

-- Events a consumer gave up on (permanent error, or MaxDeliver reached). Kept with the
-- payload so an operator can inspect and re-drive them.
CREATE TABLE dead_letter (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consumer    text        NOT NULL,
    event_id    text        NOT NULL,     -- text: a malformed message may carry no UUID
    event_type  text        NOT NULL,
    subject     text        NOT NULL,
    stream_seq  bigint      NOT NULL,
    headers     jsonb       NOT NULL DEFAULT '{}',
    payload     bytea       NOT NULL,
    error       text        NOT NULL,
    attempts    integer     NOT NULL,
    failed_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (consumer, event_id)
);

-- +goose Down
DROP TABLE dead_letter;
DROP TABLE inbox;
DROP TABLE outbox;
