package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
)

// Postings is the repository of the aggregate. Update loads the posting FOR UPDATE in
// the ctx transaction (opening one if none), runs fn and saves it; Get and Update
// return ErrNoSuchPosting for an unknown id.
type Postings interface {
	Create(ctx context.Context, p *posting.Posting) error
	Get(ctx context.Context, id string) (*posting.Posting, error)
	// ByJobNumber reads the posting of a 求人番号 (ErrNoSuchPosting if none).
	ByJobNumber(ctx context.Context, jobNumber string) (*posting.Posting, error)
	Update(ctx context.Context, id string, fn func(*posting.Posting) error) error
	// SaveVersion keeps an accepted content (JOB-3).
	SaveVersion(ctx context.Context, id string, version int, c posting.Content, at time.Time) error
	// ByEstablishment lists newest first after the keyset (created_at RFC3339Nano, id).
	ByEstablishment(ctx context.Context, establishmentID string, list posting.List, after []string, limit int) ([]*posting.Posting, error)
	// CountValid counts the valid postings per home-screen group (JOB-6).
	CountValid(ctx context.Context, establishmentID string) (map[codes.HomeGroup]int, error)
	// History gives the facts of the counter-visit cases from the establishment's
	// earlier postings (excluding the one being submitted).
	History(ctx context.Context, establishmentID, excludeID string, since time.Time) (History, error)
	// ByOffice lists the office's postings newest first, optionally of one 求人番号 or
	// establishment, after the keyset (created_at RFC3339Nano, id).
	ByOffice(ctx context.Context, officeCode, jobNumber, establishmentID string, after []string, limit int) ([]*posting.Posting, error)
	// Worklist lists the office's applications waiting for acceptance or publication by
	// JOB-2 deadline after the keyset (publish_by YYYY-MM-DD, id).
	Worklist(ctx context.Context, officeCode string, after []string, limit int) ([]*posting.Posting, error)
	// Search lists the cards of published postings matching f after the keyset, from
	// the search projection the repository keeps with every save.
	Search(ctx context.Context, f SearchFilter, after []string, limit int) ([]Card, error)
	// RenderStaleCards renders again the search cards of an establishment's published
	// postings ("" = all establishments): all of them, or only those a previous
	// renderer wrote. It returns how many it rendered.
	RenderStaleCards(ctx context.Context, establishmentID string, all bool) (int, error)
	// PublishableIDs lists the accepted postings of scope 1–3 accepted before the JST
	// day starting at today.
	PublishableIDs(ctx context.Context, today time.Time, limit int) ([]string, error)
	// HoldableIDs lists the accepted and published postings whose place of work is in
	// the prefecture (2-digit code).
	HoldableIDs(ctx context.Context, prefecture string) ([]string, error)
	// RenewalNoticeIDs lists valid postings without a reserved renewal whose 紹介期限日
	// is on or before lastDeadline and whose renewal window for that date was not
	// announced yet (JOB-5).
	RenewalNoticeIDs(ctx context.Context, lastDeadline time.Time, limit int) ([]string, error)
	// ExpiredIDs lists valid postings whose 紹介期限日 is before today.
	ExpiredIDs(ctx context.Context, today time.Time, limit int) ([]string, error)
}

// History is what the establishment's earlier postings say (posting.VisitFacts).
type History struct {
	Submitted         bool // some posting was submitted before
	SubmittedSince    bool // within the past year
	DisabilityAccepts bool
	TrialAccepts      bool
}

// Numbers allocates 求人番号 serials: the next serial of a prefix, under a lock on the
// prefix's counter row held until the ctx transaction ends (unique, never reused).
type Numbers interface {
	Next(ctx context.Context, prefix string) (int, error)
}

// Establishment is the read model of an establishment (employer-registration's events).
type Establishment struct {
	ID         string
	Name       string
	OfficeCode string
	OfficeName string
	Opened     bool // registered (本登録: accepted, or registered at the counter), not provisional
	// OwnerAccountID is the provisional account that registered it (OPEN-1).
	OwnerAccountID string
	// OpenedAtCounter: the MyPage was opened at the counter (OPEN-2).
	OpenedAtCounter bool
	// Version is the establishment's aggregate version in the event that said this:
	// an older event (delivered late, say a registration after a transfer) does not
	// put back the office or name a newer one replaced.
	Version int64
}

// Establishments is the read model.
type Establishments interface {
	Get(ctx context.Context, id string) (Establishment, bool, error)
	ByOwner(ctx context.Context, accountID string) (Establishment, bool, error)
	Upsert(ctx context.Context, e Establishment, at time.Time) error
	Names(ctx context.Context, ids []string) (map[string]string, error)
	// Opened reports which of the establishments are opened (accepted).
	Opened(ctx context.Context, ids []string) (map[string]bool, error)
}

// Selections is applicant-selection as job-posting asks it (domain.md §2.4): how many
// applicants of the posting have no selection result yet, asked on behalf of the
// employer of the calling context. Every failure is an error (the caller fails closed).
type Selections interface {
	CountUnresolvedApplicants(ctx context.Context, postingID string) (int, error)
}
