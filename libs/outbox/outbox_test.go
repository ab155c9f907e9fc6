package outbox

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/otel/trace"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

var errInjected = errors.New("injected failure after the inserts")

// TestOutbox_AtomicWithBusinessWrite: 1,000 random operations, each a business write
// plus its event in one transaction; about 30 % fail after both inserts. An event must
// exist exactly when its business row does.
func TestOutbox_AtomicWithBusinessWrite(t *testing.T) {
	const ops, workers = 1000, 8
	pool := schemaPool(t, "t_atomic", workers+2,
		`CREATE TABLE business (id text PRIMARY KEY, version bigint NOT NULL)`)
	ctx := context.Background()

	var committed, rolledBack atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for i := w; i < ops; i += workers {
				id := fmt.Sprintf("biz-%04d", i)
				fail := rng.Float64() < 0.30
				nEvents := 1 + rng.IntN(3) // some operations emit several events
				err := pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error {
					if _, err := tx.Exec(ctx, `INSERT INTO business (id, version) VALUES ($1, $2)`, id, nEvents); err != nil {
						return err
					}
					evs := make([]Event, nEvents)
					for k := range evs {
						evs[k] = mustEvent(t, id, int64(k+1), "op")
					}
					if err := Append(ctx, tx, evs...); err != nil {
						return err
					}
					if fail {
						return errInjected
					}
					return nil
				})
				switch {
				case err == nil:
					committed.Add(1)
				case errors.Is(err, errInjected):
					rolledBack.Add(1)
				default:
					t.Errorf("op %d: %v", i, err)
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)

	var orphans, missing, wrongCount, businessRows int
	q := func(sql string, dst *int) {
		if err := pool.QueryRow(ctx, sql).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	q(`SELECT count(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM business b WHERE b.id = o.aggregate_id)`, &orphans)
	q(`SELECT count(*) FROM business b WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = b.id)`, &missing)
	q(`SELECT count(*) FROM business b WHERE b.version <> (SELECT count(*) FROM outbox o WHERE o.aggregate_id = b.id)`, &wrongCount)
	q(`SELECT count(*) FROM business`, &businessRows)
	if orphans != 0 || missing != 0 || wrongCount != 0 || int64(businessRows) != committed.Load() {
		t.Fatalf("orphans=%d missing=%d wrong_event_count=%d business=%d committed=%d",
			orphans, missing, wrongCount, businessRows, committed.Load())
	}
	if rolledBack.Load() < 200 || rolledBack.Load() > 400 {
		t.Fatalf("rolled back %d of %d, expected about 30 %%", rolledBack.Load(), ops)
	}
	t.Logf("METRIC orphan_events=%d missing_events=%d committed=%d rolled_back=%d ops_per_s=%.0f",
		orphans, missing, committed.Load(), rolledBack.Load(), float64(ops)/elapsed.Seconds())
}

// TestAppend_TraceAndValidation: Append takes the trace context from ctx when the event
// carries none, and refuses malformed events before touching the table.
func TestAppend_TraceAndValidation(t *testing.T) {
	pool := schemaPool(t, "t_append", 4)
	ctx := context.Background()
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	sctx := trace.ContextWithSpanContext(ctx, trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled}))
	e := mustEvent(t, "agg", 1, "traced")
	bad := mustEvent(t, "agg", 2, "bad")
	bad.ID = "nope"
	err := pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error {
		if err := Append(sctx, tx, bad); err == nil {
			return errors.New("malformed event accepted")
		}
		return Append(sctx, tx, e)
	})
	if err != nil {
		t.Fatal(err)
	}
	var tp string
	if err := pool.QueryRow(ctx, `SELECT trace_parent FROM outbox WHERE event_id = $1`, e.ID).Scan(&tp); err != nil {
		t.Fatal(err)
	}
	if tp != "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" {
		t.Fatalf("trace_parent = %q", tp)
	}
	t.Logf("METRIC trace_parent_stored=1")
}
