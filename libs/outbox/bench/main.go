// Command bench measures the outbox pipeline on this machine (make bench-outbox):
//
//	(a) raw ceiling: transactions each inserting a business row and its outbox row,
//	    16 concurrent writers, no relay — events/s;
//	(b) pipeline throughput: the same writers with a Relay publishing to JetStream and a
//	    consumer handling every event in its own inbox transaction — committed→handled
//	    events/s and the ratio to (a) (target ≥ 60 %);
//	(c) end-to-end latency commit→handled at fixed rates of 500 and 2,000 events/s
//	    (target p99 ≤ 50 ms at 2,000/s).
//
// It needs PostgreSQL (TEST_DATABASE_URL, else the local server on 127.0.0.1:5432),
// creates and drops a throw-away database, and embeds a nats-server with JetStream
// (sync_interval: always, file store in a temp dir). Every phase is bounded; the whole
// run takes well under two minutes.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

const (
	schema   = "bench"
	service  = "outboxbench"
	consumer = "bench-consumer"
)

var (
	writers     = flag.Int("writers", 16, "concurrent writer transactions")
	rawDur      = flag.Duration("raw", 5*time.Second, "duration of phase (a)")
	pipeEvents  = flag.Int("pipeline-events", 20000, "events written in phase (b)")
	latDur      = flag.Duration("latency", 6*time.Second, "duration of each fixed-rate run in phase (c)")
	concurrency = flag.Int("consumer-concurrency", 8, "consumer handler concurrency")
	hotPoll     = flag.Duration("hot-poll", 0, "RelayOptions.HotPollInterval (0 = default)")
	maxBatch    = flag.Int("consumer-max-batch", 0, "ConsumerConfig.MaxBatch (0 = default)")
	cpuProfile  = flag.String("cpuprofile", "", "write a CPU profile of the writers+pipeline phase to this file")
)

