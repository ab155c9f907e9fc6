// Package directrequest is the 直接リクエスト (domain.md §5, SEEK-1): an employer sends
// a valid posting that accepts オンライン自主応募, with a message, to a seeker who
// publishes a profile; at most 10 seekers per posting, once per seeker and posting.
// A seeker who applies through it arrives as an オンライン自主応募.
package directrequest

import (
	"strconv"
	"time"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Status is where a request stands.
type Status string

// Statuses.
const (
	StatusSent    Status = "SENT"    // delivered to the seeker's MyPage
	StatusApplied Status = "APPLIED" // the seeker applied through it (an オンライン自主応募)
)

// Policy holds the configurable numbers.
type Policy struct {
	MaxPerPosting  int // seekers per posting: 10 (the MHLW leaflet, §5)
	MaxMessageBody int // characters, as for messages (MSG-1)
}

// DefaultPolicy is §5's.
func DefaultPolicy() Policy { return Policy{MaxPerPosting: 10, MaxMessageBody: 2000} }

// Request is one direct request.
type Request struct {
	ID              string
	EstablishmentID string
	PostingID       string
	Seeker          seeker.Number
	Message         string
	SentBy          string // the login account (the thread's owner, ACC-2)
	SentAt          time.Time
	Status          Status
	ApplicationID   string
	AppliedAt       time.Time
}

// Input is what the employer sends.
type Input struct {
	ID      string
	Message string
	SentBy  string
}

// Send checks and builds a direct request of posting p to seeker s. earlier is every
// request already sent for p (the app loads them in the transaction, locking the
// posting's row so the 10th and 11th cannot both pass). The checks, in order: the
// message; the posting is valid and takes self-applications (published, accepts
// them, scope 1 or 2); the seeker publishes a profile, has a valid registration and a
// MyPage; no earlier request to this seeker; fewer than MaxPerPosting seekers so far.
func (pol Policy) Send(in Input, p posting.Facts, s *seeker.Seeker, earlier []*Request, now time.Time) (*Request, error) {
	body := finding.Clean(in.Message)
	var fs finding.Findings
	finding.Text{Label: "メッセージ", Max: pol.MaxMessageBody, Required: true, Multiline: true}.Check(&fs, "message", body)
	if err := fs.Refusal(); err != nil {
		return nil, err
	}
	p = p.At(now)
	if !p.Valid() {
		return nil, finding.Refuse(finding.PostingNotAcceptingApplicants).WithRule("SEEK-1")
	}
	if !p.TakesSelfApplications() {
		return nil, finding.Refuse(finding.DirectRequestNeedsSelfApply)
	}
	if !s.Publishes() {
		return nil, finding.Refuse(finding.SeekerProfileNotPublished)
	}
	if err := s.CheckReachable(now); err != nil {
		return nil, err
	}
	seekers := map[seeker.Number]bool{}
	for _, r := range earlier {
		if r.PostingID != p.ID {
			continue
		}
		if r.Seeker == s.Number {
			return nil, finding.Refuse(finding.DirectRequestDuplicate)
		}
		seekers[r.Seeker] = true
	}
	if len(seekers) >= pol.MaxPerPosting {
		return nil, finding.Refuse(finding.DirectRequestLimit, "max", strconv.Itoa(pol.MaxPerPosting))
	}
	return &Request{ID: in.ID, EstablishmentID: p.EstablishmentID, PostingID: p.ID, Seeker: s.Number,
		Message: body, SentBy: in.SentBy, SentAt: now, Status: StatusSent}, nil
}

// Remaining is how many more seekers may get a request for the posting.
func (pol Policy) Remaining(postingID string, earlier []*Request) int {
	seen := map[seeker.Number]bool{}
	for _, r := range earlier {
		if r.PostingID == postingID {
			seen[r.Seeker] = true
		}
	}
	return max(0, pol.MaxPerPosting-len(seen))
}

// Applied records that the seeker applied through the request; the application itself
// is an application.SelfApply with DirectRequestID set. Only once.
func (r *Request) Applied(applicationID string, now time.Time) error {
	if r.Status != StatusSent {
		return finding.Refuse(finding.InvalidState).WithRule("SEEK-1")
	}
	r.Status, r.ApplicationID, r.AppliedAt = StatusApplied, applicationID, now
	return nil
}
