package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
)

// Codes implements app.Codes.
type Codes struct{ pool *pgxpool.Pool }

// NewCodes returns the repository on pool.
func NewCodes(pool *pgxpool.Pool) *Codes { return &Codes{pool: pool} }

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

// Active implements app.Codes.
func (r *Codes) Active(ctx context.Context, estID string) (*creationcode.Code, error) {
	return scanCode(pgkit.Q(ctx, r.pool).QueryRow(ctx, qActiveCode, estID))
}

// ActiveByHash implements app.Codes.
func (r *Codes) ActiveByHash(ctx context.Context, hash []byte) (*creationcode.Code, error) {
	return scanCode(pgkit.Q(ctx, r.pool).QueryRow(ctx, qActiveCodeByHash, hash))
}

// Add implements app.Codes.
func (r *Codes) Add(ctx context.Context, c *creationcode.Code) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, qCodeInsert, c.ID, c.EstablishmentID, c.Hash, c.IssuedAt, c.IssuedBy, c.Mistakes, string(c.Status), tsOrNil(c.InvalidatedAt))
	return dup(err)
}

// Save implements app.Codes.
func (r *Codes) Save(ctx context.Context, c *creationcode.Code) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, qCodeUpdate, c.ID, c.Mistakes, string(c.Status), tsOrNil(c.InvalidatedAt))
	return err
}

var _ app.Codes = (*Codes)(nil)
