-- Relays that are "hot" (busy, polling every few milliseconds) advertise it here, so
-- Append can skip pg_notify while one of them is hot. NOTIFY takes a cluster-wide lock
-- held through commit, which serialises all notifying commits (measured: 8,100 → 1,800
-- tx/s on our 2-core machine); skipping it under load restores group commit.

-- +goose Up
CREATE TABLE outbox_relay (
    relay_id  text        PRIMARY KEY,
    hot_until timestamptz NOT NULL       -- database clock; a lease, so a dead relay expires
);

-- +goose Down
DROP TABLE outbox_relay;
