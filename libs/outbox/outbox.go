package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/otel/propagation"
)

// notifyChannelPrefix + schema is the LISTEN/NOTIFY channel of a schema's outbox. The
// schema is part of the name because several services may share one database.
const notifyChannelPrefix = "hellowork_outbox_"

// appendSQL inserts any number of events and, in the same statement (one round trip),
// wakes a cold relay. A data-modifying CTE always runs, referenced or not.
//
// The notification is delivered by PostgreSQL only at commit (never for a rolled-back
// transaction) and identical ones of a transaction fold into one. It is skipped while
// some relay holds a hot lease in outbox_relay: a hot relay polls every few
// milliseconds anyway, and NOTIFY takes a cluster-wide lock through commit that
// serialises every notifying transaction, which would cap the service's write rate
// (see migrations/00002_relay_lease.sql and docs/benchmarks.md).
const appendSQL = `WITH ins AS (
  INSERT INTO outbox (event_id, event_type, aggregate_id, aggregate_version, occurred_at, payload, trace_parent, trace_state)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::bytea[], $7::text[], $8::text[])
)
SELECT pg_notify('` + notifyChannelPrefix + `' || current_schema(), '')
 WHERE NOT EXISTS (SELECT 1 FROM outbox_relay WHERE hot_until > clock_timestamp())`

// Append records events in the caller's state-changing transaction tx, in the outbox
// table of the schema on tx's search_path. The events become visible to the relay when
// tx commits and vanish with it if it rolls back, which is the whole point: no event
// without its state change, no state change without its event.
//
// Events without a TraceParent get the trace context of ctx's span, so the consumer's
// span joins the trace of the request that caused the event.
func Append(ctx context.Context, tx pgx.Tx, events ...Event) error {
	if len(events) == 0 {
		return nil
	}
	n := len(events)
	var (
		ids, types, aggs, parents, states = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		versions                          = make([]int64, n)
		times                             = make([]time.Time, n)
		payloads                          = make([][]byte, n)
	)
	var ctxParent, ctxState string
	for i, e := range events {
		if err := e.validate(); err != nil {
			return err
		}
		if e.TraceParent == "" {
			if ctxParent == "" {
				ctxParent, ctxState = traceFromContext(ctx)
			}
			e.TraceParent, e.TraceState = ctxParent, ctxState
		}
		if e.Payload == nil {
			e.Payload = []byte{}
		}
		ids[i], types[i], aggs[i] = e.ID, e.Type, e.AggregateID
		versions[i], times[i], payloads[i] = e.AggregateVersion, e.OccurredAt.UTC(), e.Payload
		parents[i], states[i] = e.TraceParent, e.TraceState
	}
	if _, err := tx.Exec(ctx, appendSQL, ids, types, aggs, versions, times, payloads, parents, states); err != nil {
		return fmt.Errorf("outbox: append: %w", err)
	}
	return nil
}

func traceFromContext(ctx context.Context) (parent, state string) {
	c := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, c)
	return c[HeaderTraceParent], c[HeaderTraceState]
}
