package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
)

// AuditEntry is one line of the audit trail; it never holds a secret.
type AuditEntry struct {
	At              time.Time
	Action          string
	Actor           AuditActor
	EstablishmentID string
	SubjectID       string
	Outcome         string
	Reason          string
	Detail          map[string]string
}

type AuditActor struct{ ID, Role, OfficeCode string }

// Auditor writes an audit entry in the ctx transaction, so the entry commits or
// vanishes with the change it records.
type Auditor interface {
	Record(ctx context.Context, e AuditEntry) error
}

// record writes what p did to an establishment (estID may be empty) and to a subject
// within it (a code, an image, a change; may be empty). Actions are "<noun>.<verb>".
func (a *App) record(ctx context.Context, p authn.Principal, action, estID, subjectID, outcome, reason string, detail map[string]string) error {
	return a.audit.Record(ctx, AuditEntry{At: a.clock.Now(), Action: action,
		Actor:           AuditActor{ID: p.AccountID, Role: string(p.Role), OfficeCode: p.OfficeCode},
		EstablishmentID: estID, SubjectID: subjectID, Outcome: outcome, Reason: reason, Detail: detail})
}

// ok records a successful action.
func (a *App) ok(ctx context.Context, p authn.Principal, action, estID, subjectID string, detail map[string]string) error {
	return a.record(ctx, p, action, estID, subjectID, "ok", "", detail)
}

// denied records an action refused with err's reason.
func (a *App) denied(ctx context.Context, p authn.Principal, action, estID, subjectID string, err *errs.Error, detail map[string]string) error {
	return a.record(ctx, p, action, estID, subjectID, "denied", err.Reason, detail)
}
