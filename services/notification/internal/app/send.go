package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// DeliveryQueue hands out due deliveries one at a time.
type DeliveryQueue interface {
	// ClaimNext locks the oldest delivery due at now that no other worker holds, in the
	// transaction ctx carries (opening one if none), lets fn attempt and change it, and
	// saves it. It reports false when nothing is due.
	ClaimNext(ctx context.Context, now time.Time, fn func(*delivery.Delivery) error) (bool, error)
}

// Message is one mail as the SMTP adapter puts it on the wire.
type Message struct {
	To        string
	Subject   string
	Body      string // UTF-8 text, "\n" line ends
	MessageID string // "<...@...>"
	Date      time.Time
}

// SendError classifies a failed SMTP attempt.
type SendError struct {
	// Permanent is true for a refusal that a retry cannot fix (SMTP 5xx for this mail).
	Permanent bool
	// Connection is true when the server could not be reached or dropped the
	// connection: the whole queue waits a little before the next try.
	Connection bool
	// Text is the server's reply or the network error; it never contains the mail.
	Text string
}

func (e *SendError) Error() string { return e.Text }

// Mailer sends mails over one SMTP connection; it is not safe for concurrent use, so
// each sender worker has its own.
type Mailer interface {
	// Send delivers m, dialling first if needed. Errors are *SendError.
	Send(ctx context.Context, m Message) error
	// Close drops the connection (the next Send dials again).
	Close() error
}

// SecretOpener opens secrets sealed by identity (libs/sealbox.Box).
type SecretOpener interface {
	Open(sealed, aad []byte) ([]byte, error)
}

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

// WakeSender tells idle sender workers that deliveries were recorded.
func (a *App) WakeSender() {
	a.mu.Lock()
	close(a.wake)
	a.wake = make(chan struct{})
	a.mu.Unlock()
}

func (a *App) waker() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.wake
}

// RunSender sends due deliveries until ctx ends. Each worker claims one delivery at a
// time, sends it on its own SMTP connection and records the outcome before taking the
// next one.
func (a *App) RunSender(ctx context.Context) error {
	var wg sync.WaitGroup
	for range a.sender.Workers {
		wg.Go(func() { a.sendLoop(ctx) })
	}
	wg.Wait()
	return nil
}

func (a *App) sendLoop(ctx context.Context) {
	m := a.newMailer()
	defer m.Close()
	for ctx.Err() == nil {
		wake := a.waker() // taken before looking, so a wake-up during the look is not missed
		found, connDown, err := a.sendNext(ctx, m)
		var pause time.Duration
		switch {
		case err != nil:
			if ctx.Err() == nil {
				a.senderLog.Warn("delivery queue unavailable", zap.Error(err))
			}
			pause = a.sender.ConnRetryWait
		case connDown:
			pause = a.sender.ConnRetryWait
		case found:
			continue
		default:
			_ = m.Close() // idle: do not hold the SMTP server's connection
			pause = a.sender.PollInterval
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

// sendNext attempts the oldest due delivery with mailer m, in a transaction of its own
// that holds the row lock for the SMTP exchange of this one mail. It reports whether
// one was due and whether the SMTP server could not be reached.
//
// Crash window: if the process dies after the SMTP server accepted the mail but before
// this transaction commits, the row is still pending and the mail is sent again (with
// the same Message-ID). One transaction per mail keeps that window to one message per
// worker.
func (a *App) sendNext(ctx context.Context, m Mailer) (found, connDown bool, err error) {
	now := a.clk.Now()
	// The claim, the send and the "sent" mark finish even if ctx is cancelled meanwhile
	// (graceful shutdown): abandoning the transaction after the SMTP server accepted the
	// mail is exactly what would send it twice.
	dbCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	err = a.tx.InTx(dbCtx, func(dbCtx context.Context) (err error) {
		found, err = a.queue.ClaimNext(dbCtx, now, func(d *delivery.Delivery) error {
			connDown = a.attempt(ctx, m, d, now)
			return nil
		})
		return err
	})
	return found, connDown, err
}

// attempt sends d and records the outcome on it. The secret is opened, rendered and
// dropped inside this call; nothing logged here contains it or the body.
func (a *App) attempt(ctx context.Context, m Mailer, d *delivery.Delivery, now time.Time) (connDown bool) {
	log := a.senderLog.With(zap.String("delivery_id", d.ID), zap.String("event_id", d.EventID),
		zap.String("mail_type", string(d.Kind)), zap.Int("attempt", d.Attempts+1))
	if d.SecretExpired(now) {
		d.Expire(now) // AUTHKEY-1 / LOGIN-2: a dead key is worse than no mail
		log.Warn("mail not sent: its secret expired while it waited")
		return false
	}
	data := d.Data
	if d.Kind.CarriesSecret() {
		secret, err := a.secrets.Open(d.SealedSecret, []byte(d.EventID))
		if err != nil {
			// Wrong EVENT_SEALING_KEY or a tampered event: retry until the secret expires,
			// so fixing the key in time still delivers the mail.
			d.Record(delivery.Temporary, "cannot open the sealed secret (check EVENT_SEALING_KEY)", now, a.sender.Retry)
			log.Error("cannot open sealed secret", zap.Error(err))
			return false
		}
		data.Secret = string(secret)
	}
	r, err := hwmail.Render(d.Kind, data)
	data.Secret = ""
	if err != nil {
		d.Record(delivery.Permanent, "render: "+err.Error(), now, a.sender.Retry)
		log.Error("mail cannot be rendered", zap.Error(err))
		return false
	}
	err = m.Send(ctx, Message{To: r.To, Subject: r.Subject, Body: r.Body, MessageID: d.MessageID, Date: now})
	r.Body = ""
	var se *SendError
	switch {
	case err == nil:
		d.Record(delivery.Accepted, "", now, a.sender.Retry)
		log.Info("mail sent")
	case errors.As(err, &se) && se.Permanent:
		d.Record(delivery.Permanent, se.Text, now, a.sender.Retry)
		log.Warn("mail refused permanently", zap.String("smtp_error", se.Text))
	default:
		text := err.Error()
		if se != nil {
			text, connDown = se.Text, se.Connection
		}
		d.Record(delivery.Temporary, text, now, a.sender.Retry)
		if d.Status == delivery.Failed {
			log.Warn("mail given up after retries", zap.String("smtp_error", text))
		} else {
			log.Info("mail deferred", zap.String("smtp_error", text), zap.Time("next_attempt_at", d.NextAttemptAt))
		}
	}
	return connDown
}
