package outbox

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// effectHandler records one effect row per call and counts calls.
func effectHandler(calls *atomic.Int64) Handler {
	return func(ctx context.Context, tx pgx.Tx, d Delivery) error {
		calls.Add(1)
		_, err := tx.Exec(ctx, `INSERT INTO effects VALUES ($1)`, d.Event.ID)
		return err
	}
}

func publish(t *testing.T, js jetstream.JetStream, events ...Event) {
	t.Helper()
	for _, e := range events {
		if _, err := js.PublishMsg(context.Background(), e.message()); err != nil {
			t.Fatal(err)
		}
	}
}

func countRows(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func consumerInfo(t *testing.T, js jetstream.JetStream, name string) *jetstream.ConsumerInfo {
	t.Helper()
	ctx := context.Background()
	c, err := js.Consumer(ctx, StreamName(testService), name)
	if err != nil {
		return nil
	}
	info, err := c.Info(ctx)
	if err != nil {
		return nil
	}
	return info
}

// allAcked reports whether the consumer has acknowledged stream sequence seq and has
// nothing pending.
func allAcked(t *testing.T, js jetstream.JetStream, name string, seq uint64) bool {
	info := consumerInfo(t, js, name)
	return info != nil && info.AckFloor.Stream >= seq && info.NumAckPending == 0 && info.NumPending == 0
}

// crashTest runs the shared shape of the two crash tests: instance 1 dies at the hook,
// instance 2 (same durable) takes over after AckWait.
func crashTest(t *testing.T, schema string, setHook func(*ConsumerConfig, func(Delivery) bool)) (effects, calls int, delivered uint64, skips float64) {
	pool := schemaPool(t, schema, 6, `CREATE TABLE effects (event_id uuid NOT NULL)`)
	_, _, js := broker(t)
	e := mustEvent(t, "agg-crash", 1, "crash")
	publish(t, js, e)

	var n atomic.Int64
	reg := prometheus.NewRegistry()
	cfg := ConsumerConfig{Name: schema, Stream: StreamName(testService), AckWait: time.Second, Registerer: reg}

	first := cfg
	ctx1, cancel1 := context.WithCancel(context.Background())
	var died atomic.Bool
	setHook(&first, func(Delivery) bool {
		died.Store(true)
		cancel1() // the process dies: its pull subscription goes with it
		return true
	})
	done1 := make(chan struct{})
	go func() {
		defer close(done1)
		if err := Consume(ctx1, js, pool, zap.NewNop(), first, effectHandler(&n)); err != nil {
			t.Errorf("instance 1: %v", err)
		}
	}()
	t.Cleanup(func() { cancel1(); <-done1 })
	select {
	case <-done1:
	case <-time.After(10 * time.Second):
		t.Fatal("instance 1 did not die")
	}
	if !died.Load() {
		t.Fatal("hook never ran")
	}
	// Instance 2 of the same durable consumer: the server redelivers after AckWait.
	runBackground(t, func(ctx context.Context) error {
		return Consume(ctx, js, pool, zap.NewNop(), cfg, effectHandler(&n))
	})
	eventually(t, 15*time.Second, "the redelivery to be settled", func() bool { return allAcked(t, js, cfg.Name, 1) })
	info := consumerInfo(t, js, cfg.Name)
	return countRows(t, pool, `SELECT count(*) FROM effects`), int(n.Load()), info.Delivered.Consumer,
		metricValue(t, reg, "hellowork_consumer_messages_total", map[string]string{"outcome": "duplicate"})
}

// TestConsumer_CrashBeforeAck: the effect and the inbox row commit, then the consumer
// dies before acking. The redelivery finds the inbox row and is skipped.
func TestConsumer_CrashBeforeAck(t *testing.T) {
	effects, calls, delivered, skips := crashTest(t, "t_crash_ack", func(c *ConsumerConfig, h func(Delivery) bool) {
		c.hooks.afterCommit = h
	})
	// A redelivery may land in the dead instance's last pull request first and take
	// another AckWait, so deliveries can exceed 2; effects may not exceed 1.
	if effects != 1 || calls != 1 || delivered < 2 || skips < 1 {
		t.Fatalf("effects=%d handler_calls=%d deliveries=%d inbox_skips=%.0f; want 1, 1, >=2, >=1", effects, calls, delivered, skips)
	}
	t.Logf("METRIC deliveries=%d effects=%d handler_calls=%d inbox_skips=%.0f", delivered, effects, calls, skips)
}

// TestConsumer_CrashBeforeCommit: the consumer dies with its transaction open; nothing
// commits, and the redelivery applies the effect once.
func TestConsumer_CrashBeforeCommit(t *testing.T) {
	effects, calls, delivered, skips := crashTest(t, "t_crash_commit", func(c *ConsumerConfig, h func(Delivery) bool) {
		c.hooks.beforeCommit = h
	})
	if effects != 1 || calls < 2 || delivered < 2 || skips != 0 {
		t.Fatalf("effects=%d handler_calls=%d deliveries=%d inbox_skips=%.0f; want 1, >=2, >=2, 0", effects, calls, delivered, skips)
	}
	t.Logf("METRIC deliveries=%d effects=%d handler_calls=%d inbox_skips=%.0f", delivered, effects, calls, skips)
}

// TestConsumer_PoisonMessage: one event always fails. It is delivered MaxDeliver = 5
// times with backoff, then lands in dead_letter and is terminated, while the events
// behind it are processed meanwhile.
func TestConsumer_PoisonMessage(t *testing.T) {
	const good = 50
	pool := schemaPool(t, "t_poison", 8, `CREATE TABLE effects (event_id uuid NOT NULL)`)
	_, nc, js := broker(t)
	ctx := context.Background()
	var terminated atomic.Int64
	sub, err := nc.Subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>", func(*nats.Msg) { terminated.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sub.Unsubscribe() }()

	poison := mustEvent(t, "agg-poison", 1, "poison")
	events := []Event{poison}
	for i := 0; i < good; i++ {
		events = append(events, mustEvent(t, "agg-good", int64(i+1), "good"))
	}
	start := time.Now()
	publish(t, js, events...)

	var poisonDeliveries, calls atomic.Int64
	var goodDone, poisonDead atomic.Int64 // ms since start
	var mu sync.Mutex
	handled := 0
	cfg := ConsumerConfig{Name: "poison", Stream: StreamName(testService), MaxDeliver: 5, AckWait: 5 * time.Second,
		Backoff: []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 150 * time.Millisecond, 200 * time.Millisecond}}
	runBackground(t, func(ctx context.Context) error {
		return Consume(ctx, js, pool, zap.NewNop(), cfg, func(ctx context.Context, tx pgx.Tx, d Delivery) error {
			calls.Add(1)
			if d.Event.ID == poison.ID {
				poisonDeliveries.Add(1)
				return errors.New("cannot handle this one")
			}
			if _, err := tx.Exec(ctx, `INSERT INTO effects VALUES ($1)`, d.Event.ID); err != nil {
				return err
			}
			mu.Lock()
			handled++
			if handled == good {
				goodDone.Store(time.Since(start).Milliseconds())
			}
			mu.Unlock()
			return nil
		})
	})
	eventually(t, 15*time.Second, "the poison event in dead_letter", func() bool {
		if countRows(t, pool, `SELECT count(*) FROM dead_letter WHERE event_id = $1`, poison.ID) == 1 {
			poisonDead.CompareAndSwap(0, time.Since(start).Milliseconds())
			return true
		}
		return false
	})
	eventually(t, 15*time.Second, "the other events", func() bool {
		return countRows(t, pool, `SELECT count(*) FROM effects`) == good
	})
	eventually(t, 5*time.Second, "the terminated advisory", func() bool { return terminated.Load() >= 1 })
	eventually(t, 5*time.Second, "every message settled", func() bool { return allAcked(t, js, cfg.Name, good+1) })
	var attempts int
	var errText, typ string
	if err := pool.QueryRow(ctx, `SELECT attempts, error, event_type FROM dead_letter WHERE event_id = $1`, poison.ID).
		Scan(&attempts, &errText, &typ); err != nil {
		t.Fatal(err)
	}
	if poisonDeliveries.Load() != 5 || attempts != 5 || errText != "cannot handle this one" || typ != poison.Type {
		t.Fatalf("poison deliveries=%d dead_letter attempts=%d error=%q type=%q", poisonDeliveries.Load(), attempts, errText, typ)
	}
	if goodDone.Load() == 0 || goodDone.Load() > poisonDead.Load() {
		t.Fatalf("head-of-line blocking: good events done at %d ms, poison dead-lettered at %d ms", goodDone.Load(), poisonDead.Load())
	}
	t.Logf("METRIC poison_deliveries=%d dead_letter_rows=1 terminated_advisories=%d good_handled=%d good_done_ms=%d poison_dead_lettered_ms=%d",
		poisonDeliveries.Load(), terminated.Load(), good, goodDone.Load(), poisonDead.Load())
}

