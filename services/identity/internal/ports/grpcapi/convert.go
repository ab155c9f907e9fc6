package grpcapi

import (
	"context"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// Conversions between the protos and the application's commands and results.

func principal(ctx context.Context) authn.Principal {
	p, _ := authn.FromContext(ctx)
	return p
}

var roleProto = map[account.Role]identityv1.AccountRole{
	account.RoleProvisional: identityv1.AccountRole_ACCOUNT_ROLE_PROVISIONAL,
	account.RolePrimary:     identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY,
	account.RoleAdditional:  identityv1.AccountRole_ACCOUNT_ROLE_ADDITIONAL,
	account.RoleStaff:       identityv1.AccountRole_ACCOUNT_ROLE_STAFF,
}

func accountPB(a *account.Account) *identityv1.Account {
	return &identityv1.Account{AccountId: a.ID, Email: a.Email, Role: roleProto[a.Role],
		EstablishmentId: a.EstablishmentID, OfficeCode: a.OfficeCode, CreateTime: prototime.Timestamp(a.CreatedAt)}
}

func sessionPB(s *app.NewSession) *identityv1.Session {
	if s == nil {
		return nil
	}
	return &identityv1.Session{SessionId: s.ID, SessionToken: s.Token, ExpireTime: prototime.Timestamp(s.ExpiresAt),
		VisitorTerminal: s.VisitorTerminal}
}

func auditPB(es []audit.Entry) []*identityv1.AuditEvent {
	out := make([]*identityv1.AuditEvent, 0, len(es))
	for _, e := range es {
		out = append(out, &identityv1.AuditEvent{OccurTime: prototime.Timestamp(e.At), Action: e.Action, Outcome: string(e.Outcome),
			ActorAccountId: e.Actor.ID, SubjectAccountId: e.SubjectID, Ip: e.Detail["ip"], UserAgent: e.Detail["user_agent"]})
	}
	return out
}

func terminalPB(t *account.Terminal) *identityv1.VisitorTerminal {
	return &identityv1.VisitorTerminal{TerminalId: t.ID, DisplayName: t.DisplayName, OfficeCode: t.OfficeCode,
		CreateTime: prototime.Timestamp(t.CreatedAt), RevokeTime: prototime.TimestampPtr(t.RevokedAt),
		CredentialExpireTime: prototime.Timestamp(t.ExpiresAt), RotateTime: prototime.TimestampPtr(t.RotatedAt)}
}

func creationCode(c *identityv1.AccountCreationCode) *app.CreationCode {
	if c == nil {
		return nil
	}
	return &app.CreationCode{EstablishmentNumber: c.GetEstablishmentNumber(), PhoneNumber: c.GetPhoneNumber(), Code: c.GetCode()}
}

func signInPB(res app.SignInResult) *identityv1.SignInResponse {
	if res.Session != nil {
		return &identityv1.SignInResponse{Session: sessionPB(res.Session)}
	}
	return &identityv1.SignInResponse{OneTimePasswordRequired: true, LoginAttemptId: res.AttemptID,
		OneTimePasswordExpireTime: prototime.Timestamp(res.OTPExpiresAt)}
}

func sessionsPB(ss []account.Session, current string) []*identityv1.SessionInfo {
	var out []*identityv1.SessionInfo
	for _, x := range ss {
		out = append(out, &identityv1.SessionInfo{SessionId: x.ID, CreateTime: prototime.Timestamp(x.CreatedAt),
			LastUseTime: prototime.Timestamp(x.LastSeenAt), ExpireTime: prototime.Timestamp(x.ExpiresAt), Ip: x.IP, UserAgent: x.UserAgent, Current: x.ID == current})
	}
	return out
}

func devicesPB(ds []account.Device) []*identityv1.TrustedDevice {
	var out []*identityv1.TrustedDevice
	for _, d := range ds {
		out = append(out, &identityv1.TrustedDevice{DeviceId: d.ID, CreateTime: prototime.Timestamp(d.CreatedAt),
			ExpireTime: prototime.Timestamp(d.ExpiresAt), LastUseTime: prototime.TimestampPtr(d.LastUsedAt), UserAgent: d.UserAgent})
	}
	return out
}

func accountsPB(as []account.Account) []*identityv1.Account {
	var out []*identityv1.Account
	for i := range as {
		out = append(out, accountPB(&as[i]))
	}
	return out
}

func terminalsPB(ts []account.Terminal) []*identityv1.VisitorTerminal {
	var out []*identityv1.VisitorTerminal
	for i := range ts {
		out = append(out, terminalPB(&ts[i]))
	}
	return out
}

func jwksPB(keys []authn.JWK) []*identityv1.Jwk {
	var out []*identityv1.Jwk
	for _, k := range keys {
		out = append(out, &identityv1.Jwk{Kty: k.Kty, Crv: k.Crv, X: k.X, Kid: k.Kid, Alg: k.Alg, Use: k.Use})
	}
	return out
}
