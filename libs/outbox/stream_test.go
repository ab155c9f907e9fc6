package outbox

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go/jetstream"
)

func TestEnsureStream_NamingAndDurability(t *testing.T) {
	if got := StreamName("employer-registration"); got != "HELLOWORK_EMPLOYER_REGISTRATION" {
		t.Fatalf("StreamName = %s", got)
	}
	if got := StreamSubject("employer-registration"); got != "hellowork.employer_registration.>" {
		t.Fatalf("StreamSubject = %s", got)
	}
	_, _, js := broker(t)
	ctx := context.Background()
	// Idempotent: a second start must not fail.
	if err := EnsureStream(ctx, js, testService); err != nil {
		t.Fatal(err)
	}
	if err := EnsureStream(ctx, js, "Bad Name"); err == nil {
		t.Fatal("invalid service name accepted")
	}
	st, err := js.Stream(ctx, StreamName(testService))
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.CachedInfo().Config
	if cfg.Storage != jetstream.FileStorage || cfg.Duplicates != DefaultDuplicateWindow || cfg.MaxAge != DefaultMaxAge ||
		len(cfg.Subjects) != 1 || cfg.Subjects[0] != "hellowork.outboxtest.>" {
		t.Fatalf("stream config: %+v", cfg)
	}
	t.Logf("METRIC stream_duplicate_window_s=%.0f stream_max_age_h=%.0f", cfg.Duplicates.Seconds(), cfg.MaxAge.Hours())
}

// TestEnsureStream_UpdatesOnlyOnDrift: every service re-declares the streams it uses at
// start-up; a stream that already matches must not be updated (an update racing a
// consumer's creation tripped the server's race detector), a drifted one is corrected.
func TestEnsureStream_UpdatesOnlyOnDrift(t *testing.T) {
	_, nc, js := broker(t)
	ctx := context.Background()
	name := StreamName(testService)
	updates, err := nc.SubscribeSync("$JS.EVENT.ADVISORY.STREAM.UPDATED." + name)
	if err != nil {
		t.Fatal(err)
	}
	countUpdates := func() int {
		t.Helper()
		if err := nc.Flush(); err != nil {
			t.Fatal(err)
		}
		n := 0
		for {
			if _, err := updates.NextMsg(200 * time.Millisecond); err != nil {
				return n
			}
			n++
		}
	}
	countUpdates() // whatever broker() did
	for range 3 {
		if err := EnsureStream(ctx, js, testService); err != nil {
			t.Fatal(err)
		}
	}
	if n := countUpdates(); n != 0 {
		t.Fatalf("%d updates of a stream that already matched", n)
	}
	drifted := StreamConfig(testService)
	drifted.MaxAge = time.Hour
	if _, err := js.UpdateStream(ctx, drifted); err != nil {
		t.Fatal(err)
	}
	countUpdates()
	if err := EnsureStream(ctx, js, testService); err != nil {
		t.Fatal(err)
	}
	st, err := js.Stream(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.CachedInfo().Config.MaxAge; got != DefaultMaxAge {
		t.Fatalf("drifted MaxAge %v not corrected", got)
	}
	if n := countUpdates(); n != 1 {
		t.Fatalf("%d updates to correct one drift, want 1", n)
	}
	t.Logf("METRIC stream_updates_when_matching=0 stream_updates_on_drift=1")
}

// TestJetStream_DedupWindow shows why consumers need the inbox: JetStream drops a
// repeated Nats-Msg-Id only inside the duplicate window, so a later replay gets through.
func TestJetStream_DedupWindow(t *testing.T) {
	const window = 2 * time.Second
	_, _, js := broker(t, WithDuplicateWindow(window))
	pool := schemaPool(t, "t_dedup", 4, `CREATE TABLE effects (event_id uuid NOT NULL)`)
	ctx := context.Background()
	e := mustEvent(t, "agg-dedup", 1, "once")

	first, err := js.PublishMsg(ctx, e.message())
	if err != nil {
		t.Fatal(err)
	}
	second, err := js.PublishMsg(ctx, e.message())
	if err != nil {
		t.Fatal(err)
	}
	if first.Duplicate || !second.Duplicate {
		t.Fatalf("inside the window: first.Duplicate=%v second.Duplicate=%v", first.Duplicate, second.Duplicate)
	}
	// Re-publish until the server forgets the id (the window expires); poll, no sleep
	// for the window itself.
	start := time.Now()
	eventually(t, 10*window, "the duplicate window to expire", func() bool {
		ack, err := js.PublishMsg(ctx, e.message())
		if err != nil {
			t.Fatal(err)
		}
		if ack.Duplicate {
			time.Sleep(100 * time.Millisecond) // pacing of the re-publish loop
		}
		return !ack.Duplicate
	})
	expiredAfter := time.Since(start)
	stored := len(streamIDs(t, js)) // distinct ids
	info, _ := js.Stream(ctx, StreamName(testService))
	state := info.CachedInfo().State
	if state.Msgs != 2 || stored != 1 {
		t.Fatalf("stream holds %d messages with %d distinct ids, want 2 and 1", state.Msgs, stored)
	}

	var calls atomic.Int64
	cfg := ConsumerConfig{Name: "dedup-test", Stream: StreamName(testService), AckWait: 5 * time.Second}
	runBackground(t, func(ctx context.Context) error {
		return Consume(ctx, js, pool, nil, cfg, func(ctx context.Context, tx pgx.Tx, d Delivery) error {
			calls.Add(1)
			_, err := tx.Exec(ctx, `INSERT INTO effects VALUES ($1)`, d.Event.ID)
			return err
		})
	})
	eventually(t, 10*time.Second, "both copies to be acknowledged", func() bool {
		ci, err := js.Consumer(ctx, StreamName(testService), cfg.Name)
		if err != nil {
			return false
		}
		info, err := ci.Info(ctx)
		return err == nil && info.AckFloor.Stream >= 2
	})
	var effects int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM effects`).Scan(&effects); err != nil {
		t.Fatal(err)
	}
	if effects != 1 || calls.Load() != 1 {
		t.Fatalf("effects = %d, handler calls = %d; want 1 and 1", effects, calls.Load())
	}
	t.Logf("METRIC stored_copies=%d effects=%d window_expired_after_ms=%d", state.Msgs, effects, expiredAfter.Milliseconds())
}
