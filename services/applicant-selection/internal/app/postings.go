package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
)

// Conditions are the facts and the content of an accepted posting version
// (job-posting's PostingConditions).
type Conditions struct {
	OfficeCode             string
	OfficeName             string
	JobNumber              string
	Occupation             string
	Category               posting.Category
	Scope                  posting.Scope
	AcceptsSelfApplication bool
	SubmittedBy            string
	Version                int
	ReferralDeadline       time.Time
	Status                 posting.Status
	// Content is the version's content as protojson (job_posting.v1.Content).
	Content []byte
}

// PostingChange is one job-posting event as the read model sees it: Conditions on
// acceptance and accepted changes, a new status otherwise (published, held,
// invalidated with its cause and first invalid day), or a new 紹介期限日.
type PostingChange struct {
	PostingID       string
	EstablishmentID string
	Conditions      *Conditions
	Status          posting.Status
	InvalidCause    posting.Cause
	InvalidFrom     time.Time
	// ReferralDeadline: an extension or a deadline brought forward.
	ReferralDeadline time.Time
}

// RecordPosting updates the read model from a job-posting event (in the consumer's
// inbox transaction). Late and repeated events change nothing (posting.Facts.Update):
// an older version is ignored and an invalid posting never becomes valid again.
func (a *App) RecordPosting(ctx context.Context, ch PostingChange) error {
	now := a.clk.Now()
	if c := ch.Conditions; c != nil && len(c.Content) > 0 {
		if err := a.posts.SaveVersion(ctx, ch.PostingID, c.Version, c.Content, now); err != nil {
			return err
		}
	}
	return a.posts.Update(ctx, ch.PostingID, func(f *posting.Facts) (bool, error) {
		next := *f
		next.ID, next.EstablishmentID = ch.PostingID, ch.EstablishmentID
		if c := ch.Conditions; c != nil {
			next.OfficeCode, next.JobNumber, next.Occupation = c.OfficeCode, c.JobNumber, c.Occupation
			if c.OfficeName != "" {
				next.OfficeName = c.OfficeName
			}
			next.Category, next.Scope, next.AcceptsSelfApplication = c.Category, c.Scope, c.AcceptsSelfApplication
			next.SubmittedBy, next.Version = c.SubmittedBy, c.Version
			if !c.ReferralDeadline.IsZero() {
				next.ReferralDeadline = c.ReferralDeadline
			}
			next.Status = merge(next.Status, c.Status)
		}
		next.Status = merge(next.Status, ch.Status)
		if ch.Status == posting.StatusInvalid {
			next.InvalidCause, next.InvalidFrom = ch.InvalidCause, ch.InvalidFrom
		}
		if !ch.ReferralDeadline.IsZero() {
			next.ReferralDeadline = ch.ReferralDeadline
		}
		if next.Status == "" { // a status event before the acceptance's: wait for it
			return false, nil
		}
		return f.Update(next), nil
	})
}

// merge is the status after an event whatever the order the consumer sees them in
// (JetStream redelivers and handles in parallel): invalid is final, and an acceptance
// never takes a published or held posting back to ACCEPTED.
func merge(cur, incoming posting.Status) posting.Status {
	switch {
	case incoming == "":
		return cur
	case cur == posting.StatusInvalid:
		return cur
	case incoming == posting.StatusAccepted && (cur == posting.StatusPublished || cur == posting.StatusHeld):
		return cur
	}
	return incoming
}
