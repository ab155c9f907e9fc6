// Package app holds the use cases of employer-registration. Each use case checks which
// resource the caller may touch (access.go), runs the domain's rules through small
// repositories declared where they are used, and appends its events and audit entries
// in the same transaction as the state change.
package app

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/office"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
)

// ErrDuplicate is returned by repositories when a write hits a unique constraint; the
// use case turns it into the rule's error.
var ErrDuplicate = errors.New("duplicate")

// Transactor runs fn in one transaction carried by the ctx given to fn; repositories,
// the event appender and the auditor called with that ctx join it. A nested InTx
// joins the outer transaction.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Appender appends events to the outbox in the ctx transaction: no event without its
// state change, no state change without its event.
type Appender interface {
	Append(ctx context.Context, events ...outbox.Event) error
}

// App implements the use cases.
type App struct {
	tx             Transactor
	establishments Establishments
	loginEmails    LoginEmails
	codes          Codes
	changes        Changes
	images         Images
	events         Appender
	audit          Auditor
	clock          clock.Clock
	offices        *office.Directory
	hasher         *creationcode.Hasher
	newID          func() string
	rateLimits     RateLimits
	imageLimits    image.Limits
	decodes        *decodeGate
	uploadsPer     int
	uploadWindow   time.Duration
}

// Deps are what the use cases need.
type Deps struct {
	Tx             Transactor
	Establishments Establishments
	LoginEmails    LoginEmails
	Codes          Codes
	Changes        Changes
	Images         Images
	Events         Appender
	Audit          Auditor
	Clock          clock.Clock
	// Offices defaults to office.Default.
	Offices *office.Directory
	// Hasher computes the keyed hash under which account creation codes are stored.
	Hasher *creationcode.Hasher
	// NewID defaults to UUIDv7.
	NewID func() string
	// RateLimits counts image uploads per account in fixed windows.
	RateLimits RateLimits
	// Images bounds one decode's memory (IMG-1; zero: image.DefaultMaxDecodedBytes).
	ImageLimits image.Limits
	// DecodeConcurrency caps the image decodes running at once (zero:
	// DefaultDecodeConcurrency); a caller waits for a slot at most DecodeWait (zero:
	// DefaultDecodeWait) and never longer than its own context.
	DecodeConcurrency int
	DecodeWait        time.Duration
	// UploadsPerWindow image uploads per account in each UploadWindow, refused ones
	// included (zero: DefaultUploadsPerWindow, DefaultUploadWindow).
	UploadsPerWindow int
	UploadWindow     time.Duration
}

// New returns the App.
func New(d Deps) *App {
	if d.Offices == nil {
		d.Offices = office.Default
	}
	if d.NewID == nil {
		d.NewID = func() string { return uuid.Must(uuid.NewV7()).String() }
	}
	if d.UploadsPerWindow <= 0 {
		d.UploadsPerWindow = DefaultUploadsPerWindow
	}
	if d.UploadWindow <= 0 {
		d.UploadWindow = DefaultUploadWindow
	}
	return &App{tx: d.Tx, establishments: d.Establishments, loginEmails: d.LoginEmails, codes: d.Codes, changes: d.Changes,
		images: d.Images, events: d.Events, audit: d.Audit, clock: d.Clock, offices: d.Offices, hasher: d.Hasher,
		newID: d.NewID, rateLimits: d.RateLimits, imageLimits: d.ImageLimits,
		decodes: newDecodeGate(d.DecodeConcurrency, d.DecodeWait), uploadsPer: d.UploadsPerWindow, uploadWindow: d.UploadWindow}
}

// announce builds one event about aggregateID at version from payload and appends it in
// the ctx transaction.
func (a *App) announce(ctx context.Context, aggregateID string, version int64, at time.Time, payload proto.Message) error {
	ev, err := outbox.NewEvent(aggregateID, version, at, payload)
	if err != nil {
		return errs.Internal(err)
	}
	return a.events.Append(ctx, ev)
}
