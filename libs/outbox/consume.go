package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

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
	"github.com/hellowork-jp/hellowork/libs/textx"
)

// Delivery is one delivery of an event to a consumer, decoded from the message's
// headers and body.
type Delivery struct {
	// Event is the envelope as the producer appended it.
	Event Event
	// Attempt counts deliveries of this message to this consumer, starting at 1. A value
	// above 1 means an earlier attempt failed, timed out or crashed.
	Attempt int
	// Subject is the NATS subject (the event type).
	Subject string
	// StreamSequence is the message's sequence in the stream, for logs and dead letters.
	StreamSequence uint64
	// StoredAt is when JetStream stored the message (server clock): StoredAt minus
	// Event.OccurredAt is the relay's share of the end-to-end lag.
	StoredAt time.Time
}

// Handler applies one event inside tx, the transaction that also records the event in
// the inbox. Everything the handler writes through tx commits together with the inbox
// row or not at all, which is what makes a redelivery harmless. A handler must not have
// effects outside tx that cannot be repeated (send mail through its own outbox or
// accept a duplicate in the documented window). Return Permanent(err) for an event that
// can never succeed, so it goes to the dead letters at once instead of being retried.
type Handler func(ctx context.Context, tx pgx.Tx, d Delivery) error

// ConsumerConfig describes a durable consumer. Consume creates or updates it on the
// server, so the code is the single source of its configuration.
type ConsumerConfig struct {
	// Name is the durable consumer name, and the consumer key in inbox and dead_letter.
	// It must be unique per consuming purpose (e.g. "notification-authkey-mail") and
	// never change, or every event would be handled again.
	Name string
	// Stream is the producing service's stream, e.g. StreamName("identity").
	Stream string
	// FilterSubjects limits the consumer to some event types (default: the whole stream).
	FilterSubjects []string
	// MaxDeliver bounds deliveries of one message (default 5). On the last failed
	// attempt the message goes to dead_letter and is terminated.
	MaxDeliver int
	// Backoff is the delay before the next attempt after a failure: attempt n waits
	// Backoff[min(n-1, len-1)] (default 1 s, 5 s, 30 s, 2 min). It is applied with
	// NakWithDelay rather than the server's BackOff, because the server's BackOff
	// replaces AckWait and would redeliver slow-but-healthy handlers early.
	Backoff []time.Duration
	// AckWait is how long the server waits for an ack before redelivering, i.e. how long
	// after a crash the event is retried (default 30 s). Handlers get it as a deadline.
	AckWait time.Duration
	// Concurrency is how many transactions handle messages at once (default 8).
	// Messages are independent; order-sensitive handlers check Event.AggregateVersion.
	Concurrency int
	// MaxBatch is the most messages one transaction handles (default 16; 1 = one
	// transaction per message). A worker takes one message and whatever else is already
	// waiting, so batches only form under load, where they save a commit per message.
	// If a handler fails, the batch rolls back, that message alone is retried or
	// dead-lettered, and the others run again without it: handlers may therefore run
	// more than once per delivery, but commit at most once.
	MaxBatch int
	// MaxAckPending caps unacknowledged messages on the server (0 = server default,
	// 1000). Messages waiting for a delayed retry count against it.
	MaxAckPending int
	// Registerer receives the consumer's metrics (nil = none):
	// hellowork_consumer_messages_total{consumer,outcome} and
	// hellowork_consumer_handle_seconds{consumer}.
	Registerer prometheus.Registerer
	// OnHandled, if set, is called after a handler's transaction committed and before
	// the ack. Component tests use it to wait for an event instead of sleeping, and
	// benchmarks to time commit-to-handled latency. It must be quick and must not fail.
	OnHandled func(Delivery)

	// hooks let tests simulate crashes at exact points.
	hooks consumeHooks
}

type consumeHooks struct {
	// beforeCommit and afterCommit run with the delivery; returning true makes the
	// worker "die" there: no commit (before) or no ack (after), and no Nak either.
	beforeCommit func(Delivery) bool
	afterCommit  func(Delivery) bool
}

