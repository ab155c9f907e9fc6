package postgres

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
)

// Images implements app.Images.
type Images struct {
	pool *pgxpool.Pool
	tx   *pgkit.Transactor
}

// NewImages returns the repository on pool.
func NewImages(pool *pgxpool.Pool) *Images { return &Images{pool: pool, tx: pgkit.NewTransactor(pool)} }

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

// Get implements app.Images.
func (r *Images) Get(ctx context.Context, id string, withContent bool) (*image.Image, error) {
	if uuid.Validate(id) != nil {
		return nil, image.ErrNotFound
	}
	sql := qImage
	if withContent {
		sql = qImageWithContent
	}
	return scanImage(pgkit.Q(ctx, r.pool).QueryRow(ctx, sql, id))
}

// Count implements app.Images.
func (r *Images) Count(ctx context.Context, estID string) (int, error) {
	var n int
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, qImageCount, estID).Scan(&n)
	return n, err
}

// Add implements app.Images.
func (r *Images) Add(ctx context.Context, i *image.Image) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, qImageInsert, i.ID, i.EstablishmentID, i.ContentType, i.SizeBytes, i.Width, i.Height, i.SHA256, i.Caption,
		i.Filename, string(i.State), i.ReviewMessage, i.ReviewedBy, i.CreatedAt, i.UpdatedAt, i.Content)
	return dup(err)
}

// Update implements app.Images. The content is not loaded; unless fn set it, the nil
// Content keeps the stored bytes (see qImageUpdate).
func (r *Images) Update(ctx context.Context, id string, fn func(*image.Image) error) error {
	if uuid.Validate(id) != nil {
		return image.ErrNotFound
	}
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		db := pgkit.Q(ctx, r.pool)
		i, err := scanImage(db.QueryRow(ctx, qImageForUpdate, id))
		if err != nil {
			return err
		}
		if err := fn(i); err != nil {
			return err
		}
		_, err = db.Exec(ctx, qImageUpdate, i.ID, i.ContentType, i.SizeBytes, i.Width, i.Height, i.SHA256, i.Caption, i.Filename,
			string(i.State), i.ReviewMessage, i.ReviewedBy, i.UpdatedAt, i.Content)
		return err
	})
}

// Delete implements app.Images.
func (r *Images) Delete(ctx context.Context, id string) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, qImageDelete, id)
	return err
}

// OfEstablishment implements app.Images.
func (r *Images) OfEstablishment(ctx context.Context, estID string) ([]*image.Image, error) {
	return r.list(ctx, qImagesOfEst, estID)
}

// PendingOfOffice implements app.Images.
func (r *Images) PendingOfOffice(ctx context.Context, office string, after app.Cursor, limit int) ([]*image.Image, error) {
	at, id := cursor(after)
	return r.list(ctx, qImagesPending, office, at, id, limit)
}

func (r *Images) list(ctx context.Context, sql string, args ...any) ([]*image.Image, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, sql, args...)
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

var _ app.Images = (*Images)(nil)
