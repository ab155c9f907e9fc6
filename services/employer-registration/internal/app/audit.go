package app

import (
	"context"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
)

// Auditor writes an audit entry in the ctx transaction, so an entry of a change
// commits or vanishes with it.
type Auditor interface {
	Record(ctx context.Context, e audit.Entry) error
}

// record writes how what p did to an establishment (estID may be empty) and to a
// subject within it (a code, an image, a change; may be empty) ended: err nil is ok,
// otherwise its reason. Actions are "<noun>.<verb>".
func (a *App) record(ctx context.Context, p authn.Principal, action, estID, subjectID string, err error, detail map[string]string) error {
	return a.audit.Record(ctx, audit.Entry{At: a.clock.Now(), Action: action, Actor: audit.ActorFrom(p),
		EstablishmentID: estID, SubjectID: subjectID, Detail: detail}.WithResult(err))
}

// ok records a successful action.
func (a *App) ok(ctx context.Context, p authn.Principal, action, estID, subjectID string, detail map[string]string) error {
	return a.record(ctx, p, action, estID, subjectID, nil, detail)
}
