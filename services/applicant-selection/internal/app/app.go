// Package app holds the applicant-selection use cases: the read model of job-posting's
// postings and of identity's primary accounts (events), the seekers the seeker portal
// registers, intake per channel (APP-1, APP-4), the employer's and the office's
// applicant lists and details, selection results (APP-2), the reminder (APP-3),
// messages (MSG-1), the home counts (LOGIN-6) and ACC-3's question.
//
// Ports are declared in ports.go and implemented by internal/adapters. Transactions are
// carried by the context (libs/pgkit): a use case opens one with Tx.InTx (or joins the
// event consumer's inbox transaction); repositories and the outbox join it.
package app

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/directrequest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
)

// SeekerPortal is the service name of the seeker portal's credential (the only caller
// of the integration API, declared in its proto).
const SeekerPortal = "seeker-portal"

// Transactor runs fn in a transaction carried by its ctx (libs/pgkit.Transactor).
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor appends to the service's audit trail in the ctx transaction.
type Auditor interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Deps are the dependencies of every use case.
type Deps struct {
	Tx           Transactor
	Postings     Postings
	Seekers      Seekers
	Applications Applications
	Messages     Messages
	Accounts     Accounts
	// Index and DirectRequests serve the seeker search and 直接リクエスト (SEEK-1).
	Index          SeekerIndex
	DirectRequests DirectRequests
	Events         outbox.Appender
	Auditor        Auditor
	Clock          clock.Clock
	Log            *zap.Logger
	// Reminder is APP-3's policy; zero = 14 days, once.
	Reminder application.ReminderPolicy
	// Messaging is MSG-1's policy; zero = 2,000 characters, no retention after the deadline.
	Messaging message.Policy
	// Requests is SEEK-1's 直接リクエスト policy; zero = 10 seekers per posting, 2,000 characters.
	Requests directrequest.Policy
	// NewID makes ids; nil = UUIDv7.
	NewID func() string
	// Jobs keeps each scheduled job (message purge, reminders) to one replica at a
	// time (libs/pgkit.JobLock); required by RunScheduled.
	Jobs JobLock
}

// App is the applicant-selection application.
type App struct {
	tx       Transactor
	posts    Postings
	seekers  Seekers
	apps     Applications
	msgs     Messages
	accounts Accounts
	index    SeekerIndex
	drs      DirectRequests
	events   outbox.Appender
	audit    Auditor
	clk      clock.Clock
	log      *zap.Logger
	remind   application.ReminderPolicy
	msgPol   message.Policy
	drPol    directrequest.Policy
	newID    func() string
	jobs     JobLock
}

// New returns the application; a nil Clock is the wall clock, a nil Log discards.
func New(d Deps) *App {
	a := &App{tx: d.Tx, posts: d.Postings, seekers: d.Seekers, apps: d.Applications, msgs: d.Messages, accounts: d.Accounts,
		index: d.Index, drs: d.DirectRequests, drPol: d.Requests, events: d.Events, audit: d.Auditor, clk: d.Clock, log: d.Log, remind: d.Reminder, msgPol: d.Messaging, newID: d.NewID,
		jobs: d.Jobs}
	if a.clk == nil {
		a.clk = clock.Real{}
	}
	if a.log == nil {
		a.log = zap.NewNop()
	}
	if a.remind.After == 0 {
		a.remind.After = application.DefaultReminderPolicy().After
	}
	if a.msgPol.MaxBody == 0 {
		a.msgPol.MaxBody = message.DefaultPolicy().MaxBody
	}
	if a.drPol.MaxPerPosting == 0 {
		a.drPol = directrequest.DefaultPolicy()
	}
	if a.newID == nil {
		a.newID = func() string { return uuid.Must(uuid.NewV7()).String() }
	}
	if a.events == nil {
		a.events = outbox.TxAppender{}
	}
	return a
}

// ErrNotFound answers a missing resource and another tenant's alike (libs/authn).
var ErrNotFound = authn.ErrNotFound

// Errors the ports return for unknown keys.
var (
	ErrNoSuchPosting       = errors.New("app: no such posting")
	ErrNoSuchSeeker        = errors.New("app: no such seeker")
	ErrNoSuchApplication   = errors.New("app: no such application")
	ErrNoSuchDirectRequest = errors.New("app: no such direct request")
)

func principal(ctx context.Context) authn.Principal {
	p, _ := authn.FromContext(ctx)
	return p
}

var kinds = map[string]errs.Kind{
	"INVALID_ARGUMENT": errs.KindInvalidArgument, "FAILED_PRECONDITION": errs.KindFailedPrecondition,
	"NOT_FOUND": errs.KindNotFound, "ALREADY_EXISTS": errs.KindAlreadyExists, "ABORTED": errs.KindAborted,
	"PERMISSION_DENIED": errs.KindPermissionDenied,
}

// domainErr turns the domain's refusals into errs values with the declared reasons: a
// refused input lists each finding as a field violation; other refusals carry their
// params as metadata and their rule. RESOURCE_ACCESS_DENIED answers like a missing
// resource (a foreign applicant is never confirmed to exist).
func domainErr(err error) error {
	var r *finding.Refusal
	if !errors.As(err, &r) {
		return err
	}
	if r.Reason == finding.ResourceAccessDenied {
		return ErrNotFound
	}
	d, ok := errs.Lookup(string(r.Reason))
	kind, known := kinds[d.Code]
	if !ok || !known {
		return errs.Internalf("applicant-selection: refusal %s has no usable declaration", r.Reason)
	}
	e := errs.New(kind, string(r.Reason), "applicant-selection: refused: "+string(r.Reason))
	if r.Rule != "" {
		e = e.WithRule(r.Rule)
	}
	for i := 0; i+1 < len(r.Params); i += 2 {
		e = e.WithMeta(r.Params[i], r.Params[i+1])
	}
	for _, f := range r.Findings.All() {
		e = e.WithField(errs.Field(f.Field, string(f.Reason), string(f.Reason), f.Params...))
	}
	return e
}
