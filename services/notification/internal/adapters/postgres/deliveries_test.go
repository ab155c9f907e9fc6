package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
	"github.com/hellowork-jp/hellowork/services/notification/migrations"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

var t0 = time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)

func newStore(t *testing.T) *Deliveries {
	return NewDeliveries(pgtest.Pool(t, pgtest.NewDatabase(t), "notification", migrations.FS))
}

func newDelivery(t *testing.T, eventID, to string, at time.Time) *delivery.Delivery {
	d, err := delivery.New(uuid.Must(uuid.NewV7()).String(), eventID, "hellowork.identity.v1.PasswordChanged", at,
		delivery.Spec{Kind: hwmail.PasswordChanged, Data: hwmail.Data{Recipient: to, IssuedAt: at},
			Scope: delivery.Scope{EstablishmentID: "est-1", Role: delivery.RoleOwner, OfficeCode: "1301"}}, "m.example", at)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func add(t *testing.T, s *Deliveries, ds ...*delivery.Delivery) int {
	n, err := s.Add(context.Background(), ds...)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAdd_OnePerEventAndRecipientWhateverTheCase(t *testing.T) {
	s := newStore(t)
	ev := uuid.NewString()
	if n := add(t, s, newDelivery(t, ev, "a@example.jp", t0), newDelivery(t, ev, "b@example.jp", t0)); n != 2 {
		t.Fatalf("added %d, want 2", n)
	}
	if n := add(t, s, newDelivery(t, ev, "A@EXAMPLE.jp", t0)); n != 0 {
		t.Errorf("same event and recipient added again (%d)", n)
	}
	if n := add(t, s, newDelivery(t, uuid.NewString(), "a@example.jp", t0)); n != 1 {
		t.Errorf("another event to the same recipient not added (%d)", n)
	}
}

// TestAdd_JoinsTheContextTransaction: deliveries recorded by a consumer commit or roll
// back with its inbox transaction, which reaches the repository through ctx.
func TestAdd_JoinsTheContextTransaction(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	rollback := errors.New("the inbox transaction fails")
	err := pgkit.NewTransactor(s.pool).InTx(ctx, func(ctx context.Context) error {
		if n, err := s.Add(ctx, newDelivery(t, uuid.NewString(), "a@example.jp", t0)); n != 1 || err != nil {
			t.Fatalf("add: %d %v", n, err)
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if got, _ := s.List(ctx, "1301", app.DeliveryFilter{}, nil, 10); len(got) != 0 {
		t.Errorf("%d deliveries survived the rolled-back transaction", len(got))
	}
}

func TestClaimNext_DueOnlyOldestFirstAndNeverTwiceAtOnce(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	for i := range 20 {
		add(t, s, newDelivery(t, uuid.NewString(), fmt.Sprintf("r%02d@example.jp", i), t0.Add(time.Duration(i)*time.Second)))
	}
	if found, _ := s.ClaimNext(ctx, t0.Add(-time.Second), func(*delivery.Delivery) error { return nil }); found {
		t.Fatal("claimed a delivery not yet due")
	}
	// 4 concurrent workers, each holding its claim for a moment: each row exactly once.
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				found, err := s.ClaimNext(ctx, t0.Add(time.Hour), func(d *delivery.Delivery) error {
					time.Sleep(5 * time.Millisecond)
					mu.Lock()
					seen[d.Recipient]++
					mu.Unlock()
					d.Record(delivery.Accepted, "", t0.Add(time.Hour), delivery.DefaultRetryPolicy)
					return nil
				})
				if err != nil {
					t.Error(err)
				}
				if !found {
					return
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != 20 {
		t.Errorf("%d deliveries processed, want 20", len(seen))
	}
	for r, n := range seen {
		if n != 1 {
			t.Errorf("%s processed %d times", r, n)
		}
	}
}

func TestClaimNext_SavesOutcome(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	d := newDelivery(t, uuid.NewString(), "r@example.jp", t0)
	add(t, s, d)
	_, err := s.ClaimNext(ctx, t0, func(d *delivery.Delivery) error {
		d.Record(delivery.Temporary, "451 later", t0, delivery.RetryPolicy{Initial: time.Minute, Max: time.Hour, GiveUpAfter: time.Hour})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.List(ctx, "1301", app.DeliveryFilter{EventID: d.EventID}, nil, 10)
	if err != nil || len(got) != 1 {
		t.Fatalf("%v %v", got, err)
	}
	g := got[0]
	if g.Status != delivery.Pending || g.Attempts != 1 || g.LastError != "451 later" || !g.NextAttemptAt.Equal(t0.Add(time.Minute)) || !g.LastAttemptAt.Equal(t0) {
		t.Errorf("saved %+v", g)
	}
	if found, _ := s.ClaimNext(ctx, t0.Add(59*time.Second), func(*delivery.Delivery) error { return nil }); found {
		t.Error("claimed before its backoff passed")
	}
}

func TestList_FiltersAndKeysetPages(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	for i := range 7 {
		add(t, s, newDelivery(t, uuid.NewString(), fmt.Sprintf("p%d@example.jp", i%2), t0.Add(time.Duration(i)*time.Minute)))
	}
	var all []*delivery.Delivery
	var after *app.LogPosition
	for {
		page, err := s.List(ctx, "1301", app.DeliveryFilter{}, after, 3)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if len(page) < 3 {
			break
		}
		last := page[len(page)-1]
		after = &app.LogPosition{CreatedAt: last.CreatedAt, ID: last.ID}
	}
	if len(all) != 7 {
		t.Fatalf("%d over all pages, want 7", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].CreatedAt.After(all[i-1].CreatedAt) {
			t.Error("not newest first")
		}
	}
	got, _ := s.List(ctx, "1301", app.DeliveryFilter{Recipient: "P1@EXAMPLE.JP", Status: delivery.Pending, Kind: hwmail.PasswordChanged}, nil, 10)
	if len(got) != 3 {
		t.Errorf("recipient filter: %d, want 3", len(got))
	}
	got, _ = s.List(ctx, "1301", app.DeliveryFilter{Status: delivery.Sent}, nil, 10)
	if len(got) != 0 {
		t.Errorf("status filter: %d, want 0", len(got))
	}
}

// TestClaimNext_BoundsTheStoredError: a long SMTP reply is stored cut to 500 bytes at a
// character boundary (PostgreSQL refuses broken UTF-8), with the cut marked.
func TestClaimNext_BoundsTheStoredError(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	d := newDelivery(t, uuid.NewString(), "r@example.jp", t0)
	add(t, s, d)
	reply := "451 " + strings.Repeat("一時的なエラーです。", 100)
	_, err := s.ClaimNext(ctx, t0, func(d *delivery.Delivery) error {
		d.Record(delivery.Temporary, reply, t0, delivery.DefaultRetryPolicy)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.List(ctx, "1301", app.DeliveryFilter{EventID: d.EventID}, nil, 1)
	e := got[0].LastError
	if len(e) > 500 || !utf8.ValidString(e) || !strings.HasSuffix(e, "…") || !strings.HasPrefix(reply, strings.TrimSuffix(e, "…")) {
		t.Errorf("stored error of %d bytes: %q", len(e), e)
	}
}
