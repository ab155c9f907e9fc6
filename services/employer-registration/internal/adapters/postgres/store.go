// Package postgres implements the app's Store on PostgreSQL (schema
// employer_registration); the queries are in queries.go.
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
)

// Store is the PostgreSQL store.
type Store struct{ pool *pgxpool.Pool }

// New returns a Store on pool (search_path = the service's schema).
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// InTx implements app.Store.
func (s *Store) InTx(ctx context.Context, fn func(app.Tx) error) error {
	return pgkit.WithTx(ctx, s.pool, func(tx pgx.Tx) error { return fn(&txn{tx: tx}) })
}

type txn struct{ tx pgx.Tx }

func dup(err error) error {
	if pgkit.IsUniqueViolation(err, "") {
		return fmt.Errorf("%w: %v", app.ErrDuplicate, err)
	}
	return err
}

func forUpdate(q string, lock bool) string {
	if lock {
		return q + " FOR UPDATE"
	}
	return q
}

func tsOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func scanEst(row pgx.Row) (*establishment.Establishment, error) {
	var e establishment.Establishment
	var number, source, state, origin string
	var profile []byte
	var submitted, registered *time.Time
	err := row.Scan(&e.ID, &number, &source, &state, &origin, &e.OwnerAccountID, &e.OwnerEmail, &e.OfficeCode,
		&e.OfficeOverridden, &profile, &e.OfficeMessage, &submitted, &registered, &e.Resubmissions, &e.Version, &e.CreatedAt, &e.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, establishment.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	e.Number, e.NumberSource, e.State, e.Origin = establishment.Number(number), establishment.NumberSource(source), establishment.State(state), establishment.Origin(origin)
	if err := json.Unmarshal(profile, &e.Profile); err != nil {
		return nil, fmt.Errorf("establishment %s: profile: %w", e.ID, err)
	}
	if submitted != nil {
		e.SubmittedAt = *submitted
	}
	if registered != nil {
		e.RegisteredAt = *registered
	}
	return &e, nil
}

func (t *txn) Establishment(ctx context.Context, id string, lock bool) (*establishment.Establishment, error) {
	if uuid.Validate(id) != nil {
		return nil, establishment.ErrNotFound
	}
	return scanEst(t.tx.QueryRow(ctx, forUpdate(qEstByID, lock), id))
}

func (t *txn) EstablishmentByOwner(ctx context.Context, accountID string, lock bool) (*establishment.Establishment, error) {
	return scanEst(t.tx.QueryRow(ctx, forUpdate(qEstByOwner, lock), accountID))
}

func (t *txn) EstablishmentByNumber(ctx context.Context, n establishment.Number, lock bool) (*establishment.Establishment, error) {
	return scanEst(t.tx.QueryRow(ctx, forUpdate(qEstByNumber, lock), string(n)))
}

func (t *txn) InsertEstablishment(ctx context.Context, e *establishment.Establishment) error {
	profile, err := json.Marshal(e.Profile)
	if err != nil {
		return err
	}
	_, err = t.tx.Exec(ctx, qEstInsert, e.ID, string(e.Number), string(e.NumberSource), string(e.State), string(e.Origin), e.OwnerAccountID,
		e.OwnerEmail, e.OfficeCode, e.OfficeOverridden, profile, e.OfficeMessage, tsOrNil(e.SubmittedAt), tsOrNil(e.RegisteredAt),
		e.Resubmissions, e.Version, e.CreatedAt, e.UpdatedAt)
	return dup(err)
}

func (t *txn) UpdateEstablishment(ctx context.Context, e *establishment.Establishment) error {
	profile, err := json.Marshal(e.Profile)
	if err != nil {
		return err
	}
	_, err = t.tx.Exec(ctx, qEstUpdate, e.ID, string(e.Number), string(e.NumberSource), string(e.State), e.OwnerEmail, e.OfficeCode,
		e.OfficeOverridden, profile, e.OfficeMessage, tsOrNil(e.SubmittedAt), tsOrNil(e.RegisteredAt), e.Resubmissions, e.Version, e.UpdatedAt)
	return dup(err)
}

func (t *txn) Worklist(ctx context.Context, office string, states []establishment.State, p app.Page) ([]*establishment.Establishment, error) {
	ss := make([]string, len(states))
	for i, s := range states {
		ss[i] = string(s)
	}
	rows, err := t.tx.Query(ctx, qWorklist, office, ss, p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*establishment.Establishment
	for rows.Next() {
		e, err := scanEst(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (t *txn) NextSerial(ctx context.Context, office string) (int64, error) {
	var n int64
	err := t.tx.QueryRow(ctx, qNextSerial, office).Scan(&n)
	return n, err
}

func (t *txn) InsertLoginEmail(ctx context.Context, estID, email, by string, at time.Time) error {
	_, err := t.tx.Exec(ctx, qLoginEmailInsert, estID, email, by, at)
	return dup(err)
}

func scanCode(row pgx.Row) (*creationcode.Code, error) {
	var c creationcode.Code
	var status string
	var inv *time.Time
	err := row.Scan(&c.ID, &c.EstablishmentID, &c.Hash, &c.IssuedAt, &c.IssuedBy, &c.Mistakes, &status, &inv)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Status = creationcode.Status(status)
	if inv != nil {
		c.InvalidatedAt = *inv
	}
	return &c, nil
}

func (t *txn) ActiveCode(ctx context.Context, estID string) (*creationcode.Code, error) {
	return scanCode(t.tx.QueryRow(ctx, qActiveCode, estID))
}

func (t *txn) ActiveCodeByHash(ctx context.Context, hash []byte) (*creationcode.Code, error) {
	return scanCode(t.tx.QueryRow(ctx, qActiveCodeByHash, hash))
}

func (t *txn) InsertCode(ctx context.Context, c *creationcode.Code) error {
	_, err := t.tx.Exec(ctx, qCodeInsert, c.ID, c.EstablishmentID, c.Hash, c.IssuedAt, c.IssuedBy, c.Mistakes, string(c.Status), tsOrNil(c.InvalidatedAt))
	return dup(err)
}

func (t *txn) UpdateCode(ctx context.Context, c *creationcode.Code) error {
	_, err := t.tx.Exec(ctx, qCodeUpdate, c.ID, c.Mistakes, string(c.Status), tsOrNil(c.InvalidatedAt))
	return err
}

func scanChange(row pgx.Row) (*establishment.Change, error) {
	var c establishment.Change
	var state string
	var proposed, warnings []byte
	var reviewed *time.Time
	err := row.Scan(&c.ID, &c.EstablishmentID, &state, &proposed, &warnings, &c.ReviewMessage, &c.AppliedBy, &c.ReviewedBy, &c.CreatedAt, &reviewed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, establishment.ErrChangeNotFound
	}
	if err != nil {
		return nil, err
	}
	c.State = establishment.ChangeState(state)
	if err := json.Unmarshal(proposed, &c.Proposed); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(warnings, &c.Warnings); err != nil {
		return nil, err
	}
	if reviewed != nil {
		c.ReviewedAt = *reviewed
	}
	return &c, nil
}

func (t *txn) Change(ctx context.Context, id string, lock bool) (*establishment.Change, error) {
	if uuid.Validate(id) != nil {
		return nil, establishment.ErrChangeNotFound
	}
	return scanChange(t.tx.QueryRow(ctx, forUpdate(qChange, lock), id))
}

func (t *txn) InsertChange(ctx context.Context, c *establishment.Change) error {
	proposed, err := json.Marshal(c.Proposed)
	if err != nil {
		return err
	}
	warnings, err := json.Marshal(c.Warnings)
	if err != nil {
		return err
	}
	if c.Warnings == nil {
		warnings = []byte("[]")
	}
	_, err = t.tx.Exec(ctx, qChangeInsert, c.ID, c.EstablishmentID, string(c.State), proposed, warnings, c.ReviewMessage, c.AppliedBy,
		c.ReviewedBy, c.CreatedAt, tsOrNil(c.ReviewedAt))
	return dup(err)
}

func (t *txn) UpdateChange(ctx context.Context, c *establishment.Change) error {
	_, err := t.tx.Exec(ctx, qChangeUpdate, c.ID, string(c.State), c.ReviewMessage, c.ReviewedBy, tsOrNil(c.ReviewedAt))
	return err
}

func (t *txn) ListChanges(ctx context.Context, estID, office string, onlyPending bool, p app.Page) ([]*establishment.Change, error) {
	var rows pgx.Rows
	var err error
	if estID != "" {
		rows, err = t.tx.Query(ctx, qChangesOfEst, estID, p.Limit, p.Offset)
	} else {
		rows, err = t.tx.Query(ctx, qChangesPendingOfOffice, office, p.Limit, p.Offset)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*establishment.Change
	for rows.Next() {
		c, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanImage(row pgx.Row) (*image.Image, error) {
	var i image.Image
	var state string
	var w, h int32
	err := row.Scan(&i.ID, &i.EstablishmentID, &i.ContentType, &i.SizeBytes, &w, &h, &i.SHA256, &i.Caption, &i.Filename, &state,
		&i.ReviewMessage, &i.ReviewedBy, &i.CreatedAt, &i.UpdatedAt, &i.Content)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, image.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	i.Width, i.Height, i.State = int(w), int(h), image.State(state)
	return &i, nil
}

func (t *txn) Image(ctx context.Context, id string, lock, withContent bool) (*image.Image, error) {
	if uuid.Validate(id) != nil {
		return nil, image.ErrNotFound
	}
	q := qImage
	if withContent {
		q = qImageWithContent
	}
	return scanImage(t.tx.QueryRow(ctx, forUpdate(q, lock), id))
}

func (t *txn) CountImages(ctx context.Context, estID string) (int, error) {
	var n int
	err := t.tx.QueryRow(ctx, qImageCount, estID).Scan(&n)
	return n, err
}

func (t *txn) InsertImage(ctx context.Context, i *image.Image) error {
	_, err := t.tx.Exec(ctx, qImageInsert, i.ID, i.EstablishmentID, i.ContentType, i.SizeBytes, i.Width, i.Height, i.SHA256, i.Caption,
		i.Filename, string(i.State), i.ReviewMessage, i.ReviewedBy, i.CreatedAt, i.UpdatedAt, i.Content)
	return dup(err)
}

func (t *txn) UpdateImage(ctx context.Context, i *image.Image) error {
	_, err := t.tx.Exec(ctx, qImageUpdate, i.ID, i.ContentType, i.SizeBytes, i.Width, i.Height, i.SHA256, i.Caption, i.Filename,
		string(i.State), i.ReviewMessage, i.ReviewedBy, i.UpdatedAt, i.Content)
	return err
}

func (t *txn) DeleteImage(ctx context.Context, id string) error {
	_, err := t.tx.Exec(ctx, qImageDelete, id)
	return err
}

func (t *txn) listImages(ctx context.Context, q string, args ...any) ([]*image.Image, error) {
	rows, err := t.tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*image.Image
	for rows.Next() {
		i, err := scanImage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

func (t *txn) ListImages(ctx context.Context, estID string) ([]*image.Image, error) {
	return t.listImages(ctx, qImagesOfEst, estID)
}

func (t *txn) PendingImages(ctx context.Context, office string, p app.Page) ([]*image.Image, error) {
	return t.listImages(ctx, qImagesPending, office, p.Limit, p.Offset)
}

func (t *txn) Emit(ctx context.Context, aggregateID string, version int64, at time.Time, payload proto.Message) error {
	ev, err := outbox.NewEvent(aggregateID, version, at, payload)
	if err != nil {
		return errs.Internal(err)
	}
	return outbox.Append(ctx, t.tx, ev)
}

func (t *txn) Audit(ctx context.Context, a app.AuditEntry) error {
	detail := a.Detail
	if detail == nil {
		detail = map[string]any{}
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	_, err = t.tx.Exec(ctx, qAudit, a.At, a.Action, a.ActorID, a.ActorRole, a.EstablishmentID, a.Outcome, b)
	return err
}

var _ app.Store = (*Store)(nil)
