package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// Changes implements app.Changes.
type Changes struct {
	pool *pgxpool.Pool
	tx   *pgkit.Transactor
}

// NewChanges returns the repository on pool.
func NewChanges(pool *pgxpool.Pool) *Changes {
	return &Changes{pool: pool, tx: pgkit.NewTransactor(pool)}
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

// Add implements app.Changes.
func (r *Changes) Add(ctx context.Context, c *establishment.Change) error {
	proposed, err := json.Marshal(c.Proposed)
	if err != nil {
		return err
	}
	warnings := []byte("[]")
	if c.Warnings != nil {
		if warnings, err = json.Marshal(c.Warnings); err != nil {
			return err
		}
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, qChangeInsert, c.ID, c.EstablishmentID, string(c.State), proposed, warnings, c.ReviewMessage, c.AppliedBy,
		c.ReviewedBy, c.CreatedAt, tsOrNil(c.ReviewedAt))
	return dup(err)
}

// Update implements app.Changes.
func (r *Changes) Update(ctx context.Context, id string, fn func(*establishment.Change) error) error {
	if uuid.Validate(id) != nil {
		return establishment.ErrChangeNotFound
	}
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		db := pgkit.Q(ctx, r.pool)
		c, err := scanChange(db.QueryRow(ctx, qChangeForUpdate, id))
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
		_, err = db.Exec(ctx, qChangeUpdate, c.ID, string(c.State), c.ReviewMessage, c.ReviewedBy, tsOrNil(c.ReviewedAt))
		return err
	})
}

// OfEstablishment implements app.Changes.
func (r *Changes) OfEstablishment(ctx context.Context, estID string, after app.Cursor, limit int) ([]*establishment.Change, error) {
	at, id := cursor(after)
	return r.list(ctx, qChangesOfEst, estID, at, id, limit)
}

// PendingOfOffice implements app.Changes.
func (r *Changes) PendingOfOffice(ctx context.Context, office string, after app.Cursor, limit int) ([]*establishment.Change, error) {
	at, id := cursor(after)
	return r.list(ctx, qChangesPendingOfOffice, office, at, id, limit)
}

func (r *Changes) list(ctx context.Context, sql string, args ...any) ([]*establishment.Change, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, sql, args...)
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

var _ app.Changes = (*Changes)(nil)
