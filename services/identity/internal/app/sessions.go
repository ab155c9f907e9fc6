package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// Sessions stores opened sessions.
type Sessions interface {
	Insert(ctx context.Context, s *account.Session) error
	ByTokenHash(ctx context.Context, h []byte) (*account.Session, error)
	Touch(ctx context.Context, id string, now time.Time) error
	Revoke(ctx context.Context, id, accountID string, now time.Time) (bool, error)
	RevokeAll(ctx context.Context, accountID, keep string, now time.Time) error
	List(ctx context.Context, accountID string, now, idleSince time.Time) ([]account.Session, error)
}

// Devices stores trusted devices (LOGIN-3).
type Devices interface {
	Insert(ctx context.Context, d *account.Device) error
	ByTokenHash(ctx context.Context, h []byte) (*account.Device, error)
	Touch(ctx context.Context, id string, now time.Time) error
	Revoke(ctx context.Context, id, accountID string, now time.Time) (bool, error)
	RevokeAll(ctx context.Context, accountID string, now time.Time) error
	List(ctx context.Context, accountID string, now time.Time) ([]account.Device, error)
}

// TokenSigner issues access tokens and publishes its verification keys.
type TokenSigner interface {
	Sign(p authn.Principal) (string, time.Time, error)
	JWKS() []authn.JWK
}

// AccessToken is a signed short-lived token for the other services.
type AccessToken struct {
	Token     string
	ExpiresAt time.Time
}

// ExchangeSession turns a session token into an access token.
type ExchangeSession struct {
	// Meta is where the request the gateway exchanges for came from (its client IP).
	Meta  Meta
	Token string
}

// ExchangeSession turns a valid session token into an access token carrying the
// account's current role, establishment, office and e-mail (docs/contracts.md).
func (a *App) ExchangeSession(ctx context.Context, q ExchangeSession) (*AccessToken, error) {
	if !credential.WellFormed(q.Token, credential.PrefixSession) {
		return nil, ErrSessionInvalid
	}
	var p authn.Principal
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		s, err := a.Sessions.ByTokenHash(ctx, a.Keyed.Hash(credential.KindSession, q.Token))
		if err != nil {
			return err
		}
		now := a.Clock.Now()
		if s == nil || !s.Usable(now, a.sessionIdle(s)) {
			return ErrSessionInvalid
		}
		acc, err := a.Accounts.ByID(ctx, s.AccountID)
		if err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusActive {
			return ErrSessionInvalid
		}
		if ok, err := a.sessionFromItsOffice(ctx, s, acc, q.Meta); err != nil || !ok {
			if err == nil {
				err = ErrSessionInvalid
			}
			return err
		}
		p = principalOf(acc, s.ID)
		return a.Sessions.Touch(ctx, s.ID, now)
	})
	if err != nil {
		return nil, internal(err)
	}
	tok, exp, err := a.Signer.Sign(p)
	if err != nil {
		return nil, internal(err)
	}
	return &AccessToken{Token: tok, ExpiresAt: exp}, nil
}

func principalOf(acc *account.Account, sessionID string) authn.Principal {
	p := authn.Principal{AccountID: acc.ID, SessionID: sessionID, Role: authn.Role(acc.Role), Email: acc.Email}
	switch acc.Role {
	case account.RolePrimary, account.RoleAdditional:
		p.EstablishmentID = acc.EstablishmentID
	case account.RoleStaff:
		p.OfficeCode, p.Email = acc.OfficeCode, ""
	}
	return p
}

// SignOut ends the caller's session.
type SignOut struct {
	Meta Meta
	By   authn.Principal
}

// SignOut ends the caller's session.
func (a *App) SignOut(ctx context.Context, cmd SignOut) error {
	return internal(a.Tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := a.Sessions.Revoke(ctx, cmd.By.SessionID, cmd.By.AccountID, a.Clock.Now()); err != nil {
			return err
		}
		return a.audit(ctx, actorEntry("session.sign_out", cmd.By), cmd.Meta)
	}))
}

// ListSessions lists the caller's own open sessions.
type ListSessions struct{ By authn.Principal }

// ListSessions lists the caller's own open sessions.
func (a *App) ListSessions(ctx context.Context, q ListSessions) ([]account.Session, error) {
	now := a.Clock.Now()
	all, err := a.Sessions.List(ctx, q.By.AccountID, now, now.Add(-a.Rules.SessionIdle))
	// A visitor-terminal session idles out sooner (LOGIN-4): list only usable ones.
	out := all[:0]
	for _, s := range all {
		if s.Usable(now, a.sessionIdle(&s)) {
			out = append(out, s)
		}
	}
	return out, internal(err)
}

// RevokeSession ends one of the caller's own sessions.
type RevokeSession struct {
	Meta      Meta
	By        authn.Principal
	SessionID string
}

// RevokeSession ends one of the caller's own sessions; another account's session id is
// answered NOT_FOUND like an unknown one.
func (a *App) RevokeSession(ctx context.Context, cmd RevokeSession) error {
	return internal(a.Tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := a.Sessions.Revoke(ctx, cmd.SessionID, cmd.By.AccountID, a.Clock.Now())
		if err != nil {
			return err
		}
		if !ok {
			return account.ErrNotFound
		}
		e := actorEntry("session.revoke", cmd.By)
		e.Actor.OfficeCode, e.Detail = "", map[string]string{"session_id": cmd.SessionID}
		return a.audit(ctx, e, cmd.Meta)
	}))
}

// ListTrustedDevices lists the caller's devices that skip the one-time password.
type ListTrustedDevices struct{ By authn.Principal }

// ListTrustedDevices lists the caller's devices that skip the one-time password.
func (a *App) ListTrustedDevices(ctx context.Context, q ListTrustedDevices) ([]account.Device, error) {
	out, err := a.Devices.List(ctx, q.By.AccountID, a.Clock.Now())
	return out, internal(err)
}

// RevokeTrustedDevice revokes one of the caller's trusted devices.
type RevokeTrustedDevice struct {
	Meta     Meta
	By       authn.Principal
	DeviceID string
}

// RevokeTrustedDevice revokes one of the caller's trusted devices (LOGIN-3 settings).
func (a *App) RevokeTrustedDevice(ctx context.Context, cmd RevokeTrustedDevice) error {
	return internal(a.Tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := a.Devices.Revoke(ctx, cmd.DeviceID, cmd.By.AccountID, a.Clock.Now())
		if err != nil {
			return err
		}
		if !ok {
			return account.ErrNotFound
		}
		e := actorEntry("trusted_device.revoke", cmd.By)
		e.Actor.OfficeCode, e.Detail = "", map[string]string{"device_id": cmd.DeviceID}
		return a.audit(ctx, e, cmd.Meta)
	}))
}

// JWKS returns the access-token verification keys.
func (a *App) JWKS() []authn.JWK { return a.Signer.JWKS() }

// GetMyAccount returns the caller's account.
type GetMyAccount struct{ By authn.Principal }

// GetMyAccount returns the caller's account.
func (a *App) GetMyAccount(ctx context.Context, q GetMyAccount) (*account.Account, error) {
	acc, err := a.Accounts.ByID(ctx, q.By.AccountID)
	if err == nil && acc == nil {
		err = account.ErrNotFound
	}
	return acc, internal(err)
}
