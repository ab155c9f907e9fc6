// Package events consumes job-posting's posting events into the read model of postings
// (and their content versions), and identity's account events into the read model of
// primary accounts and the ACC-2 / ACC-3 message deletions. Handlers run in the inbox
// transaction and are idempotent (upserts, stale-event guards, deletes).
package events

import (
	"context"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/hellowork-jp/hellowork/libs/clock"
	idv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
)

// The streams consumed and their durable consumer names (never to change).
const (
	JobPosting         = "job-posting"
	JobPostingConsumer = "applicant-selection-job-posting"
	Identity           = "identity"
	IdentityConsumer   = "applicant-selection-identity"
)

// Recorder is the use cases the consumers call.
type Recorder interface {
	RecordPosting(ctx context.Context, ch app.PostingChange) error
	RecordPrimaryAccount(ctx context.Context, acc app.PrimaryAccount) error
	RecordLoginEmail(ctx context.Context, accountID, email string) error
	AdditionalAccountDeleted(ctx context.Context, establishmentID, accountID string) error
	EstablishmentWithdrawn(ctx context.Context, establishmentID string) error
}

func date(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, clock.JST)
	if err != nil {
		return time.Time{}
	}
	return t
}

var states = map[jpv1.PostingState]posting.Status{
	jpv1.PostingState_POSTING_STATE_ACCEPTED: posting.StatusAccepted, jpv1.PostingState_POSTING_STATE_PUBLISHED: posting.StatusPublished,
	jpv1.PostingState_POSTING_STATE_HELD: posting.StatusHeld, jpv1.PostingState_POSTING_STATE_INVALID: posting.StatusInvalid,
}

func conditions(c *jpv1.PostingConditions) (*app.Conditions, error) {
	if c == nil {
		return nil, nil
	}
	content, err := protojson.Marshal(c.GetContent())
	if err != nil {
		return nil, err
	}
	return &app.Conditions{OfficeCode: c.GetOfficeCode(), OfficeName: c.GetOfficeName(), JobNumber: c.GetJobNumber(),
		Occupation: c.GetOccupation(), Category: posting.Category(c.GetCategory()), Scope: posting.Scope(c.GetScope()),
		AcceptsSelfApplication: c.GetAcceptsSelfApplication(), SubmittedBy: c.GetSubmittedBy(), Version: int(c.GetContentVersion()),
		ReferralDeadline: date(c.GetReferralDeadline()), Status: states[c.GetState()], Content: content}, nil
}

// JobPostingRouter registers job-posting's events that change what applicants may do.
func JobPostingRouter(rec Recorder) *outbox.Router {
	r := outbox.NewRouter()
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *jpv1.PostingAccepted) error {
		c, err := conditions(m.GetConditions())
		if err != nil || c == nil {
			return err // an event without conditions (older producer) carries nothing usable
		}
		return rec.RecordPosting(ctx, app.PostingChange{PostingID: m.GetPostingId(), EstablishmentID: m.GetEstablishmentId(), Conditions: c})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *jpv1.PostingChangeApplied) error {
		c, err := conditions(m.GetConditions())
		if err != nil || c == nil {
			return err
		}
		return rec.RecordPosting(ctx, app.PostingChange{PostingID: m.GetPostingId(), EstablishmentID: m.GetEstablishmentId(), Conditions: c})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *jpv1.PostingPublished) error {
		return rec.RecordPosting(ctx, app.PostingChange{PostingID: m.GetPostingId(), EstablishmentID: m.GetEstablishmentId(), Status: posting.StatusPublished})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *jpv1.PostingHeld) error {
		return rec.RecordPosting(ctx, app.PostingChange{PostingID: m.GetPostingId(), EstablishmentID: m.GetEstablishmentId(), Status: posting.StatusHeld})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *jpv1.PostingInvalidated) error {
		return rec.RecordPosting(ctx, app.PostingChange{PostingID: m.GetPostingId(), EstablishmentID: m.GetEstablishmentId(), Status: posting.StatusInvalid,
			InvalidCause: posting.Cause(m.GetCause()), InvalidFrom: date(m.GetInvalidFrom())})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *jpv1.PostingExtended) error {
		return rec.RecordPosting(ctx, app.PostingChange{PostingID: m.GetPostingId(), EstablishmentID: m.GetEstablishmentId(),
			ReferralDeadline: date(m.GetReferralDeadline())})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *jpv1.PostingReferralDeadlineChanged) error {
		return rec.RecordPosting(ctx, app.PostingChange{PostingID: m.GetPostingId(), EstablishmentID: m.GetEstablishmentId(),
			ReferralDeadline: date(m.GetReferralDeadline())})
	})
	return r
}

// IdentityRouter registers identity's account events.
func IdentityRouter(rec Recorder) *outbox.Router {
	r := outbox.NewRouter()
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *idv1.AccountOpened) error {
		if m.GetRole() != idv1.AccountRole_ACCOUNT_ROLE_PRIMARY || m.GetEstablishmentId() == "" {
			return nil // additional accounts are not recipients of APP-3; provisional ones have no establishment
		}
		return rec.RecordPrimaryAccount(ctx, app.PrimaryAccount{EstablishmentID: m.GetEstablishmentId(), AccountID: m.GetAccountId(), Email: m.GetEmail()})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *idv1.AccountRestored) error {
		return rec.RecordPrimaryAccount(ctx, app.PrimaryAccount{EstablishmentID: m.GetEstablishmentId(), AccountID: m.GetAccountId(), Email: m.GetEmail()})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *idv1.LoginAccountChanged) error {
		return rec.RecordLoginEmail(ctx, m.GetAccountId(), m.GetNewEmail())
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *idv1.AdditionalAccountDeleted) error {
		return rec.AdditionalAccountDeleted(ctx, m.GetEstablishmentId(), m.GetAccountId())
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *idv1.AccountWithdrawn) error {
		return rec.EstablishmentWithdrawn(ctx, m.GetEstablishmentId())
	})
	return r
}
