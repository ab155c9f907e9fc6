package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
)

// Scopes is the repository of the delivery log's scope (app.Scopes): the read models
// of establishments' offices and accounts' establishments, and the upkeep of the scope
// columns of deliveries when they change.
type Scopes struct {
	pool *pgxpool.Pool
	tx   *pgkit.Transactor
}

// NewScopes returns the repository on pool (search_path = the notification schema).
func NewScopes(pool *pgxpool.Pool) *Scopes {
	return &Scopes{pool: pool, tx: pgkit.NewTransactor(pool)}
}

// lock takes the transaction-scoped lock of an account ("account:" + id) or an
// establishment ("establishment:" + id).
func lock(ctx context.Context, q pgkit.Querier, key string) error {
	if _, err := q.Exec(ctx, lockScopeSQL, key); err != nil {
		return fmt.Errorf("postgres: lock %s: %w", key, err)
	}
	return nil
}

// Account returns the establishment and role of a login account, holding the
// account's lock until ctx's transaction ends (LearnAccount for it waits).
func (r *Scopes) Account(ctx context.Context, accountID string) (string, delivery.RecipientRole, bool, error) {
	q := pgkit.Q(ctx, r.pool)
	if err := lock(ctx, q, "account:"+accountID); err != nil {
		return "", delivery.RoleUnknown, false, err
	}
	var est, role string
	err := q.QueryRow(ctx, accountScopeSQL, accountID).Scan(&est, &role)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", delivery.RoleUnknown, false, nil
	}
	if err != nil {
		return "", delivery.RoleUnknown, false, fmt.Errorf("postgres: account scope: %w", err)
	}
	return est, delivery.RecipientRole(role), true, nil
}

// Office returns the current office of an establishment, "" while unknown, holding
// the establishment's lock until ctx's transaction ends (LearnOffice for it waits).
func (r *Scopes) Office(ctx context.Context, establishmentID string) (string, error) {
	q := pgkit.Q(ctx, r.pool)
	if err := lock(ctx, q, "establishment:"+establishmentID); err != nil {
		return "", err
	}
	var office string
	err := q.QueryRow(ctx, officeOfSQL, establishmentID).Scan(&office)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("postgres: office of establishment: %w", err)
	}
	return office, nil
}

// LearnAccount records the account's establishment and role and completes the scope
// of its deliveries recorded before.
func (r *Scopes) LearnAccount(ctx context.Context, f app.AccountFact) error {
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		q := pgkit.Q(ctx, r.pool)
		if err := lock(ctx, q, "account:"+f.AccountID); err != nil {
			return err
		}
		if err := lock(ctx, q, "establishment:"+f.EstablishmentID); err != nil {
			return err
		}
		var est, role string
		if err := q.QueryRow(ctx, learnAccountSQL, f.AccountID, f.EstablishmentID, string(f.Role)).Scan(&est, &role); err != nil {
			return fmt.Errorf("postgres: learn account: %w", err)
		}
		if _, err := q.Exec(ctx, rescopeAccountSQL, f.AccountID, est, role); err != nil {
			return fmt.Errorf("postgres: rescope deliveries of account: %w", err)
		}
		return nil
	})
}

// LearnOffice records the establishment's office unless a newer version is known and
// moves the establishment's deliveries to the office now on record.
func (r *Scopes) LearnOffice(ctx context.Context, f app.OfficeFact) error {
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		q := pgkit.Q(ctx, r.pool)
		if err := lock(ctx, q, "establishment:"+f.EstablishmentID); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, learnOfficeSQL, f.EstablishmentID, f.OfficeCode, f.Version); err != nil {
			return fmt.Errorf("postgres: learn office: %w", err)
		}
		var office string
		if err := q.QueryRow(ctx, officeOfSQL, f.EstablishmentID).Scan(&office); err != nil {
			return fmt.Errorf("postgres: office on record: %w", err)
		}
		if _, err := q.Exec(ctx, moveDeliveriesSQL, f.EstablishmentID, office); err != nil {
			return fmt.Errorf("postgres: move deliveries to office: %w", err)
		}
		return nil
	})
}
