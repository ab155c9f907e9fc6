package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/email"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// Visitor terminals (来所者端末, LOGIN-4) under D4's compensating controls: a terminal
// is enrolled by staff of an office, its credential is stored only as a keyed hash,
// expires and can be rotated, and it skips the one-time password only from its own
// office's networks (account.OfficeNetworks, checked against the client IP identity
// derives itself), never for a staff account. A terminal sign-in is mailed to the
// owner like any sign-in from a new device, and its session ends after a short idle
// time.

// Terminals stores office visitor terminals (LOGIN-4).
type Terminals interface {
	Insert(ctx context.Context, v *account.Terminal) error
	// BySecretHash returns the unrevoked terminal with that credential hash, or nil.
	BySecretHash(ctx context.Context, h []byte) (*account.Terminal, error)
	// ByID returns a terminal, revoked or not, or nil.
	ByID(ctx context.Context, id string) (*account.Terminal, error)
	List(ctx context.Context, office string) ([]account.Terminal, error)
	Revoke(ctx context.Context, id, office string, now time.Time) (bool, error)
	// Update loads a terminal of office under a row lock, runs fn and saves it; an
	// unknown terminal or one of another office is account.ErrNotFound.
	Update(ctx context.Context, id, office string, fn func(*account.Terminal) error) error
	// RevokeEnrolledBy revokes every live terminal an account enrolled.
	RevokeEnrolledBy(ctx context.Context, accountID string, now time.Time) (int, error)
}

// terminalSignIn is LOGIN-4's skip of the one-time password: a session for acc when
// cmd carries the credential of a terminal that may skip it from here
// (Terminal.SkipsOTP), nil otherwise (the caller mails a one-time password). A
// credential the server knows but refuses is audited, so a stolen one tried outside
// its office shows in the trail.
func (a *App) terminalSignIn(ctx context.Context, cmd SignIn, acc *account.Account) (*NewSession, error) {
	if cmd.TerminalCredential == "" || !credential.WellFormed(cmd.TerminalCredential, credential.PrefixTerminal) {
		return nil, nil
	}
	term, err := a.Terminals.BySecretHash(ctx, a.Keyed.Hash(credential.KindTerminal, cmd.TerminalCredential))
	if err != nil || term == nil {
		return nil, err
	}
	now := a.Clock.Now()
	if !term.SkipsOTP(acc, a.Rules.Offices, cmd.Meta.IP, now) {
		cause := "outside_office_network"
		switch {
		case !term.Usable(now):
			cause = "credential_expired"
		case !acc.MaySkipOTP():
			cause = "staff_account"
		}
		e := subjectEntry("visitor_terminal.use", acc)
		// Denied as a terminal; the sign-in itself goes on with a one-time password.
		e.Outcome, e.Reason = audit.Denied, "PERMISSION_DENIED"
		e.Detail = map[string]string{"terminal_id": term.ID, "office_code": term.OfficeCode, "cause": cause}
		return nil, a.audit(ctx, e, cmd.Meta)
	}
	s, err := a.openSession(ctx, cmd.Meta, acc, account.MethodTerminal, map[string]string{"terminal_id": term.ID})
	if err != nil {
		return nil, err
	}
	// A terminal is no device of the owner's: the sign-in is mailed like any from a new
	// device (D1/D4, ASVS 6.3.5).
	return s, a.emit(ctx, acc.ID, acc.Version, &identityv1.SignedInFromNewDevice{AccountId: acc.ID, Email: acc.Email,
		UserAgent: cmd.Meta.ua(), Ip: cmd.Meta.IP})
}