var consumerName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,200}$`)

func (c ConsumerConfig) withDefaults() (ConsumerConfig, error) {
	if !consumerName.MatchString(c.Name) {
		return c, fmt.Errorf("outbox: invalid consumer name %q", c.Name)
	}
	if c.Stream == "" {
		return c, errors.New("outbox: consumer needs a stream")
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 5
	}
	if len(c.Backoff) == 0 {
		c.Backoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute}
	}
	if c.AckWait <= 0 {
		c.AckWait = 30 * time.Second
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 8
	}
	if c.MaxBatch <= 0 {
		c.MaxBatch = 16
	}
	return c, nil
}

func (c ConsumerConfig) backoff(attempt int) time.Duration {
	i := min(max(attempt-1, 0), len(c.Backoff)-1)
	return c.Backoff[i]
}

func (c ConsumerConfig) jetstreamConfig() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:        c.Name,
		Description:    "hellowork outbox consumer " + c.Name,
		DeliverPolicy:  jetstream.DeliverAllPolicy,
		AckPolicy:      jetstream.AckExplicitPolicy,
		AckWait:        c.AckWait,
		MaxDeliver:     c.MaxDeliver,
		FilterSubjects: c.FilterSubjects,
		MaxAckPending:  c.MaxAckPending,
	}
}

type permanentError struct{ err error }

func (p permanentError) Error() string { return p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

// Permanent marks err as not worth retrying (bad payload, violated invariant): the
// consumer dead-letters the event at once instead of spending MaxDeliver attempts on
// it. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err (or an error it wraps) was marked by Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Outcomes of a delivery, as metric label values.
const (
	outcomeHandled    = "handled"
	outcomeDuplicate  = "duplicate"
	outcomeRetry      = "retry"
	outcomeDeadLetter = "dead_letter"
)

type consumer struct {
	js       jetstream.JetStream
	pool     *pgxpool.Pool
	log      *zap.Logger
	cfg      ConsumerConfig
	h        Handler
	tracer   trace.Tracer
	messages *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// Consume creates or updates the durable pull consumer cfg on cfg.Stream and handles
// its messages with h until ctx is done, then waits for in-flight handlers and returns
// nil. Invalid configuration is returned as an error at once; NATS or PostgreSQL
// outages are logged and retried, never returned.
//
// Per message: in one transaction, insert (consumer, event id) into inbox ON CONFLICT
// DO NOTHING; if the row existed the event was already handled, so skip h. Otherwise
// run h. Commit, then ack. A crash between commit and ack causes a redelivery that the
// inbox absorbs. Under load one transaction carries up to MaxBatch messages (see
// ConsumerConfig.MaxBatch). On error the message is retried after Backoff; a Permanent
// error or the MaxDeliver-th failure writes a dead_letter row and terminates the
// message, so it never blocks the others. Messages pulled but not started when ctx
// ends are nak'ed for immediate redelivery.
func Consume(ctx context.Context, js jetstream.JetStream, pool *pgxpool.Pool, log *zap.Logger, cfg ConsumerConfig, h Handler) error {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return err
	}
	if h == nil {
		return errors.New("outbox: nil handler")
	}
	if log == nil {
		log = zap.NewNop()
	}
	reg := cfg.Registerer
	c := &consumer{
		js: js, pool: pool, cfg: cfg, h: h,
		log:    log.Named("outbox.consumer").With(zap.String("consumer", cfg.Name), zap.String("stream", cfg.Stream)),
		tracer: otel.Tracer(tracerName),
		messages: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hellowork_consumer_messages_total",
			Help: "Deliveries settled by outbox consumers, by outcome (handled, duplicate, retry, dead_letter).",
		}, []string{"consumer", "outcome"})),
		duration: register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hellowork_consumer_handle_seconds",
			Help:    "Time from receipt to settlement (ack, nak or dead letter) of a message.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"consumer"})),
	}
	return c.run(ctx)
}

func (c *consumer) run(ctx context.Context) error {
	advisories := c.watchMaxDeliveries(ctx)
	defer advisories()

	in := make(chan jetstream.Msg, c.cfg.Concurrency*c.cfg.MaxBatch)
	var wg sync.WaitGroup
	for i := 0; i < c.cfg.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.worker(ctx, in)
		}()
	}
	c.pull(ctx, in)
	wg.Wait()
	// Messages pulled but never started go back at once instead of after AckWait.
	for {
		select {
		case m := <-in:
			_ = m.Nak()
		default:
			return nil
		}
	}
}

// pull feeds in from the durable consumer until ctx is done, re-creating the consumer
// and its pull subscription when they go away (consumer deleted, connection closed).
func (c *consumer) pull(ctx context.Context, in chan<- jetstream.Msg) {
	var it jetstream.MessagesContext
	defer func() {
		if it != nil {
			it.Stop()
		}
	}()
	backoff := 100 * time.Millisecond
	for {
		if it == nil {
			var err error
			if it, err = c.open(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				c.log.Warn("outbox consumer cannot subscribe; retrying", zap.Error(err), zap.Duration("backoff", backoff))
				if !sleep(ctx, backoff) {
					return
				}
				backoff = min(backoff*2, 5*time.Second)
				continue
			}
			backoff = 100 * time.Millisecond
		}
		msg, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) || errors.Is(err, jetstream.ErrConsumerDeleted) ||
				errors.Is(err, jetstream.ErrConsumerNotFound) {
				it.Stop()
				it = nil
			}
			c.log.Debug("outbox consumer pull", zap.Error(err))
			if !sleep(ctx, 50*time.Millisecond) {
				return
			}
			continue
		}
		select {
		case in <- msg: // blocks while every worker is busy: no message waits long in our buffer
		case <-ctx.Done():
			_ = msg.Nak()
			return
		}
	}
}

// open creates or updates the durable consumer and starts pulling from it.
func (c *consumer) open(ctx context.Context) (jetstream.MessagesContext, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cons, err := c.js.CreateOrUpdateConsumer(cctx, c.cfg.Stream, c.cfg.jetstreamConfig())
	if err != nil {
		return nil, fmt.Errorf("create consumer: %w", err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(c.cfg.Concurrency * c.cfg.MaxBatch))
	if err != nil {
		return nil, fmt.Errorf("pull: %w", err)
	}
	return it, nil
}

// worker takes one message, plus whatever else is already waiting (up to MaxBatch), and
// handles them in one transaction. Batches only form when messages queue up, so a
// quiet consumer still handles each message as soon as it arrives.
func (c *consumer) worker(ctx context.Context, in <-chan jetstream.Msg) {
	batch := make([]jetstream.Msg, 0, c.cfg.MaxBatch)
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-in:
			batch = append(batch[:0], m)
		}
	fill:
		for len(batch) < c.cfg.MaxBatch {
			select {
			case m := <-in:
				batch = append(batch, m)
			default:
				break fill
			}
		}
		c.processBatch(ctx, batch)
	}
}

// job is one message being handled.
type job struct {
	msg   jetstream.Msg
	d     Delivery
	log   *zap.Logger
	span  trace.Span
	start time.Time
	dup   bool // the inbox already had the event
}

// processBatch settles every message of batch exactly once: ack, delayed nak, or
// dead-letter + term. Only a simulated crash (tests) leaves messages unsettled.
func (c *consumer) processBatch(ctx context.Context, batch []jetstream.Msg) {
	jobs := make([]*job, 0, len(batch))
	for _, msg := range batch {
		j := &job{msg: msg, start: time.Now(), d: Delivery{Subject: msg.Subject(), Attempt: 1}}
		if meta, err := msg.Metadata(); err == nil {
			j.d.Attempt = int(meta.NumDelivered)
			j.d.StreamSequence = meta.Sequence.Stream
			j.d.StoredAt = meta.Timestamp
		}
		j.log = c.log.With(zap.Uint64("stream_seq", j.d.StreamSequence), zap.Int("attempt", j.d.Attempt))
		ev, err := decodeEvent(msg.Subject(), msg.Headers(), msg.Data())
		j.d.Event = ev
		if err != nil {
			j.log.Error("outbox consumer got a malformed event; dead-lettering", zap.Error(err))
			c.deadLetter(ctx, j.log, msg, j.d, err)
			c.settled(j, outcomeDeadLetter)
			continue
		}
		j.log = j.log.With(zap.String("event_id", ev.ID), zap.String("event_type", ev.Type))
		parent := propagation.TraceContext{}.Extract(context.Background(), natsx.HeaderCarrier(msg.Headers()))
		_, j.span = c.tracer.Start(parent, "process "+ev.Type,
			trace.WithSpanKind(trace.SpanKindConsumer),
			trace.WithAttributes(
				attribute.String("messaging.system", "nats"),
				attribute.String("messaging.operation.type", "process"),
				attribute.String("messaging.destination.name", j.d.Subject),
				attribute.String("messaging.consumer.group.name", c.cfg.Name),
				attribute.String("messaging.message.id", ev.ID),
				attribute.Int("messaging.message.delivery_count", j.d.Attempt),
			))
		jobs = append(jobs, j)
	}
	for len(jobs) > 0 {
		failed, crashed, err := c.handleBatch(ctx, jobs)
		switch {
		case crashed:
			return // simulated death: the server redelivers after AckWait
		case failed >= 0:
			// One handler failed: settle it, and run the others again without it (their
			// work was rolled back with the batch).
			c.fail(ctx, jobs[failed], err)
			jobs = append(jobs[:failed], jobs[failed+1:]...)
		case err != nil:
			// The transaction itself failed (database unavailable, commit error).
			for _, j := range jobs {
				c.fail(ctx, j, err)
			}
			return
		default:
			for _, j := range jobs {
				if aerr := j.msg.Ack(); aerr != nil {
					// The effect is committed; a redelivery will be skipped by the inbox.
					j.log.Warn("outbox consumer ack failed", zap.Error(aerr))
				}
				c.settled(j, map[bool]string{true: outcomeDuplicate, false: outcomeHandled}[j.dup])
			}
			return
		}
	}
}

const inboxSQL = `INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
ON CONFLICT DO NOTHING RETURNING event_id::text`

// handleBatch runs, in one transaction, the inbox insert of every job and the handler
// of every job the inbox did not know. It returns the index of the job whose handler
// failed (or -1) and the error.
func (c *consumer) handleBatch(ctx context.Context, jobs []*job) (failed int, crashed bool, err error) {
	// Handlers finish even when Consume is stopping (a half-done handler would only be
	// rolled back and redelivered), but never beyond the ack deadline.
	tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.AckWait)
	defer cancel()
	tx, err := c.pool.Begin(tctx)
	if err != nil {
		return -1, false, fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.d.Event.ID
	}
	rows, err := tx.Query(tctx, inboxSQL, c.cfg.Name, ids)
	if err != nil {
		return -1, false, fmt.Errorf("inbox: %w", err)
	}
	fresh, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return -1, false, fmt.Errorf("inbox: %w", err)
	}
	isFresh := make(map[string]bool, len(fresh))
	for _, id := range fresh {
		isFresh[id] = true
	}
	for i, j := range jobs {
		// uuid::text is lowercase; so is every ID NewEvent makes.
		id := strings.ToLower(j.d.Event.ID)
		j.dup = !isFresh[id]
		if j.dup {
			continue
		}
		delete(isFresh, id) // a second copy in the same batch is a duplicate
		if err := callHandler(trace.ContextWithSpan(tctx, j.span), c.h, tx, j.d); err != nil {
			return i, false, err
		}
	}
	if c.crashAt(c.cfg.hooks.beforeCommit, jobs) {
		return -1, true, nil
	}
	if err := tx.Commit(tctx); err != nil {
		return -1, false, fmt.Errorf("commit: %w", err)
	}
	if f := c.cfg.OnHandled; f != nil {
		for _, j := range jobs {
			if !j.dup {
				f(j.d)
			}
		}
	}
	if c.crashAt(c.cfg.hooks.afterCommit, jobs) {
		return -1, true, nil
	}
	return -1, false, nil
}

func (c *consumer) crashAt(hook func(Delivery) bool, jobs []*job) bool {
	if hook == nil {
		return false
	}
	crash := false
	for _, j := range jobs {
		crash = hook(j.d) || crash
	}
	return crash
}

// fail settles a job whose handling failed: dead letter for a Permanent error or the
// last allowed delivery, otherwise a delayed redelivery.
func (c *consumer) fail(ctx context.Context, j *job, err error) {
	if j.span != nil {
		j.span.RecordError(err)
		j.span.SetStatus(codes.Error, "handler failed")
	}
	if IsPermanent(err) || j.d.Attempt >= c.cfg.MaxDeliver {
		j.log.Error("outbox consumer gives up on event; dead-lettering", zap.Error(err),
			zap.Bool("permanent", IsPermanent(err)))
		c.deadLetter(ctx, j.log, j.msg, j.d, err)
		c.settled(j, outcomeDeadLetter)
		return
	}
	delay := c.cfg.backoff(j.d.Attempt)
	j.log.Warn("outbox consumer handler failed; will retry", zap.Error(err), zap.Duration("delay", delay))
	if nerr := j.msg.NakWithDelay(delay); nerr != nil {
		j.log.Warn("outbox consumer nak failed; AckWait will redeliver", zap.Error(nerr))
	}
	c.settled(j, outcomeRetry)
}

func (c *consumer) settled(j *job, outcome string) {
	if j.span != nil {
		j.span.End()
	}
	c.messages.WithLabelValues(c.cfg.Name, outcome).Inc()
	c.duration.WithLabelValues(c.cfg.Name).Observe(time.Since(j.start).Seconds())
}

// callHandler turns a handler panic into an ordinary (retryable) error, so one bad
// event cannot take the whole consumer down.
func callHandler(ctx context.Context, h Handler, tx pgx.Tx, d Delivery) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panic: %v", p)
		}
	}()
	return h(ctx, tx, d)
}

const deadLetterSQL = `INSERT INTO dead_letter
  (consumer, event_id, event_type, subject, stream_seq, headers, payload, error, attempts)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (consumer, event_id) DO UPDATE SET
  event_type = EXCLUDED.event_type, subject = EXCLUDED.subject, stream_seq = EXCLUDED.stream_seq,
  headers = EXCLUDED.headers, payload = EXCLUDED.payload, error = EXCLUDED.error,
  attempts = EXCLUDED.attempts, failed_at = clock_timestamp()`

// deadLetter stores the message in dead_letter and then terminates it. Writing the row
// is retried (keeping the message alive with InProgress) until it succeeds, because
// terminating first would lose the event if the database is down.
func (c *consumer) deadLetter(ctx context.Context, log *zap.Logger, msg jetstream.Msg, d Delivery, cause error) {
	id := deadLetterID(msg.Headers(), d)
	typ := d.Event.Type
	if typ == "" {
		typ = d.Subject
	}
	hdr, _ := json.Marshal(msg.Headers())
	if hdr == nil || string(hdr) == "null" {
		hdr = []byte("{}")
	}
	payload := msg.Data()
	if payload == nil {
		payload = []byte{}
	}
	backoff := 100 * time.Millisecond
	for {
		_, err := c.pool.Exec(ctx, deadLetterSQL, c.cfg.Name, id, typ, d.Subject, int64(d.StreamSequence),
			hdr, payload, cause.Error(), d.Attempt)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			// Stopping: leave the message unsettled; it is redelivered, or reported by the
			// MAX_DELIVERIES advisory if this was the last delivery.
			return
		}
		log.Warn("outbox consumer cannot write dead letter; retrying", zap.Error(err))
		_ = msg.InProgress()
		if !sleep(ctx, backoff) {
			return
		}
		backoff = min(backoff*2, 5*time.Second)
	}
	if err := msg.TermWithReason("dead-lettered: " + textx.TruncateBytes(cause.Error(), 200)); err != nil {
		log.Warn("outbox consumer term failed", zap.Error(err))
	}
}

func deadLetterID(h nats.Header, d Delivery) string {
	if d.Event.ID != "" {
		return d.Event.ID
	}
	if id := headerGet(h, HeaderMsgID); id != "" {
		return id
	}
	return "stream-seq:" + strconv.FormatUint(d.StreamSequence, 10)
}

// maxDeliveriesAdvisory is the part of the server's
// io.nats.jetstream.advisory.v1.max_deliver advisory we read.
type maxDeliveriesAdvisory struct {
	Stream     string `json:"stream"`
	Consumer   string `json:"consumer"`
	StreamSeq  uint64 `json:"stream_seq"`
	Deliveries uint64 `json:"deliveries"`
}

// watchMaxDeliveries covers the one way a message can run out of deliveries without
// our handler deciding: every attempt crashed or outlived AckWait. The server then stops
// delivering it and publishes a MAX_DELIVERIES advisory; we fetch the message by
// sequence and dead-letter it, unless the inbox shows it was in fact handled. It
// returns the function that stops watching.
func (c *consumer) watchMaxDeliveries(ctx context.Context) func() {
	nc := c.js.Conn()
	if nc == nil {
		return func() {}
	}
	subject := fmt.Sprintf("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.%s.%s", c.cfg.Stream, c.cfg.Name)
	work := make(chan maxDeliveriesAdvisory, 64)
	sub, err := nc.Subscribe(subject, func(m *nats.Msg) {
		var a maxDeliveriesAdvisory
		if json.Unmarshal(m.Data, &a) != nil {
			return
		}
		select {
		case work <- a:
		default:
			c.log.Error("outbox consumer dropped a max-deliveries advisory", zap.Uint64("stream_seq", a.StreamSeq))
		}
	})
	if err != nil {
		c.log.Warn("outbox consumer cannot watch max-deliveries advisories", zap.Error(err))
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case a := <-work:
				c.deadLetterExhausted(ctx, a)
			}
		}
	}()
	return func() {
		_ = sub.Unsubscribe()
		<-done
	}
}

func (c *consumer) deadLetterExhausted(ctx context.Context, a maxDeliveriesAdvisory) {
	log := c.log.With(zap.Uint64("stream_seq", a.StreamSeq), zap.Uint64("deliveries", a.Deliveries))
	stream, err := c.js.Stream(ctx, c.cfg.Stream)
	if err != nil {
		log.Error("outbox consumer: max deliveries reached; stream lookup failed", zap.Error(err))
		return
	}
	raw, err := stream.GetMsg(ctx, a.StreamSeq)
	if err != nil {
		log.Error("outbox consumer: max deliveries reached; message lookup failed", zap.Error(err))
		return
	}
	ev, derr := decodeEvent(raw.Subject, raw.Header, raw.Data)
	id := ev.ID
	if id == "" {
		id = "stream-seq:" + strconv.FormatUint(a.StreamSeq, 10)
	}
	if derr == nil {
		var handled bool
		if err := c.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2)`,
			c.cfg.Name, ev.ID).Scan(&handled); err != nil {
			log.Error("outbox consumer: max deliveries reached; inbox lookup failed", zap.Error(err))
			return
		}
		if handled {
			return // committed, only the ack was lost
		}
	}
	hdr, _ := json.Marshal(raw.Header)
	if hdr == nil || string(hdr) == "null" {
		hdr = []byte("{}")
	}
	payload := raw.Data
	if payload == nil {
		payload = []byte{}
	}
	typ := ev.Type
	if typ == "" {
		typ = raw.Subject
	}
	cause := fmt.Sprintf("no verdict after %d deliveries (handler crashed or outlived AckWait)", a.Deliveries)
	if _, err := c.pool.Exec(ctx, `INSERT INTO dead_letter
  (consumer, event_id, event_type, subject, stream_seq, headers, payload, error, attempts)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (consumer, event_id) DO NOTHING`,
		c.cfg.Name, id, typ, raw.Subject, int64(a.StreamSeq), hdr, payload, cause, int(a.Deliveries)); err != nil {
		log.Error("outbox consumer: cannot dead-letter exhausted message", zap.Error(err))
		return
	}
	c.messages.WithLabelValues(c.cfg.Name, outcomeDeadLetter).Inc()
	log.Error("outbox consumer dead-lettered a message that ran out of deliveries", zap.String("event_id", id))
}

// PruneInbox deletes inbox rows of consumer handled more than olderThan ago (by the
// database clock) and returns how many went. Keep rows for longer than the stream's
// MaxAge plus the longest relay outage you plan for: a re-publish older than that
// could otherwise be handled twice.
func PruneInbox(ctx context.Context, pool *pgxpool.Pool, consumer string, olderThan time.Duration) (int64, error) {
	tag, err := pool.Exec(ctx, `DELETE FROM inbox WHERE consumer = $1 AND handled_at < clock_timestamp() - $2::interval`,
		consumer, olderThan)
	if err != nil {
		return 0, fmt.Errorf("outbox: prune inbox: %w", err)
	}
	return tag.RowsAffected(), nil
}
