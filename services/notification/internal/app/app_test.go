package app

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

var t0 = time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)

// memDeliveries is an in-memory DeliveryStore and DeliveryQueue.
type memDeliveries struct {
	mu sync.Mutex
	ds []*delivery.Delivery
}

func (m *memDeliveries) Add(_ context.Context, ds ...*delivery.Delivery) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ds = append(m.ds, ds...)
	return len(ds), nil
}

func (m *memDeliveries) ClaimNext(_ context.Context, now time.Time, fn func(*delivery.Delivery) error) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range m.ds {
		if d.Status == delivery.Pending && !d.NextAttemptAt.After(now) {
			return true, fn(d)
		}
	}
	return false, nil
}

// inlineTx runs fn in ctx as is: the fakes need no transaction.
type inlineTx struct{}

func (inlineTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) }

// recordingMailer accepts every mail.
type recordingMailer struct{ sent []Message }

func (r *recordingMailer) Send(_ context.Context, m Message) error {
	r.sent = append(r.sent, m)
	return nil
}
func (r *recordingMailer) Close() error { return nil }

// plainSecrets "opens" a secret by returning it.
type plainSecrets struct{}

func (plainSecrets) Open(sealed, _ []byte) ([]byte, error) { return sealed, nil }

// TestCarrierAddress_RecordedAndSent (EMAIL-1): an auth-key mail to a carrier address
// that RFC 5322 calls malformed ("hello.@docomo.ne.jp") becomes a delivery and is
// handed to SMTP, instead of making its event poison.
func TestCarrierAddress_RecordedAndSent(t *testing.T) {
	store := &memDeliveries{}
	a := New(Deps{Tx: inlineTx{}, Deliveries: store, Queue: store, Secrets: plainSecrets{},
		Clock: clock.NewFake(t0), MessageIDDomain: "mail.example"})
	ctx := context.Background()
	n, err := a.RecordDeliveries(ctx, RecordDeliveries{
		Event: Event{ID: "0190a6a0-0000-7000-8000-000000000001", Type: "hellowork.identity.v1.AuthKeyIssued", OccurredAt: t0},
		Specs: []delivery.Spec{{Kind: hwmail.AccountProvisionalRegistration, SealedSecret: []byte("K7Q2-M9XD"),
			Data: hwmail.Data{Recipient: "hello.@docomo.ne.jp", IssuedAt: t0, ExpiresAt: t0.Add(50 * time.Minute)}}},
	})
	if err != nil || n != 1 {
		t.Fatalf("recorded %d, %v; want 1 delivery", n, err)
	}
	m := &recordingMailer{}
	found, connDown, err := a.sendNext(ctx, m)
	if !found || connDown || err != nil {
		t.Fatalf("sendNext: found %v connDown %v err %v", found, connDown, err)
	}
	if len(m.sent) != 1 || m.sent[0].To != "hello.@docomo.ne.jp" {
		t.Fatalf("sent %+v, want one mail to hello.@docomo.ne.jp", m.sent)
	}
	if d := store.ds[0]; d.Status != delivery.Sent || d.SealedSecret != nil {
		t.Errorf("delivery %s, secret kept %v; want sent with the secret erased", d.Status, d.SealedSecret != nil)
	}
}
