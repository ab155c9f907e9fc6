package service

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// TestOpen1_ProvisionalThenAccepted [OPEN-1]: consent to both policies is required; the
// account is provisional (no establishment in its token) until EstablishmentAccepted.
func TestOpen1_ProvisionalThenAccepted(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, err := e.client.StartRegistration(ctx, &identityv1.StartRegistrationRequest{Email: "new@docomo.ne.jp", EmailConfirmation: "new@docomo.ne.jp", AgreedToTerms: true})
	wantReason(t, err, "CONSENT_REQUIRED")
	_, err = e.client.StartRegistration(ctx, &identityv1.StartRegistrationRequest{Email: "a@x.jp", EmailConfirmation: "b@x.jp", AgreedToTerms: true, AgreedToPrivacyPolicy: true})
	wantReason(t, err, "EMAIL_MISMATCH")
	acc := e.signUp("foo.@docomo.ne.jp", password) // EMAIL-1 carrier address
	if acc.GetRole() != identityv1.AccountRole_ACCOUNT_ROLE_PROVISIONAL || acc.GetEstablishmentId() != "" {
		t.Fatalf("account %v", acc)
	}
	actx := e.access(e.signIn("foo.@docomo.ne.jp", password))
	_, err = e.client.ListAccounts(actx, &identityv1.ListAccountsRequest{})
	wantCode(t, err, codes.PermissionDenied) // provisional: only its registration
	estID := newUUID()
	for i := 0; i < 2; i++ { // a replayed event changes nothing
		if err := e.comp.Tx.InTx(ctx, func(ctx context.Context) error {
			return e.comp.App.EstablishmentAccepted(ctx, app.EstablishmentAccepted{OwnerAccountID: acc.GetAccountId(),
				EstablishmentID: estID, EstablishmentNumber: "1301-000001-1", OfficeCode: "1301"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	me, err := e.client.GetMyAccount(e.access(e.signIn("foo.@docomo.ne.jp", password)), &identityv1.GetMyAccountRequest{})
	if err != nil || me.GetRole() != identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY || me.GetEstablishmentId() != estID {
		t.Fatalf("after acceptance: %v %v", me, err)
	}
	opened, _ := outboxEvents(e, func() *identityv1.AccountOpened { return &identityv1.AccountOpened{} })
	if len(opened) != 2 { // provisional + primary, not 3
		t.Fatalf("AccountOpened events = %d", len(opened))
	}
}

// TestAuthKey_Lifecycle [AUTHKEY-1, OPEN-1]: accepted at 49:59, refused at 50:00; a new
// request voids the old key; single use; 5 wrong keys void it.
func TestAuthKey_Lifecycle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	start := func(email string) string {
		if _, err := e.client.StartRegistration(ctx, &identityv1.StartRegistrationRequest{Email: email, EmailConfirmation: email,
			AgreedToPrivacyPolicy: true, AgreedToTerms: true}); err != nil {
			t.Fatal(err)
		}
		return e.authKey(email, identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION)
	}
	complete := func(email, key string) error {
		_, err := e.client.CompleteRegistration(ctx, &identityv1.CompleteRegistrationRequest{Email: email, AuthKey: key, Password: password, PasswordConfirmation: password})
		return err
	}
	t.Run("49:59 accepted", func(t *testing.T) {
		k := start("k1@example.jp")
		e.clk.Advance(49*time.Minute + 59*time.Second)
		if err := complete("k1@example.jp", k); err != nil {
			t.Fatal(err)
		}
		wantReason(t, complete("k1@example.jp", k), "AUTH_KEY_INVALID") // single use
	})
	t.Run("50:00 refused", func(t *testing.T) {
		k := start("k2@example.jp")
		e.clk.Advance(50 * time.Minute)
		wantReason(t, complete("k2@example.jp", k), "AUTH_KEY_INVALID")
	})
	t.Run("reissue voids the old key", func(t *testing.T) {
		old := start("k3@example.jp")
		fresh := start("k3@example.jp")
		if old != fresh {
			wantReason(t, complete("k3@example.jp", old), "AUTH_KEY_INVALID")
		}
		if err := complete("k3@example.jp", fresh); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("5 wrong keys void it", func(t *testing.T) {
		k := start("k4@example.jp")
		wrong := "00000000"
		if k == wrong {
			wrong = "11111111"
		}
		for i := 0; i < 5; i++ {
			wantReason(t, complete("k4@example.jp", wrong), "AUTH_KEY_INVALID")
		}
		wantReason(t, complete("k4@example.jp", k), "AUTH_KEY_INVALID")
	})
	t.Run("weak password changes nothing", func(t *testing.T) {
		k := start("k5@example.jp")
		_, err := e.client.CompleteRegistration(ctx, &identityv1.CompleteRegistrationRequest{Email: "k5@example.jp", AuthKey: k, Password: "short", PasswordConfirmation: "short"})
		wantReason(t, err, "PASSWORD_LENGTH")
		if err := complete("k5@example.jp", k); err != nil {
			t.Fatalf("the key must survive a rejected password: %v", err)
		}
	})
}

// TestOpen3_CreationCode [OPEN-3]: a verified code leads to an auth key and an opened
// primary account; a wrong code or an unreachable employer-registration changes nothing.
func TestOpen3_CreationCode(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	estID := newUUID()
	e.codes.valid["1301-123456-7|03-1234-5678|5z2X#3mwc%"] = [2]string{estID, "1301"}
	req := func(code string) error {
		_, err := e.client.RequestPasswordRegistration(ctx, &identityv1.RequestPasswordRegistrationRequest{
			Email: "code@example.jp", EmailConfirmation: "code@example.jp", AgreedToTerms: true,
			AccountCreationCode: &identityv1.AccountCreationCode{EstablishmentNumber: "1301-123456-7", PhoneNumber: "03-1234-5678", Code: code}})
		return err
	}
	wantReason(t, req("wrong"), "ACCOUNT_CREATION_CODE_INVALID")
	e.codes.down = true
	wantReason(t, req("5z2X#3mwc%"), "ACCOUNT_CREATION_CODE_CHECK_UNAVAILABLE")
	e.codes.down = false
	if err := req("5z2X#3mwc%"); err != nil {
		t.Fatal(err)
	}
	res, err := e.client.CompletePasswordRegistration(ctx, &identityv1.CompletePasswordRegistrationRequest{Email: "code@example.jp",
		AuthKey: e.authKey("code@example.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION), Password: password, PasswordConfirmation: password})
	if err != nil {
		t.Fatal(err)
	}
	if res.GetAccount().GetEstablishmentId() != estID || res.GetAccount().GetRole() != identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY {
		t.Fatalf("account %v", res.GetAccount())
	}
	// A second opening of the same establishment is refused.
	_, err = e.client.RequestPasswordRegistration(ctx, &identityv1.RequestPasswordRegistrationRequest{
		Email: "second@example.jp", EmailConfirmation: "second@example.jp", AgreedToTerms: true,
		AccountCreationCode: &identityv1.AccountCreationCode{EstablishmentNumber: "1301-123456-7", PhoneNumber: "03-1234-5678", Code: "5z2X#3mwc%"}})
	wantReason(t, err, "ESTABLISHMENT_ALREADY_OPENED")
}

// TestOpen3_CreationCodeForCounterRegisteredLogin [OPEN-2, OPEN-3]: when the office
// registered the login e-mail at the counter, the creation code with that same address
// opens the MyPage; a different address cannot take the establishment over.
func TestOpen3_CreationCodeForCounterRegisteredLogin(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	estID := newUUID()
	e.codes.valid["1301-222222-2|03-2222-2222|Ab3#xyz"] = [2]string{estID, "1301"}
	if err := e.comp.Tx.InTx(ctx, func(ctx context.Context) error {
		return e.comp.App.LoginEmailRegistered(ctx, app.LoginEmailRegistered{EstablishmentID: estID,
			EstablishmentNumber: "1301-222222-2", Email: "counter@example.jp", OfficeCode: "1301"})
	}); err != nil {
		t.Fatal(err)
	}
	withCode := func(email string) error {
		_, err := e.client.RequestPasswordRegistration(ctx, &identityv1.RequestPasswordRegistrationRequest{
			Email: email, EmailConfirmation: email, AgreedToTerms: true,
			AccountCreationCode: &identityv1.AccountCreationCode{EstablishmentNumber: "1301-222222-2", PhoneNumber: "03-2222-2222", Code: "Ab3#xyz"}})
		return err
	}
	wantReason(t, withCode("other@example.jp"), "ESTABLISHMENT_ALREADY_OPENED")
	if err := withCode("counter@example.jp"); err != nil {
		t.Fatal(err)
	}
	res, err := e.client.CompletePasswordRegistration(ctx, &identityv1.CompletePasswordRegistrationRequest{Email: "counter@example.jp",
		AuthKey: e.authKey("counter@example.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION), Password: password, PasswordConfirmation: password})
	if err != nil {
		t.Fatal(err)
	}
	if res.GetAccount().GetEstablishmentId() != estID || res.GetAccount().GetRole() != identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY {
		t.Fatalf("account %v", res.GetAccount())
	}
}

// TestRegistration_ExistingEmailMailsOwner [no enumeration]: registering a used address
// answers the same and tells the owner instead.
func TestRegistration_ExistingEmailMailsOwner(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("taken@example.jp", "1301")
	res, err := e.client.StartRegistration(context.Background(), &identityv1.StartRegistrationRequest{Email: "taken@example.jp",
		EmailConfirmation: "taken@example.jp", AgreedToPrivacyPolicy: true, AgreedToTerms: true})
	if err != nil || res.GetAuthKeyExpireTime() == nil {
		t.Fatal(err)
	}
	ra, _ := outboxEvents(e, func() *identityv1.RegistrationAttempted { return &identityv1.RegistrationAttempted{} })
	if len(ra) != 1 || ra[0].GetEmail() != "taken@example.jp" {
		t.Fatalf("RegistrationAttempted = %v", ra)
	}
}
