package grpcapi

import (
	"context"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// StartRegistration implements OPEN-1's first step.
func (s *Server) StartRegistration(ctx context.Context, r *identityv1.StartRegistrationRequest) (*identityv1.StartRegistrationResponse, error) {
	exp, err := s.app.StartRegistration(ctx, s.meta(ctx), r.GetEmail(), r.GetEmailConfirmation(), r.GetAgreedToPrivacyPolicy(), r.GetAgreedToTerms())
	if err != nil {
		return nil, err
	}
	return &identityv1.StartRegistrationResponse{AuthKeyExpireTime: ts(exp)}, nil
}

// CompleteRegistration implements OPEN-1's second step.
func (s *Server) CompleteRegistration(ctx context.Context, r *identityv1.CompleteRegistrationRequest) (*identityv1.CompleteRegistrationResponse, error) {
	acc, err := s.app.CompleteRegistration(ctx, s.meta(ctx), r.GetEmail(), r.GetAuthKey(), r.GetPassword(), r.GetPasswordConfirmation())
	if err != nil {
		return nil, err
	}
	return &identityv1.CompleteRegistrationResponse{Account: accountPB(acc)}, nil
}

// RequestPasswordRegistration implements OPEN-2 / OPEN-3's first step.
func (s *Server) RequestPasswordRegistration(ctx context.Context, r *identityv1.RequestPasswordRegistrationRequest) (*identityv1.RequestPasswordRegistrationResponse, error) {
	var code *app.CreationCode
	if c := r.GetAccountCreationCode(); c != nil {
		code = &app.CreationCode{EstablishmentNumber: c.GetEstablishmentNumber(), PhoneNumber: c.GetPhoneNumber(), Code: c.GetCode()}
	}
	exp, err := s.app.RequestPasswordRegistration(ctx, s.meta(ctx), r.GetEmail(), r.GetEmailConfirmation(), r.GetAgreedToTerms(), code)
	if err != nil {
		return nil, err
	}
	return &identityv1.RequestPasswordRegistrationResponse{AuthKeyExpireTime: ts(exp)}, nil
}

// CompletePasswordRegistration implements OPEN-2 / OPEN-3's password step.
func (s *Server) CompletePasswordRegistration(ctx context.Context, r *identityv1.CompletePasswordRegistrationRequest) (*identityv1.CompletePasswordRegistrationResponse, error) {
	acc, err := s.app.CompletePasswordRegistration(ctx, s.meta(ctx), r.GetEmail(), r.GetAuthKey(), r.GetPassword(), r.GetPasswordConfirmation())
	if err != nil {
		return nil, err
	}
	return &identityv1.CompletePasswordRegistrationResponse{Account: accountPB(acc)}, nil
}

// SignIn implements the password step.
func (s *Server) SignIn(ctx context.Context, r *identityv1.SignInRequest) (*identityv1.SignInResponse, error) {
	res, err := s.app.SignIn(ctx, s.meta(ctx), r.GetEmail(), r.GetPassword(), r.GetDeviceToken(), r.GetTerminalCredential())
	if err != nil {
		return nil, err
	}
	if res.Session != nil {
		return &identityv1.SignInResponse{Session: sessionPB(res.Session)}, nil
	}
	return &identityv1.SignInResponse{OneTimePasswordRequired: true, LoginAttemptId: res.AttemptID,
		OneTimePasswordExpireTime: ts(res.OTPExpiresAt)}, nil
}

// VerifyOneTimePassword implements the one-time-password step.
func (s *Server) VerifyOneTimePassword(ctx context.Context, r *identityv1.VerifyOneTimePasswordRequest) (*identityv1.VerifyOneTimePasswordResponse, error) {
	m := s.meta(ctx)
	if r.GetUserAgent() != "" {
		m.UserAgent = r.GetUserAgent()
	}
	sess, err := s.app.VerifyOneTimePassword(ctx, m, r.GetLoginAttemptId(), r.GetOneTimePassword(), r.GetRememberDevice())
	if err != nil {
		return nil, err
	}
	return &identityv1.VerifyOneTimePasswordResponse{Session: sessionPB(sess), DeviceToken: sess.DeviceToken,
		DeviceTokenExpireTime: ts(sess.DeviceExpiresAt)}, nil
}

// ResendOneTimePassword mails a new one-time password.
func (s *Server) ResendOneTimePassword(ctx context.Context, r *identityv1.ResendOneTimePasswordRequest) (*identityv1.ResendOneTimePasswordResponse, error) {
	exp, err := s.app.ResendOneTimePassword(ctx, s.meta(ctx), r.GetLoginAttemptId())
	if err != nil {
		return nil, err
	}
	return &identityv1.ResendOneTimePasswordResponse{OneTimePasswordExpireTime: ts(exp)}, nil
}

// ExchangeSession issues an access token for a session token.
func (s *Server) ExchangeSession(ctx context.Context, r *identityv1.ExchangeSessionRequest) (*identityv1.ExchangeSessionResponse, error) {
	t, err := s.app.ExchangeSession(ctx, r.GetSessionToken())
	if err != nil {
		return nil, err
	}
	return &identityv1.ExchangeSessionResponse{AccessToken: t.Token, ExpireTime: ts(t.ExpiresAt)}, nil
}

// SignOut ends the caller's session.
func (s *Server) SignOut(ctx context.Context, _ *identityv1.SignOutRequest) (*identityv1.SignOutResponse, error) {
	if err := s.app.SignOut(ctx, s.meta(ctx), principal(ctx)); err != nil {
		return nil, err
	}
	return &identityv1.SignOutResponse{}, nil
}

// ListSessions lists the caller's sessions.
func (s *Server) ListSessions(ctx context.Context, _ *identityv1.ListSessionsRequest) (*identityv1.ListSessionsResponse, error) {
	p := principal(ctx)
	ss, err := s.app.ListSessions(ctx, p)
	if err != nil {
		return nil, err
	}
	out := &identityv1.ListSessionsResponse{}
	for _, x := range ss {
		out.Sessions = append(out.Sessions, &identityv1.SessionInfo{SessionId: x.ID, CreateTime: ts(x.CreatedAt),
			LastUseTime: ts(x.LastSeenAt), ExpireTime: ts(x.ExpiresAt), Ip: x.IP, UserAgent: x.UserAgent, Current: x.ID == p.SessionID})
	}
	return out, nil
}

// RevokeSession ends one of the caller's sessions.
func (s *Server) RevokeSession(ctx context.Context, r *identityv1.RevokeSessionRequest) (*identityv1.RevokeSessionResponse, error) {
	if err := s.app.RevokeSession(ctx, s.meta(ctx), principal(ctx), r.GetSessionId()); err != nil {
		return nil, err
	}
	return &identityv1.RevokeSessionResponse{}, nil
}

// ListTrustedDevices lists the caller's trusted devices.
func (s *Server) ListTrustedDevices(ctx context.Context, _ *identityv1.ListTrustedDevicesRequest) (*identityv1.ListTrustedDevicesResponse, error) {
	ds, err := s.app.ListTrustedDevices(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	out := &identityv1.ListTrustedDevicesResponse{}
	for _, d := range ds {
		out.Devices = append(out.Devices, &identityv1.TrustedDevice{DeviceId: d.ID, CreateTime: ts(d.CreatedAt),
			ExpireTime: ts(d.ExpiresAt), LastUseTime: tsp(d.LastUsedAt), UserAgent: d.UserAgent})
	}
	return out, nil
}

// RevokeTrustedDevice revokes one of the caller's trusted devices.
func (s *Server) RevokeTrustedDevice(ctx context.Context, r *identityv1.RevokeTrustedDeviceRequest) (*identityv1.RevokeTrustedDeviceResponse, error) {
	if err := s.app.RevokeTrustedDevice(ctx, s.meta(ctx), principal(ctx), r.GetDeviceId()); err != nil {
		return nil, err
	}
	return &identityv1.RevokeTrustedDeviceResponse{}, nil
}

// RequestPasswordReset implements RESET-1's first step.
func (s *Server) RequestPasswordReset(ctx context.Context, r *identityv1.RequestPasswordResetRequest) (*identityv1.RequestPasswordResetResponse, error) {
	exp, err := s.app.RequestPasswordReset(ctx, s.meta(ctx), r.GetEmail())
	if err != nil {
		return nil, err
	}
	return &identityv1.RequestPasswordResetResponse{AuthKeyExpireTime: ts(exp)}, nil
}

// CompletePasswordReset implements RESET-1's second step.
func (s *Server) CompletePasswordReset(ctx context.Context, r *identityv1.CompletePasswordResetRequest) (*identityv1.CompletePasswordResetResponse, error) {
	if err := s.app.CompletePasswordReset(ctx, s.meta(ctx), r.GetEmail(), r.GetAuthKey(), r.GetPassword(), r.GetPasswordConfirmation()); err != nil {
		return nil, err
	}
	return &identityv1.CompletePasswordResetResponse{}, nil
}

// ChangeLoginAccount implements ACC-1.
func (s *Server) ChangeLoginAccount(ctx context.Context, r *identityv1.ChangeLoginAccountRequest) (*identityv1.ChangeLoginAccountResponse, error) {
	res, err := s.app.ChangeLoginAccount(ctx, s.meta(ctx), principal(ctx), r.GetCurrentPassword(), r.GetNewEmail(),
		r.GetNewEmailConfirmation(), r.GetNewPassword(), r.GetNewPasswordConfirmation())
	if err != nil {
		return nil, err
	}
	return &identityv1.ChangeLoginAccountResponse{PasswordChanged: res.PasswordChanged,
		EmailChangePending: res.EmailChangePending, AuthKeyExpireTime: ts(res.KeyExpiresAt)}, nil
}

// ConfirmLoginEmailChange completes ACC-1's e-mail change.
func (s *Server) ConfirmLoginEmailChange(ctx context.Context, r *identityv1.ConfirmLoginEmailChangeRequest) (*identityv1.ConfirmLoginEmailChangeResponse, error) {
	acc, err := s.app.ConfirmLoginEmailChange(ctx, s.meta(ctx), principal(ctx), r.GetAuthKey())
	if err != nil {
		return nil, err
	}
	return &identityv1.ConfirmLoginEmailChangeResponse{Account: accountPB(acc)}, nil
}

// GetMyAccount returns the caller's account.
func (s *Server) GetMyAccount(ctx context.Context, _ *identityv1.GetMyAccountRequest) (*identityv1.Account, error) {
	acc, err := s.app.GetMyAccount(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	return accountPB(acc), nil
}

// ListAccounts implements ACC-2's list.
func (s *Server) ListAccounts(ctx context.Context, _ *identityv1.ListAccountsRequest) (*identityv1.ListAccountsResponse, error) {
	as, err := s.app.ListAccounts(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	out := &identityv1.ListAccountsResponse{}
	for i := range as {
		out.Accounts = append(out.Accounts, accountPB(&as[i]))
	}
	return out, nil
}

// AddAdditionalAccount implements ACC-2's addition.
func (s *Server) AddAdditionalAccount(ctx context.Context, r *identityv1.AddAdditionalAccountRequest) (*identityv1.Account, error) {
	acc, err := s.app.AddAdditionalAccount(ctx, s.meta(ctx), principal(ctx), r.GetEmail(), r.GetEmailConfirmation(), r.GetPassword(), r.GetPasswordConfirmation())
	if err != nil {
		return nil, err
	}
	return accountPB(acc), nil
}

// DeleteAdditionalAccount implements ACC-2's deletion.
func (s *Server) DeleteAdditionalAccount(ctx context.Context, r *identityv1.DeleteAdditionalAccountRequest) (*identityv1.DeleteAdditionalAccountResponse, error) {
	if err := s.app.DeleteAdditionalAccount(ctx, s.meta(ctx), principal(ctx), r.GetAccountId()); err != nil {
		return nil, err
	}
	return &identityv1.DeleteAdditionalAccountResponse{}, nil
}

// Withdraw implements ACC-3.
func (s *Server) Withdraw(ctx context.Context, r *identityv1.WithdrawRequest) (*identityv1.WithdrawResponse, error) {
	until, err := s.app.Withdraw(ctx, s.meta(ctx), principal(ctx), r.GetCurrentPassword())
	if err != nil {
		return nil, err
	}
	return &identityv1.WithdrawResponse{RestorableUntil: ts(until)}, nil
}

// RequestRestore implements ACC-4's first step.
func (s *Server) RequestRestore(ctx context.Context, r *identityv1.RequestRestoreRequest) (*identityv1.RequestRestoreResponse, error) {
	exp, err := s.app.RequestRestore(ctx, s.meta(ctx), r.GetEmail(), r.GetPassword())
	if err != nil {
		return nil, err
	}
	return &identityv1.RequestRestoreResponse{AuthKeyExpireTime: ts(exp)}, nil
}

// CompleteRestore implements ACC-4's second step.
func (s *Server) CompleteRestore(ctx context.Context, r *identityv1.CompleteRestoreRequest) (*identityv1.CompleteRestoreResponse, error) {
	if err := s.app.CompleteRestore(ctx, s.meta(ctx), r.GetEmail(), r.GetAuthKey()); err != nil {
		return nil, err
	}
	return &identityv1.CompleteRestoreResponse{}, nil
}

// ListRecentSignIns lists the caller's recent sign-ins.
func (s *Server) ListRecentSignIns(ctx context.Context, r *identityv1.ListRecentSignInsRequest) (*identityv1.ListRecentSignInsResponse, error) {
	es, err := s.app.ListRecentSignIns(ctx, principal(ctx), int(r.GetPageSize()))
	if err != nil {
		return nil, err
	}
	return &identityv1.ListRecentSignInsResponse{Events: auditPB(es)}, nil
}

// LookupPrimaryLoginId implements LOGIN-5.
func (s *Server) LookupPrimaryLoginId(ctx context.Context, r *identityv1.LookupPrimaryLoginIdRequest) (*identityv1.LookupPrimaryLoginIdResponse, error) {
	acc, err := s.app.LookupPrimaryLoginId(ctx, s.meta(ctx), principal(ctx), r.GetEstablishmentNumber())
	if err != nil {
		return nil, err
	}
	return &identityv1.LookupPrimaryLoginIdResponse{Email: acc.Email, EstablishmentId: acc.EstablishmentID}, nil
}

// ListAuditEvents lists an establishment's audit trail for staff.
func (s *Server) ListAuditEvents(ctx context.Context, r *identityv1.ListAuditEventsRequest) (*identityv1.ListAuditEventsResponse, error) {
	es, err := s.app.ListAuditEvents(ctx, s.meta(ctx), principal(ctx), r.GetEstablishmentNumber(), int(r.GetPageSize()))
	if err != nil {
		return nil, err
	}
	return &identityv1.ListAuditEventsResponse{Events: auditPB(es)}, nil
}

// RegisterVisitorTerminal implements LOGIN-4's registration.
func (s *Server) RegisterVisitorTerminal(ctx context.Context, r *identityv1.RegisterVisitorTerminalRequest) (*identityv1.RegisterVisitorTerminalResponse, error) {
	t, cred, err := s.app.RegisterVisitorTerminal(ctx, s.meta(ctx), principal(ctx), r.GetDisplayName())
	if err != nil {
		return nil, err
	}
	return &identityv1.RegisterVisitorTerminalResponse{Terminal: terminalPB(t), TerminalCredential: cred}, nil
}

// ListVisitorTerminals lists the office's terminals.
func (s *Server) ListVisitorTerminals(ctx context.Context, _ *identityv1.ListVisitorTerminalsRequest) (*identityv1.ListVisitorTerminalsResponse, error) {
	ts, err := s.app.ListVisitorTerminals(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	out := &identityv1.ListVisitorTerminalsResponse{}
	for i := range ts {
		out.Terminals = append(out.Terminals, terminalPB(&ts[i]))
	}
	return out, nil
}

// RevokeVisitorTerminal revokes a terminal.
func (s *Server) RevokeVisitorTerminal(ctx context.Context, r *identityv1.RevokeVisitorTerminalRequest) (*identityv1.RevokeVisitorTerminalResponse, error) {
	if err := s.app.RevokeVisitorTerminal(ctx, s.meta(ctx), principal(ctx), r.GetTerminalId()); err != nil {
		return nil, err
	}
	return &identityv1.RevokeVisitorTerminalResponse{}, nil
}

// GetJwks publishes the verification keys.
func (s *Server) GetJwks(context.Context, *identityv1.GetJwksRequest) (*identityv1.GetJwksResponse, error) {
	out := &identityv1.GetJwksResponse{}
	for _, k := range s.app.JWKS() {
		out.Keys = append(out.Keys, &identityv1.Jwk{Kty: k.Kty, Crv: k.Crv, X: k.X, Kid: k.Kid, Alg: k.Alg, Use: k.Use})
	}
	return out, nil
}
