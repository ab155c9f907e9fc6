package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/directrequest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Postings is the read model of job-posting's postings.
type Postings interface {
	// Get reads the facts (ErrNoSuchPosting if none).
	Get(ctx context.Context, id string) (posting.Facts, error)
	// Lock reads the facts FOR UPDATE in the ctx transaction: intake of one posting is
	// serialised on it, so two applications cannot both pass the duplicate check.
	Lock(ctx context.Context, id string) (posting.Facts, error)
	// Update loads the facts FOR UPDATE (zero Facts when unknown), runs fn and saves
	// them when fn reports a change.
	Update(ctx context.Context, id string, fn func(f *posting.Facts) (bool, error)) error
	// SaveVersion keeps an accepted content (protojson), idempotently.
	SaveVersion(ctx context.Context, id string, version int, content []byte, at time.Time) error
	// Version reads a kept content (nil when not recorded).
	Version(ctx context.Context, id string, version int) ([]byte, error)
	// ByIDs reads several.
	ByIDs(ctx context.Context, ids []string) (map[string]posting.Facts, error)
	// OfEstablishment reads the establishment's postings (SEEK-1: is one valid?).
	OfEstablishment(ctx context.Context, establishmentID string) ([]posting.Facts, error)
}

// IndexedSeeker is a seeker with its search key: the handle employers see
// (seeker_ref) and the search's paging key, never the 求職番号.
type IndexedSeeker struct {
	Key    string
	Seeker *seeker.Seeker
}

// SeekerIndex is the search side of the seekers (SEEK-1).
type SeekerIndex interface {
	// Search reads, in key order after the key `after`, up to limit seekers who publish
	// a profile, whose registration is valid on the JST date of now and who meet q
	// (the set seeker.Query.Matches describes).
	Search(ctx context.Context, q seeker.Query, now time.Time, after string, limit int) ([]IndexedSeeker, error)
	// ByKey reads a seeker by search key (ErrNoSuchSeeker if none).
	ByKey(ctx context.Context, key string) (*seeker.Seeker, error)
	// KeysOf returns the search keys of the seekers given.
	KeysOf(ctx context.Context, ns []seeker.Number) (map[seeker.Number]string, error)
}

// DirectRequests is the repository of the 直接リクエスト (SEEK-1).
type DirectRequests interface {
	// Create inserts a request (one per seeker and posting).
	Create(ctx context.Context, r *directrequest.Request) error
	// Get reads one (ErrNoSuchDirectRequest if none).
	Get(ctx context.Context, id string) (*directrequest.Request, error)
	// Save replaces one (the applied mark).
	Save(ctx context.Context, r *directrequest.Request) error
	// OfPosting lists a posting's requests (the 10 per posting; under its row lock).
	OfPosting(ctx context.Context, postingID string) ([]*directrequest.Request, error)
	// OfEstablishment lists an establishment's requests, of one posting when given, newest first.
	OfEstablishment(ctx context.Context, establishmentID, postingID string) ([]*directrequest.Request, error)
	// OfSeeker lists the requests sent to a seeker, newest first.
	OfSeeker(ctx context.Context, n seeker.Number) ([]*directrequest.Request, error)
}

// Seekers is the repository of the seekers the portal registers.
type Seekers interface {
	// Get reads a seeker (ErrNoSuchSeeker if none).
	Get(ctx context.Context, n seeker.Number) (*seeker.Seeker, error)
	// Save inserts or replaces a seeker.
	Save(ctx context.Context, s *seeker.Seeker) error
	// Lock reads FOR UPDATE (nil, nil when unknown).
	Lock(ctx context.Context, n seeker.Number) (*seeker.Seeker, error)
	// PersonalByNumbers reads only the personal data of several seekers (the applicant
	// list's name and age: the rest of each document is not read).
	PersonalByNumbers(ctx context.Context, ns []seeker.Number) (map[seeker.Number]seeker.Personal, error)
	// PutOffer records the office's offer of a posting to a seeker (idempotent).
	PutOffer(ctx context.Context, n seeker.Number, o application.Offer) error
	// Offer reads an offer (nil when none).
	Offer(ctx context.Context, n seeker.Number, postingID string) (*application.Offer, error)
}

// ListQuery selects applicants; exactly one of EstablishmentID and the staff offices
// scopes it.
type ListQuery struct {
	EstablishmentID string
	PostingID       string
	// OfficeCode: staff see applicants of their office's postings and of their referrals.
	OfficeCode string
	Filter     application.Filter
}

