package outbox

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
)

// arrivals records when each event id first shows up in the stream.
type arrivals struct {
	mu sync.Mutex
	at map[string]time.Time
}

func (a *arrivals) get(id string) (time.Time, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t, ok := a.at[id]
	return t, ok
}

// watchStream follows the test stream with an ordered consumer.
func watchStream(t *testing.T, js jetstream.JetStream) *arrivals {
	t.Helper()
	a := &arrivals{at: map[string]time.Time{}}
	oc, err := js.OrderedConsumer(context.Background(), StreamName(testService), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	cc, err := oc.Consume(func(m jetstream.Msg) {
		a.mu.Lock()
		defer a.mu.Unlock()
		id := m.Headers().Get(HeaderMsgID)
		if _, ok := a.at[id]; !ok {
			a.at[id] = time.Now()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cc.Stop)
	return a
}

// TestOutbox_OutOfOrderCommit_NoSkip (watermill-sql#311): tx A gets the lower outbox
// seq but commits after tx B. A cursor-based relay would have moved past A's seq when it
// published B; claim-and-delete must still publish A, within 2 × poll interval.
func TestOutbox_OutOfOrderCommit_NoSkip(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts RelayOptions
	}{
		{"notify", RelayOptions{PollInterval: time.Second}},
		// No LISTEN and no hot phase: only the fallback poll can find A.
		{"poll-only", RelayOptions{PollInterval: 500 * time.Millisecond, DisableListen: true, CoolDown: time.Nanosecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			schema := "t_ooo_" + map[bool]string{true: "poll", false: "notify"}[tc.opts.DisableListen]
			pool := schemaPool(t, schema, 6)
			_, _, js := broker(t)
			seen := watchStream(t, js)
			relay := NewRelay(pool, js, zap.NewNop(), tc.opts)
			runBackground(t, relay.Run)
			ctx := context.Background()

			evA, evB := mustEvent(t, "agg-A", 1, "A"), mustEvent(t, "agg-B", 1, "B")
			txA, err := pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = txA.Rollback(ctx) }()
			if err := Append(ctx, txA, evA); err != nil {
				t.Fatal(err)
			}
			var seqA, seqB int64
			if err := txA.QueryRow(ctx, `SELECT seq FROM outbox WHERE event_id = $1`, evA.ID).Scan(&seqA); err != nil {
				t.Fatal(err)
			}
			err = pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error {
				if err := Append(ctx, tx, evB); err != nil {
					return err
				}
				return tx.QueryRow(ctx, `SELECT seq FROM outbox WHERE event_id = $1`, evB.ID).Scan(&seqB)
			})
			if err != nil {
				t.Fatal(err)
			}
			if seqA >= seqB {
				t.Fatalf("setup: seq A=%d must be below seq B=%d", seqA, seqB)
			}
			eventually(t, 5*time.Second, "B to be published", func() bool { _, ok := seen.get(evB.ID); return ok })
			// The relay has passed seq B while A is still open.
			if _, ok := seen.get(evA.ID); ok {
				t.Fatal("A published before its transaction committed")
			}
			committedAt := time.Now()
			if err := txA.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			limit := 2 * tc.opts.PollInterval
			eventually(t, 10*time.Second, "A to be published", func() bool { _, ok := seen.get(evA.ID); return ok })
			at, _ := seen.get(evA.ID)
			latency := at.Sub(committedAt)
			if latency > limit {
				t.Fatalf("A published %v after its commit, limit %v", latency, limit)
			}
			// The row goes once the relay's delete commits, just after the PubAck.
			eventually(t, 5*time.Second, "an empty outbox", func() bool {
				n, _, err := relay.Backlog(ctx)
				return err == nil && n == 0
			})
			t.Logf("METRIC a_published=1 a_latency_ms=%.1f limit_ms=%d seq_a=%d seq_b=%d",
				float64(latency.Microseconds())/1000, limit.Milliseconds(), seqA, seqB)
		})
	}
}

// relayHarness runs relay instances that the test can kill abruptly (cancel + close
// the NATS connection, mid-batch) and restart.
type relayHarness struct {
	t       *testing.T
	pool    *pgxpool.Pool
	url     string
	reg     *prometheus.Registry
	opts    RelayOptions
	mu      sync.Mutex
	cancel  context.CancelFunc
	done    chan struct{}
	starts  int
	killAt  []int64      // cumulative acked counts at which to kill
	acked   atomic.Int64 // PubAcks seen by all instances (before their delete commits)
	killReq chan struct{}
}

