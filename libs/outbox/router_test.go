package outbox

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"go.uber.org/zap"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

var at = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func TestTxAppender(t *testing.T) {
	pool := schemaPool(t, "t_txappender", 4)
	ctx := context.Background()
	e := mustEvent(t, "agg", 1, "appended")
	if err := (TxAppender{}).Append(ctx, e); !errors.Is(err, ErrNoTx) {
		t.Fatalf("append outside a transaction: err = %v, want ErrNoTx", err)
	}
	tr := pgkit.NewTransactor(pool)
	boom := errors.New("boom")
	_ = tr.InTx(ctx, func(ctx context.Context) error {
		if err := (TxAppender{}).Append(ctx, mustEvent(t, "agg", 1, "rolled back")); err != nil {
			t.Fatal(err)
		}
		return boom
	})
	if err := tr.InTx(ctx, func(ctx context.Context) error { return TxAppender{}.Append(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, pool, `SELECT count(*) FROM outbox`); n != 1 {
		t.Fatalf("outbox rows = %d, want only the committed event", n)
	}
	if n := countRows(t, pool, `SELECT count(*) FROM outbox WHERE event_id = $1`, e.ID); n != 1 {
		t.Fatal("the committed event is missing")
	}
}

func TestRouter_DispatchTypedAndPermanentErrors(t *testing.T) {
	r := NewRouter()
	var got *identityv1.AccountLocked
	On(r, func(ctx context.Context, ev Event, m *identityv1.AccountLocked) error {
		got = m
		return nil
	})
	On(r, func(ctx context.Context, ev Event, m *erv1.EstablishmentReturned) error { return nil })
	fail := errors.New("db down")
	On(r, func(ctx context.Context, ev Event, m *identityv1.PasswordChanged) error { return fail })

	locked, err := NewEvent("acc-1", 3, at, &identityv1.AccountLocked{AccountId: "acc-1", Email: "foo.@docomo.ne.jp"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := r.Dispatch(ctx, locked); err != nil {
		t.Fatal(err)
	}
	if got.GetAccountId() != "acc-1" || got.GetEmail() != "foo.@docomo.ne.jp" {
		t.Fatalf("decoded %v", got)
	}

	unknown, _ := NewEvent("acc-1", 1, at, &identityv1.AccountWithdrawn{})
	garbled := locked
	garbled.Payload = []byte{0xff, 0xff, 0xff}
	changed, _ := NewEvent("acc-1", 4, at, &identityv1.PasswordChanged{})
	for name, tc := range map[string]struct {
		ev        Event
		permanent bool
	}{
		"unknown type":          {unknown, true},
		"undecodable payload":   {garbled, true},
		"handler error retried": {changed, false},
	} {
		t.Run(name, func(t *testing.T) {
			err := r.Dispatch(ctx, tc.ev)
			if err == nil || IsPermanent(err) != tc.permanent {
				t.Fatalf("err = %v, permanent = %v, want permanent=%v", err, IsPermanent(err), tc.permanent)
			}
		})
	}

	wantTypes := []string{
		"hellowork.employer_registration.v1.EstablishmentReturned",
		"hellowork.identity.v1.AccountLocked",
		"hellowork.identity.v1.PasswordChanged",
	}
	if !slices.Equal(r.Types(), wantTypes) {
		t.Fatalf("Types() = %v", r.Types())
	}
	if s := r.Subjects("identity"); !slices.Equal(s, wantTypes[1:]) {
		t.Fatalf("Subjects(identity) = %v", s)
	}
	if s := r.Subjects("employer-registration"); !slices.Equal(s, wantTypes[:1]) {
		t.Fatalf("Subjects(employer-registration) = %v", s)
	}
	if s := r.Subjects("notification"); len(s) != 0 {
		t.Fatalf("Subjects(notification) = %v", s)
	}
}

func TestRouter_DuplicateRegistrationPanics(t *testing.T) {
	r := NewRouter()
	On(r, func(context.Context, Event, *identityv1.AccountLocked) error { return nil })
	defer func() {
		if recover() == nil {
			t.Fatal("a second handler for one type was accepted")
		}
	}()
	On(r, func(context.Context, Event, *identityv1.AccountLocked) error { return nil })
}

// TestRouter_HandlerJoinsInboxTransaction consumes real events: the handler's writes
// through pgkit.Q and TxAppender commit with the inbox row, and a failing handler
// leaves neither.
func TestRouter_HandlerJoinsInboxTransaction(t *testing.T) {
	pool := schemaPool(t, "t_router", 6, `CREATE TABLE locks (account_id text PRIMARY KEY)`)
	_, _, js := broker(t)
	ctx := context.Background()
	if err := EnsureStream(ctx, js, "identity"); err != nil {
		t.Fatal(err)
	}
	r := NewRouter()
	On(r, func(ctx context.Context, ev Event, m *identityv1.AccountLocked) error {
		if _, ok := pgkit.TxFrom(ctx); !ok {
			return errors.New("no inbox transaction in ctx")
		}
		if _, err := pgkit.Q(ctx, pool).Exec(ctx, `INSERT INTO locks VALUES ($1)`, m.GetAccountId()); err != nil {
			return err
		}
		follow, err := NewEvent(m.GetAccountId(), ev.AggregateVersion, ev.OccurredAt, &identityv1.PasswordChanged{})
		if err != nil {
			return err
		}
		if err := (TxAppender{}).Append(ctx, follow); err != nil {
			return err
		}
		if m.GetAccountId() == "poison" {
			return Permanent(errors.New("refused"))
		}
		return nil
	})
	ok, _ := NewEvent("acc-1", 1, at, &identityv1.AccountLocked{AccountId: "acc-1"})
	bad, _ := NewEvent("poison", 1, at, &identityv1.AccountLocked{AccountId: "poison"})
	for _, e := range []Event{bad, ok} {
		if _, err := js.PublishMsg(ctx, e.message()); err != nil {
			t.Fatal(err)
		}
	}
	cfg := ConsumerConfig{Name: "router-test", Stream: StreamName("identity"), FilterSubjects: r.Subjects("identity")}
	runBackground(t, func(ctx context.Context) error {
		return Consume(ctx, js, pool, zap.NewNop(), cfg, r.Handler())
	})
	eventually(t, 20*time.Second, "both events settled", func() bool {
		return countRows(t, pool, `SELECT count(*) FROM inbox WHERE consumer = 'router-test'`) == 1 &&
			countRows(t, pool, `SELECT count(*) FROM dead_letter WHERE consumer = 'router-test'`) == 1
	})
	if n := countRows(t, pool, `SELECT count(*) FROM locks`); n != 1 {
		t.Fatalf("locks = %d, want the committed handler's row only", n)
	}
	if n := countRows(t, pool, `SELECT count(*) FROM locks WHERE account_id = 'acc-1'`); n != 1 {
		t.Fatal("the good event's effect is missing")
	}
	if n := countRows(t, pool, `SELECT count(*) FROM outbox`); n != 1 {
		t.Fatalf("outbox rows = %d, want the good event's follow-up only", n)
	}
}
