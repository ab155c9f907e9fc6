package service

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/hellowork-jp/hellowork/libs/clock"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

func addReq(email string) *identityv1.AddAdditionalAccountRequest {
	return &identityv1.AddAdditionalAccountRequest{Email: email, EmailConfirmation: email, Password: password, PasswordConfirmation: password}
}

// TestAdditionalAccounts [ACC-2]: at most 10; an additional account cannot add, delete,
// change the primary account or withdraw; deleting ends its sessions.
func TestAdditionalAccounts(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("primary@example.jp", "1301")
	p := e.access(e.signIn("primary@example.jp", password))
	var first *identityv1.Account
	for i := 1; i <= 10; i++ {
		acc, err := e.client.AddAdditionalAccount(p, addReq(fmt.Sprintf("add%02d@example.jp", i)))
		if err != nil {
			t.Fatalf("addition %d: %v", i, err)
		}
		if first == nil {
			first = acc
		}
	}
	_, err := e.client.AddAdditionalAccount(p, addReq("add11@example.jp"))
	wantReason(t, err, "ADDITIONAL_ACCOUNT_LIMIT")
	list, err := e.client.ListAccounts(p, &identityv1.ListAccountsRequest{})
	if err != nil || len(list.GetAccounts()) != 11 || list.GetAccounts()[0].GetRole() != identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY {
		t.Fatalf("list: %d %v", len(list.GetAccounts()), err)
	}
	e.confirmAdditional("add01@example.jp", password)
	addSession := e.signIn("add01@example.jp", password)
	add := e.access(addSession)
	_, err = e.client.AddAdditionalAccount(add, addReq("x@example.jp"))
	wantReason(t, err, "ADDITIONAL_ACCOUNT_NOT_ALLOWED")
	_, err = e.client.DeleteAdditionalAccount(add, &identityv1.DeleteAdditionalAccountRequest{AccountId: first.GetAccountId()})
	wantReason(t, err, "ADDITIONAL_ACCOUNT_NOT_ALLOWED")
	_, err = e.client.Withdraw(add, &identityv1.WithdrawRequest{CurrentPassword: password})
	wantReason(t, err, "ADDITIONAL_ACCOUNT_NOT_ALLOWED")
	_, err = e.client.ChangeLoginAccount(add, &identityv1.ChangeLoginAccountRequest{CurrentPassword: password, NewPassword: "Kyoto#2026pw", NewPasswordConfirmation: "Kyoto#2026pw"})
	wantReason(t, err, "ADDITIONAL_ACCOUNT_NOT_ALLOWED")
	if _, err := e.client.DeleteAdditionalAccount(p, &identityv1.DeleteAdditionalAccountRequest{AccountId: first.GetAccountId()}); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: addSession})
	wantReason(t, err, "SESSION_INVALID")
	del, _ := outboxEvents(e, func() *identityv1.AdditionalAccountDeleted { return &identityv1.AdditionalAccountDeleted{} })
	if len(del) != 1 || del[0].GetAccountId() != first.GetAccountId() || del[0].GetPrimaryEmail() != "primary@example.jp" {
		t.Fatalf("AdditionalAccountDeleted = %v", del)
	}
	if _, err := e.client.AddAdditionalAccount(p, addReq("add11@example.jp")); err != nil {
		t.Fatalf("room again after a deletion: %v", err)
	}
}