// Applications is the repository of the applicant aggregate.
type Applications interface {
	Create(ctx context.Context, a *application.Application, nextReminder *time.Time) error
	// Get reads an application (ErrNoSuchApplication if none).
	Get(ctx context.Context, id string) (*application.Application, error)
	// Update loads FOR UPDATE, runs fn and saves with the reminder index
	// (application.NextReminderAt under the app's policy).
	Update(ctx context.Context, id string, fn func(a *application.Application) error) error
	// OfSeeker lists a seeker's applications (the duplicate check, the notices).
	OfSeeker(ctx context.Context, n seeker.Number) ([]*application.Application, error)
	// List pages newest first after the keyset (applied_at RFC3339Nano, id).
	List(ctx context.Context, q ListQuery, after []string, limit int) ([]*application.Application, error)
	// CountPendingSelf is ACC-3's count.
	CountPendingSelf(ctx context.Context, establishmentID string) (int, error)
	// CountUnresolved counts the establishment's applicants of the posting without a
	// selection result (§2.4).
	CountUnresolved(ctx context.Context, establishmentID, postingID string) (int, error)
	// Decided lists the establishment's applications with a result (LOGIN-6 hires).
	Decided(ctx context.Context, establishmentID string) ([]*application.Application, error)
	// DueReminders lists ids whose next reminder is due at now, skipping rows another
	// replica holds.
	DueReminders(ctx context.Context, now time.Time, limit int) ([]string, error)
	// ClearReminder drops an application from the reminder index (no reminder will be due).
	ClearReminder(ctx context.Context, id string) error
	// NextLetterNo allocates a 紹介状 serial.
	NextLetterNo(ctx context.Context) (int64, error)
}

// Messages is the repository of threads and messages.
type Messages interface {
	Thread(ctx context.Context, applicationID string) (*message.Thread, error) // nil when none
	// ThreadOfDirectRequest reads a 直接リクエスト's thread (nil when none).
	ThreadOfDirectRequest(ctx context.Context, requestID string) (*message.Thread, error)
	CreateThread(ctx context.Context, t *message.Thread) error
	Add(ctx context.Context, m *message.Message) error
	// List reads a thread's messages oldest first.
	List(ctx context.Context, threadID string) ([]*message.Message, error)
	// MarkRead stores the read times of the messages given.
	MarkRead(ctx context.Context, ms []*message.Message) error
	// Unread counts the establishment's unread messages from seekers and Hello Work.
	Unread(ctx context.Context, establishmentID string) (int, error)
	// ThreadPostings lists the postings that have threads (what the purge looks at).
	ThreadPostings(ctx context.Context) ([]string, error)
	// PurgePosting deletes a posting's threads and their messages (MSG-1); returns how
	// many messages went.
	PurgePosting(ctx context.Context, postingID string) (int, error)
	// UnreadByApplication counts the unread messages from seekers and Hello Work in the
	// threads of these applications (absent: none).
	UnreadByApplication(ctx context.Context, applicationIDs []string) (map[string]int, error)
	// DeleteOfAccount deletes the messages that belong to an account (ACC-2) and gives
	// its threads to newOwner; returns how many messages went.
	DeleteOfAccount(ctx context.Context, establishmentID, account, newOwner string) (int, error)
	// DeleteOfEstablishment deletes every thread and message of an establishment (ACC-3).
	DeleteOfEstablishment(ctx context.Context, establishmentID string) (int, error)
}

// PrimaryAccount is the establishment's primary login account (identity's events).
type PrimaryAccount struct {
	EstablishmentID string
	AccountID       string
	Email           string
}

// Accounts is the read model of the primary accounts.
type Accounts interface {
	Upsert(ctx context.Context, a PrimaryAccount, at time.Time) error
	// ChangeEmail updates the e-mail of an account if it is a primary one.
	ChangeEmail(ctx context.Context, accountID, email string, at time.Time) error
	// Primary reads it (ok false when unknown).
	Primary(ctx context.Context, establishmentID string) (PrimaryAccount, bool, error)
}

// SeekerRefs makes a seeker's handle towards one establishment (SEEK-1: seeker_ref is
// per establishment, so two establishments cannot correlate a seeker by it) and opens
// it again; Key reports false for a handle made for another establishment.
type SeekerRefs interface {
	Ref(establishmentID, key string) string
	Key(establishmentID, ref string) (string, bool)
}
