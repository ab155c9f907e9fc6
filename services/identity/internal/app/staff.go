package app

import (
	"context"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/email"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// AuditTrail reads the audit trail, newest first.
type AuditTrail interface {
	OfSubject(ctx context.Context, accountID string, actions []string, limit int) ([]audit.Entry, error)
	OfEstablishment(ctx context.Context, establishmentID string, limit int) ([]audit.Entry, error)
}

// PrimaryLookup finds an establishment's primary account by its number (LOGIN-5).
type PrimaryLookup interface {
	PrimaryByEstablishmentNumber(ctx context.Context, number string) (*account.Account, error)
}

// primaryOfOffice returns the primary account of an establishment of the staff
// member's office; another office's establishment answers like a missing one
// (authn.RequireOffice).
func (a *App) primaryOfOffice(ctx context.Context, p authn.Principal, number string) (*account.Account, error) {
	acc, err := a.Primaries.PrimaryByEstablishmentNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	if acc == nil {
		return nil, account.ErrNotFound
	}
	if err := authn.RequireOffice(p, acc.OfficeCode); err != nil {
		return nil, err
	}
	return acc, nil
}

// LookupPrimaryLoginID is LOGIN-5's lookup.
type LookupPrimaryLoginID struct {
	Meta                Meta
	By                  authn.Principal
	EstablishmentNumber string
}

// LookupPrimaryLoginID is LOGIN-5: staff read the primary login ID of an establishment
// of their office; never an additional account's, never a password. Audited.
func (a *App) LookupPrimaryLoginID(ctx context.Context, q LookupPrimaryLoginID) (*account.Account, error) {
	var acc *account.Account
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if acc, err = a.primaryOfOffice(ctx, q.By, q.EstablishmentNumber); err != nil {
			return err
		}
		return a.audit(ctx, audit.Entry{Action: "primary_login_id.read", Actor: audit.ActorFrom(q.By),
			SubjectID: acc.ID, EstablishmentID: acc.EstablishmentID}, q.Meta)
	})
	return acc, internal(err)
}

// ListAuditEvents is staff's read of an establishment's audit trail.
type ListAuditEvents struct {
	Meta                Meta
	By                  authn.Principal
	EstablishmentNumber string
	Limit               int
}

// ListAuditEvents lets staff read an establishment's audit trail (their office only);
// the read itself is audited.
func (a *App) ListAuditEvents(ctx context.Context, q ListAuditEvents) ([]audit.Entry, error) {
	limit := pagetoken.Size(q.Limit, 50, 200)
	var out []audit.Entry
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		acc, err := a.primaryOfOffice(ctx, q.By, q.EstablishmentNumber)
		if err != nil {
			return err
		}
		if out, err = a.Trail.OfEstablishment(ctx, acc.EstablishmentID, limit); err != nil {
			return err
		}
		return a.audit(ctx, audit.Entry{Action: "audit_trail.read", Actor: audit.ActorFrom(q.By),
			EstablishmentID: acc.EstablishmentID}, q.Meta)
	})
	return out, internal(err)
}

// signInActions are the audit actions shown as "recent sign-ins".
var signInActions = []string{"session.sign_in", "session.sign_out", "password.reset", "password.change", "login_email.change"}

// ListRecentSignIns lists the caller's own recent sign-ins.
type ListRecentSignIns struct {
	By    authn.Principal
	Limit int
}

// ListRecentSignIns returns the caller's own recent sign-ins and failures.
func (a *App) ListRecentSignIns(ctx context.Context, q ListRecentSignIns) ([]audit.Entry, error) {
	limit := pagetoken.Size(q.Limit, 20, 100)
	out, err := a.Trail.OfSubject(ctx, q.By.AccountID, signInActions, limit)
	return out, internal(err)
}

// BootstrapStaff creates the first staff account of an office.
type BootstrapStaff struct {
	OfficeCode string
	Email      string
	Password   string
}

// BootstrapStaff creates a staff account of an office (cmd identity bootstrap-staff).
func (a *App) BootstrapStaff(ctx context.Context, cmd BootstrapStaff) (*account.Account, error) {
	office := cmd.OfficeCode
	if len(office) != 4 || office[0] < '0' || office[0] > '9' {
		return nil, onField(account.ErrNotFound.WithMeta("office_code", office), "office_code")
	}
	if _, err := email.Parse(cmd.Email); err != nil {
		return nil, err
	}
	if err := credential.ValidatePassword(cmd.Password, cmd.Email); err != nil {
		return nil, err
	}
	hash, err := a.Hasher.Hash(ctx, cmd.Password)
	if err != nil {
		return nil, internal(err)
	}
	acc := &account.Account{ID: newID(), Email: cmd.Email, EmailKey: email.Key(cmd.Email), Role: account.RoleStaff,
		Status: account.StatusActive, OfficeCode: office, PasswordHash: hash, CreatedAt: a.Clock.Now(), Version: 1}
	err = a.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := a.Accounts.Insert(ctx, acc); err != nil {
			return err
		}
		return a.audit(ctx, audit.Entry{Action: "staff_account.bootstrap", Actor: audit.Actor{Role: "operator"},
			SubjectID: acc.ID, Detail: map[string]string{"office_code": office}}, Meta{})
	})
	if err != nil {
		return nil, internal(err)
	}
	return acc, nil
}
