package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/mail"
)

// SenderOptions tune the sender loop. Zero values take the defaults in brackets.
type SenderOptions struct {
	// Workers is the number of concurrent SMTP connections [4].
	Workers int
	// PollInterval is how often an idle worker looks for due deliveries when no wake-up
	// arrives; retries become due by the clock, not by a notification [1s].
	PollInterval time.Duration
	// ConnRetryWait is how long a worker pauses after the server could not be reached,
	// so an outage does not burn through the whole queue's attempts at once [2s].
	ConnRetryWait time.Duration
	// Retry spaces retries of temporary failures [delivery.DefaultRetryPolicy].
	Retry delivery.RetryPolicy
}

func (o SenderOptions) withDefaults() SenderOptions {
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.ConnRetryWait <= 0 {
		o.ConnRetryWait = 2 * time.Second
	}
	if o.Retry == (delivery.RetryPolicy{}) {
		o.Retry = delivery.DefaultRetryPolicy
	}
	return o
}

// Sender sends due deliveries. Each worker claims one delivery at a time, sends it on
// its own SMTP connection and records the outcome before taking the next one.
type Sender struct {
	queue     delivery.Queue
	newMailer func() Mailer
	secrets   SecretOpener
	clk       clock.Clock
	log       *zap.Logger
	opts      SenderOptions

	mu   sync.Mutex
	wake chan struct{} // closed and replaced to wake every idle worker
}

// NewSender returns a sender; newMailer makes one Mailer per worker.
func NewSender(q delivery.Queue, newMailer func() Mailer, secrets SecretOpener, clk clock.Clock, log *zap.Logger, opts SenderOptions) *Sender {
	return &Sender{queue: q, newMailer: newMailer, secrets: secrets, clk: clk, log: log,
		opts: opts.withDefaults(), wake: make(chan struct{})}
}

// Wake tells idle workers that deliveries were recorded.
func (s *Sender) Wake() {
	s.mu.Lock()
	close(s.wake)
	s.wake = make(chan struct{})
	s.mu.Unlock()
}

func (s *Sender) waker() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wake
}

// Run sends until ctx ends.
func (s *Sender) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range s.opts.Workers {
		wg.Go(func() { s.work(ctx) })
	}
	wg.Wait()
	return nil
}

func (s *Sender) work(ctx context.Context) {
	m := s.newMailer()
	defer m.Close()
	for ctx.Err() == nil {
		wake := s.waker() // taken before looking, so a wake-up during the look is not missed
		found, connDown, err := s.SendOne(ctx, m)
		var pause time.Duration
		switch {
		case err != nil:
			if ctx.Err() == nil {
				s.log.Warn("delivery queue unavailable", zap.Error(err))
			}
			pause = s.opts.ConnRetryWait
		case connDown:
			pause = s.opts.ConnRetryWait
		case found:
			continue
		default:
			_ = m.Close() // idle: do not hold the SMTP server's connection
			pause = s.opts.PollInterval
		}
		if connDown || err != nil {
			wake = nil // a new row does not make the server reachable; keep pausing
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
		case <-t.C:
		case <-wake:
		}
		t.Stop()
	}
}

// SendOne attempts the oldest due delivery with mailer m. It reports whether one was
// due and whether the SMTP server could not be reached.
func (s *Sender) SendOne(ctx context.Context, m Mailer) (found, connDown bool, err error) {
	now := s.clk.Now()
	// The claim, the send and the "sent" mark finish even if ctx is cancelled meanwhile
	// (graceful shutdown): abandoning the transaction after the SMTP server accepted the
	// mail is exactly what would send it twice.
	dbCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	found, err = s.queue.ProcessNext(dbCtx, now, func(d *delivery.Delivery) {
		connDown = s.attempt(ctx, m, d, now)
	})
	return found, connDown, err
}

// attempt sends d and records the outcome on it. The secret is opened, rendered and
// dropped inside this call; nothing logged here contains it or the body.
func (s *Sender) attempt(ctx context.Context, m Mailer, d *delivery.Delivery, now time.Time) (connDown bool) {
	log := s.log.With(zap.String("delivery_id", d.ID), zap.String("event_id", d.EventID),
		zap.String("mail_type", string(d.Kind)), zap.Int("attempt", d.Attempts+1))
	if d.SecretExpired(now) {
		d.Expire(now) // AUTHKEY-1 / LOGIN-2: a dead key is worse than no mail
		log.Warn("mail not sent: its secret expired while it waited")
		return false
	}
	data := d.Data
	if d.Kind.CarriesSecret() {
		secret, err := s.secrets.Open(d.SealedSecret, []byte(d.EventID))
		if err != nil {
			// Wrong EVENT_SEALING_KEY or a tampered event: retry until the secret expires,
			// so fixing the key in time still delivers the mail.
			d.Record(delivery.Temporary, "cannot open the sealed secret (check EVENT_SEALING_KEY)", now, s.opts.Retry)
			log.Error("cannot open sealed secret", zap.Error(err))
			return false
		}
		data.Secret = string(secret)
	}
	r, err := hwmail.Render(d.Kind, data)
	data.Secret = ""
	if err != nil {
		d.Record(delivery.Permanent, "render: "+err.Error(), now, s.opts.Retry)
		log.Error("mail cannot be rendered", zap.Error(err))
		return false
	}
	err = m.Send(ctx, Message{To: r.To, Subject: r.Subject, Body: r.Body, MessageID: d.MessageID, Date: now})
	r.Body = ""
	var se *SendError
	switch {
	case err == nil:
		d.Record(delivery.Accepted, "", now, s.opts.Retry)
		log.Info("mail sent")
	case errors.As(err, &se) && se.Permanent:
		d.Record(delivery.Permanent, se.Text, now, s.opts.Retry)
		log.Warn("mail refused permanently", zap.String("smtp_error", se.Text))
	default:
		text := err.Error()
		if se != nil {
			text, connDown = se.Text, se.Connection
		}
		d.Record(delivery.Temporary, text, now, s.opts.Retry)
		if d.Status == delivery.Failed {
			log.Warn("mail given up after retries", zap.String("smtp_error", text))
		} else {
			log.Info("mail deferred", zap.String("smtp_error", text), zap.Time("next_attempt_at", d.NextAttemptAt))
		}
	}
	return connDown
}
