package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// Sessions stores opened sessions (only the keyed hash of a token).
type Sessions struct{ db }

// NewSessions returns the session repository on pool.
func NewSessions(pool *pgxpool.Pool) *Sessions { return &Sessions{db{pool}} }

func scanSession(row pgx.Row) (*account.Session, error) {
	var s account.Session
	err := row.Scan(&s.ID, &s.AccountID, &s.TokenHash, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.RevokedAt, &s.IP, &s.UserAgent, &s.Method, &s.TerminalID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &s, err
}

// Insert stores a session.
func (r *Sessions) Insert(ctx context.Context, s *account.Session) error {
	_, err := r.q(ctx).Exec(ctx, qInsertSession, s.ID, s.AccountID, s.TokenHash, s.CreatedAt, s.ExpiresAt, s.IP, s.UserAgent, s.Method, s.TerminalID)
	return err
}

// ByTokenHash returns the session with that token hash, or nil.
func (r *Sessions) ByTokenHash(ctx context.Context, h []byte) (*account.Session, error) {
	return scanSession(r.q(ctx).QueryRow(ctx, qSessionByHash, h))
}

// Touch records a use of the session (idle timeout).
func (r *Sessions) Touch(ctx context.Context, id string, now time.Time) error {
	_, err := r.q(ctx).Exec(ctx, qTouchSession, id, now)
	return err
}

// Revoke ends one session of an account; false when there was none to end.
func (r *Sessions) Revoke(ctx context.Context, id, accountID string, now time.Time) (bool, error) {
	tag, err := r.q(ctx).Exec(ctx, qRevokeSession, id, accountID, now)
	return tag.RowsAffected() == 1, err
}

// RevokeAll ends every session of an account except keep (may be empty).
func (r *Sessions) RevokeAll(ctx context.Context, accountID, keep string, now time.Time) error {
	_, err := r.q(ctx).Exec(ctx, qRevokeSessions, accountID, keep, now)
	return err
}

// List lists the open sessions of an account: not revoked, not expired, used after
// idleSince.
func (r *Sessions) List(ctx context.Context, accountID string, now, idleSince time.Time) ([]account.Session, error) {
	rows, err := r.q(ctx).Query(ctx, qListSessions, accountID, now, idleSince)
	return collect(rows, err, scanSession)
}

// Devices stores trusted devices (LOGIN-3; only the keyed hash of a token).
type Devices struct{ db }

// NewDevices returns the trusted-device repository on pool.
func NewDevices(pool *pgxpool.Pool) *Devices { return &Devices{db{pool}} }

func scanDevice(row pgx.Row) (*account.Device, error) {
	var d account.Device
	err := row.Scan(&d.ID, &d.AccountID, &d.TokenHash, &d.CreatedAt, &d.ExpiresAt, &d.LastUsedAt, &d.RevokedAt, &d.UserAgent)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &d, err
}

// Insert stores a trusted device.
func (r *Devices) Insert(ctx context.Context, d *account.Device) error {
	_, err := r.q(ctx).Exec(ctx, qInsertDevice, d.ID, d.AccountID, d.TokenHash, d.CreatedAt, d.ExpiresAt, d.UserAgent)
	return err
}

// ByTokenHash returns the unrevoked device with that token hash, or nil.
func (r *Devices) ByTokenHash(ctx context.Context, h []byte) (*account.Device, error) {
	return scanDevice(r.q(ctx).QueryRow(ctx, qDeviceByHash, h))
}

// Touch records a use of the device.
func (r *Devices) Touch(ctx context.Context, id string, now time.Time) error {
	_, err := r.q(ctx).Exec(ctx, qTouchDevice, id, now)
	return err
}

// Revoke revokes one device of an account; false when there was none.
func (r *Devices) Revoke(ctx context.Context, id, accountID string, now time.Time) (bool, error) {
	tag, err := r.q(ctx).Exec(ctx, qRevokeDevice, id, accountID, now)
	return tag.RowsAffected() == 1, err
}

// RevokeAll revokes every trusted device of an account (LOGIN-3 "ask again").
func (r *Devices) RevokeAll(ctx context.Context, accountID string, now time.Time) error {
	_, err := r.q(ctx).Exec(ctx, qRevokeDevices, accountID, now)
	return err
}

// List lists the valid trusted devices of an account.
func (r *Devices) List(ctx context.Context, accountID string, now time.Time) ([]account.Device, error) {
	rows, err := r.q(ctx).Query(ctx, qListDevices, accountID, now)
	return collect(rows, err, scanDevice)
}

// Terminals stores office visitor terminals (LOGIN-4; only the credential's keyed hash).
type Terminals struct{ db }

// NewTerminals returns the visitor-terminal repository on pool.
func NewTerminals(pool *pgxpool.Pool) *Terminals { return &Terminals{db{pool}} }

func scanTerminal(row pgx.Row) (*account.Terminal, error) {
	var v account.Terminal
	err := row.Scan(&v.ID, &v.OfficeCode, &v.DisplayName, &v.SecretHash, &v.CreatedAt, &v.CreatedBy, &v.RevokedAt, &v.ExpiresAt, &v.RotatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &v, err
}

// Insert stores a visitor terminal.
func (r *Terminals) Insert(ctx context.Context, v *account.Terminal) error {
	_, err := r.q(ctx).Exec(ctx, qInsertTerminal, v.ID, v.OfficeCode, v.DisplayName, v.SecretHash, v.CreatedAt, v.CreatedBy, v.ExpiresAt)
	return err
}

// BySecretHash returns the unrevoked terminal with that credential hash, or nil.
func (r *Terminals) BySecretHash(ctx context.Context, h []byte) (*account.Terminal, error) {
	return scanTerminal(r.q(ctx).QueryRow(ctx, qTerminalByHash, h))
}

// ByID returns a terminal, revoked or not, or nil.
func (r *Terminals) ByID(ctx context.Context, id string) (*account.Terminal, error) {
	return scanTerminal(r.q(ctx).QueryRow(ctx, qTerminalByID, id))
}

// List lists an office's terminals.
func (r *Terminals) List(ctx context.Context, office string) ([]account.Terminal, error) {
	rows, err := r.q(ctx).Query(ctx, qListTerminals, office)
	return collect(rows, err, scanTerminal)
}

// Revoke revokes a terminal of an office; false when there was none.
func (r *Terminals) Revoke(ctx context.Context, id, office string, now time.Time) (bool, error) {
	tag, err := r.q(ctx).Exec(ctx, qRevokeTerminal, id, office, now)
	return tag.RowsAffected() == 1, err
}

// Update loads a terminal of office under a row lock, runs fn and saves its
// credential (a rotation); another office's terminal is account.ErrNotFound.
func (r *Terminals) Update(ctx context.Context, id, office string, fn func(*account.Terminal) error) error {
	return r.inTx(ctx, func(ctx context.Context) error {
		v, err := scanTerminal(r.q(ctx).QueryRow(ctx, qTerminalForUpdate, id, office))
		if err != nil {
			return err
		}
		if v == nil {
			return account.ErrNotFound
		}
		if err := fn(v); err != nil {
			return err
		}
		_, err = r.q(ctx).Exec(ctx, qSaveTerminal, v.ID, v.SecretHash, v.ExpiresAt, v.RotatedAt)
		return err
	})
}

// RevokeEnrolledBy revokes the live terminals an account enrolled; it returns how many.
func (r *Terminals) RevokeEnrolledBy(ctx context.Context, accountID string, now time.Time) (int, error) {
	tag, err := r.q(ctx).Exec(ctx, qRevokeTerminalsFrom, accountID, now)
	return int(tag.RowsAffected()), err
}
