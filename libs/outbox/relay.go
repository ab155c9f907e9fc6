package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/natsx"
)

// tracerName is the instrumentation scope of the spans this package starts.
const tracerName = "github.com/hellowork-jp/hellowork/libs/outbox"

// RelayOptions tunes a Relay. The zero value is a sensible production setting.
type RelayOptions struct {
	// PollInterval is how often the relay looks at the outbox when no notification
	// arrives (default 1 s). LISTEN/NOTIFY normally wakes it at once; polling covers a
	// lost listener connection and DisableListen. A shorter interval costs one cheap
	// query per interval.
	PollInterval time.Duration
	// BatchSize is the most rows claimed, published and deleted in one transaction
	// (default 256, at most 1,000: the server's atomic batch limit). Larger batches amortise the commit; they also hold row locks longer
	// and republish more rows if the relay dies mid-batch (JetStream drops those as
	// duplicates inside the duplicate window).
	BatchSize int
	// PublishTimeout bounds the wait for a batch's PubAcks (default 5 s). Rows not
	// acknowledged in time stay in the outbox and are retried; it must stay well below
	// the stream's duplicate window so retries are deduplicated by the server.
	PublishTimeout time.Duration
	// MinBackoff and MaxBackoff bound the exponential pause after a failed pass, e.g.
	// during a NATS or PostgreSQL outage (defaults 100 ms and 5 s). The relay never gives
	// up: rows wait in the outbox until JetStream confirms them.
	MinBackoff, MaxBackoff time.Duration
	// HotPollInterval is how often a hot relay polls (default 5 ms). A relay turns hot
	// when it finds rows and holds a lease in outbox_relay meanwhile; writers then skip
	// pg_notify, whose cluster-wide commit lock would otherwise serialise every
	// event-writing transaction. The interval bounds the extra latency under load.
	HotPollInterval time.Duration
	// CoolDown is how long a hot relay goes on polling without finding rows before it
	// drops its lease and goes back to waiting for notifications (default 1 s).
	CoolDown time.Duration
	// HotLease is the lease a hot relay holds and renews at half-time (default 2 s). If
	// the relay dies, writers resume notifying when the lease runs out.
	HotLease time.Duration
	// MetricsInterval is how often the backlog gauges are refreshed (default 5 s).
	MetricsInterval time.Duration
	// Registerer receives the relay's metrics; nil means none. Series carry a schema
	// label: hellowork_outbox_backlog_events, hellowork_outbox_oldest_event_age_seconds,
	// hellowork_outbox_published_total, hellowork_outbox_publish_failures_total,
	// hellowork_outbox_publish_duplicates_total.
	Registerer prometheus.Registerer
	// DisableListen turns LISTEN/NOTIFY off and relies on polling alone, for
	// connections through a transaction-pooling proxy (PgBouncer) where LISTEN does not
	// work.
	DisableListen bool

	// hooks lets tests stop the relay at exact points of a pass.
	hooks relayHooks
}

type relayHooks struct {
	// afterAcks runs after a batch's PubAcks were collected and before its rows are
	// deleted: the worst moment for a crash.
	afterAcks func(published int)
}

func (o RelayOptions) withDefaults() RelayOptions {
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 256
	}
	// JetStream refuses atomic batches above 1,000 messages (server default).
	o.BatchSize = min(o.BatchSize, 1000)
	if o.PublishTimeout <= 0 {
		o.PublishTimeout = 5 * time.Second
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 100 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(5*time.Second, o.MinBackoff)
	}
	if o.HotPollInterval <= 0 {
		o.HotPollInterval = 5 * time.Millisecond
	}
	if o.CoolDown <= 0 {
		o.CoolDown = time.Second
	}
	if o.HotLease <= 0 {
		o.HotLease = 2 * time.Second
	}
	if o.MetricsInterval <= 0 {
		o.MetricsInterval = 5 * time.Second
	}
	return o
}

// Relay moves committed outbox rows of one schema (the pool's search_path) to
// JetStream. See the package documentation for why it claims and deletes rows instead
// of following a cursor.
type Relay struct {
	pool   *pgxpool.Pool
	js     jetstream.JetStream
	log    *zap.Logger
	opts   RelayOptions
	tracer trace.Tracer
	wake   chan struct{}
	id     string // relay_id of the hot lease

	atomicOff atomic.Bool // the stream refused atomic batches; publish one by one

	backlog, oldestAge            *prometheus.GaugeVec
	published, failures, dupCount *prometheus.CounterVec
}

