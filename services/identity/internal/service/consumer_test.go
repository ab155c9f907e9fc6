package service

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/config"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
	"github.com/hellowork-jp/hellowork/services/identity/internal/ports/events"
)

// streamEvents returns the payloads of type T in a stream, with their event ids.
func streamEvents[T proto.Message](t testing.TB, js jetstream.JetStream, stream string, newT func() T) ([]T, []string) {
	t.Helper()
	ctx := context.Background()
	subject := string(newT().ProtoReflect().Descriptor().FullName())
	s, err := js.Stream(ctx, stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		// The producer declares its stream when its relay starts, which may be after the
		// first event was committed: nothing to read yet.
		return nil, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}})
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	var ids []string
	for n := info.NumPending; n > 0; {
		batch, err := c.FetchNoWait(int(n))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for m := range batch.Messages() {
			got++
			v := newT()
			if err := proto.Unmarshal(m.Data(), v); err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
			ids = append(ids, m.Headers().Get(outbox.HeaderMsgID))
		}
		if got == 0 {
			break
		}
		n -= uint64(got)
	}
	return out, ids
}

// TestConsumer_EmployerRegistrationEventsThroughJetStream [OPEN-1, OPEN-2]: identity
// runs as its process does (Spec on libs/runner, booted by servicetest) against PostgreSQL and a real
// JetStream. employer-registration's EstablishmentAccepted and LoginEmailRegistered are
// written to an employer_registration outbox and published by a real relay into
// HELLOWORK_EMPLOYER_REGISTRATION, then delivered again as duplicates with the very same
// headers after JetStream's duplicate window: the provisional account is opened once,
// the counter e-mail recorded once.
func TestConsumer_EmployerRegistrationEventsThroughJetStream(t *testing.T) {
	cfg := testConfig()
	svc := servicetest.New(t, servicetest.WithCommon(func(c *config.Common) {
		c.TokenIssuer, c.TokenAudience, c.LogLevel = cfg.TokenIssuer, cfg.TokenAudience, "warn"
	}))
	svc.Start(func(c config.Common) (runner.Spec, error) {
		cfg.Common = c
		return Spec(cfg, Options{Clock: svc.Clock})
	})
	ctx := context.Background()
	client := identityv1.NewIdentityServiceClient(svc.Conn)
	js, dbURL, idPool := svc.JS, svc.DatabaseURL, svc.Pool
	box, err := sealbox.FromBase64(cfg.EventSealingKey)
	if err != nil {
		t.Fatal(err)
	}

	// OPEN-1: a provisional account; its auth key arrives through identity's stream.
	const email = "accepted@example.jp"
	remember(password)
	if _, err := client.StartRegistration(ctx, &identityv1.StartRegistrationRequest{Email: email, EmailConfirmation: email,
		AgreedToPrivacyPolicy: true, AgreedToTerms: true}); err != nil {
		t.Fatal(err)
	}
	var key string
	testkit.Eventually(t, 10*time.Second, func() bool {
		evs, ids := streamEvents(t, js, outbox.StreamName(Name), func() *identityv1.AuthKeyIssued { return &identityv1.AuthKeyIssued{} })
		for i, ev := range evs {
			if ev.GetEmail() == email {
				b, err := box.Open(ev.GetSealedSecret(), []byte(ids[i]))
				if err != nil {
					t.Fatal(err)
				}
				key = string(b)
				remember(key)
			}
		}
		return key != ""
	}, "the auth key event")
	reg, err := client.CompleteRegistration(ctx, &identityv1.CompleteRegistrationRequest{Email: email, AuthKey: key,
		Password: password, PasswordConfirmation: password})
	if err != nil {
		t.Fatal(err)
	}
	accountID := reg.GetAccount().GetAccountId()

	// employer-registration's side: its own schema, outbox and relay, as its process has.
	const erSchema = "employer_registration"
	erPool := pgtest.Pool(t, dbURL, erSchema, nil)
	if err := outbox.Migrate(ctx, erPool, erSchema); err != nil {
		t.Fatal(err)
	}
	// The producer declares its stream (identity's NATS user may not: natsacl), here
	// with the duplicate window shortened before anything is stored (JetStream
	// schedules the expiry of a message id with the window in force when it is
	// stored), so the test can deliver duplicates that JetStream no longer drops.
	// Identity, waiting for the stream, then creates its durable consumer.
	streamName := outbox.StreamName(events.Producer)
	if err := outbox.EnsureStream(ctx, js, events.Producer, outbox.WithDuplicateWindow(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, 15*time.Second, func() bool {
		_, err := js.Consumer(ctx, streamName, events.ConsumerName)
		return err == nil
	}, "identity's consumer on "+streamName)
	relayCtx, stopRelay := context.WithCancel(ctx)
	relayDone := make(chan struct{})
	go func() {
		_ = outbox.NewRelay(erPool, js, zap.NewNop(), outbox.RelayOptions{PollInterval: 50 * time.Millisecond}).Run(relayCtx)
		close(relayDone)
	}()
	t.Cleanup(func() { stopRelay(); <-relayDone })
	estID, counterEstID := newUUID(), newUUID()
	occurred := time.Now()
	accepted, err := outbox.NewEvent(estID, 3, occurred, &erv1.EstablishmentAccepted{EstablishmentId: estID,
		EstablishmentNumber: "1301-777777-1", OwnerAccountId: accountID, OfficeCode: "1301"})
	if err != nil {
		t.Fatal(err)
	}
	counter, err := outbox.NewEvent(counterEstID, 1, occurred, &erv1.LoginEmailRegistered{EstablishmentId: counterEstID,
		EstablishmentNumber: "1301-888888-1", Email: "counter@example.jp", OfficeCode: "1301"})
	if err != nil {
		t.Fatal(err)
	}
	if err := appendEvents(ctx, erPool, accepted, counter); err != nil {
		t.Fatal(err)
	}

	consumerAcked := func(n uint64) func() bool {
		return func() bool {
			c, err := js.Consumer(ctx, streamName, events.ConsumerName)
			if err != nil {
				return false
			}
			info, err := c.Info(ctx)
			return err == nil && info.AckFloor.Stream >= n && info.NumAckPending == 0 && info.NumPending == 0
		}
	}
	testkit.Eventually(t, 15*time.Second, consumerAcked(2), "identity to handle both events")

	// The duplicates: the stored messages again, byte for byte and header for header,
	// once JetStream no longer drops them, as a relay that re-published after a crash
	// past the window would deliver them.
	s, err := js.Stream(ctx, streamName)
	if err != nil {
		t.Fatal(err)
	}
	for seq := uint64(1); seq <= 2; seq++ {
		raw, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		// The relay published an atomic batch; the copy goes alone (as the relay's
		// one-by-one fallback sends it), so the batch headers stay behind.
		h := nats.Header{}
		for k, v := range raw.Header {
			if !strings.HasPrefix(strings.ToLower(k), "nats-batch-") {
				h[k] = v
			}
		}
		if h.Get(outbox.HeaderMsgID) == "" || h.Get(outbox.HeaderEventType) == "" {
			t.Fatalf("stored message lacks the envelope: %v", raw.Header)
		}
		msg := &nats.Msg{Subject: raw.Subject, Header: h, Data: raw.Data}
		testkit.Eventually(t, 10*time.Second, func() bool {
			ack, err := js.PublishMsg(ctx, msg)
			return err == nil && !ack.Duplicate
		}, "JetStream to accept the duplicate")
	}
	testkit.Eventually(t, 15*time.Second, consumerAcked(4), "identity to settle the duplicates")

	// Opened once: one primary AccountOpened (plus OPEN-1's provisional one), one audit
	// entry, one inbox row per event; the counter e-mail recorded once.
	testkit.Eventually(t, 10*time.Second, func() bool {
		opened, _ := streamEvents(t, js, outbox.StreamName(Name), func() *identityv1.AccountOpened { return &identityv1.AccountOpened{} })
		return len(opened) >= 2
	}, "identity's events in its stream")
	opened, _ := streamEvents(t, js, outbox.StreamName(Name), func() *identityv1.AccountOpened { return &identityv1.AccountOpened{} })
	primaries := 0
	for _, o := range opened {
		if o.GetRole() == identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY {
			primaries++
			if o.GetAccountId() != accountID || o.GetEstablishmentId() != estID {
				t.Fatalf("opened %v", o)
			}
		}
	}
	count := func(q string, args ...any) int {
		var n int
		if err := idPool.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	got := map[string]int{
		"AccountOpened events":          len(opened),
		"primary AccountOpened":         primaries,
		"OPENED audit entries":          count(`SELECT count(*) FROM audit_trail WHERE action = 'account.open' AND subject_id = $1`, accountID),
		"primary account of the est":    count(`SELECT count(*) FROM accounts WHERE id = $1 AND role = 'primary' AND establishment_id = $2`, accountID, estID),
		"counter accounts":              count(`SELECT count(*) FROM accounts WHERE email = 'counter@example.jp' AND establishment_id = $1`, counterEstID),
		"LOGIN_EMAIL_REGISTERED audits": count(`SELECT count(*) FROM audit_trail WHERE action = 'primary_login.register' AND establishment_id = $1`, counterEstID),
		"inbox rows":                    count(`SELECT count(*) FROM inbox WHERE consumer = $1`, events.ConsumerName),
	}
	want := map[string]int{"AccountOpened events": 2, "primary AccountOpened": 1, "OPENED audit entries": 1,
		"primary account of the est": 1, "counter accounts": 1, "LOGIN_EMAIL_REGISTERED audits": 1, "inbox rows": 2}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %d, want %d", k, got[k], w)
		}
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("METRIC stream_messages=%d primary_opened=%d", info.State.Msgs, primaries)
	if info.State.Msgs != 4 {
		t.Errorf("stream holds %d messages, want 4 (2 events, each delivered twice)", info.State.Msgs)
	}
}

// appendEvents writes events to the outbox of pool's schema in one transaction, as
// employer-registration does with its state change.
func appendEvents(ctx context.Context, pool *pgxpool.Pool, evs ...outbox.Event) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return outbox.Append(ctx, tx, evs...) })
}