// TestConsumer_PermanentErrorDeadLettersAtOnce: Permanent skips the retries.
func TestConsumer_PermanentErrorDeadLettersAtOnce(t *testing.T) {
	pool := schemaPool(t, "t_permanent", 4)
	_, _, js := broker(t)
	e := mustEvent(t, "agg-perm", 1, "perm")
	publish(t, js, e)
	var calls atomic.Int64
	cfg := ConsumerConfig{Name: "permanent", Stream: StreamName(testService), AckWait: 5 * time.Second}
	runBackground(t, func(ctx context.Context) error {
		return Consume(ctx, js, pool, nil, cfg, func(ctx context.Context, tx pgx.Tx, d Delivery) error {
			calls.Add(1)
			return Permanent(errors.New("invalid payload"))
		})
	})
	eventually(t, 10*time.Second, "the dead letter", func() bool {
		return countRows(t, pool, `SELECT count(*) FROM dead_letter WHERE event_id = $1 AND attempts = 1`, e.ID) == 1
	})
	eventually(t, 5*time.Second, "the message settled", func() bool { return allAcked(t, js, cfg.Name, 1) })
	if calls.Load() != 1 {
		t.Fatalf("handler calls = %d, want 1", calls.Load())
	}
	t.Logf("METRIC permanent_deliveries=%d", calls.Load())
}

