// Package app holds the job-posting use cases: the employer's drafts, sections,
// submission, reuse and renewal (JOB-1, JOB-5, OPEN-1), the employer's lists and
// counts (JOB-4, JOB-6, LOGIN-6), the office's worklist and decisions (JOB-2), the
// public search (§2.3 scope rules), the expiry job, and the read model of the
// establishments fed by employer-registration's events.
//
// Ports are declared in the file that uses them and implemented by internal/adapters.
// Transactions are carried by the context (libs/pgkit): a use case opens one with
// Tx.InTx (or joins the event consumer's inbox transaction), the repositories run their
// SQL in it and events are appended to the outbox in it.
package app

import (
	"context"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
)

// Transactor runs fn in a transaction carried by its ctx, joining the transaction ctx
// already carries (libs/pgkit.Transactor).
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor appends to the service's audit trail in the ctx transaction.
type Auditor interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Deps are the dependencies of every use case.
type Deps struct {
	Tx             Transactor
	Postings       Postings
	Numbers        Numbers
	Establishments Establishments
	Events         outbox.Appender
	Auditor        Auditor
	Clock          clock.Clock
	Log            *zap.Logger
	// Policy holds the dates' numbers (JOB-2, JOB-5, validity); zero = the default.
	Policy *deadline.Policy
	// Rates is the minimum-wage table; zero = the committed one.
	Rates *minwage.Table
	// NewID makes posting ids; nil = UUIDv7.
	NewID func() string
	// Jobs keeps each scheduled job to one replica at a time (libs/pgkit.JobLock);
	// required by RunScheduled and RenderStaleCardsOnce.
	Jobs JobLock
	// Selections answers §2.4's question before a stop, a cancellation or fewer
	// openings; nil refuses them (fails closed, SELECTION_CHECK_UNAVAILABLE).
	Selections Selections
}

// App is the job-posting application.
type App struct {
	tx      Transactor
	posts   Postings
	numbers Numbers
	ests    Establishments
	events  outbox.Appender
	audit   Auditor
	clk     clock.Clock
	log     *zap.Logger
	policy  deadline.Policy
	rates   minwage.Table
	newID   func() string
	jobs    JobLock
	results Selections
}

// New returns the application; a nil Clock is the wall clock, a nil Log discards.
func New(d Deps) *App {
	a := &App{tx: d.Tx, posts: d.Postings, numbers: d.Numbers, ests: d.Establishments, events: d.Events,
		audit: d.Auditor, clk: d.Clock, log: d.Log, policy: deadline.DefaultPolicy(), rates: minwage.Default(), newID: d.NewID,
		jobs: d.Jobs, results: d.Selections}
	if a.clk == nil {
		a.clk = clock.Real{}
	}
	if a.log == nil {
		a.log = zap.NewNop()
	}
	if d.Policy != nil {
		a.policy = *d.Policy
	}
	if d.Rates != nil {
		a.rates = *d.Rates
	}
	if a.newID == nil {
		a.newID = func() string { return uuid.Must(uuid.NewV7()).String() }
	}
	if a.events == nil {
		a.events = outbox.TxAppender{}
	}
	return a
}

// Policy is the policy in force (for views: the renewal lead time).
func (a *App) Policy() deadline.Policy { return a.policy }
