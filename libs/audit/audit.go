// Package audit is the one audit-trail vocabulary and type of every hellowork service.
//
// An Entry says who (Actor) did what (Action, "<noun>.<verb>" in lower snake case, such
// as "session.sign_in", "establishment.accept", "delivery_log.read") to which
// establishment and subject, when, and how it ended (Outcome ok, denied or failed, with
// the stable error reason when not ok). Application code declares
//
//	type Auditor interface{ Record(ctx context.Context, e audit.Entry) error }
//
// and gets a PGWriter in production, which writes into the service's own append-only
// table in the context's transaction. Entries never hold secrets (passwords, keys,
// OTPs, tokens): Detail is for identifiers and counts.
//
// A denied or failed attempt must survive the rollback of the use case it reports:
// record it outside that transaction (after InTx returned its error), not inside it.
package audit

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Outcome is how an audited action ended.
type Outcome string

// Outcomes.
const (
	OK     Outcome = "ok"     // the action happened
	Denied Outcome = "denied" // the caller was not allowed (authentication or authorisation)
	Failed Outcome = "failed" // allowed, but refused by a rule or an error (wrong password, bad state)
)

// Valid reports whether o is one of the three outcomes.
func (o Outcome) Valid() bool { return o == OK || o == Denied || o == Failed }

// Actor is who acted. The zero Actor is an anonymous caller (a sign-in attempt before
// authentication).
type Actor struct {
	ID         string // account ID, or the service name for service principals
	Role       string // authn role ("primary", "staff", "service", ...), "" if anonymous
	OfficeCode string // staff only
}

// ActorFrom is the Actor of an authenticated principal.
func ActorFrom(p authn.Principal) Actor {
	return Actor{ID: p.AccountID, Role: string(p.Role), OfficeCode: p.OfficeCode}
}

// Entry is one line of the audit trail.
type Entry struct {
	At              time.Time // from the service's injected clock
	Action          string    // "<noun>.<verb>", lower snake case
	Actor           Actor
	EstablishmentID string // the establishment concerned, if any
	SubjectID       string // the account or resource acted on, if any
	Outcome         Outcome
	// Reason is the stable error reason (errs.Error.Reason) of a denied or failed
	// action; it is required then and must be empty for OK, so the trail can be
	// searched by reason with the same words clients switch on.
	Reason string
	Detail map[string]string // identifiers and counts; never secrets
}

var (
	actionPattern = regexp.MustCompile(`^[a-z][a-z_]*\.[a-z][a-z_]*$`)
	reasonPattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// ErrInvalidEntry marks an Entry that breaks the vocabulary: a bug in the caller.
var ErrInvalidEntry = errors.New("audit: invalid entry")

// Validate checks the vocabulary: a set time, an Action of the "<noun>.<verb>" form, one
// of the three outcomes, and a Reason (UPPER_SNAKE) exactly when the outcome is not OK.
func (e Entry) Validate() error {
	switch {
	case e.At.IsZero():
		return fmt.Errorf("%w: no time", ErrInvalidEntry)
	case !actionPattern.MatchString(e.Action):
		return fmt.Errorf("%w: action %q is not <noun>.<verb> in lower snake case", ErrInvalidEntry, e.Action)
	case !e.Outcome.Valid():
		return fmt.Errorf("%w: outcome %q", ErrInvalidEntry, e.Outcome)
	case e.Outcome == OK && e.Reason != "":
		return fmt.Errorf("%w: reason %q on an ok outcome", ErrInvalidEntry, e.Reason)
	case e.Outcome != OK && !reasonPattern.MatchString(e.Reason):
		return fmt.Errorf("%w: %s outcome needs an UPPER_SNAKE reason, got %q", ErrInvalidEntry, e.Outcome, e.Reason)
	}
	return nil
}

// Result maps the error a use case returned to an Outcome and Reason: nil is OK;
// unauthenticated and permission-denied errors are Denied; any other error is Failed
// with its errs reason ("INTERNAL" when unclassified).
func Result(err error) (Outcome, string) {
	if err == nil {
		return OK, ""
	}
	e, ok := errs.As(err)
	if !ok {
		return Failed, "INTERNAL"
	}
	if e.Kind == errs.KindPermissionDenied || e.Kind == errs.KindUnauthenticated {
		return Denied, e.Reason
	}
	return Failed, e.Reason
}

// WithResult returns e with Outcome and Reason set from err (see Result).
func (e Entry) WithResult(err error) Entry {
	e.Outcome, e.Reason = Result(err)
	return e
}