// NewRelay returns a relay reading the outbox through pool (whose search_path is the
// service's schema) and publishing through js. Run starts it.
func NewRelay(pool *pgxpool.Pool, js jetstream.JetStream, log *zap.Logger, opts RelayOptions) *Relay {
	if log == nil {
		log = zap.NewNop()
	}
	opts = opts.withDefaults()
	reg := opts.Registerer
	r := &Relay{
		pool: pool, js: js, log: log.Named("outbox.relay"), opts: opts,
		tracer: otel.Tracer(tracerName),
		wake:   make(chan struct{}, 1),
		id:     uuid.NewString(),
		backlog: register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "hellowork_outbox_backlog_events",
			Help: "Outbox rows not yet confirmed by JetStream.",
		}, []string{"schema"})),
		oldestAge: register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "hellowork_outbox_oldest_event_age_seconds",
			Help: "Age of the oldest outbox row not yet confirmed by JetStream (0 when empty).",
		}, []string{"schema"})),
		published: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hellowork_outbox_published_total",
			Help: "Events confirmed by JetStream and removed from the outbox.",
		}, []string{"schema"})),
		failures: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hellowork_outbox_publish_failures_total",
			Help: "Event publishes that got no PubAck and stay in the outbox for a retry.",
		}, []string{"schema"})),
		dupCount: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hellowork_outbox_publish_duplicates_total",
			Help: "Publishes JetStream reported as duplicates (a re-publish after a crash or timeout).",
		}, []string{"schema"})),
	}
	return r
}

// Run relays events until ctx is cancelled, then returns nil. Errors on the way
// (PostgreSQL or NATS unavailable) are logged and retried with backoff, never
// returned, because giving up would strand events; watch the backlog gauges instead.
func (r *Relay) Run(ctx context.Context) error {
	schema, err := r.resolveSchema(ctx)
	if err != nil {
		return nil //nolint:nilerr // only ctx cancellation ends resolveSchema
	}
	log := r.log.With(zap.String("schema", schema))
	if !r.opts.DisableListen {
		go r.listen(ctx, log, notifyChannelPrefix+schema)
	}
	go r.metricsLoop(ctx, schema)

	poll := time.NewTicker(r.opts.PollInterval)
	defer poll.Stop()
	backoff := r.opts.MinBackoff
	var (
		hot       bool      // holding the lease, polling every HotPollInterval
		renewedAt time.Time // when the lease was last taken or renewed
		lastRows  time.Time // when a pass last found rows
	)
	defer func() {
		if hot {
			r.dropLease(context.WithoutCancel(ctx), log)
		}
	}()
	for {
		passStart := time.Now()
		n, err := r.pass(ctx, schema)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			log.Warn("outbox relay pass failed; retrying", zap.Error(err), zap.Duration("backoff", backoff))
			if !sleep(ctx, backoff) {
				return nil
			}
			backoff = min(backoff*2, r.opts.MaxBackoff)
			continue
		}
		backoff = r.opts.MinBackoff
		now := time.Now()
		if n > 0 {
			lastRows = now
			if !hot || now.Sub(renewedAt) > r.opts.HotLease/2 {
				hot = r.takeLease(ctx, log)
				renewedAt = now
			}
		}
		if n == r.opts.BatchSize {
			continue // probably more waiting
		}
		if hot {
			if now.Sub(lastRows) < r.opts.CoolDown {
				// Poll at a steady rate: a pass that took a while has already waited.
				if wait := r.opts.HotPollInterval - now.Sub(passStart); wait > 0 && !sleep(ctx, wait) {
					return nil
				}
				continue
			}
			// Cool down. Writers that saw the lease before it ended did not notify, so
			// pass once more after dropping it; later writers notify again.
			r.dropLease(ctx, log)
			hot = false
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-r.wake:
		case <-poll.C:
		}
	}
}

// takeLease advertises this relay as hot until now + HotLease (database clock). If it
// fails the relay simply stays cold: writers keep notifying, nothing is lost.
func (r *Relay) takeLease(ctx context.Context, log *zap.Logger) bool {
	_, err := r.pool.Exec(ctx, `INSERT INTO outbox_relay (relay_id, hot_until)
VALUES ($1, clock_timestamp() + $2::interval)
ON CONFLICT (relay_id) DO UPDATE SET hot_until = EXCLUDED.hot_until`, r.id, r.opts.HotLease)
	if err != nil {
		log.Warn("outbox relay cannot take its hot lease; writers keep notifying", zap.Error(err))
		return false
	}
	return true
}