// TestAuthz_CrossTenant [ASVS 8.2.2]: establishment A's accounts never see or touch B's.
func TestAuthz_CrossTenant(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("a@example.jp", "1301")
	b := e.openEstablishment("b@example.jp", "1302")
	pa := e.access(e.signIn("a@example.jp", password))
	pb := e.access(e.signIn("b@example.jp", password))
	bAdd, err := e.client.AddAdditionalAccount(pb, addReq("b-add@example.jp"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.client.DeleteAdditionalAccount(pa, &identityv1.DeleteAdditionalAccountRequest{AccountId: bAdd.GetAccountId()})
	wantReason(t, err, "NOT_FOUND")
	_, err = e.client.DeleteAdditionalAccount(pa, &identityv1.DeleteAdditionalAccountRequest{AccountId: b.Primary.GetAccountId()})
	wantReason(t, err, "NOT_FOUND")
	list, err := e.client.ListAccounts(pa, &identityv1.ListAccountsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list.GetAccounts() {
		if a.GetEstablishmentId() == b.ID {
			t.Fatal("A lists B's account")
		}
	}
	bSessions, _ := e.client.ListSessions(pb, &identityv1.ListSessionsRequest{})
	_, err = e.client.RevokeSession(pa, &identityv1.RevokeSessionRequest{SessionId: bSessions.GetSessions()[0].GetSessionId()})
	wantReason(t, err, "NOT_FOUND")
	sa, _ := e.client.ListSessions(pa, &identityv1.ListSessionsRequest{})
	for _, s := range sa.GetSessions() {
		if s.GetSessionId() == bSessions.GetSessions()[0].GetSessionId() {
			t.Fatal("A sees B's session")
		}
	}
	// Staff of office 1301 cannot look up B (office 1302); employers cannot use staff RPCs.
	staff := e.staff("staff1301@mhlw.example.jp", "1301")
	_, err = e.client.LookupPrimaryLoginId(staff, &identityv1.LookupPrimaryLoginIdRequest{EstablishmentNumber: b.Number})
	wantReason(t, err, "NOT_FOUND")
	_, err = e.client.LookupPrimaryLoginId(pa, &identityv1.LookupPrimaryLoginIdRequest{EstablishmentNumber: b.Number})
	wantCode(t, err, codes.PermissionDenied)
	_, err = e.client.ListAuditEvents(pb, &identityv1.ListAuditEventsRequest{EstablishmentNumber: b.Number})
	wantCode(t, err, codes.PermissionDenied)
	_, err = e.client.RegisterVisitorTerminal(pa, &identityv1.RegisterVisitorTerminalRequest{DisplayName: "x"})
	wantCode(t, err, codes.PermissionDenied)
	// No token at all.
	_, err = e.client.ListAccounts(context.Background(), &identityv1.ListAccountsRequest{})
	wantCode(t, err, codes.Unauthenticated)
}

// TestStaff_LookupPrimaryLoginId [LOGIN-5]: staff of the office read the primary login
// ID (never an additional one, never a password) and the read is audited.
func TestStaff_LookupPrimaryLoginId(t *testing.T) {
	e := newEnv(t)
	est := e.openEstablishment("main@example.jp", "1301")
	p := e.access(e.signIn("main@example.jp", password))
	if _, err := e.client.AddAdditionalAccount(p, addReq("sub@example.jp")); err != nil {
		t.Fatal(err)
	}
	staff := e.staff("counter@mhlw.example.jp", "1301")
	res, err := e.client.LookupPrimaryLoginId(staff, &identityv1.LookupPrimaryLoginIdRequest{EstablishmentNumber: est.Number})
	if err != nil || res.GetEmail() != "main@example.jp" {
		t.Fatalf("lookup %v %v", res, err)
	}
	trail, err := e.client.ListAuditEvents(staff, &identityv1.ListAuditEventsRequest{EstablishmentNumber: est.Number})
	if err != nil {
		t.Fatal(err)
	}
	var lookups, signIns int
	for _, ev := range trail.GetEvents() {
		switch ev.GetAction() {
		case "primary_login_id.read":
			lookups++
		case "session.sign_in":
			signIns++
		}
	}
	if lookups != 1 || signIns == 0 {
		t.Fatalf("audit trail lookups=%d sign-ins=%d", lookups, signIns)
	}
	recent, err := e.client.ListRecentSignIns(p, &identityv1.ListRecentSignInsRequest{})
	if err != nil || len(recent.GetEvents()) == 0 || recent.GetEvents()[0].GetAction() != "session.sign_in" {
		t.Fatalf("recent sign-ins %v %v", recent, err)
	}
}

// TestStaff_TransferMovesLookupAndAuditTrail [M1, LOGIN-5]: when employer-registration
// transfers an establishment to another office, its EstablishmentTransferred event
// moves who may look up the primary login ID and read the audit trail: the old office
// is refused like for an unknown establishment, the new one is allowed. A replay and a
// stale transfer (an older version delivered late) change nothing.
func TestStaff_TransferMovesLookupAndAuditTrail(t *testing.T) {
	e := newEnv(t)
	est := e.openEstablishment("moving@example.jp", "1301")
	old, nw := e.staff("old@mhlw.example.jp", "1301"), e.staff("new@mhlw.example.jp", "1306")
	lookup := func(ctx context.Context) error {
		_, err := e.client.LookupPrimaryLoginId(ctx, &identityv1.LookupPrimaryLoginIdRequest{EstablishmentNumber: est.Number})
		return err
	}
	trail := func(ctx context.Context) error {
		_, err := e.client.ListAuditEvents(ctx, &identityv1.ListAuditEventsRequest{EstablishmentNumber: est.Number})
		return err
	}
	if err := lookup(old); err != nil {
		t.Fatalf("before the transfer, 1301: %v", err)
	}
	wantReason(t, lookup(nw), "NOT_FOUND")

	// employer-registration declares its stream (identity may not, natsacl); identity's
	// consumer, waiting for it, then creates its durable and reads from the start.
	if err := outbox.EnsureStream(context.Background(), e.js, "employer-registration"); err != nil {
		t.Fatal(err)
	}
	publish := func(version int64, from, to string) outbox.Event {
		ev, err := outbox.NewEvent(est.ID, version, e.clk.Now(), &erv1.EstablishmentTransferred{EstablishmentId: est.ID,
			EstablishmentNumber: est.Number, FromOfficeCode: from, OfficeCode: to, Reason: erv1.TransferReason_TRANSFER_REASON_STAFF})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.js.PublishMsg(context.Background(), ev.Message()); err != nil {
			t.Fatal(err)
		}
		return ev
	}
	transfers := func() int {
		var n int
		if err := e.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_trail WHERE action = 'establishment.transfer'
			AND establishment_id = $1`, est.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	moved := publish(5, "1301", "1306")
	testkit.Eventually(t, 15*time.Second, func() bool { return transfers() == 1 }, "identity to consume the transfer")
	for name, ctx := range map[string]context.Context{"old office 1301": old, "new office 1306": nw} {
		wantOK := name == "new office 1306"
		for rpc, call := range map[string]func(context.Context) error{"LookupPrimaryLoginId": lookup, "ListAuditEvents": trail} {
			err := call(ctx)
			if wantOK && err != nil {
				t.Errorf("%s after the transfer, %s: %v; want allowed", rpc, name, err)
			}
			if !wantOK && reason(err) != "NOT_FOUND" {
				t.Errorf("%s after the transfer, %s: %v; want NOT_FOUND", rpc, name, err)
			}
		}
	}

	// The same event again (a redelivery past JetStream's duplicate window is dropped
	// by the inbox) and an older transfer arriving late: the establishment stays at 1306.
	if _, err := e.js.PublishMsg(context.Background(), moved.Message()); err != nil {
		t.Fatal(err)
	}
	publish(4, "1306", "1301")
	testkit.Eventually(t, 15*time.Second, func() bool { return transfers() == 2 }, "identity to consume the stale transfer")
	if err := lookup(nw); err != nil {
		t.Errorf("after a stale transfer, 1306: %v; want still allowed", err)
	}
	wantReason(t, lookup(old), "NOT_FOUND")
	var office string
	if err := e.pool.QueryRow(context.Background(), `SELECT DISTINCT office_code FROM accounts WHERE establishment_id = $1`, est.ID).Scan(&office); err != nil || office != "1306" {
		t.Errorf("accounts of the establishment at office %q (%v), want 1306 only", office, err)
	}
}

// TestAudit_AppendOnly [ASVS 16.4.2]: UPDATE, DELETE and TRUNCATE of the audit trail fail.
func TestAudit_AppendOnly(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("audit@example.jp", "1301")
	for _, q := range []string{`UPDATE audit_trail SET outcome = 'denied'`, `DELETE FROM audit_trail`, `TRUNCATE audit_trail`} {
		if _, err := e.pool.Exec(context.Background(), q); err == nil {
			t.Fatalf("%s succeeded", q)
		}
	}
}

// TestChangeLoginAccount [ACC-1]: current password required (and counted toward the
// lock); the password change revokes other sessions and trusted devices; the e-mail
// change needs the key mailed to the new address.
func TestChangeLoginAccount(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("chg@example.jp", "1301")
	other := e.signIn("chg@example.jp", password)
	current := e.signIn("chg@example.jp", password)
	ctx := e.access(current)
	const newPW = "Nagoya#2026pw"
	remember(newPW)
	_, err := e.client.ChangeLoginAccount(ctx, &identityv1.ChangeLoginAccountRequest{CurrentPassword: "Wrong#pass1", NewPassword: newPW, NewPasswordConfirmation: newPW})
	wantReason(t, err, "CURRENT_PASSWORD_INCORRECT")
	res, err := e.client.ChangeLoginAccount(ctx, &identityv1.ChangeLoginAccountRequest{CurrentPassword: password, NewPassword: newPW, NewPasswordConfirmation: newPW})
	if err != nil || !res.GetPasswordChanged() {
		t.Fatal(err)
	}
	_, err = e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: other})
	wantReason(t, err, "SESSION_INVALID")
	ctx = e.access(current) // the session that made the change continues
	res, err = e.client.ChangeLoginAccount(ctx, &identityv1.ChangeLoginAccountRequest{CurrentPassword: newPW, NewEmail: "moved@example.jp", NewEmailConfirmation: "moved@example.jp"})
	if err != nil || !res.GetEmailChangePending() {
		t.Fatal(err)
	}
	key := e.authKey("moved@example.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_EMAIL_CHANGE)
	acc, err := e.client.ConfirmLoginEmailChange(ctx, &identityv1.ConfirmLoginEmailChangeRequest{AuthKey: key})
	if err != nil || acc.GetAccount().GetEmail() != "moved@example.jp" {
		t.Fatalf("%v %v", acc, err)
	}
	_, err = e.client.SignIn(context.Background(), signInReq("chg@example.jp", newPW))
	wantReason(t, err, "INVALID_CREDENTIALS")
	e.signIn("moved@example.jp", newPW)
	changed, _ := outboxEvents(e, func() *identityv1.LoginAccountChanged { return &identityv1.LoginAccountChanged{} })
	pw, _ := outboxEvents(e, func() *identityv1.PasswordChanged { return &identityv1.PasswordChanged{} })
	if len(changed) != 1 || changed[0].GetOldEmail() != "chg@example.jp" || len(pw) != 1 {
		t.Fatalf("events: %v %v", changed, pw)
	}
}

// TestSession_Revocation [ASVS 7.4.x; ACC-2, ACC-3, RESET-1, ACC-1]: sign-out and a
// password reset end sessions.
func TestSession_Revocation(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("rev@example.jp", "1301")
	s1 := e.signIn("rev@example.jp", password)
	s2 := e.signIn("rev@example.jp", password)
	if _, err := e.client.SignOut(e.access(s1), &identityv1.SignOutRequest{}); err != nil {
		t.Fatal(err)
	}
	_, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: s1})
	wantReason(t, err, "SESSION_INVALID")
	e.access(s2) // the other session lives on
	resetPassword(t, e, "rev@example.jp", password+"x")
	remember(password + "x")
	_, err = e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: s2})
	wantReason(t, err, "SESSION_INVALID")
	t.Logf("METRIC sessions_valid_after_revocation=0")
}

// TestWithdrawal_FailsClosedAndRefusesPending [ACC-3].
func TestWithdrawal_FailsClosedAndRefusesPending(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("wd@example.jp", "1301")
	p := e.access(e.signIn("wd@example.jp", password))
	e.selfApps.err = errors.New("connection refused")
	_, err := e.client.Withdraw(p, &identityv1.WithdrawRequest{CurrentPassword: password})
	wantCode(t, err, codes.Unavailable)
	wantReason(t, err, "WITHDRAWAL_CHECK_UNAVAILABLE")
	e.selfApps.err, e.selfApps.count = nil, 2
	_, err = e.client.Withdraw(p, &identityv1.WithdrawRequest{CurrentPassword: password})
	wantReason(t, err, "PENDING_SELF_APPLICATIONS")
	e.selfApps.count = 0
	_, err = e.client.Withdraw(p, &identityv1.WithdrawRequest{CurrentPassword: "Wrong#pass1"})
	wantReason(t, err, "CURRENT_PASSWORD_INCORRECT")
	if _, err := e.client.GetMyAccount(p, &identityv1.GetMyAccountRequest{}); err != nil {
		t.Fatalf("nothing may change before a successful withdrawal: %v", err)
	}
}

// TestWithdrawalRestoreAndPurge [ACC-3, ACC-4; TestData_WithdrawalAndPurge]: withdrawal
// deletes additional accounts and ends sessions; restore works on day 30 (JST) and not
// on day 31, when the purge removes the account.
func TestWithdrawalRestoreAndPurge(t *testing.T) {
	for _, tc := range []struct {
		name    string
		at      time.Time // restore attempt time
		restore bool
	}{
		{"day 30", time.Date(2026, 5, 1, 23, 59, 59, 0, clock.JST), true},
		{"day 31", time.Date(2026, 5, 2, 0, 0, 0, 0, clock.JST), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			est := e.openEstablishment("bye@example.jp", "1301")
			session := e.signIn("bye@example.jp", password)
			p := e.access(session)
			if _, err := e.client.AddAdditionalAccount(p, addReq("bye-add@example.jp")); err != nil {
				t.Fatal(err)
			}
			e.confirmAdditional("bye-add@example.jp", password)
			res, err := e.client.Withdraw(p, &identityv1.WithdrawRequest{CurrentPassword: password})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.GetRestorableUntil().AsTime(); !got.Equal(time.Date(2026, 5, 1, 23, 59, 59, 0, clock.JST)) {
				t.Fatalf("restorable until %v", got.In(clock.JST))
			}
			wd, _ := outboxEvents(e, func() *identityv1.AccountWithdrawn { return &identityv1.AccountWithdrawn{} })
			if len(wd) != 1 || len(wd[0].GetAccountIds()) != 2 || wd[0].GetEstablishmentId() != est.ID {
				t.Fatalf("AccountWithdrawn %v", wd)
			}
			_, err = e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: session})
			wantReason(t, err, "SESSION_INVALID")
			_, err = e.client.SignIn(context.Background(), signInReq("bye-add@example.jp", password))
			wantReason(t, err, "INVALID_CREDENTIALS")

			e.clk.Set(tc.at.Add(-time.Minute))
			if _, err := e.client.RequestRestore(context.Background(), &identityv1.RequestRestoreRequest{Email: "bye@example.jp", Password: password}); err != nil {
				t.Fatal(err)
			}
			key := e.authKey("bye@example.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_RESTORE)
			e.clk.Set(tc.at)
			n, err := e.comp.App.PurgeWithdrawn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.client.CompleteRestore(context.Background(), &identityv1.CompleteRestoreRequest{Email: "bye@example.jp", AuthKey: key})
			if tc.restore {
				if err != nil || n != 0 {
					t.Fatalf("restore on day 30: %v (purged %d)", err, n)
				}
				e.signIn("bye@example.jp", password)
				return
			}
			if err == nil || n != 1 {
				t.Fatalf("day 31: restore err=%v purged=%d", err, n)
			}
			var rows int
			_ = e.pool.QueryRow(context.Background(), `SELECT count(*) FROM accounts WHERE establishment_id = $1`, est.ID).Scan(&rows)
			if rows != 0 {
				t.Fatalf("residue after purge: %d rows", rows)
			}
			purged, _ := outboxEvents(e, func() *identityv1.AccountPurged { return &identityv1.AccountPurged{} })
			if len(purged) != 1 {
				t.Fatal("AccountPurged missing")
			}
		})
	}
}