// sessionFromItsOffice reports whether session s of acc may be used from m's client
// IP: a staff session only from the staff member's office networks (issue 9 item 8:
// a stolen staff session is useless outside the office), a visitor-terminal session
// only from its terminal's office networks and while the terminal is not revoked.
func (a *App) sessionFromItsOffice(ctx context.Context, s *account.Session, acc *account.Account, m Meta) (bool, error) {
	if acc.Role == account.RoleStaff && !a.Rules.Offices.Contains(acc.OfficeCode, m.IP) {
		return false, nil
	}
	if s.Method != account.MethodTerminal {
		return true, nil
	}
	term, err := a.Terminals.ByID(ctx, s.TerminalID)
	if err != nil || term == nil {
		return false, err
	}
	return term.RevokedAt == nil && a.Rules.Offices.Contains(term.OfficeCode, m.IP), nil
}

// sessionIdle is how long s may go unused: a terminal session's idle timeout is the
// terminal policy's (short: the next visitor uses the same browser).
func (a *App) sessionIdle(s *account.Session) time.Duration {
	if s.Method == account.MethodTerminal && a.Rules.Terminal.SessionIdle > 0 && a.Rules.Terminal.SessionIdle < a.Rules.SessionIdle {
		return a.Rules.Terminal.SessionIdle
	}
	return a.Rules.SessionIdle
}

// RegisterVisitorTerminal enrols an office visitor terminal (LOGIN-4).
type RegisterVisitorTerminal struct {
	Meta        Meta
	By          authn.Principal
	DisplayName string
}

// RegisterVisitorTerminal enrols a visitor terminal of the staff member's office and
// returns its credential once (only its keyed hash is stored); it expires after the
// terminal policy's CredentialTTL. The enrolment is made from the terminal itself, in
// the office: staff sign in only from their office's networks.
func (a *App) RegisterVisitorTerminal(ctx context.Context, cmd RegisterVisitorTerminal) (*account.Terminal, string, error) {
	p := cmd.By
	cred, err := credential.NewToken(credential.PrefixTerminal)
	if err != nil {
		return nil, "", internal(err)
	}
	now := a.Clock.Now()
	t := &account.Terminal{ID: newID(), OfficeCode: p.OfficeCode, DisplayName: cmd.DisplayName,
		SecretHash: a.Keyed.Hash(credential.KindTerminal, cred), CreatedAt: now, CreatedBy: p.AccountID,
		ExpiresAt: now.Add(a.Rules.Terminal.CredentialTTL)}
	err = a.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := a.Terminals.Insert(ctx, t); err != nil {
			return err
		}
		return a.audit(ctx, audit.Entry{Action: "visitor_terminal.register", Actor: audit.ActorFrom(p),
			Detail: map[string]string{"terminal_id": t.ID}}, cmd.Meta)
	})
	if err != nil {
		return nil, "", internal(err)
	}
	return t, cred, nil
}

// RotateVisitorTerminal replaces a terminal's credential.
type RotateVisitorTerminal struct {
	Meta       Meta
	By         authn.Principal
	TerminalID string
}

// RotateVisitorTerminal replaces the credential of a terminal of the staff member's
// office: the old one stops working at once, the new one is returned once and lives a
// full CredentialTTL. A revoked terminal or another office's answers NOT_FOUND.
func (a *App) RotateVisitorTerminal(ctx context.Context, cmd RotateVisitorTerminal) (*account.Terminal, string, error) {
	p := cmd.By
	cred, err := credential.NewToken(credential.PrefixTerminal)
	if err != nil {
		return nil, "", internal(err)
	}
	var out account.Terminal
	err = a.Tx.InTx(ctx, func(ctx context.Context) error {
		err := a.Terminals.Update(ctx, cmd.TerminalID, p.OfficeCode, func(t *account.Terminal) error {
			if err := t.Rotate(a.Keyed.Hash(credential.KindTerminal, cred), a.Clock.Now(), a.Rules.Terminal); err != nil {
				return err
			}
			out = *t
			return nil
		})
		if err != nil {
			return err
		}
		return a.audit(ctx, audit.Entry{Action: "visitor_terminal.rotate", Actor: audit.ActorFrom(p),
			Detail: map[string]string{"terminal_id": cmd.TerminalID}}, cmd.Meta)
	})
	if err != nil {
		return nil, "", internal(err)
	}
	return &out, cred, nil
}