func (r *Relay) dropLease(ctx context.Context, log *zap.Logger) {
	if _, err := r.pool.Exec(ctx, `DELETE FROM outbox_relay WHERE relay_id = $1 OR hot_until < clock_timestamp() - interval '1 hour'`, r.id); err != nil {
		log.Warn("outbox relay cannot drop its hot lease; it expires by itself", zap.Error(err))
	}
}

// Backlog reports the number of outbox rows not yet confirmed by JetStream and the age
// of the oldest one (by the database clock). Health checks and tests use it.
func (r *Relay) Backlog(ctx context.Context) (n int64, oldest time.Duration, err error) {
	var age float64
	err = r.pool.QueryRow(ctx, `SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 FROM outbox`).
		Scan(&n, &age)
	if err != nil {
		return 0, 0, fmt.Errorf("outbox: backlog: %w", err)
	}
	return n, time.Duration(age * float64(time.Second)), nil
}

func (r *Relay) resolveSchema(ctx context.Context) (string, error) {
	backoff := r.opts.MinBackoff
	for {
		var schema *string
		err := r.pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema)
		if err == nil && schema != nil {
			return *schema, nil
		}
		if err == nil {
			err = errors.New("search_path names no existing schema; run outbox.Migrate first")
		}
		r.log.Warn("outbox relay cannot resolve its schema; retrying", zap.Error(err))
		if !sleep(ctx, backoff) {
			return "", ctx.Err()
		}
		backoff = min(backoff*2, r.opts.MaxBackoff)
	}
}

type outboxRow struct {
	seq  int64
	ev   Event
	msg  *nats.Msg
	span trace.Span
}

const claimSQL = `SELECT seq, event_id::text, event_type, aggregate_id, aggregate_version, occurred_at,
       payload, trace_parent, trace_state
  FROM outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`

