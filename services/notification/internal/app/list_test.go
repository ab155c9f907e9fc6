package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// fakeLog is a DeliveryLog of n deliveries, one minute apart, newest first.
type fakeLog struct {
	n      int
	err    error
	office *string // the office the log was asked for
	role   delivery.RecipientRole
}

func (f fakeLog) List(_ context.Context, office string, _ DeliveryFilter, after *LogPosition, limit int) ([]*delivery.Delivery, error) {
	if f.office != nil {
		*f.office = office
	}
	if f.err != nil {
		return nil, f.err
	}
	var out []*delivery.Delivery
	for i := f.n - 1; i >= 0 && len(out) < limit; i-- {
		at := t0.Add(time.Duration(i) * time.Minute)
		if after != nil && !at.Before(after.CreatedAt) {
			continue
		}
		d, _ := delivery.New("0190a6a0-0000-7000-8000-00000000000"+string(rune('0'+i)), "0190a6a0-0000-7000-8000-000000000001", "t", t0,
			delivery.Spec{Kind: hwmail.PasswordChanged, Data: hwmail.Data{Recipient: "who@example.jp"},
				Scope: delivery.Scope{EstablishmentID: "est-1", Role: f.role, OfficeCode: office}}, "m", at)
		d.LastError = "550 5.1.1 <who@example.jp>: unknown user"
		out = append(out, d)
	}
	return out, nil
}

// memAudit keeps the entries it is given.
type memAudit struct{ entries []audit.Entry }

func (m *memAudit) Record(_ context.Context, e audit.Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	m.entries = append(m.entries, e)
	return nil
}

var staff = authn.Principal{AccountID: "staff-1", SessionID: "s", Role: authn.RoleStaff, OfficeCode: "1301"}

func TestListDeliveries_PagesAndAuditsEveryRead(t *testing.T) {
	au := &memAudit{}
	a := New(Deps{Tx: inlineTx{}, DeliveryLog: fakeLog{n: 5, role: delivery.RoleOwner}, Auditor: au, Clock: clock.NewFake(t0)})
	ctx := authn.NewContext(context.Background(), staff)
	q := ListDeliveries{Filter: DeliveryFilter{Recipient: "Who@Example.jp"}, PageSize: 3}
	p1, err := a.ListDeliveries(ctx, q)
	if err != nil || len(p1.Deliveries) != 3 || p1.NextPageToken == "" {
		t.Fatalf("page 1: %d deliveries, token %q, %v", len(p1.Deliveries), p1.NextPageToken, err)
	}
	q.PageToken = p1.NextPageToken
	q.Filter.Recipient = "who@example.JP" // the same filter: the token still fits
	p2, err := a.ListDeliveries(ctx, q)
	if err != nil || len(p2.Deliveries) != 2 || p2.NextPageToken != "" {
		t.Fatalf("page 2: %d deliveries, token %q, %v", len(p2.Deliveries), p2.NextPageToken, err)
	}
	q.Filter.Status = delivery.Sent // another filter: the token does not fit
	if _, err := a.ListDeliveries(ctx, q); errs.KindOf(err) != errs.KindInvalidArgument {
		t.Fatalf("token with other filters: %v, want INVALID_ARGUMENT", err)
	}

	if len(au.entries) != 3 {
		t.Fatalf("%d audit entries for 3 reads", len(au.entries))
	}
	for i, want := range []struct {
		outcome  audit.Outcome
		reason   string
		returned string
	}{{audit.OK, "", "3"}, {audit.OK, "", "2"}, {audit.Failed, "PAGE_TOKEN_INVALID", ""}} {
		e := au.entries[i]
		if e.Action != "delivery_log.read" || e.Outcome != want.outcome || e.Reason != want.reason || e.Detail["returned"] != want.returned ||
			e.Actor != (audit.Actor{ID: "staff-1", Role: "staff", OfficeCode: "1301"}) || !e.At.Equal(t0) {
			t.Errorf("entry %d: %+v, want %s %q returned %q", i, e, want.outcome, want.reason, want.returned)
		}
		for k, v := range e.Detail {
			if strings.Contains(strings.ToLower(v), "who@example") {
				t.Errorf("entry %d names the recipient in %s", i, k)
			}
		}
	}
}

func TestListDeliveries_FailedReadIsAuditedAndInternal(t *testing.T) {
	au := &memAudit{}
	a := New(Deps{Tx: inlineTx{}, DeliveryLog: fakeLog{err: errors.New("connection reset")}, Auditor: au, Clock: clock.NewFake(t0)})
	_, err := a.ListDeliveries(authn.NewContext(context.Background(), staff), ListDeliveries{})
	if errs.KindOf(err) != errs.KindInternal {
		t.Fatalf("err %v, want INTERNAL", err)
	}
	if len(au.entries) != 1 || au.entries[0].Outcome != audit.Failed || au.entries[0].Reason != "INTERNAL" {
		t.Errorf("audit entries %+v, want one failed INTERNAL", au.entries)
	}
}

// LOGIN-5, ACC-2: the log is asked for the caller's office only, and a recipient that
// is not the establishment's own login comes back without its address, Message-ID
// (a hash of the address) and SMTP reply (which may quote it); the owner's stays.
func TestListDeliveries_OwnOfficeOnlyAndAdditionalAddressesWithheld(t *testing.T) {
	for _, c := range []struct {
		role  delivery.RecipientRole
		shown bool
	}{{delivery.RoleOwner, true}, {delivery.RoleAdditional, false}, {delivery.RoleUnknown, false}} {
		var office string
		a := New(Deps{Tx: inlineTx{}, DeliveryLog: fakeLog{n: 2, office: &office, role: c.role}, Auditor: &memAudit{}, Clock: clock.NewFake(t0)})
		page, err := a.ListDeliveries(authn.NewContext(context.Background(), staff), ListDeliveries{})
		if err != nil || len(page.Deliveries) != 2 {
			t.Fatalf("%q: %d deliveries, %v", c.role, len(page.Deliveries), err)
		}
		if office != "1301" {
			t.Errorf("%q: log asked for office %q, want the caller's 1301", c.role, office)
		}
		for _, d := range page.Deliveries {
			shown := d.Recipient != "" && d.MessageID != "" && d.LastError != ""
			hidden := d.Recipient == "" && d.MessageID == "" && d.LastError == ""
			if c.shown != shown || c.shown == hidden {
				t.Errorf("%q: recipient %q, Message-ID %q, error %q; want shown=%v", c.role, d.Recipient, d.MessageID, d.LastError, c.shown)
			}
			if d.Data != (hwmail.Data{}) || d.SealedSecret != nil {
				t.Errorf("%q: template data or secret handed out", c.role)
			}
		}
	}
}

// A staff principal without an office (never issued by identity) reads nothing.
func TestListDeliveries_StaffWithoutOfficeRefused(t *testing.T) {
	a := New(Deps{Tx: inlineTx{}, DeliveryLog: fakeLog{n: 2, role: delivery.RoleOwner}, Auditor: &memAudit{}, Clock: clock.NewFake(t0)})
	p := staff
	p.OfficeCode = ""
	if _, err := a.ListDeliveries(authn.NewContext(context.Background(), p), ListDeliveries{}); errs.KindOf(err) != errs.KindPermissionDenied {
		t.Fatalf("err %v, want PERMISSION_DENIED", err)
	}
}