// eventType is the bench's payload type name. A structpb.Value stands in for a real
// event message; the Type is overridden so the subject falls into the bench stream.
const eventType = "hellowork.outboxbench.v1.Struct"

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	dbURL, dropDB, err := createDatabase(ctx)
	if err != nil {
		return err
	}
	defer dropDB()
	ns, natsURL, err := startNATS()
	if err != nil {
		return err
	}
	defer ns.Shutdown()

	pool, err := pgkit.Open(ctx, dbURL+"&pool_max_conns=40", schema)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := outbox.Migrate(ctx, pool, schema); err != nil {
		return err
	}
	for _, ddl := range []string{
		`CREATE TABLE business (id uuid PRIMARY KEY, note text NOT NULL, updated_at timestamptz NOT NULL)`,
		`CREATE TABLE effects (event_id uuid NOT NULL, aggregate_id text NOT NULL)`,
	} {
		if _, err := pool.Exec(ctx, ddl); err != nil {
			return err
		}
	}
	nc, err := nats.Connect(natsURL, nats.MaxReconnects(-1))
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	if err := outbox.EnsureStream(ctx, js, service); err != nil {
		return err
	}

	fmt.Printf("outbox pipeline benchmark: writers=%d consumer_concurrency=%d postgres=%s nats=embedded v%s (sync always)\n",
		*writers, *concurrency, redact(dbURL), server.VERSION)
	b := &bench{pool: pool, js: js}

	// (a) raw ceiling.
	cpu0 := sampleCPU()
	rawN, rawElapsed, err := writeFor(ctx, pool, *rawDur, false, nil)
	if err != nil {
		return err
	}
	raw := float64(rawN) / rawElapsed.Seconds()
	cpu1 := sampleCPU()
	fmt.Printf("(a) raw ceiling (business row + outbox row per tx, %d writers, no relay): %d tx in %.2fs = %.0f events/s [CPU/event: bench %s, postgres %s]\n",
		*writers, rawN, rawElapsed.Seconds(), raw, perEvent(cpu1.self-cpu0.self, rawN), perEvent(cpu1.postgres-cpu0.postgres, rawN))
	notifyN, notifyElapsed, err := writeFor(ctx, pool, *rawDur/2, true, nil)
	if err != nil {
		return err
	}
	fmt.Printf("    for comparison, outbox.Append with no hot relay (every transaction runs pg_notify): %.0f events/s\n",
		float64(notifyN)/notifyElapsed.Seconds())
	if err := b.reset(ctx); err != nil {
		return err
	}

	// Stages alone and together on a committed backlog.
	const backlog = 20000
	if _, _, err := writeN(ctx, pool, backlog, nil); err != nil {
		return err
	}
	relayRate, err := b.drainRelay(ctx, backlog)
	if err != nil {
		return err
	}
	consumerRate, err := b.drainConsumer(ctx, "stage-consumer", backlog)
	if err != nil {
		return err
	}
	if err := b.reset(ctx); err != nil {
		return err
	}
	if _, _, err := writeN(ctx, pool, backlog, nil); err != nil {
		return err
	}
	tr := newTracker()
	stop := b.start(ctx, "drain-consumer", true, tr)
	start := time.Now()
	if err := tr.wait(ctx, backlog); err != nil {
		return err
	}
	drain := float64(backlog) / tr.lastHandled().Sub(start).Seconds()
	stop()
	fmt.Printf("(b) pipeline committed→handled, draining %d committed events (relay + JetStream + consumer with inbox, no writers): %.0f events/s = %.0f%% of (a) (target >= 60%%)\n",
		backlog, drain, 100*drain/raw)
	fmt.Printf("    stages alone on the same backlog: relay %.0f events/s, consumer %.0f events/s\n", relayRate, consumerRate)
	if err := b.reset(ctx); err != nil {
		return err
	}

	// Pipeline under load: writers and pipeline share the machine.
	tr = newTracker()
	stop = b.start(ctx, "bench-consumer", true, tr)
	defer stop()
	if _, _, err := writeN(ctx, pool, 200, tr); err != nil { // warm-up
		return err
	}
	if err := tr.wait(ctx, 200); err != nil {
		return err
	}
	tr.reset()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	cpu0 = sampleCPU()
	start = time.Now()
	_, took, err := writeN(ctx, pool, *pipeEvents, tr)
	if err != nil {
		return err
	}
	if err := tr.wait(ctx, *pipeEvents); err != nil {
		return err
	}
	sustained := float64(*pipeEvents) / tr.lastHandled().Sub(start).Seconds()
	cpu1 = sampleCPU()
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	fmt.Printf("    with %d writers committing at the same time (%d events, writers at %.0f/s): %.0f events/s committed→handled = %.0f%% of (a) [CPU/event: bench %s, postgres %s]\n",
		*writers, *pipeEvents, float64(*pipeEvents)/took.Seconds(), sustained, 100*sustained/raw,
		perEvent(cpu1.self-cpu0.self, *pipeEvents), perEvent(cpu1.postgres-cpu0.postgres, *pipeEvents))
	tr.reset()

	// (c) latency at fixed rates.
	for _, rate := range []int{500, 2000} {
		n := int(float64(rate) * latDur.Seconds())
		achieved, err := writePaced(ctx, pool, rate, n, tr)
		if err != nil {
			return err
		}
		if err := tr.wait(ctx, n); err != nil {
			return err
		}
		lat, relayLat := tr.latencies()
		fmt.Printf("(c) latency commit→handled at %d events/s (achieved %.0f/s, %d events over %.0fs): p50=%.1fms p99=%.1fms max=%.1fms; commit→stored in stream p50=%.1fms p99=%.1fms\n",
			rate, achieved, n, latDur.Seconds(), ms(pct(lat, 0.50)), ms(pct(lat, 0.99)), ms(lat[len(lat)-1]),
			ms(pct(relayLat, 0.50)), ms(pct(relayLat, 0.99)))
		tr.reset()
	}
	stop()
	var dups, dead int
	if err := pool.QueryRow(ctx, `SELECT count(*) - count(DISTINCT event_id) FROM effects`).Scan(&dups); err != nil {
		return err
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM dead_letter`).Scan(&dead); err != nil {
		return err
	}
	fmt.Printf("check: duplicate effects=%d dead letters=%d\n", dups, dead)
	if dups != 0 || dead != 0 {
		return errors.New("pipeline check failed")
	}
	return nil
}

// bench holds what the phases share.
type bench struct {
	pool *pgxpool.Pool
	js   jetstream.JetStream
}

// reset empties the tables and the stream between phases.
func (b *bench) reset(ctx context.Context) error {
	if _, err := b.pool.Exec(ctx, `TRUNCATE outbox, business, effects, inbox`); err != nil {
		return err
	}
	st, err := b.js.Stream(ctx, outbox.StreamName(service))
	if err != nil {
		return err
	}
	return st.Purge(ctx)
}

// handler is the consumer's business effect: one row per event.
func handler(ctx context.Context, tx pgx.Tx, d outbox.Delivery) error {
	_, err := tx.Exec(ctx, `INSERT INTO effects (event_id, aggregate_id) VALUES ($1, $2)`, d.Event.ID, d.Event.AggregateID)
	return err
}

// start runs a consumer named name (and a relay if withRelay) until the returned stop.
func (b *bench) start(ctx context.Context, name string, withRelay bool, tr *tracker) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if withRelay {
		relay := outbox.NewRelay(b.pool, b.js, zap.NewNop(), outbox.RelayOptions{HotPollInterval: *hotPoll})
		wg.Add(1)
		go func() { defer wg.Done(); _ = relay.Run(ctx) }()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		err := outbox.Consume(ctx, b.js, b.pool, zap.NewNop(), outbox.ConsumerConfig{
			Name: name, Stream: outbox.StreamName(service), Concurrency: *concurrency, MaxBatch: *maxBatch,
			OnHandled: tr.handled,
		}, handler)
		if err != nil {
			fmt.Fprintln(os.Stderr, "consume:", err)
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			wg.Wait()
			// A consumer nobody reads would still track every later message.
			_ = b.js.DeleteConsumer(context.WithoutCancel(ctx), outbox.StreamName(service), name)
		})
	}
}

// drainRelay times a relay alone publishing the committed backlog of n events.
func (b *bench) drainRelay(ctx context.Context, n int) (float64, error) {
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	relay := outbox.NewRelay(b.pool, b.js, zap.NewNop(), outbox.RelayOptions{HotPollInterval: *hotPoll})
	done := make(chan struct{})
	start := time.Now()
	go func() { defer close(done); _ = relay.Run(rctx) }()
	defer func() { cancel(); <-done }()
	deadline := start.Add(60 * time.Second)
	for {
		left, _, err := relay.Backlog(ctx)
		if err != nil {
			return 0, err
		}
		if left == 0 {
			return float64(n) / time.Since(start).Seconds(), nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("relay left %d of %d events", left, n)
		}
		time.Sleep(2 * time.Millisecond) // polling the bench's own progress
	}
}

// drainConsumer times a consumer alone handling the n events already in the stream.
func (b *bench) drainConsumer(ctx context.Context, name string, n int) (float64, error) {
	tr := newTracker()
	start := time.Now()
	stop := b.start(ctx, name, false, tr)
	defer stop()
	if err := tr.wait(ctx, n); err != nil {
		return 0, err
	}
	return float64(n) / tr.lastHandled().Sub(start).Seconds(), nil
}

func perEvent(d time.Duration, n int) string {
	return fmt.Sprintf("%.0fµs", d.Seconds()*1e6/float64(n))
}

// tracker remembers when each event's transaction committed and when its handler's
// transaction committed.
type tracker struct {
	mu        sync.Mutex
	committed map[string]time.Time
	lat       []time.Duration
	relayLat  []time.Duration // commit → stored in the stream
	last      time.Time
	count     atomic.Int64
}

func newTracker() *tracker { return &tracker{committed: map[string]time.Time{}} }

func (t *tracker) commit(id string, at time.Time) {
	t.mu.Lock()
	t.committed[id] = at
	t.mu.Unlock()
}

func (t *tracker) handled(d outbox.Delivery) {
	now := time.Now()
	t.mu.Lock()
	if c, ok := t.committed[d.Event.ID]; ok {
		t.lat = append(t.lat, now.Sub(c))
		t.relayLat = append(t.relayLat, d.StoredAt.Sub(c))
		delete(t.committed, d.Event.ID)
	}
	if now.After(t.last) {
		t.last = now
	}
	t.mu.Unlock()
	t.count.Add(1)
}

func (t *tracker) reset() {
	t.mu.Lock()
	t.committed = map[string]time.Time{}
	t.lat = nil
	t.relayLat = nil
	t.mu.Unlock()
	t.count.Store(0)
}

func (t *tracker) lastHandled() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

func (t *tracker) latencies() (all, relay []time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	all, relay = slices.Clone(t.lat), slices.Clone(t.relayLat)
	slices.Sort(all)
	slices.Sort(relay)
	return all, relay
}

// wait blocks (bounded) until n events were handled since the last reset.
func (t *tracker) wait(ctx context.Context, n int) error {
	deadline := time.Now().Add(60 * time.Second)
	for t.count.Load() < int64(n) {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("only %d of %d events handled in time", t.count.Load(), n)
		}
		time.Sleep(2 * time.Millisecond) // polling the bench's own progress
	}
	return nil
}

func newEvent() (outbox.Event, error) {
	e, err := outbox.NewEvent("bench-aggregate", 1, time.Now(), structpb.NewStringValue("bench payload of a typical size ........................................"))
	e.Type = eventType
	return e, err
}

// writeTx commits one business row and its event; useAppend=false inserts the outbox
// row with plain SQL (no notify) for the raw ceiling.
func writeTx(ctx context.Context, pool *pgxpool.Pool, useAppend bool, tr *tracker) error {
	e, err := newEvent()
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO business (id, note, updated_at) VALUES ($1, 'x', $2)`, e.ID, e.OccurredAt); err != nil {
			return err
		}
		if useAppend {
			return outbox.Append(ctx, tx, e)
		}
		_, err := tx.Exec(ctx, `INSERT INTO outbox (event_id, event_type, aggregate_id, aggregate_version, occurred_at, payload)
			VALUES ($1, $2, $3, $4, $5, $6)`, e.ID, e.Type, e.AggregateID, e.AggregateVersion, e.OccurredAt, e.Payload)
		return err
	})
	if err == nil && tr != nil {
		tr.commit(e.ID, time.Now())
	}
	return err
}