// pass claims up to BatchSize committed rows, publishes them, waits for every PubAck
// and deletes the acknowledged rows, all in one transaction. A crash anywhere before the
// commit leaves the rows (and their locks are released with the connection), so they
// are published again: at-least-once, with Nats-Msg-Id absorbing the repeat.
func (r *Relay) pass(ctx context.Context, schema string) (int, error) {
	t0 := time.Now()
	tx, err := r.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	rows, err := tx.Query(ctx, claimSQL, r.opts.BatchSize)
	if err != nil {
		return 0, fmt.Errorf("claim: %w", err)
	}
	var batch []*outboxRow
	for rows.Next() {
		row := &outboxRow{}
		e := &row.ev
		if err := rows.Scan(&row.seq, &e.ID, &e.Type, &e.AggregateID, &e.AggregateVersion, &e.OccurredAt,
			&e.Payload, &e.TraceParent, &e.TraceState); err != nil {
			rows.Close()
			return 0, fmt.Errorf("claim scan: %w", err)
		}
		batch = append(batch, row)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("claim: %w", err)
	}
	if len(batch) == 0 {
		return 0, tx.Commit(ctx)
	}

	t1 := time.Now()
	acked, dups, pubErr := r.publish(ctx, batch)
	t2 := time.Now()
	if r.opts.hooks.afterAcks != nil {
		r.opts.hooks.afterAcks(len(acked))
	}
	if len(acked) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM outbox WHERE seq = ANY($1)`, acked); err != nil {
			return 0, fmt.Errorf("delete published: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	if ce := r.log.Check(zap.DebugLevel, "outbox relay pass"); ce != nil {
		ce.Write(zap.Int("claimed", len(batch)), zap.Int("acked", len(acked)), zap.Int("duplicates", dups),
			zap.Duration("claim", t1.Sub(t0)), zap.Duration("publish", t2.Sub(t1)), zap.Duration("delete_commit", time.Since(t2)))
	}
	r.published.WithLabelValues(schema).Add(float64(len(acked)))
	r.dupCount.WithLabelValues(schema).Add(float64(dups))
	if failed := len(batch) - len(acked); failed > 0 {
		r.failures.WithLabelValues(schema).Add(float64(failed))
		return len(batch), fmt.Errorf("%d of %d events not acknowledged: %w", failed, len(batch), pubErr)
	}
	return len(batch), nil
}

// publish sends the batch and returns the seqs of rows JetStream acknowledged, never
// more. It tries an atomic batch first, then falls back to one publish per message.
func (r *Relay) publish(ctx context.Context, batch []*outboxRow) (acked []int64, dups int, err error) {
	for _, row := range batch {
		row.msg = row.ev.message()
		r.startSpan(row)
	}
	if len(batch) >= atomicMinBatch && !r.atomicOff.Load() {
		err := r.publishAtomic(ctx, batch)
		switch {
		case err == nil:
			acked = make([]int64, len(batch))
			for i, row := range batch {
				acked[i] = row.seq
				r.endSpan(row, nil)
			}
			return acked, 0, nil
		case errors.Is(err, errAtomicDuplicate):
			// Some rows were stored by an earlier attempt (relay crash or lost ack): an
			// atomic batch refuses duplicates as a whole, single publishes report them.
		case errors.Is(err, errAtomicDisabled):
			r.atomicOff.Store(true)
			r.log.Warn("stream or server does not support atomic batch publish; publishing one message at a time (slower with sync_interval: always)")
		default:
			for _, row := range batch {
				r.endSpan(row, err)
			}
			return nil, 0, err
		}
		for _, row := range batch {
			row.msg.Header.Del(headerBatchID)
			row.msg.Header.Del(headerBatchSeq)
			row.msg.Header.Del(headerBatchCommit)
		}
	}
	return r.publishEach(ctx, batch)
}

// atomicMinBatch is the smallest batch sent atomically. The server stages an atomic
// batch in a file store of its own, which costs about 3.5 ms of CPU per batch on our
// machine; single publishes cost one fsync each (~80 µs CPU, at most ~5,500/s). Measured
// break-even is about 32 messages; at 256 an atomic batch is 5× faster.
const atomicMinBatch = 32

// JetStream atomic batch publish headers (nats-server 2.12+, ADR-50).
const (
	headerBatchID     = "Nats-Batch-Id"
	headerBatchSeq    = "Nats-Batch-Sequence"
	headerBatchCommit = "Nats-Batch-Commit"
)

var (
	errAtomicDuplicate = errors.New("atomic batch contains an already stored message id")
	errAtomicDisabled  = errors.New("stream does not allow atomic publish")
)

// batchAck is the server's answer to an atomic batch commit.
type batchAck struct {
	Stream string `json:"stream"`
	Seq    uint64 `json:"seq"`
	Batch  string `json:"batch"`
	Count  int    `json:"count"`
	Error  *struct {
		Code        int    `json:"code"`
		ErrCode     int    `json:"err_code"`
		Description string `json:"description"`
	} `json:"error"`
}

// publishAtomic sends the batch as one JetStream atomic batch: messages 1..n-1 are
// staged without a reply, message n commits, and one PubAck covers all or none.
//
// Why: with sync_interval: always a stream fsyncs after every single message, which
// caps one stream at a few thousand messages per second; an atomic batch is synced once
// at commit (measured in docs/benchmarks.md). Nats-Msg-Id dedup still applies, but a
// batch holding an already stored id is refused as a whole (errAtomicDuplicate).
func (r *Relay) publishAtomic(ctx context.Context, batch []*outboxRow) error {
	nc := r.js.Conn()
	id := uuid.NewString()
	last := len(batch) - 1
	for i, row := range batch {
		row.msg.Header.Set(headerBatchID, id)
		row.msg.Header.Set(headerBatchSeq, strconv.Itoa(i+1))
		if i < last {
			if err := nc.PublishMsg(row.msg); err != nil {
				return err
			}
		}
	}
	commit := batch[last].msg
	commit.Header.Set(headerBatchCommit, "1")
	rctx, cancel := context.WithTimeout(ctx, r.opts.PublishTimeout)
	defer cancel()
	resp, err := nc.RequestMsgWithContext(rctx, commit)
	if err != nil {
		return fmt.Errorf("atomic batch commit: %w", err)
	}
	var ack batchAck
	if err := json.Unmarshal(resp.Data, &ack); err != nil {
		return fmt.Errorf("atomic batch commit: bad response: %w", err)
	}
	if e := ack.Error; e != nil {
		switch e.ErrCode {
		case 10201, 10158: // JSAtomicPublishContainsDuplicateMessageErr, JSStreamDuplicateMessageConflict
			return errAtomicDuplicate
		case 10174: // JSAtomicPublishDisabledErr
			return errAtomicDisabled
		}
		return fmt.Errorf("atomic batch commit: %s (err_code %d)", e.Description, e.ErrCode)
	}
	if ack.Batch == "" {
		// A server before 2.12 ignores the batch headers and stores every message on its
		// own: they are in the stream (deduplicated by id), just not atomically.
		return errAtomicDisabled
	}
	if ack.Batch != id || ack.Count != len(batch) {
		return fmt.Errorf("atomic batch commit: acknowledged batch %q with %d messages, sent %q with %d", ack.Batch, ack.Count, id, len(batch))
	}
	return nil
}

// publishEach sends the batch with PublishMsgAsync (pipelined, in order on one
// connection) and then waits for every PubAck. An ack that comes after PublishTimeout
// is treated as missing, and the row is sent again later.
func (r *Relay) publishEach(ctx context.Context, batch []*outboxRow) (acked []int64, dups int, firstErr error) {
	futures := make([]jetstream.PubAckFuture, len(batch))
	for i, row := range batch {
		f, err := r.js.PublishMsgAsync(row.msg)
		if err != nil {
			// Typically a closed connection or too many stalled publishes: the rest of the
			// batch would fail the same way.
			firstErr = err
			break
		}
		futures[i] = f
	}
	timer := time.NewTimer(r.opts.PublishTimeout)
	defer timer.Stop()
	expired := false
	for i, f := range futures {
		row := batch[i]
		if f == nil {
			r.endSpan(row, firstErr)
			continue
		}
		var err error
		if expired {
			select {
			case ack := <-f.Ok():
				dups += b2i(ack.Duplicate)
			case err = <-f.Err():
			default:
				err = jetstream.ErrAsyncPublishTimeout
			}
		} else {
			select {
			case ack := <-f.Ok():
				dups += b2i(ack.Duplicate)
			case err = <-f.Err():
			case <-timer.C:
				expired = true
				err = jetstream.ErrAsyncPublishTimeout
			case <-ctx.Done():
				expired = true
				err = ctx.Err()
			}
		}
		r.endSpan(row, err)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		acked = append(acked, row.seq)
	}
	return acked, dups, firstErr
}

// startSpan continues the trace stored with the event: a producer span child of the
// stored traceparent, injected into the message headers so the consumer's span joins
// the same trace. Events stored without a trace get no trace headers.
func (r *Relay) startSpan(row *outboxRow) {
	if row.ev.TraceParent == "" {
		return
	}
	parent := propagation.TraceContext{}.Extract(context.Background(), propagation.MapCarrier{
		HeaderTraceParent: row.ev.TraceParent, HeaderTraceState: row.ev.TraceState,
	})
	ctx, span := r.tracer.Start(parent, "publish "+row.ev.Type,
		trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(
			attribute.String("messaging.system", "nats"),
			attribute.String("messaging.operation.type", "send"),
			attribute.String("messaging.destination.name", row.ev.Type),
			attribute.String("messaging.message.id", row.ev.ID),
		))
	propagation.TraceContext{}.Inject(ctx, natsx.HeaderCarrier(row.msg.Header))
	row.span = span
}

func (r *Relay) endSpan(row *outboxRow, err error) {
	if row.span == nil {
		return
	}
	if err != nil {
		row.span.RecordError(err)
		row.span.SetStatus(codes.Error, "publish not acknowledged")
	}
	row.span.End()
}

// listen keeps a dedicated connection (not a pool slot) LISTENing on the schema's
// channel and turns each notification into a wake-up. After every (re)connect it wakes
// the relay once, because notifications sent while it was away are gone.
func (r *Relay) listen(ctx context.Context, log *zap.Logger, channel string) {
	backoff := r.opts.MinBackoff
	for ctx.Err() == nil {
		err := r.listenOnce(ctx, channel, func() { backoff = r.opts.MinBackoff })
		if ctx.Err() != nil {
			return
		}
		log.Warn("outbox relay listener lost; polling meanwhile", zap.Error(err), zap.Duration("backoff", backoff))
		if !sleep(ctx, backoff) {
			return
		}
		backoff = min(backoff*2, r.opts.MaxBackoff)
	}
}

func (r *Relay) listenOnce(ctx context.Context, channel string, connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, r.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	connected()
	r.wakeUp()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		r.wakeUp()
	}
}

func (r *Relay) wakeUp() {
	select {
	case r.wake <- struct{}{}:
	default: // a wake-up is already pending; one pass reads everything
	}
}

func (r *Relay) metricsLoop(ctx context.Context, schema string) {
	t := time.NewTicker(r.opts.MetricsInterval)
	defer t.Stop()
	for {
		if n, age, err := r.Backlog(ctx); err == nil {
			r.backlog.WithLabelValues(schema).Set(float64(n))
			r.oldestAge.WithLabelValues(schema).Set(age.Seconds())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sleep waits d of wall-clock time (backoff and polling only, never a rule) and reports
// false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