// ListVisitorTerminals lists the staff member's office's terminals.
type ListVisitorTerminals struct{ By authn.Principal }

// ListVisitorTerminals lists the staff member's office's terminals.
func (a *App) ListVisitorTerminals(ctx context.Context, q ListVisitorTerminals) ([]account.Terminal, error) {
	out, err := a.Terminals.List(ctx, q.By.OfficeCode)
	return out, internal(err)
}

// RevokeVisitorTerminal revokes a terminal of the staff member's office.
type RevokeVisitorTerminal struct {
	Meta       Meta
	By         authn.Principal
	TerminalID string
}

// RevokeVisitorTerminal revokes a terminal of the staff member's office.
func (a *App) RevokeVisitorTerminal(ctx context.Context, cmd RevokeVisitorTerminal) error {
	p := cmd.By
	return internal(a.Tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := a.Terminals.Revoke(ctx, cmd.TerminalID, p.OfficeCode, a.Clock.Now())
		if err != nil {
			return err
		}
		if !ok {
			return account.ErrNotFound
		}
		return a.audit(ctx, audit.Entry{Action: "visitor_terminal.revoke", Actor: audit.ActorFrom(p),
			Detail: map[string]string{"terminal_id": cmd.TerminalID}}, cmd.Meta)
	}))
}

// DisableStaffAccount disables a staff account (issue 9, M4).
type DisableStaffAccount struct {
	Meta Meta
	// By is the staff member doing it (their office's staff only), unless Operator.
	By authn.Principal
	// Operator: the command line ("identity staff disable"), any office. Never set
	// from a request.
	Operator bool
	LoginID  string
}

// StaffDisabled is what disabling revoked.
type StaffDisabled struct {
	AccountID        string
	OfficeCode       string
	RevokedTerminals int
	// WasDisabled: the account was disabled already (everything revoked again).
	WasDisabled bool
}

// DisableStaffAccount disables a staff account of the caller's office (an operator:
// any office) in one transaction: the account can no longer sign in, and its sessions,
// its trusted devices and the visitor terminals it enrolled are revoked. An unknown
// login ID, an employer's and another office's staff answer NOT_FOUND alike.
func (a *App) DisableStaffAccount(ctx context.Context, cmd DisableStaffAccount) (StaffDisabled, error) {
	var out StaffDisabled
	operator := cmd.Operator
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		acc, err := a.Accounts.ByEmailKey(ctx, email.Key(cmd.LoginID))
		if err != nil {
			return err
		}
		if acc == nil || acc.Role != account.RoleStaff {
			return account.ErrNotFound
		}
		if !operator {
			if err := authn.RequireOffice(cmd.By, acc.OfficeCode); err != nil {
				return account.ErrNotFound
			}
		}
		now := a.Clock.Now()
		err = a.Accounts.Update(ctx, acc.ID, func(x *account.Account) error {
			out.WasDisabled = x.Status == account.StatusDisabled
			return x.Disable()
		})
		if err != nil {
			return err
		}
		if err := a.Sessions.RevokeAll(ctx, acc.ID, "", now); err != nil {
			return err
		}
		if err := a.Devices.RevokeAll(ctx, acc.ID, now); err != nil {
			return err
		}
		if out.RevokedTerminals, err = a.Terminals.RevokeEnrolledBy(ctx, acc.ID, now); err != nil {
			return err
		}
		out.AccountID, out.OfficeCode = acc.ID, acc.OfficeCode
		actor := audit.ActorFrom(cmd.By)
		if operator {
			actor = audit.Actor{Role: "operator"}
		}
		return a.audit(ctx, audit.Entry{Action: "staff_account.disable", Actor: actor, SubjectID: acc.ID,
			Detail: map[string]string{"office_code": acc.OfficeCode}}, cmd.Meta)
	})
	if err != nil {
		return StaffDisabled{}, internal(err)
	}
	return out, nil
}
