// Package app holds the use cases of employer-registration: it authorises the caller
// (libs/authn principal), loads aggregates through the Store port, applies the domain
// rules, and records events and audit entries in the same transaction.
package app

import (
	"context"
	"errors"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
)

// ErrDuplicate is returned by Tx inserts that hit a unique constraint.
var ErrDuplicate = errors.New("duplicate")

// Store opens transactions; the Postgres adapter implements it.
type Store interface {
	// InTx runs fn in one transaction, committed if fn returns nil. Events emitted and
	// audit entries written through tx commit or vanish with the state change.
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// Page bounds a list.
type Page struct {
	Limit  int
	Offset int
}

// AuditEntry is one line of the audit trail; it never holds a secret.
type AuditEntry struct {
	At              time.Time
	Action          string
	ActorID         string
	ActorRole       string
	EstablishmentID string // may be empty
	Outcome         string
	Detail          map[string]any
}

// Tx is what the use cases may do inside a transaction. Getters return the domain's
// not-found error when nothing matches; forUpdate locks the row until commit.
type Tx interface {
	Establishment(ctx context.Context, id string, forUpdate bool) (*establishment.Establishment, error)
	EstablishmentByOwner(ctx context.Context, accountID string, forUpdate bool) (*establishment.Establishment, error)
	EstablishmentByNumber(ctx context.Context, number establishment.Number, forUpdate bool) (*establishment.Establishment, error)
	InsertEstablishment(ctx context.Context, e *establishment.Establishment) error
	UpdateEstablishment(ctx context.Context, e *establishment.Establishment) error
	Worklist(ctx context.Context, officeCode string, states []establishment.State, p Page) ([]*establishment.Establishment, error)
	NextSerial(ctx context.Context, officeCode string) (int64, error)
	InsertLoginEmail(ctx context.Context, establishmentID, email, by string, at time.Time) error

	ActiveCode(ctx context.Context, establishmentID string) (*creationcode.Code, error) // nil if none
	ActiveCodeByHash(ctx context.Context, hash []byte) (*creationcode.Code, error)      // nil if none
	InsertCode(ctx context.Context, c *creationcode.Code) error
	UpdateCode(ctx context.Context, c *creationcode.Code) error

	Change(ctx context.Context, id string, forUpdate bool) (*establishment.Change, error)
	InsertChange(ctx context.Context, c *establishment.Change) error
	UpdateChange(ctx context.Context, c *establishment.Change) error
	ListChanges(ctx context.Context, establishmentID, officeCode string, onlyPending bool, p Page) ([]*establishment.Change, error)

	Image(ctx context.Context, id string, forUpdate, withContent bool) (*image.Image, error)
	CountImages(ctx context.Context, establishmentID string) (int, error)
	InsertImage(ctx context.Context, i *image.Image) error
	UpdateImage(ctx context.Context, i *image.Image) error
	DeleteImage(ctx context.Context, id string) error
	ListImages(ctx context.Context, establishmentID string) ([]*image.Image, error)
	PendingImages(ctx context.Context, officeCode string, p Page) ([]*image.Image, error)

	// Emit appends an event to the outbox in this transaction.
	Emit(ctx context.Context, aggregateID string, version int64, at time.Time, payload proto.Message) error
	// Audit writes an audit entry in this transaction.
	Audit(ctx context.Context, a AuditEntry) error
}
