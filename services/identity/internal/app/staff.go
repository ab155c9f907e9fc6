package app

import (
	"context"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/secrets"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

func staffOnly(p authn.Principal) error {
	if p.Role != authn.RoleStaff || p.OfficeCode == "" {
		return account.ErrStaffOnly
	}
	return nil
}

// primaryOfOffice returns the primary account of an establishment of the staff
// member's office; another office's establishment answers like a missing one.
func primaryOfOffice(ctx context.Context, tx Tx, p authn.Principal, number string) (*account.Account, error) {
	acc, err := tx.PrimaryByEstablishmentNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	if acc == nil || acc.OfficeCode != p.OfficeCode {
		return nil, ErrNotFound
	}
	return acc, nil
}

// LookupPrimaryLoginId is LOGIN-5: staff read the primary login ID of an establishment
// of their office; never an additional account's, never a password. Audited.
func (a *App) LookupPrimaryLoginId(ctx context.Context, m Meta, p authn.Principal, number string) (*account.Account, error) {
	if err := staffOnly(p); err != nil {
		return nil, err
	}
	var acc *account.Account
	err := a.Store.InTx(ctx, func(tx Tx) error {
		var err error
		if acc, err = primaryOfOffice(ctx, tx, p, number); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "STAFF_LOOKUP_PRIMARY_LOGIN_ID", Outcome: "SUCCESS",
			ActorAccountID: p.AccountID, ActorRole: string(p.Role), SubjectAccountID: acc.ID,
			EstablishmentID: acc.EstablishmentID, OfficeCode: p.OfficeCode}, m)
	})
	return acc, internal(err)
}

// ListAuditEvents lets staff read an establishment's audit trail (their office only);
// the read itself is audited.
func (a *App) ListAuditEvents(ctx context.Context, m Meta, p authn.Principal, number string, limit int) ([]account.AuditEntry, error) {
	if err := staffOnly(p); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var out []account.AuditEntry
	err := a.Store.InTx(ctx, func(tx Tx) error {
		acc, err := primaryOfOffice(ctx, tx, p, number)
		if err != nil {
			return err
		}
		if out, err = tx.AuditOfEstablishment(ctx, acc.EstablishmentID, limit); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "STAFF_READ_AUDIT_TRAIL", Outcome: "SUCCESS",
			ActorAccountID: p.AccountID, ActorRole: string(p.Role), EstablishmentID: acc.EstablishmentID, OfficeCode: p.OfficeCode}, m)
	})
	return out, internal(err)
}

// signInActions are the audit actions shown as "recent sign-ins".
var signInActions = []string{"SIGN_IN", "SIGN_IN_FAILED", "SIGN_OUT", "PASSWORD_RESET", "PASSWORD_CHANGED", "LOGIN_EMAIL_CHANGED"}

// ListRecentSignIns returns the caller's own recent sign-ins and failures.
func (a *App) ListRecentSignIns(ctx context.Context, p authn.Principal, limit int) ([]account.AuditEntry, error) {
	if err := signedIn(p); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var out []account.AuditEntry
	err := a.Store.InTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.AuditOfSubject(ctx, p.AccountID, signInActions, limit)
		return err
	})
	return out, internal(err)
}

// RegisterVisitorTerminal registers an office visitor terminal (LOGIN-4) and returns
// its credential once; only its keyed hash is stored.
func (a *App) RegisterVisitorTerminal(ctx context.Context, m Meta, p authn.Principal, name string) (*account.Terminal, string, error) {
	if err := staffOnly(p); err != nil {
		return nil, "", err
	}
	cred, err := secrets.NewToken(secrets.PrefixTerminal)
	if err != nil {
		return nil, "", internal(err)
	}
	t := &account.Terminal{ID: newID(), OfficeCode: p.OfficeCode, DisplayName: name,
		SecretHash: a.Keyed.Hash(secrets.KindTerminal, cred), CreatedAt: a.Clock.Now(), CreatedBy: p.AccountID}
	err = a.Store.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertTerminal(ctx, t); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "VISITOR_TERMINAL_REGISTERED", Outcome: "SUCCESS",
			ActorAccountID: p.AccountID, ActorRole: string(p.Role), OfficeCode: p.OfficeCode, Detail: "terminal:" + t.ID}, m)
	})
	if err != nil {
		return nil, "", internal(err)
	}
	return t, cred, nil
}

// ListVisitorTerminals lists the staff member's office's terminals.
func (a *App) ListVisitorTerminals(ctx context.Context, p authn.Principal) ([]account.Terminal, error) {
	if err := staffOnly(p); err != nil {
		return nil, err
	}
	var out []account.Terminal
	err := a.Store.InTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ListTerminals(ctx, p.OfficeCode)
		return err
	})
	return out, internal(err)
}

// RevokeVisitorTerminal revokes a terminal of the staff member's office.
func (a *App) RevokeVisitorTerminal(ctx context.Context, m Meta, p authn.Principal, id string) error {
	if err := staffOnly(p); err != nil {
		return err
	}
	return internal(a.Store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.RevokeTerminal(ctx, id, p.OfficeCode, a.Clock.Now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "VISITOR_TERMINAL_REVOKED", Outcome: "SUCCESS",
			ActorAccountID: p.AccountID, ActorRole: string(p.Role), OfficeCode: p.OfficeCode, Detail: "terminal:" + id}, m)
	}))
}

// BootstrapStaff creates a staff account of an office (cmd identity bootstrap-staff).
func (a *App) BootstrapStaff(ctx context.Context, office, email, password string) (*account.Account, error) {
	if len(office) != 4 || office[0] < '0' || office[0] > '9' {
		return nil, onField(ErrNotFound.WithMeta("office_code", office), "office_code")
	}
	if err := credential.ValidateEmail(email); err != nil {
		return nil, err
	}
	if err := credential.ValidatePassword(password, email); err != nil {
		return nil, err
	}
	hash, err := a.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, internal(err)
	}
	acc := &account.Account{ID: newID(), Email: email, EmailKey: credential.EmailKey(email), Role: account.RoleStaff,
		Status: account.StatusActive, OfficeCode: office, PasswordHash: hash, CreatedAt: a.Clock.Now()}
	err = a.Store.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertAccount(ctx, acc); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "STAFF_BOOTSTRAPPED", Outcome: "SUCCESS", SubjectAccountID: acc.ID,
			ActorRole: "operator", OfficeCode: office}, Meta{})
	})
	if err != nil {
		return nil, internal(err)
	}
	return acc, nil
}