// writeFor runs the writers for d and returns the number of committed transactions.
func writeFor(ctx context.Context, pool *pgxpool.Pool, d time.Duration, useAppend bool, tr *tracker) (int, time.Duration, error) {
	var n atomic.Int64
	var firstErr atomic.Value
	start := time.Now()
	stop := start.Add(d)
	var wg sync.WaitGroup
	for w := 0; w < *writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				if err := writeTx(ctx, pool, useAppend, tr); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, 0, err
	}
	return int(n.Load()), time.Since(start), nil
}

// writeN commits total events with the writers as fast as they go.
func writeN(ctx context.Context, pool *pgxpool.Pool, total int, tr *tracker) (int, time.Duration, error) {
	var next atomic.Int64
	var firstErr atomic.Value
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < *writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(total) {
				if err := writeTx(ctx, pool, true, tr); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, 0, err
	}
	return total, time.Since(start), nil
}

// writePaced commits n events at rate per second (open-loop: each event has a
// scheduled start time, so a slow commit does not lower the offered rate).
func writePaced(ctx context.Context, pool *pgxpool.Pool, rate, n int, tr *tracker) (float64, error) {
	slots := make(chan time.Time, n)
	start := time.Now()
	interval := time.Second / time.Duration(rate)
	for i := 0; i < n; i++ {
		slots <- start.Add(time.Duration(i) * interval)
	}
	close(slots)
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < *writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for at := range slots {
				if d := time.Until(at); d > 0 {
					time.Sleep(d) // pacing of the offered load
				}
				if err := writeTx(ctx, pool, true, tr); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, err
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func startNATS() (*server.Server, string, error) {
	dir, err := os.MkdirTemp("", "outboxbench-nats-")
	if err != nil {
		return nil, "", err
	}
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: dir,
		SyncAlways: true, NoLog: true, NoSigs: true})
	if err != nil {
		return nil, "", err
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		return nil, "", errors.New("nats-server not ready")
	}
	return ns, ns.ClientURL(), nil
}

