package service

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/identity/internal/ports/events"
)

func open3Request(email, number, code string) *identityv1.RequestPasswordRegistrationRequest {
	return &identityv1.RequestPasswordRegistrationRequest{Email: email, EmailConfirmation: email, AgreedToTerms: true,
		AccountCreationCode: &identityv1.AccountCreationCode{EstablishmentNumber: number, PhoneNumber: "03-1234-5678", Code: code}}
}

// TestOpen3_ThrottledPerEstablishmentNumber [L5, OPEN-3]: attempts naming one
// 事業所番号 are throttled whoever makes them and from wherever, before the code is
// checked (so a victim's 10 allowed mistakes cannot be burnt in a second); another
// number is not affected, and the next minute allows attempts again.
func TestOpen3_ThrottledPerEstablishmentNumber(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RateCodePerNumber = 3 })
	for i, ip := range []string{"198.51.100.1", "198.51.100.2", "2001:db8:9::1"} {
		_, err := e.client.RequestPasswordRegistration(from(ip), open3Request(sixDigits(i)+"@example.jp", "1301-123456-7", "wrong"))
		wantReason(t, err, "ACCOUNT_CREATION_CODE_INVALID")
	}
	calls := e.codes.calls
	_, err := e.client.RequestPasswordRegistration(from("203.0.113.4"), open3Request("x@example.jp", "1301123456-7", "wrong"))
	wantReason(t, err, "RATE_LIMITED")
	if e.codes.calls != calls {
		t.Fatal("a throttled attempt reached employer-registration (and would count a mistake)")
	}
	_, err = e.client.RequestPasswordRegistration(from("203.0.113.4"), open3Request("y@example.jp", "1301-654321-7", "wrong"))
	wantReason(t, err, "ACCOUNT_CREATION_CODE_INVALID")
	e.clk.Advance(time.Minute)
	_, err = e.client.RequestPasswordRegistration(from("203.0.113.4"), open3Request("x@example.jp", "1301-123456-7", "wrong"))
	wantReason(t, err, "ACCOUNT_CREATION_CODE_INVALID")
}

// TestOpen3_KeysEndWithTheirCode [M3, OPEN-3, AUTHKEY-1]: when employer-registration
// reissues or invalidates an establishment's creation code, the auth keys the old code
// earned are voided (through identity's event router); a key earned with the new code
// after it stays valid.
func TestOpen3_KeysEndWithTheirCode(t *testing.T) {
	for _, tc := range []struct {
		name  string
		event func(estID string, at time.Time) *erv1.AccountCreationCodeInvalidated
		issue func(estID string, at time.Time) *erv1.AccountCreationCodeIssued
	}{
		{name: "invalidated", event: func(estID string, at time.Time) *erv1.AccountCreationCodeInvalidated {
			return &erv1.AccountCreationCodeInvalidated{EstablishmentId: estID, InvalidatedAt: timestamppb.New(at),
				Reason: erv1.CodeInvalidationReason_CODE_INVALIDATION_REASON_TOO_MANY_MISTAKES}
		}},
		{name: "reissued", issue: func(estID string, at time.Time) *erv1.AccountCreationCodeIssued {
			return &erv1.AccountCreationCodeIssued{EstablishmentId: estID, IssuedAt: timestamppb.New(at)}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			estID := newUUID()
			e.codes.valid["1301-123456-7|03-1234-5678|5z2X#3mwc%"] = [2]string{estID, "1301"}
			const addr = "coded@example.jp"
			if _, err := e.client.RequestPasswordRegistration(ctx, open3Request(addr, "1301-123456-7", "5z2X#3mwc%")); err != nil {
				t.Fatal(err)
			}
			stale := e.authKey(addr, identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION)
			e.clk.Advance(time.Minute)
			at := e.clk.Now()
			var ev outbox.Event
			var err error
			if tc.event != nil {
				ev, err = outbox.NewEvent(estID, 2, at, tc.event(estID, at))
			} else {
				ev, err = outbox.NewEvent(estID, 2, at, tc.issue(estID, at))
			}
			if err != nil {
				t.Fatal(err)
			}
			router := events.Router(e.comp.App)
			if err := e.comp.Tx.InTx(ctx, func(ctx context.Context) error { return router.Dispatch(ctx, ev) }); err != nil {
				t.Fatal(err)
			}
			_, err = e.client.CompletePasswordRegistration(ctx, &identityv1.CompletePasswordRegistrationRequest{Email: addr,
				AuthKey: stale, Password: password, PasswordConfirmation: password})
			wantReason(t, err, "AUTH_KEY_INVALID")
			// A key earned after the event (with the new code) is not touched by it.
			e.clk.Advance(time.Minute)
			if _, err := e.client.RequestPasswordRegistration(ctx, open3Request(addr, "1301-123456-7", "5z2X#3mwc%")); err != nil {
				t.Fatal(err)
			}
			if err := e.comp.Tx.InTx(ctx, func(ctx context.Context) error { return router.Dispatch(ctx, ev) }); err != nil {
				t.Fatal(err)
			}
			if _, err := e.client.CompletePasswordRegistration(ctx, &identityv1.CompletePasswordRegistrationRequest{Email: addr,
				AuthKey: e.authKey(addr, identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION), Password: password, PasswordConfirmation: password}); err != nil {
				t.Fatalf("the key of the new code: %v", err)
			}
		})
	}
}
