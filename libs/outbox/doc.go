// Package outbox delivers domain events from one service to others so that none is
// lost and none takes effect twice.
//
// The producer side is a transactional outbox: Append writes events into the outbox
// table inside the same transaction as the state change, so an event exists if and only
// if its state change committed. A Relay in every producing process moves outbox rows to
// JetStream and deletes a row only after JetStream acknowledged it (at-least-once
// publish). Nats-Msg-Id = event ID lets JetStream drop the relay's re-publishes inside
// the stream's duplicate window.
//
// The consumer side (Consume) runs each handler in a transaction that first inserts
// (consumer, event ID) into the inbox table, so an event redelivered or re-published
// after the duplicate window is skipped: at-least-once delivery plus the inbox gives an
// effect exactly once. Handlers that keep failing end in the dead_letter table instead
// of blocking the messages behind them.
//
// Why claim-and-delete and not a cursor: reading an outbox by an increasing id and
// remembering the last id seen skips a row whose transaction got its id early but
// committed late, and that row is then lost for good (watermill-sql#311). The relay instead
// selects the oldest rows still present with FOR UPDATE SKIP LOCKED, publishes them and
// deletes them in that same transaction. A late commit simply leaves its row in the
// table for the next pass; no row is ever "behind the cursor". SKIP LOCKED also lets
// several relay replicas share the work without publishing a row twice at the same time.
// xid8 commit-order reading (watermill-sql's approach) would also be correct, but needs
// a per-consumer offset table and still has to wait for the oldest open transaction;
// deleting rows is simpler and keeps the table small.
//
// Ordering: rows are published in insertion order by one relay, which gives per-aggregate
// order in the normal case (an aggregate's events are written under its row lock).
// Retries after a failed publish and several relay replicas can reorder events, so
// consumers that care about order must compare Event.AggregateVersion with the version
// they last applied.
//
// Throughput: JetStream with sync_interval: always fsyncs after every message, so the
// relay publishes each pass as one atomic batch (synced once at commit) and falls back
// to single publishes when a batch holds an already stored id. LISTEN/NOTIFY wakes an
// idle relay; a busy relay holds a short lease in outbox_relay and polls every few
// milliseconds instead, and Append skips pg_notify meanwhile, because PostgreSQL
// serialises notifying commits. Figures: docs/benchmarks.md.
//
// Service checklist: call Migrate before the service's own migrations, call EnsureStream
// for the service's stream at start-up, run one Relay per process (more are safe), and
// call Consume once per consumer with a durable name unique to that consumer. See
// docs/events.md.
package outbox