// createDatabase makes a throw-away database named like pgtest's, so a crashed run is
// cleaned up by a later test run.
func createDatabase(ctx context.Context) (string, func(), error) {
	server := pgtest.ServerURL()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", nil, fmt.Errorf("connect %s: %w (start PostgreSQL or set TEST_DATABASE_URL)", redact(server), err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := fmt.Sprintf("hwtest_bench_%d_%s", time.Now().Unix(), hex.EncodeToString(b[:]))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		return "", nil, err
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	if !strings.Contains(u.RawQuery, "sslmode") {
		q := u.Query()
		q.Set("sslmode", "disable")
		u.RawQuery = q.Encode()
	}
	drop := func() {
		c, err := pgx.Connect(context.Background(), server)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return u.String(), drop, nil
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "?"
	}
	return u.Redacted()
}

// cpuSample is the CPU time (user + system) used so far by this process and by all
// postgres processes on the machine (the bench assumes a local server).
type cpuSample struct{ self, postgres time.Duration }

func sampleCPU() cpuSample {
	var s cpuSample
	s.self = procCPU("/proc/self/stat")
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		if comm, err := os.ReadFile("/proc/" + e.Name() + "/comm"); err == nil && strings.TrimSpace(string(comm)) == "postgres" {
			s.postgres += procCPU("/proc/" + e.Name() + "/stat")
		}
	}
	return s
}

// procCPU reads utime + stime from a /proc/<pid>/stat file (in clock ticks of 10 ms).
func procCPU(path string) time.Duration {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}
