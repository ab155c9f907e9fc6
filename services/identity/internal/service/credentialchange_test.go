package service

import (
	"context"
	"testing"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

// requestReset asks for a reset of email and returns the key mailed.
func requestReset(t *testing.T, e *env, email string) string {
	t.Helper()
	if _, err := e.client.RequestPasswordReset(context.Background(), &identityv1.RequestPasswordResetRequest{Email: email}); err != nil {
		t.Fatal(err)
	}
	return e.authKey(email, identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET)
}

func wantSessionEnded(t *testing.T, e *env, session, what string) {
	t.Helper()
	_, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: session})
	if reason(err) != "SESSION_INVALID" {
		t.Fatalf("%s: the other session still valid (%v)", what, err)
	}
}

// TestCredentialChange_EndsOtherSessionsAndVoidsResetKeys [ACC-1, RESET-1, M3, ASVS
// 7.4.3]: a login e-mail change and a password change end every session but the one
// that made it, a reset ends all; and each voids a reset key mailed before it, so the
// key cannot undo the change.
func TestCredentialChange_EndsOtherSessionsAndVoidsResetKeys(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("cc@example.jp", "1301")
	other, current := e.signIn("cc@example.jp", password), e.signIn("cc@example.jp", password)
	ctx := e.access(current)

	// E-mail change.
	stale := requestReset(t, e, "cc@example.jp")
	if _, err := e.client.ChangeLoginAccount(ctx, &identityv1.ChangeLoginAccountRequest{CurrentPassword: password,
		NewEmail: "cc2@example.jp", NewEmailConfirmation: "cc2@example.jp"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.ConfirmLoginEmailChange(ctx, &identityv1.ConfirmLoginEmailChangeRequest{
		AuthKey: e.authKey("cc2@example.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_EMAIL_CHANGE)}); err != nil {
		t.Fatal(err)
	}
	wantSessionEnded(t, e, other, "e-mail change")
	ctx = e.access(current) // the session that made the change goes on
	_, err := e.client.CompletePasswordReset(context.Background(), &identityv1.CompletePasswordResetRequest{Email: "cc@example.jp",
		AuthKey: stale, Password: "Stale#Reset1", PasswordConfirmation: "Stale#Reset1"})
	wantReason(t, err, "AUTH_KEY_INVALID")

	// Password change.
	other = e.signIn("cc2@example.jp", password)
	stale = requestReset(t, e, "cc2@example.jp")
	const pw2 = "Second#Pass42"
	remember(pw2)
	if _, err := e.client.ChangeLoginAccount(ctx, &identityv1.ChangeLoginAccountRequest{CurrentPassword: password,
		NewPassword: pw2, NewPasswordConfirmation: pw2}); err != nil {
		t.Fatal(err)
	}
	wantSessionEnded(t, e, other, "password change")
	e.access(current)
	_, err = e.client.CompletePasswordReset(context.Background(), &identityv1.CompletePasswordResetRequest{Email: "cc2@example.jp",
		AuthKey: stale, Password: "Stale#Reset1", PasswordConfirmation: "Stale#Reset1"})
	wantReason(t, err, "AUTH_KEY_INVALID")

	// Reset: every session ends, the one that asked included (it has none).
	resetPassword(t, e, "cc2@example.jp", "Third#Pass42")
	remember("Third#Pass42")
	wantSessionEnded(t, e, current, "reset")
}