// TestConsumer_ExhaustedByCrashes: every delivery dies without a verdict (crash or
// AckWait exceeded), so our code never decides; the server's MAX_DELIVERIES advisory
// still lands the event in dead_letter.
func TestConsumer_ExhaustedByCrashes(t *testing.T) {
	pool := schemaPool(t, "t_exhausted", 4)
	_, _, js := broker(t)
	e := mustEvent(t, "agg-exhausted", 1, "hang")
	publish(t, js, e)
	var calls atomic.Int64
	cfg := ConsumerConfig{Name: "exhausted", Stream: StreamName(testService), MaxDeliver: 3, AckWait: 300 * time.Millisecond}
	cfg.hooks.beforeCommit = func(Delivery) bool { return true }
	runBackground(t, func(ctx context.Context) error {
		return Consume(ctx, js, pool, nil, cfg, func(ctx context.Context, tx pgx.Tx, d Delivery) error {
			calls.Add(1)
			return nil
		})
	})
	eventually(t, 15*time.Second, "the dead letter from the advisory", func() bool {
		return countRows(t, pool, `SELECT count(*) FROM dead_letter WHERE event_id = $1 AND attempts = 3`, e.ID) == 1
	})
	t.Logf("METRIC exhausted_deliveries=%d dead_letter_rows=1", calls.Load())
}

// TestTrace_PropagatesFromAppendToHandler: the trace of the request that appended the
// event continues in the consumer's handler, through the outbox row and the lowercase
// traceparent header.
func TestTrace_PropagatesFromAppendToHandler(t *testing.T) {
	pool := schemaPool(t, "t_trace", 6)
	_, _, js := broker(t)
	seen := watchStream(t, js)
	runBackground(t, NewRelay(pool, js, nil, RelayOptions{}).Run)
	ctx := context.Background()
	tid, _ := trace.TraceIDFromHex("0af7651916cd43dd8448eb211c80319c")
	sid, _ := trace.SpanIDFromHex("b7ad6b7169203331")
	sctx := trace.ContextWithSpanContext(ctx, trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled}))
	e := mustEvent(t, "agg-trace", 1, "trace")
	if err := pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error { return Append(sctx, tx, e) }); err != nil {
		t.Fatal(err)
	}
	got := make(chan Delivery, 1)
	gotTrace := make(chan trace.TraceID, 1)
	runBackground(t, func(ctx context.Context) error {
		return Consume(ctx, js, pool, nil, ConsumerConfig{Name: "trace", Stream: StreamName(testService)},
			func(ctx context.Context, tx pgx.Tx, d Delivery) error {
				gotTrace <- trace.SpanContextFromContext(ctx).TraceID()
				got <- d
				return nil
			})
	})
	select {
	case tr := <-gotTrace:
		d := <-got
		if tr != tid || d.Event.TraceParent == "" || d.Event.ID != e.ID || d.Attempt != 1 {
			t.Fatalf("handler trace %v, delivery %+v", tr, d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("event not handled")
	}
	eventually(t, 5*time.Second, "the stream copy", func() bool { _, ok := seen.get(e.ID); return ok })
	t.Logf("METRIC trace_propagated=1")
}
