package app

import (
	"context"

	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
)

// Scopes are the read models that tie deliveries to an office (LOGIN-5): the
// jurisdiction office of each establishment, from employer-registration's events, and
// the establishment and role of each login account, from identity's and
// employer-registration's events. Identity's mails name only the account, and no event
// of identity names an office; an establishment can move to another office at any
// time, so the office is looked up, never copied from the mail's event.
type Scopes interface {
	// Account returns the establishment and role of a login account; ok is false
	// while no event has told them.
	Account(ctx context.Context, accountID string) (establishmentID string, role delivery.RecipientRole, ok bool, err error)
	// Office returns the current office of an establishment, "" while unknown.
	Office(ctx context.Context, establishmentID string) (string, error)
	// LearnAccount records an account's establishment and role (an account once seen
	// as additional stays additional) and completes the scope of its deliveries
	// recorded before it was known.
	LearnAccount(ctx context.Context, f AccountFact) error
	// LearnOffice records an establishment's office at version unless a newer version
	// is known, and moves every delivery of the establishment to the newest known
	// office: after a transfer the old office no longer sees them, the new one does.
	LearnOffice(ctx context.Context, f OfficeFact) error
}

// AccountFact: an event said which establishment an account belongs to, and as what.
type AccountFact struct {
	AccountID       string
	EstablishmentID string
	Role            delivery.RecipientRole
}

// OfficeFact: an event said which office an establishment belongs to. Version is the
// establishment's version in that event (outbox aggregate version), so a stale event
// delivered late never moves it back.
type OfficeFact struct {
	EstablishmentID string
	OfficeCode      string
	Version         int64
}

// Learn records what one consumed event tells about accounts and offices, in the
// transaction ctx carries (the consumer's inbox transaction). Facts without their keys
// are ignored: they tie nothing to anything.
func (a *App) Learn(ctx context.Context, accounts []AccountFact, offices []OfficeFact) error {
	return a.tx.InTx(ctx, func(ctx context.Context) error {
		for _, f := range accounts {
			if f.AccountID == "" || f.EstablishmentID == "" || f.Role == delivery.RoleUnknown || !f.Role.Valid() {
				continue
			}
			if err := a.scopes.LearnAccount(ctx, f); err != nil {
				return err
			}
		}
		for _, f := range offices {
			if f.EstablishmentID == "" || f.OfficeCode == "" {
				continue
			}
			if err := a.scopes.LearnOffice(ctx, f); err != nil {
				return err
			}
		}
		return nil
	})
}

// resolve completes what an event left unsaid of a delivery's scope: the
// establishment and role from the account, then the office of the establishment. What
// stays unknown is completed later by Learn, when the fact arrives.
func (a *App) resolve(ctx context.Context, s *delivery.Scope) error {
	if s.AccountID != "" && (s.EstablishmentID == "" || s.Role == delivery.RoleUnknown) {
		est, role, ok, err := a.scopes.Account(ctx, s.AccountID)
		if err != nil {
			return err
		}
		if ok && s.EstablishmentID == "" {
			s.EstablishmentID = est
		}
		if ok && s.Role == delivery.RoleUnknown && est == s.EstablishmentID {
			s.Role = role
		}
	}
	if s.EstablishmentID == "" {
		return nil
	}
	office, err := a.scopes.Office(ctx, s.EstablishmentID)
	s.OfficeCode = office
	return err
}