func (h *relayHarness) start() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.starts++
	nc, err := natsConnect(h.url)
	if err != nil {
		h.t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	opts := h.opts
	opts.Registerer = h.reg
	var killed atomic.Bool
	kill := func() {
		if killed.CompareAndSwap(false, true) {
			cancel()
			nc.Close() // in-flight acks are lost with the connection
		}
	}
	opts.hooks.afterAcks = func(n int) {
		total := h.acked.Add(int64(n))
		h.mu.Lock()
		due := len(h.killAt) > 0 && total >= h.killAt[0]
		if due {
			h.killAt = h.killAt[1:]
		}
		h.mu.Unlock()
		if due {
			kill() // after the PubAcks, before the DELETE commits: the worst moment
			h.killReq <- struct{}{}
		}
	}
	r := NewRelay(h.pool, js, zap.NewNop(), opts)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = r.Run(ctx)
		kill()
	}()
	h.cancel, h.done = kill, done
}

func (h *relayHarness) stop() {
	h.mu.Lock()
	cancel, done := h.cancel, h.done
	h.mu.Unlock()
	cancel()
	<-done
}

// TestOutbox_KillRelayMidStream: 10,000 events from 20 concurrent writers; the relay is
// killed mid-batch at 1/3 and 1/2 of the events and restarted. A consumer with an inbox
// counts effects: none lost, none doubled.
func TestOutbox_KillRelayMidStream(t *testing.T) {
	const writers, perWriter = 20, 500
	const total = writers * perWriter
	pool := schemaPool(t, "t_killrelay", 30, `CREATE TABLE effects (event_id uuid NOT NULL)`)
	srv, _, js := broker(t)
	ctx := context.Background()

	reg := prometheus.NewRegistry()
	cfg := ConsumerConfig{Name: "kill-relay", Stream: StreamName(testService), AckWait: 10 * time.Second,
		Concurrency: 8, Registerer: reg}
	var redeliveries atomic.Int64
	runBackground(t, func(ctx context.Context) error {
		return Consume(ctx, js, pool, nil, cfg, func(ctx context.Context, tx pgx.Tx, d Delivery) error {
			if d.Attempt > 1 {
				redeliveries.Add(1)
			}
			_, err := tx.Exec(ctx, `INSERT INTO effects VALUES ($1)`, d.Event.ID)
			return err
		})
	})

	h := &relayHarness{t: t, pool: pool, url: srv.URL(), reg: reg,
		opts:    RelayOptions{PollInterval: 100 * time.Millisecond, BatchSize: 100, MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond},
		killAt:  []int64{total / 3, total / 2},
		killReq: make(chan struct{}, 2)}
	h.start()
	t.Cleanup(h.stop)
	restarter := make(chan struct{})
	go func() {
		defer close(restarter)
		for i := 0; i < 2; i++ {
			<-h.killReq
			<-h.done // wait for the dead instance to be gone, then restart
			h.start()
		}
	}()

	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				e := mustEvent(t, fmt.Sprintf("w%02d", w), int64(i+1), "kill")
				if err := pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error { return Append(ctx, tx, e) }); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	written := time.Now()
	var distinct int
	eventually(t, 60*time.Second, "every event to take effect", func() bool {
		if err := pool.QueryRow(ctx, `SELECT count(DISTINCT event_id) FROM effects`).Scan(&distinct); err != nil {
			t.Fatal(err)
		}
		return distinct >= total
	})
	drain := time.Since(written)
	select {
	case <-restarter:
	case <-time.After(10 * time.Second):
		t.Fatal("the relay was not killed twice")
	}
	var effects int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM effects`).Scan(&effects); err != nil {
		t.Fatal(err)
	}
	ids := streamIDs(t, js)
	streamMsgs := 0
	for _, n := range ids {
		streamMsgs += n
	}
	lost, dupEffects := total-distinct, effects-distinct
	if lost != 0 || dupEffects != 0 || len(ids) != total {
		t.Fatalf("lost=%d duplicate_effects=%d distinct_in_stream=%d", lost, dupEffects, len(ids))
	}
	t.Logf("METRIC lost=%d duplicate_effects=%d stream_duplicates=%d relay_republished_deduped=%.0f consumer_redeliveries=%d inbox_skips=%.0f relay_starts=%d drain_ms=%d total_ms=%d",
		lost, dupEffects, streamMsgs-len(ids),
		metricValue(t, reg, "hellowork_outbox_publish_duplicates_total", nil),
		redeliveries.Load(),
		metricValue(t, reg, "hellowork_consumer_messages_total", map[string]string{"outcome": "duplicate"}),
		h.starts, drain.Milliseconds(), time.Since(start).Milliseconds())
}

// TestJetStream_KillBrokerMidStream: the broker crashes (natstest Stop, JetStream data
// kept, sync always) while writers keep committing; the relay keeps every row until it
// gets a PubAck, and drains the backlog after the restart.
func TestJetStream_KillBrokerMidStream(t *testing.T) {
	const writers, perWriter = 10, 300
	const total = writers * perWriter
	pool := schemaPool(t, "t_killbroker", 16)
	srv, _, js := broker(t)
	ctx := context.Background()
	reg := prometheus.NewRegistry()
	relay := NewRelay(pool, js, zap.NewNop(), RelayOptions{PollInterval: 100 * time.Millisecond,
		PublishTimeout: 500 * time.Millisecond, MinBackoff: 20 * time.Millisecond, MaxBackoff: 300 * time.Millisecond,
		MetricsInterval: 50 * time.Millisecond, Registerer: reg})
	runBackground(t, relay.Run)

	var written atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				e := mustEvent(t, fmt.Sprintf("w%02d", w), int64(i+1), "broker")
				if err := pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error { return Append(ctx, tx, e) }); err != nil {
					t.Error(err) // writes must not fail while NATS is down
					return
				}
				written.Add(1)
			}
		}(w)
	}
	published := func() float64 { return metricValue(t, reg, "hellowork_outbox_published_total", nil) }
	eventually(t, 30*time.Second, "a third of the events to be published", func() bool { return published() >= total/3 })
	srv.Stop()
	downAt := time.Now()
	atStop := published()
	// Keep the broker down while another third of the events is written.
	target := written.Load() + total/3
	eventually(t, 30*time.Second, "writes to continue during the outage", func() bool { return written.Load() >= min(target, total) })
	// ... and until the relay has seen a publish fail (it must keep those rows).
	failed := func() float64 { return metricValue(t, reg, "hellowork_outbox_publish_failures_total", nil) }
	eventually(t, 30*time.Second, "a failed publish during the outage", func() bool { return failed() > 0 })
	var backlogDuringOutage int64
	eventually(t, 10*time.Second, "the backlog gauge to show the outage", func() bool {
		backlogDuringOutage = int64(metricValue(t, reg, "hellowork_outbox_backlog_events", nil))
		return backlogDuringOutage > 0
	})
	ackedAfterStop := published() - atStop // in flight when Stop began
	srv.Start()
	outage := time.Since(downAt)
	upAt := time.Now()
	wg.Wait()
	eventually(t, 60*time.Second, "the backlog to drain", func() bool {
		n, _, err := relay.Backlog(ctx)
		return err == nil && n == 0 && published() >= total
	})
	drain := time.Since(upAt)
	ids := streamIDs(t, js)
	copies := 0
	for _, n := range ids {
		copies += n
	}
	var left int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	lost := total - len(ids)
	// Rows leave the outbox only on a PubAck, so with an empty outbox every id missing
	// from the stream is an acknowledged-but-missing message.
	missing := 0
	if left == 0 {
		missing = lost
	}
	if lost != 0 || copies-len(ids) != 0 {
		t.Fatalf("lost=%d stream_duplicates=%d", lost, copies-len(ids))
	}
	t.Logf("METRIC acked_but_missing=%d lost=%d stream_duplicates=%d backlog_during_outage=%d acked_after_stop_call=%.0f relay_publish_failures=%.0f outage_ms=%d drain_ms=%d",
		missing, lost, copies-len(ids), backlogDuringOutage, ackedAfterStop,
		metricValue(t, reg, "hellowork_outbox_publish_failures_total", nil), outage.Milliseconds(), drain.Milliseconds())
}

// TestRelay_HotLeaseSkipsNotify: while a relay is hot (holds its lease and polls every
// few milliseconds) writers skip pg_notify, whose cluster-wide commit lock would
// serialise them; once the relay cools down, writers notify again and a single event
// is still relayed at once.
func TestRelay_HotLeaseSkipsNotify(t *testing.T) {
	pool := schemaPool(t, "t_lease", 6)
	_, _, js := broker(t)
	seen := watchStream(t, js)
	ctx := context.Background()

	// Count notifications on the schema's channel.
	lconn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = lconn.Close(ctx) }()
	if _, err := lconn.Exec(ctx, `LISTEN `+pgx.Identifier{notifyChannelPrefix + "t_lease"}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	notifications := func() int {
		n := 0
		for {
			wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			_, err := lconn.WaitForNotification(wctx)
			cancel()
			if err != nil {
				return n
			}
			n++
		}
	}
	write := func(note string) Event {
		e := mustEvent(t, "agg-lease", 1, note)
		if err := pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error { return Append(ctx, tx, e) }); err != nil {
			t.Fatal(err)
		}
		return e
	}
	hot := func() bool {
		var live bool
		if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM outbox_relay WHERE hot_until > clock_timestamp())`).Scan(&live); err != nil {
			t.Fatal(err)
		}
		return live
	}

	relay := NewRelay(pool, js, zap.NewNop(), RelayOptions{PollInterval: 5 * time.Second, HotPollInterval: 5 * time.Millisecond,
		CoolDown: 2 * time.Second, HotLease: 4 * time.Second}) // generous: a slow write must not cool it down
	runBackground(t, relay.Run)
	eventually(t, 5*time.Second, "the relay's first pass", func() bool { return !hot() })

	first := write("wakes the cold relay")
	eventually(t, 5*time.Second, "the first event", func() bool { _, ok := seen.get(first.ID); return ok })
	eventually(t, 5*time.Second, "the hot lease", hot)
	coldNotifies := notifications()

	var last Event
	for i := 0; i < 20; i++ {
		last = write("while hot")
	}
	eventually(t, 5*time.Second, "the events written while hot", func() bool { _, ok := seen.get(last.ID); return ok })
	hotNotifies := notifications()

	eventually(t, 10*time.Second, "the relay to cool down", func() bool { return !hot() })
	committed := time.Now()
	again := write("wakes it again")
	eventually(t, 5*time.Second, "the event after the cool-down", func() bool { _, ok := seen.get(again.ID); return ok })
	at, _ := seen.get(again.ID)
	latency := at.Sub(committed)
	afterNotifies := notifications()

	if coldNotifies != 1 || hotNotifies != 0 || afterNotifies != 1 {
		t.Fatalf("notifications: cold=%d hot=%d after cool-down=%d; want 1, 0, 1", coldNotifies, hotNotifies, afterNotifies)
	}
	if latency > time.Second { // far below the 5 s poll: the notification woke it
		t.Fatalf("event after cool-down published after %v", latency)
	}
	t.Logf("METRIC notifies_cold=%d notifies_while_hot=%d notifies_after_cooldown=%d wake_latency_ms=%.1f",
		coldNotifies, hotNotifies, afterNotifies, float64(latency.Microseconds())/1000)
}

