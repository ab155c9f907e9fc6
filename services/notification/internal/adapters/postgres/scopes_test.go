package postgres

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	"github.com/hellowork-jp/hellowork/services/notification/migrations"
)

func newScoped(t *testing.T) (*Deliveries, *Scopes) {
	pool := pgtest.Pool(t, pgtest.NewDatabase(t), "notification", migrations.FS)
	return NewDeliveries(pool), NewScopes(pool)
}

func scopedDelivery(t *testing.T, to string, sc delivery.Scope) *delivery.Delivery {
	d := newDelivery(t, uuid.NewString(), to, t0)
	d.Scope = sc
	return d
}

func listed(t *testing.T, s *Deliveries, office string, f app.DeliveryFilter) []string {
	t.Helper()
	ds, err := s.List(context.Background(), office, f, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.Recipient)
	}
	return out
}

// LOGIN-5: a page holds only the caller's office's deliveries; unscoped rows are
// nobody's; the recipient filter matches only addresses shown to staff, so an
// additional account's address, or another office's, answers like an unknown one.
func TestList_OneOfficeRecipientFilterOnlyOnShownAddresses(t *testing.T) {
	s, _ := newScoped(t)
	add(t, s,
		scopedDelivery(t, "a-owner@example.jp", delivery.Scope{EstablishmentID: "est-a", Role: delivery.RoleOwner, OfficeCode: "1301"}),
		scopedDelivery(t, "a-sub@example.jp", delivery.Scope{EstablishmentID: "est-a", Role: delivery.RoleAdditional, OfficeCode: "1301"}),
		scopedDelivery(t, "b-owner@example.jp", delivery.Scope{EstablishmentID: "est-b", Role: delivery.RoleOwner, OfficeCode: "1306"}),
		scopedDelivery(t, "nobody@example.jp", delivery.Scope{}))
	if got := listed(t, s, "1301", app.DeliveryFilter{}); len(got) != 2 {
		t.Errorf("1301 sees %v, want its 2 deliveries", got)
	}
	if got := listed(t, s, "", app.DeliveryFilter{}); len(got) != 0 {
		t.Errorf("no office sees %v, want nothing", got)
	}
	for _, c := range []struct {
		office, recipient string
		want              int
	}{
		{"1301", "A-Owner@example.jp", 1},
		{"1301", "a-sub@example.jp", 0},   // an additional account's address is never matched
		{"1301", "b-owner@example.jp", 0}, // another office's: as for an unknown address
		{"1301", "nobody@example.jp", 0},
		{"1301", "unknown@example.jp", 0},
		{"1306", "b-owner@example.jp", 1},
	} {
		if got := listed(t, s, c.office, app.DeliveryFilter{Recipient: c.recipient}); len(got) != c.want {
			t.Errorf("office %s filtering %s: %v, want %d", c.office, c.recipient, got, c.want)
		}
	}
}

// M1: learning an establishment's office moves its deliveries there; a stale version
// never moves them back; learning an account completes deliveries recorded before,
// and "additional" is never downgraded.
func TestScopes_OfficeFollowsTransfersAndAccountsCompleteDeliveries(t *testing.T) {
	s, sc := newScoped(t)
	ctx := context.Background()
	learnOffice := func(office string, version int64) {
		t.Helper()
		if err := sc.LearnOffice(ctx, app.OfficeFact{EstablishmentID: "est-a", OfficeCode: office, Version: version}); err != nil {
			t.Fatal(err)
		}
	}
	learnOffice("1301", 1)
	add(t, s, scopedDelivery(t, "owner@example.jp", delivery.Scope{EstablishmentID: "est-a", Role: delivery.RoleOwner, OfficeCode: "1301"}),
		scopedDelivery(t, "otp@example.jp", delivery.Scope{AccountID: "acc-owner"}),
		scopedDelivery(t, "sub@example.jp", delivery.Scope{AccountID: "acc-sub"}))
	if got := listed(t, s, "1301", app.DeliveryFilter{}); len(got) != 1 {
		t.Fatalf("1301 sees %v before the accounts are known, want 1", got)
	}
	for _, f := range []app.AccountFact{{AccountID: "acc-owner", EstablishmentID: "est-a", Role: delivery.RoleOwner},
		{AccountID: "acc-sub", EstablishmentID: "est-a", Role: delivery.RoleAdditional},
		{AccountID: "acc-sub", EstablishmentID: "est-a", Role: delivery.RoleOwner}} { // a later claim cannot reveal it
		if err := sc.LearnAccount(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if got := listed(t, s, "1301", app.DeliveryFilter{}); len(got) != 3 {
		t.Fatalf("1301 sees %v once the accounts are known, want 3", got)
	}
	if got := listed(t, s, "1301", app.DeliveryFilter{Recipient: "sub@example.jp"}); len(got) != 0 {
		t.Errorf("the additional account's address is matched: %v", got)
	}
	if est, role, ok, err := sc.Account(ctx, "acc-sub"); err != nil || !ok || est != "est-a" || role != delivery.RoleAdditional {
		t.Errorf("acc-sub = %s %s %v %v, want est-a additional", est, role, ok, err)
	}

	learnOffice("1306", 5) // transferred
	if got := listed(t, s, "1301", app.DeliveryFilter{}); len(got) != 0 {
		t.Errorf("old office 1301 still sees %v", got)
	}
	if got := listed(t, s, "1306", app.DeliveryFilter{}); len(got) != 3 {
		t.Errorf("new office 1306 sees %v, want 3", got)
	}
	learnOffice("1301", 4) // a stale event delivered late
	if office, _ := sc.Office(ctx, "est-a"); office != "1306" {
		t.Errorf("office after a stale event %q, want 1306", office)
	}
	if got := listed(t, s, "1306", app.DeliveryFilter{}); len(got) != 3 {
		t.Errorf("after a stale event 1306 sees %v, want 3", got)
	}
}
