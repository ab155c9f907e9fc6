package grpcapi

import (
	"context"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// StartRegistration implements OPEN-1's first step.
func (s *Server) StartRegistration(ctx context.Context, r *identityv1.StartRegistrationRequest) (*identityv1.StartRegistrationResponse, error) {
	exp, err := s.app.StartRegistration(ctx, app.StartRegistration{Meta: s.meta(ctx), Email: r.GetEmail(),
		EmailConfirmation: r.GetEmailConfirmation(), AgreedToPrivacyPolicy: r.GetAgreedToPrivacyPolicy(), AgreedToTerms: r.GetAgreedToTerms()})
	if err != nil {
		return nil, err
	}
	return &identityv1.StartRegistrationResponse{AuthKeyExpireTime: prototime.Timestamp(exp)}, nil
}

// CompleteRegistration implements OPEN-1's second step.
func (s *Server) CompleteRegistration(ctx context.Context, r *identityv1.CompleteRegistrationRequest) (*identityv1.CompleteRegistrationResponse, error) {
	acc, err := s.app.CompleteRegistration(ctx, app.CompleteRegistration{Meta: s.meta(ctx), Email: r.GetEmail(),
		AuthKey: r.GetAuthKey(), Password: r.GetPassword(), PasswordConfirmation: r.GetPasswordConfirmation()})
	if err != nil {
		return nil, err
	}
	return &identityv1.CompleteRegistrationResponse{Account: accountPB(acc)}, nil
}

// RequestPasswordRegistration implements OPEN-2 / OPEN-3's first step.
func (s *Server) RequestPasswordRegistration(ctx context.Context, r *identityv1.RequestPasswordRegistrationRequest) (*identityv1.RequestPasswordRegistrationResponse, error) {
	exp, err := s.app.RequestPasswordRegistration(ctx, app.RequestPasswordRegistration{Meta: s.meta(ctx), Email: r.GetEmail(),
		EmailConfirmation: r.GetEmailConfirmation(), AgreedToTerms: r.GetAgreedToTerms(), CreationCode: creationCode(r.GetAccountCreationCode())})
	if err != nil {
		return nil, err
	}
	return &identityv1.RequestPasswordRegistrationResponse{AuthKeyExpireTime: prototime.Timestamp(exp)}, nil
}

// CompletePasswordRegistration implements OPEN-2 / OPEN-3's password step.
func (s *Server) CompletePasswordRegistration(ctx context.Context, r *identityv1.CompletePasswordRegistrationRequest) (*identityv1.CompletePasswordRegistrationResponse, error) {
	acc, err := s.app.CompletePasswordRegistration(ctx, app.CompletePasswordRegistration{Meta: s.meta(ctx), Email: r.GetEmail(),
		AuthKey: r.GetAuthKey(), Password: r.GetPassword(), PasswordConfirmation: r.GetPasswordConfirmation()})
	if err != nil {
		return nil, err
	}
	return &identityv1.CompletePasswordRegistrationResponse{Account: accountPB(acc)}, nil
}

// SignIn implements the password step.
func (s *Server) SignIn(ctx context.Context, r *identityv1.SignInRequest) (*identityv1.SignInResponse, error) {
	res, err := s.app.SignIn(ctx, app.SignIn{Meta: s.meta(ctx), Email: r.GetEmail(), Password: r.GetPassword(),
		DeviceToken: r.GetDeviceToken(), TerminalCredential: r.GetTerminalCredential()})
	if err != nil {
		return nil, err
	}
	return signInPB(res), nil
}

// VerifyOneTimePassword implements the one-time-password step.
func (s *Server) VerifyOneTimePassword(ctx context.Context, r *identityv1.VerifyOneTimePasswordRequest) (*identityv1.VerifyOneTimePasswordResponse, error) {
	m := s.meta(ctx)
	if r.GetUserAgent() != "" {
		m.UserAgent = r.GetUserAgent()
	}
	sess, err := s.app.VerifyOneTimePassword(ctx, app.VerifyOneTimePassword{Meta: m, AttemptID: r.GetLoginAttemptId(),
		OTP: r.GetOneTimePassword(), RememberDevice: r.GetRememberDevice()})
	if err != nil {
		return nil, err
	}
	return &identityv1.VerifyOneTimePasswordResponse{Session: sessionPB(sess), DeviceToken: sess.DeviceToken,
		DeviceTokenExpireTime: prototime.Timestamp(sess.DeviceExpiresAt)}, nil
}

// ResendOneTimePassword mails a new one-time password.
func (s *Server) ResendOneTimePassword(ctx context.Context, r *identityv1.ResendOneTimePasswordRequest) (*identityv1.ResendOneTimePasswordResponse, error) {
	exp, err := s.app.ResendOneTimePassword(ctx, app.ResendOneTimePassword{Meta: s.meta(ctx), AttemptID: r.GetLoginAttemptId()})
	if err != nil {
		return nil, err
	}
	return &identityv1.ResendOneTimePasswordResponse{OneTimePasswordExpireTime: prototime.Timestamp(exp)}, nil
}

// ExchangeSession issues an access token for a session token.
func (s *Server) ExchangeSession(ctx context.Context, r *identityv1.ExchangeSessionRequest) (*identityv1.ExchangeSessionResponse, error) {
	t, err := s.app.ExchangeSession(ctx, app.ExchangeSession{Meta: s.meta(ctx), Token: r.GetSessionToken()})
	if err != nil {
		return nil, err
	}
	return &identityv1.ExchangeSessionResponse{AccessToken: t.Token, ExpireTime: prototime.Timestamp(t.ExpiresAt)}, nil
}

// SignOut ends the caller's session.
func (s *Server) SignOut(ctx context.Context, _ *identityv1.SignOutRequest) (*identityv1.SignOutResponse, error) {
	if err := s.app.SignOut(ctx, app.SignOut{Meta: s.meta(ctx), By: principal(ctx)}); err != nil {
		return nil, err
	}
	return &identityv1.SignOutResponse{}, nil
}

// ListSessions lists the caller's sessions.
func (s *Server) ListSessions(ctx context.Context, _ *identityv1.ListSessionsRequest) (*identityv1.ListSessionsResponse, error) {
	p := principal(ctx)
	ss, err := s.app.ListSessions(ctx, app.ListSessions{By: p})
	if err != nil {
		return nil, err
	}
	return &identityv1.ListSessionsResponse{Sessions: sessionsPB(ss, p.SessionID)}, nil
}

// RevokeSession ends one of the caller's sessions.
func (s *Server) RevokeSession(ctx context.Context, r *identityv1.RevokeSessionRequest) (*identityv1.RevokeSessionResponse, error) {
	if err := s.app.RevokeSession(ctx, app.RevokeSession{Meta: s.meta(ctx), By: principal(ctx), SessionID: r.GetSessionId()}); err != nil {
		return nil, err
	}
	return &identityv1.RevokeSessionResponse{}, nil
}

// ListTrustedDevices lists the caller's trusted devices.
func (s *Server) ListTrustedDevices(ctx context.Context, _ *identityv1.ListTrustedDevicesRequest) (*identityv1.ListTrustedDevicesResponse, error) {
	ds, err := s.app.ListTrustedDevices(ctx, app.ListTrustedDevices{By: principal(ctx)})
	if err != nil {
		return nil, err
	}
	return &identityv1.ListTrustedDevicesResponse{Devices: devicesPB(ds)}, nil
}

// RevokeTrustedDevice revokes one of the caller's trusted devices.
func (s *Server) RevokeTrustedDevice(ctx context.Context, r *identityv1.RevokeTrustedDeviceRequest) (*identityv1.RevokeTrustedDeviceResponse, error) {
	if err := s.app.RevokeTrustedDevice(ctx, app.RevokeTrustedDevice{Meta: s.meta(ctx), By: principal(ctx), DeviceID: r.GetDeviceId()}); err != nil {
		return nil, err
	}
	return &identityv1.RevokeTrustedDeviceResponse{}, nil
}

// RequestPasswordReset implements RESET-1's first step.
func (s *Server) RequestPasswordReset(ctx context.Context, r *identityv1.RequestPasswordResetRequest) (*identityv1.RequestPasswordResetResponse, error) {
	exp, err := s.app.RequestPasswordReset(ctx, app.RequestPasswordReset{Meta: s.meta(ctx), Email: r.GetEmail()})
	if err != nil {
		return nil, err
	}
	return &identityv1.RequestPasswordResetResponse{AuthKeyExpireTime: prototime.Timestamp(exp)}, nil
}

// CompletePasswordReset implements RESET-1's second step.
func (s *Server) CompletePasswordReset(ctx context.Context, r *identityv1.CompletePasswordResetRequest) (*identityv1.CompletePasswordResetResponse, error) {
	if err := s.app.CompletePasswordReset(ctx, app.CompletePasswordReset{Meta: s.meta(ctx), Email: r.GetEmail(), AuthKey: r.GetAuthKey(),
		Password: r.GetPassword(), PasswordConfirmation: r.GetPasswordConfirmation()}); err != nil {
		return nil, err
	}
	return &identityv1.CompletePasswordResetResponse{}, nil
}

// ChangeLoginAccount implements ACC-1.
func (s *Server) ChangeLoginAccount(ctx context.Context, r *identityv1.ChangeLoginAccountRequest) (*identityv1.ChangeLoginAccountResponse, error) {
	res, err := s.app.ChangeLoginAccount(ctx, app.ChangeLoginAccount{Meta: s.meta(ctx), By: principal(ctx),
		CurrentPassword: r.GetCurrentPassword(), NewEmail: r.GetNewEmail(), NewEmailConfirmation: r.GetNewEmailConfirmation(),
		NewPassword: r.GetNewPassword(), NewPasswordConfirmation: r.GetNewPasswordConfirmation()})
	if err != nil {
		return nil, err
	}
	return &identityv1.ChangeLoginAccountResponse{PasswordChanged: res.PasswordChanged,
		EmailChangePending: res.EmailChangePending, AuthKeyExpireTime: prototime.Timestamp(res.KeyExpiresAt)}, nil
}

// ConfirmLoginEmailChange completes ACC-1's e-mail change.
func (s *Server) ConfirmLoginEmailChange(ctx context.Context, r *identityv1.ConfirmLoginEmailChangeRequest) (*identityv1.ConfirmLoginEmailChangeResponse, error) {
	acc, err := s.app.ConfirmLoginEmailChange(ctx, app.ConfirmLoginEmailChange{Meta: s.meta(ctx), By: principal(ctx), AuthKey: r.GetAuthKey()})
	if err != nil {
		return nil, err
	}
	return &identityv1.ConfirmLoginEmailChangeResponse{Account: accountPB(acc)}, nil
}

// GetMyAccount returns the caller's account.
func (s *Server) GetMyAccount(ctx context.Context, _ *identityv1.GetMyAccountRequest) (*identityv1.Account, error) {
	acc, err := s.app.GetMyAccount(ctx, app.GetMyAccount{By: principal(ctx)})
	if err != nil {
		return nil, err
	}
	return accountPB(acc), nil
}

// ListAccounts implements ACC-2's list.
func (s *Server) ListAccounts(ctx context.Context, _ *identityv1.ListAccountsRequest) (*identityv1.ListAccountsResponse, error) {
	as, err := s.app.ListAccounts(ctx, app.ListAccounts{By: principal(ctx)})
	if err != nil {
		return nil, err
	}
	return &identityv1.ListAccountsResponse{Accounts: accountsPB(as)}, nil
}

// AddAdditionalAccount implements ACC-2's addition.
func (s *Server) AddAdditionalAccount(ctx context.Context, r *identityv1.AddAdditionalAccountRequest) (*identityv1.Account, error) {
	acc, err := s.app.AddAdditionalAccount(ctx, app.AddAdditionalAccount{Meta: s.meta(ctx), By: principal(ctx), Email: r.GetEmail(),
		EmailConfirmation: r.GetEmailConfirmation(), Password: r.GetPassword(), PasswordConfirmation: r.GetPasswordConfirmation()})
	if err != nil {
		return nil, err
	}
	return accountPB(acc), nil
}

// DeleteAdditionalAccount implements ACC-2's deletion.
func (s *Server) DeleteAdditionalAccount(ctx context.Context, r *identityv1.DeleteAdditionalAccountRequest) (*identityv1.DeleteAdditionalAccountResponse, error) {
	if err := s.app.DeleteAdditionalAccount(ctx, app.DeleteAdditionalAccount{Meta: s.meta(ctx), By: principal(ctx), AccountID: r.GetAccountId()}); err != nil {
		return nil, err
	}
	return &identityv1.DeleteAdditionalAccountResponse{}, nil
}

// Withdraw implements ACC-3.
func (s *Server) Withdraw(ctx context.Context, r *identityv1.WithdrawRequest) (*identityv1.WithdrawResponse, error) {
	until, err := s.app.Withdraw(ctx, app.Withdraw{Meta: s.meta(ctx), By: principal(ctx), CurrentPassword: r.GetCurrentPassword()})
	if err != nil {
		return nil, err
	}
	return &identityv1.WithdrawResponse{RestorableUntil: prototime.Timestamp(until)}, nil
}

// RequestRestore implements ACC-4's first step.
func (s *Server) RequestRestore(ctx context.Context, r *identityv1.RequestRestoreRequest) (*identityv1.RequestRestoreResponse, error) {
	exp, err := s.app.RequestRestore(ctx, app.RequestRestore{Meta: s.meta(ctx), Email: r.GetEmail(), Password: r.GetPassword()})
	if err != nil {
		return nil, err
	}
	return &identityv1.RequestRestoreResponse{AuthKeyExpireTime: prototime.Timestamp(exp)}, nil
}

// CompleteRestore implements ACC-4's second step.
func (s *Server) CompleteRestore(ctx context.Context, r *identityv1.CompleteRestoreRequest) (*identityv1.CompleteRestoreResponse, error) {
	if err := s.app.CompleteRestore(ctx, app.CompleteRestore{Meta: s.meta(ctx), Email: r.GetEmail(), AuthKey: r.GetAuthKey()}); err != nil {
		return nil, err
	}
	return &identityv1.CompleteRestoreResponse{}, nil
}

// ListRecentSignIns lists the caller's recent sign-ins.
func (s *Server) ListRecentSignIns(ctx context.Context, r *identityv1.ListRecentSignInsRequest) (*identityv1.ListRecentSignInsResponse, error) {
	es, err := s.app.ListRecentSignIns(ctx, app.ListRecentSignIns{By: principal(ctx), Limit: int(r.GetPageSize())})
	if err != nil {
		return nil, err
	}
	return &identityv1.ListRecentSignInsResponse{Events: auditPB(es)}, nil
}

// LookupPrimaryLoginId implements LOGIN-5.
func (s *Server) LookupPrimaryLoginId(ctx context.Context, r *identityv1.LookupPrimaryLoginIdRequest) (*identityv1.LookupPrimaryLoginIdResponse, error) {
	acc, err := s.app.LookupPrimaryLoginID(ctx, app.LookupPrimaryLoginID{Meta: s.meta(ctx), By: principal(ctx), EstablishmentNumber: r.GetEstablishmentNumber()})
	if err != nil {
		return nil, err
	}
	return &identityv1.LookupPrimaryLoginIdResponse{Email: acc.Email, EstablishmentId: acc.EstablishmentID}, nil
}

// ListAuditEvents lists an establishment's audit trail for staff.
func (s *Server) ListAuditEvents(ctx context.Context, r *identityv1.ListAuditEventsRequest) (*identityv1.ListAuditEventsResponse, error) {
	es, err := s.app.ListAuditEvents(ctx, app.ListAuditEvents{Meta: s.meta(ctx), By: principal(ctx),
		EstablishmentNumber: r.GetEstablishmentNumber(), Limit: int(r.GetPageSize())})
	if err != nil {
		return nil, err
	}
	return &identityv1.ListAuditEventsResponse{Events: auditPB(es)}, nil
}

// RegisterVisitorTerminal implements LOGIN-4's registration.
func (s *Server) RegisterVisitorTerminal(ctx context.Context, r *identityv1.RegisterVisitorTerminalRequest) (*identityv1.RegisterVisitorTerminalResponse, error) {
	t, cred, err := s.app.RegisterVisitorTerminal(ctx, app.RegisterVisitorTerminal{Meta: s.meta(ctx), By: principal(ctx), DisplayName: r.GetDisplayName()})
	if err != nil {
		return nil, err
	}
	return &identityv1.RegisterVisitorTerminalResponse{Terminal: terminalPB(t), TerminalCredential: cred,
		CredentialExpireTime: prototime.Timestamp(t.ExpiresAt)}, nil
}

// ListVisitorTerminals lists the office's terminals.
func (s *Server) ListVisitorTerminals(ctx context.Context, _ *identityv1.ListVisitorTerminalsRequest) (*identityv1.ListVisitorTerminalsResponse, error) {
	ts, err := s.app.ListVisitorTerminals(ctx, app.ListVisitorTerminals{By: principal(ctx)})
	if err != nil {
		return nil, err
	}
	return &identityv1.ListVisitorTerminalsResponse{Terminals: terminalsPB(ts)}, nil
}

// RevokeVisitorTerminal revokes a terminal.
func (s *Server) RevokeVisitorTerminal(ctx context.Context, r *identityv1.RevokeVisitorTerminalRequest) (*identityv1.RevokeVisitorTerminalResponse, error) {
	if err := s.app.RevokeVisitorTerminal(ctx, app.RevokeVisitorTerminal{Meta: s.meta(ctx), By: principal(ctx), TerminalID: r.GetTerminalId()}); err != nil {
		return nil, err
	}
	return &identityv1.RevokeVisitorTerminalResponse{}, nil
}

// RotateVisitorTerminalCredential replaces a terminal's credential.
func (s *Server) RotateVisitorTerminalCredential(ctx context.Context, r *identityv1.RotateVisitorTerminalCredentialRequest) (*identityv1.RotateVisitorTerminalCredentialResponse, error) {
	t, cred, err := s.app.RotateVisitorTerminal(ctx, app.RotateVisitorTerminal{Meta: s.meta(ctx), By: principal(ctx), TerminalID: r.GetTerminalId()})
	if err != nil {
		return nil, err
	}
	return &identityv1.RotateVisitorTerminalCredentialResponse{Terminal: terminalPB(t), TerminalCredential: cred,
		CredentialExpireTime: prototime.Timestamp(t.ExpiresAt)}, nil
}

// DisableStaffAccount disables a staff account of the caller's office.
func (s *Server) DisableStaffAccount(ctx context.Context, r *identityv1.DisableStaffAccountRequest) (*identityv1.DisableStaffAccountResponse, error) {
	res, err := s.app.DisableStaffAccount(ctx, app.DisableStaffAccount{Meta: s.meta(ctx), By: principal(ctx), LoginID: r.GetLoginId()})
	if err != nil {
		return nil, err
	}
	return &identityv1.DisableStaffAccountResponse{AccountId: res.AccountID, RevokedTerminals: int32(res.RevokedTerminals)}, nil
}

// GetJwks publishes the verification keys.
func (s *Server) GetJwks(context.Context, *identityv1.GetJwksRequest) (*identityv1.GetJwksResponse, error) {
	return &identityv1.GetJwksResponse{Keys: jwksPB(s.app.JWKS())}, nil
}
