package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/secrets"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// AccessToken is a signed short-lived token for the other services.
type AccessToken struct {
	Token     string
	ExpiresAt time.Time
}

// ExchangeSession turns a valid session token into an access token carrying the
// account's current role, establishment, office and e-mail (docs/contracts.md).
func (a *App) ExchangeSession(ctx context.Context, token string) (*AccessToken, error) {
	if !secrets.WellFormed(token, secrets.PrefixSession) {
		return nil, ErrSessionInvalid
	}
	var p authn.Principal
	err := a.Store.InTx(ctx, func(tx Tx) error {
		s, err := tx.SessionByTokenHash(ctx, a.Keyed.Hash(secrets.KindSession, token))
		if err != nil {
			return err
		}
		now := a.Clock.Now()
		if s == nil || s.RevokedAt != nil || !now.Before(s.ExpiresAt) || !now.Before(s.LastSeenAt.Add(a.cfg.SessionIdle)) {
			return ErrSessionInvalid
		}
		acc, err := tx.AccountByID(ctx, s.AccountID, false)
		if err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusActive {
			return ErrSessionInvalid
		}
		p = principalOf(acc, s.ID)
		return tx.TouchSession(ctx, s.ID, now)
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

// employee returns the caller if it is a signed-in account (not a service).
func signedIn(p authn.Principal) error {
	if p.AccountID == "" || p.Role == authn.RoleService {
		return errs.ErrPermissionDenied
	}
	return nil
}

// SignOut ends the caller's session.
func (a *App) SignOut(ctx context.Context, m Meta, p authn.Principal) error {
	if err := signedIn(p); err != nil {
		return err
	}
	return internal(a.Store.InTx(ctx, func(tx Tx) error {
		if _, err := tx.RevokeSession(ctx, p.SessionID, p.AccountID, a.Clock.Now()); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "SIGN_OUT", Outcome: "SUCCESS", ActorAccountID: p.AccountID,
			ActorRole: string(p.Role), SubjectAccountID: p.AccountID, EstablishmentID: p.EstablishmentID, OfficeCode: p.OfficeCode}, m)
	}))
}

// ListSessions lists the caller's own open sessions.
func (a *App) ListSessions(ctx context.Context, p authn.Principal) ([]account.Session, error) {
	if err := signedIn(p); err != nil {
		return nil, err
	}
	var out []account.Session
	err := a.Store.InTx(ctx, func(tx Tx) error {
		now := a.Clock.Now()
		var err error
		out, err = tx.ListSessions(ctx, p.AccountID, now, now.Add(-a.cfg.SessionIdle))
		return err
	})
	return out, internal(err)
}

// RevokeSession ends one of the caller's own sessions; another account's session id is
// answered NOT_FOUND like an unknown one.
func (a *App) RevokeSession(ctx context.Context, m Meta, p authn.Principal, sessionID string) error {
	if err := signedIn(p); err != nil {
		return err
	}
	return internal(a.Store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.RevokeSession(ctx, sessionID, p.AccountID, a.Clock.Now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "SESSION_REVOKED", Outcome: "SUCCESS", ActorAccountID: p.AccountID,
			ActorRole: string(p.Role), SubjectAccountID: p.AccountID, EstablishmentID: p.EstablishmentID, Detail: "session:" + sessionID}, m)
	}))
}

// ListTrustedDevices lists the caller's devices that skip the one-time password.
func (a *App) ListTrustedDevices(ctx context.Context, p authn.Principal) ([]account.Device, error) {
	if err := signedIn(p); err != nil {
		return nil, err
	}
	var out []account.Device
	err := a.Store.InTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ListDevices(ctx, p.AccountID, a.Clock.Now())
		return err
	})
	return out, internal(err)
}

// RevokeTrustedDevice revokes one of the caller's trusted devices (LOGIN-3 settings).
func (a *App) RevokeTrustedDevice(ctx context.Context, m Meta, p authn.Principal, deviceID string) error {
	if err := signedIn(p); err != nil {
		return err
	}
	return internal(a.Store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.RevokeDevice(ctx, deviceID, p.AccountID, a.Clock.Now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "TRUSTED_DEVICE_REVOKED", Outcome: "SUCCESS", ActorAccountID: p.AccountID,
			ActorRole: string(p.Role), SubjectAccountID: p.AccountID, EstablishmentID: p.EstablishmentID, Detail: "device:" + deviceID}, m)
	}))
}

// JWKS returns the access-token verification keys.
func (a *App) JWKS() []authn.JWK { return a.Signer.JWKS() }

// GetMyAccount returns the caller's account.
func (a *App) GetMyAccount(ctx context.Context, p authn.Principal) (*account.Account, error) {
	if err := signedIn(p); err != nil {
		return nil, err
	}
	var acc *account.Account
	err := a.Store.InTx(ctx, func(tx Tx) error {
		var err error
		acc, err = tx.AccountByID(ctx, p.AccountID, false)
		if err == nil && acc == nil {
			err = ErrNotFound
		}
		return err
	})
	return acc, internal(err)
}