// TestRelay_StreamWithoutAtomicPublish: a stream declared elsewhere without
// allow_atomic still gets every event, one publish at a time.
func TestRelay_StreamWithoutAtomicPublish(t *testing.T) {
	pool := schemaPool(t, "t_noatomic", 4)
	srv := natstest.Run(t)
	nc := srv.Connect(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cfg := StreamConfig(testService)
	cfg.AllowAtomicPublish = false
	if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	const n = 50
	events := make([]Event, n)
	for i := range events {
		events[i] = mustEvent(t, "agg-noatomic", int64(i+1), "one by one")
	}
	if err := pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error { return Append(ctx, tx, events...) }); err != nil {
		t.Fatal(err)
	}
	relay := NewRelay(pool, js, zap.NewNop(), RelayOptions{})
	runBackground(t, relay.Run)
	eventually(t, 10*time.Second, "an empty outbox", func() bool {
		left, _, err := relay.Backlog(ctx)
		return err == nil && left == 0
	})
	ids := streamIDs(t, js)
	if len(ids) != n || !relay.atomicOff.Load() {
		t.Fatalf("stream has %d of %d events; atomic fallback = %v", len(ids), n, relay.atomicOff.Load())
	}
	t.Logf("METRIC published_without_atomic=%d", len(ids))
}
