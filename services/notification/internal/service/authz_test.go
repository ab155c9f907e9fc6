package service

import (
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// eventOf builds an event about aggregate at version, as its producer would.
func (h *harness) eventOf(aggregate string, version int64, payload proto.Message) outbox.Event {
	h.t.Helper()
	ev, err := outbox.NewEvent(aggregate, version, h.Clock.Now(), payload)
	if err != nil {
		h.t.Fatal(err)
	}
	return ev
}

// publishEvent publishes ev and returns it.
func (h *harness) publishEvent(ev outbox.Event) outbox.Event {
	h.t.Helper()
	h.publish(ev)
	return ev
}

// list reads every delivery p may see with the filter of req (one page of 1000).
func (h *harness) list(p authn.Principal, req *notificationv1.ListDeliveriesRequest) (*notificationv1.ListDeliveriesResponse, error) {
	c, ctx := h.client(p)
	req.PageSize = 1000
	return c.ListDeliveries(ctx, req)
}

// tenants publishes the mails of two establishments: A of office 1301, with its
// primary account and an additional account, and B of office 1306. Identity's mails
// name only the account; the offices and accounts come from employer-registration's and
// identity's own events, in whatever order the consumers see them.
func tenants(h *harness) (aEventID, bEventID string) {
	h.t.Helper()
	pw := h.event(&identityv1.PasswordChanged{AccountId: "acc-a", Email: "a-owner@example.jp"})
	h.publish(pw) // before notification knows acc-a: completed once it does
	h.publish(h.event(&identityv1.AccountOpened{AccountId: "acc-a", EstablishmentId: "est-a", Email: "a-owner@example.jp",
		Role: identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY}))
	h.publish(h.eventOf("est-a", 3, &erv1.AccountCreationCodeIssued{EstablishmentId: "est-a", OfficeCode: "1301"}))
	h.publish(h.event(&identityv1.AdditionalAccountAdded{EstablishmentId: "est-a", AccountId: "acc-a2", Email: "a-sub@example.jp",
		PrimaryEmail: "a-owner@example.jp"}))
	h.publish(h.event(&identityv1.SignedInFromNewDevice{AccountId: "acc-a2", Email: "a-sub@example.jp", UserAgent: "UA", Ip: "203.0.113.7"}))
	accepted := h.eventOf("est-b", 2, &erv1.EstablishmentAccepted{EstablishmentId: "est-b", EstablishmentNumber: "1306-000001-1",
		OwnerAccountId: "acc-b", OfficeCode: "1306", OwnerEmail: "b-owner@example.jp", Name: "B社", OfficeName: "ハローワーク新宿",
		AcceptedAt: timestamppb.New(t0)})
	h.publish(accepted)
	h.publish(h.event(&identityv1.PasswordChanged{AccountId: "acc-b", Email: "b-owner@example.jp"}))
	h.publish(h.event(&identityv1.RegistrationAttempted{Email: "taken@example.jp"})) // no establishment: nobody's
	if _, err := h.smtp.WaitFor(6, 20*time.Second); err != nil {
		h.t.Fatal(err)
	}
	return pw.ID, accepted.ID
}

var (
	staff1301 = authn.Principal{AccountID: "staff-1301", SessionID: "s1", Role: authn.RoleStaff, OfficeCode: "1301"}
	staff1306 = authn.Principal{AccountID: "staff-1306", SessionID: "s2", Role: authn.RoleStaff, OfficeCode: "1306"}
)

// TestAuthz_CrossTenantMatrix [LOGIN-5, ACC-2]: staff of an office see only the
// deliveries of their office's establishments, with every filter applied inside that
// scope; an additional account's address never appears and cannot be confirmed by
// filtering for it; another office's address answers exactly like an unknown one; no
// employer, provisional account or service may read the log; a transfer moves the
// deliveries to the new office.
func TestAuthz_CrossTenantMatrix(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	aEvent, bEvent := tenants(h)
	// A: password changed, additional added (to the primary), welcome (to the
	// additional), new device (additional). B: accepted, password changed.
	testkit.Eventually(t, 15*time.Second, func() bool {
		a, errA := h.list(staff1301, &notificationv1.ListDeliveriesRequest{})
		b, errB := h.list(staff1306, &notificationv1.ListDeliveriesRequest{})
		return errA == nil && errB == nil && len(a.Deliveries) == 4 && len(b.Deliveries) == 2
	}, "each office to see its establishment's deliveries")

	own := map[authn.Principal]struct {
		est             string
		shown, withheld int
		addresses       map[string]bool
	}{
		staff1301: {"est-a", 2, 2, map[string]bool{"a-owner@example.jp": true}},
		staff1306: {"est-b", 2, 0, map[string]bool{"b-owner@example.jp": true}},
	}
	for p, want := range own {
		res, err := h.list(p, &notificationv1.ListDeliveriesRequest{})
		if err != nil {
			t.Fatal(err)
		}
		shown, withheld := 0, 0
		for _, d := range res.Deliveries {
			if d.EstablishmentId != want.est {
				t.Errorf("office %s sees a delivery of %q", p.OfficeCode, d.EstablishmentId)
			}
			switch {
			case d.RecipientWithheld && d.Recipient == "" && d.MessageId == "" && d.LastError == "":
				withheld++
			case !d.RecipientWithheld && want.addresses[d.Recipient] && d.MessageId != "":
				shown++
			default:
				t.Errorf("office %s: delivery %v", p.OfficeCode, d)
			}
		}
		if shown != want.shown || withheld != want.withheld {
			t.Errorf("office %s: %d shown, %d withheld; want %d, %d", p.OfficeCode, shown, withheld, want.shown, want.withheld)
		}
	}

	t.Run("filters stay inside the office and are no existence oracle", func(t *testing.T) {
		unknown, err := h.list(staff1301, &notificationv1.ListDeliveriesRequest{Recipient: "nobody@example.jp"})
		if err != nil {
			t.Fatal(err)
		}
		for name, req := range map[string]*notificationv1.ListDeliveriesRequest{
			"another office's address":  {Recipient: "b-owner@example.jp"},
			"own additional's address":  {Recipient: "a-sub@example.jp"},
			"an address of no one's":    {Recipient: "taken@example.jp"},
			"another office's event id": {EventId: bEvent},
		} {
			got, err := h.list(staff1301, req)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !proto.Equal(got, unknown) || len(got.Deliveries) != 0 {
				t.Errorf("%s: %v; want the answer for an unknown address (empty)", name, got)
			}
		}
		if got, err := h.list(staff1301, &notificationv1.ListDeliveriesRequest{Recipient: "A-Owner@example.jp"}); err != nil || len(got.Deliveries) != 2 {
			t.Errorf("own primary's address: %v %v; want its 2 deliveries", got, err)
		}
		if got, err := h.list(staff1301, &notificationv1.ListDeliveriesRequest{EventId: aEvent}); err != nil || len(got.Deliveries) != 1 {
			t.Errorf("own event id: %v %v; want 1", got, err)
		}
	})

	t.Run("no employer, provisional account or service reads the log", func(t *testing.T) {
		for _, p := range []authn.Principal{
			{AccountID: "acc-a", SessionID: "e1", Role: authn.RolePrimary, EstablishmentID: "est-a"},
			{AccountID: "acc-a2", SessionID: "e2", Role: authn.RoleAdditional, EstablishmentID: "est-a"},
			{AccountID: "acc-p", SessionID: "e3", Role: authn.RoleProvisional},
			{AccountID: "identity", Role: authn.RoleService},
		} {
			if _, err := h.list(p, &notificationv1.ListDeliveriesRequest{}); status.Code(err) != codes.PermissionDenied {
				t.Errorf("%s: %v, want PERMISSION_DENIED", p.Role, err)
			}
		}
		if _, err := h.list(authn.Principal{}, &notificationv1.ListDeliveriesRequest{}); status.Code(err) != codes.Unauthenticated {
			t.Errorf("anonymous: %v, want UNAUTHENTICATED", err)
		}
	})

	t.Run("a transfer moves the deliveries; a stale event does not move them back", func(t *testing.T) {
		handled := func(ev outbox.Event) {
			t.Helper()
			testkit.Eventually(t, 15*time.Second, func() bool {
				return h.count(`SELECT count(*) FROM inbox WHERE consumer = 'notification-scopes-employer-registration' AND event_id = $1`, ev.ID) == 1
			}, "the scope consumer to handle %s", ev.Type)
		}
		handled(h.publishEvent(h.eventOf("est-a", 9, &erv1.EstablishmentTransferred{EstablishmentId: "est-a", FromOfficeCode: "1301",
			OfficeCode: "1306", Reason: erv1.TransferReason_TRANSFER_REASON_STAFF})))
		handled(h.publishEvent(h.eventOf("est-a", 4, &erv1.EstablishmentChangeApplied{EstablishmentId: "est-a", OfficeCode: "1301"})))
		if got, err := h.list(staff1301, &notificationv1.ListDeliveriesRequest{}); err != nil || len(got.Deliveries) != 0 {
			t.Errorf("old office 1301 after the transfer: %v %v; want nothing", got, err)
		}
		if got, err := h.list(staff1306, &notificationv1.ListDeliveriesRequest{}); err != nil || len(got.Deliveries) != 6 {
			t.Errorf("new office 1306 after the transfer: %d %v; want A's 4 and B's 2", len(got.GetDeliveries()), err)
		}
	})

	t.Run("every read audited with the reader's office, never an address", func(t *testing.T) {
		if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'delivery_log.read' AND outcome = 'ok' AND actor_office_code IN ('1301', '1306')`); n < 10 {
			t.Errorf("%d audited reads, want every one", n)
		}
		if n := h.count(`SELECT count(*) FROM audit_log WHERE detail::text ILIKE '%@example%' OR actor_role <> 'staff'`); n != 0 {
			t.Errorf("%d audit entries naming an address or a non-staff reader", n)
		}
	})
}
