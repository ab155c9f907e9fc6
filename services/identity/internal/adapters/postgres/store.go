// Package postgres is the identity service's storage: accounts, auth keys, login
// attempts, sessions, trusted devices, visitor terminals, rate-limit windows and the
// audit trail, in the "identity" schema. Every query is in queries.go.
package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// Schema is the PostgreSQL schema identity owns.
const Schema = "identity"

// Store opens transactions on the pool.
type Store struct{ pool *pgxpool.Pool }

// New returns a store on pool (search_path = identity).
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Pool is the underlying pool (for the event consumers' transactions).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// InTx runs fn in one transaction: state changes, outbox events and audit rows commit
// together or not at all.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	return pgkit.WithTx(ctx, s.pool, func(t pgx.Tx) error { return fn(&Tx{tx: t}) })
}

// WrapTx gives a consumer's transaction (libs/outbox.Consume) the store's operations.
func WrapTx(t pgx.Tx) *Tx { return &Tx{tx: t} }

// Tx is one transaction's view of the store.
type Tx struct{ tx pgx.Tx }

// Append adds outbox events to the transaction.
func (t *Tx) Append(ctx context.Context, events ...outbox.Event) error {
	return outbox.Append(ctx, t.tx, events...)
}

// AppendDecoy wakes the relay exactly as outbox.Append does, without an event.
func (t *Tx) AppendDecoy(ctx context.Context) error {
	_, err := t.tx.Exec(ctx, qAppendDecoy)
	return err
}

func scanAccount(row pgx.Row) (*account.Account, error) {
	var a account.Account
	var role, status string
	err := row.Scan(&a.ID, &a.Email, &a.EmailKey, &role, &status, &a.EstablishmentID, &a.EstablishmentNumber,
		&a.OfficeCode, &a.PasswordHash, &a.FailedPasswordCount, &a.LockedUntil, &a.ConsecutiveFailures,
		&a.CreatedAt, &a.WithdrawnAt, &a.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.Role, a.Status = account.Role(role), account.Status(status)
	return &a, nil
}

func forUpdate(q string, lock bool) string {
	if lock {
		return q + " FOR UPDATE"
	}
	return q
}

// AccountByEmailKey returns the account with that login ID, or nil.
func (t *Tx) AccountByEmailKey(ctx context.Context, key string, lock bool) (*account.Account, error) {
	return scanAccount(t.tx.QueryRow(ctx, forUpdate(qAccountByEmailKey, lock), key))
}

// AccountByID returns the account, or nil.
func (t *Tx) AccountByID(ctx context.Context, id string, lock bool) (*account.Account, error) {
	return scanAccount(t.tx.QueryRow(ctx, forUpdate(qAccountByID, lock), id))
}

// PrimaryByEstablishmentNumber returns the primary account of an establishment, or nil.
func (t *Tx) PrimaryByEstablishmentNumber(ctx context.Context, number string) (*account.Account, error) {
	return scanAccount(t.tx.QueryRow(ctx, qPrimaryByNumber, number))
}

// PrimaryByEstablishment returns the primary account of an establishment, or nil.
func (t *Tx) PrimaryByEstablishment(ctx context.Context, establishmentID string, lock bool) (*account.Account, error) {
	return scanAccount(t.tx.QueryRow(ctx, forUpdate(qPrimaryByEstablishment, lock), establishmentID))
}

func collectAccounts(rows pgx.Rows, err error) ([]account.Account, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// AccountsOfEstablishment lists the active primary and additional accounts.
func (t *Tx) AccountsOfEstablishment(ctx context.Context, establishmentID string) ([]account.Account, error) {
	return collectAccounts(t.tx.Query(ctx, qAccountsOfEstablishment, establishmentID))
}

// CountAdditional counts an establishment's additional accounts.
func (t *Tx) CountAdditional(ctx context.Context, establishmentID string) (int, error) {
	var n int
	err := t.tx.QueryRow(ctx, qCountAdditional, establishmentID).Scan(&n)
	return n, err
}

// InsertAccount stores a new account.
func (t *Tx) InsertAccount(ctx context.Context, a *account.Account) error {
	_, err := t.tx.Exec(ctx, qInsertAccount, a.ID, a.Email, a.EmailKey, string(a.Role), string(a.Status),
		a.EstablishmentID, a.EstablishmentNumber, a.OfficeCode, a.PasswordHash, a.CreatedAt)
	if pgkit.IsUniqueViolation(err, "accounts_email_key_unique") {
		return account.ErrLoginIDTaken
	}
	if pgkit.IsUniqueViolation(err, "accounts_one_primary") {
		return account.ErrEstablishmentOpened
	}
	return err
}

// ReservePasswordAttempt counts a password attempt as a failure before the hash is
// compared (LOGIN-1). It returns nil when no attempt is allowed: unknown, locked,
// disabled (D5), without a password, or not in one of statuses. byID selects the
// account by id instead of login ID.
func (t *Tx) ReservePasswordAttempt(ctx context.Context, selector string, byID bool, statuses []account.Status, l account.Lockout, now time.Time) (*account.Account, error) {
	q := qReserveByEmailKey
	if byID {
		q = qReserveByID
	}
	st := make([]string, len(statuses))
	for i, s := range statuses {
		st[i] = string(s)
	}
	return scanAccount(t.tx.QueryRow(ctx, q, selector, now, l.Threshold, l.Duration.Seconds(), l.ConsecutiveCap, st))
}

// PasswordSucceeded clears the failure counters after a correct password and stores
// rehash when not empty.
func (t *Tx) PasswordSucceeded(ctx context.Context, id, rehash string, now time.Time) error {
	_, err := t.tx.Exec(ctx, qPasswordSucceeded, id, rehash, now)
	return err
}

// SetPassword stores a new password hash, activates the account and lifts all locks.
func (t *Tx) SetPassword(ctx context.Context, id, hash string, now time.Time) (int64, error) {
	var v int64
	err := t.tx.QueryRow(ctx, qSetPassword, id, hash, now).Scan(&v)
	return v, err
}

// SetEmail changes the login e-mail.
func (t *Tx) SetEmail(ctx context.Context, id, email, key string, now time.Time) (int64, error) {
	var v int64
	err := t.tx.QueryRow(ctx, qSetEmail, id, email, key, now).Scan(&v)
	if pgkit.IsUniqueViolation(err, "accounts_email_key_unique") {
		return 0, account.ErrLoginIDTaken
	}
	return v, err
}

// OpenPrimary turns a provisional account into the primary account of an establishment
// (OPEN-1 acceptance). It returns 0 when the account is not provisional.
func (t *Tx) OpenPrimary(ctx context.Context, id, establishmentID, number, office string, now time.Time) (int64, error) {
	var v int64
	err := t.tx.QueryRow(ctx, qOpenPrimary, id, establishmentID, number, office, now).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if pgkit.IsUniqueViolation(err, "accounts_one_primary") {
		return 0, account.ErrEstablishmentOpened
	}
	return v, err
}

// Withdraw marks an account withdrawn at now (ACC-3).
func (t *Tx) Withdraw(ctx context.Context, id string, now time.Time) (int64, error) {
	var v int64
	err := t.tx.QueryRow(ctx, qWithdraw, id, now).Scan(&v)
	return v, err
}

// Restore reopens a withdrawn account (ACC-4).
func (t *Tx) Restore(ctx context.Context, id string, now time.Time) (int64, error) {
	var v int64
	err := t.tx.QueryRow(ctx, qRestore, id, now).Scan(&v)
	return v, err
}

// DeleteAccount removes an account and, by cascade, its keys, attempts, sessions and
// devices. Audit rows stay (append-only).
func (t *Tx) DeleteAccount(ctx context.Context, id string) error {
	_, err := t.tx.Exec(ctx, qDeleteAccount, id)
	return err
}

// WithdrawnBefore lists withdrawn accounts withdrawn before cutoff.
func (t *Tx) WithdrawnBefore(ctx context.Context, cutoff time.Time, limit int) ([]account.Account, error) {
	return collectAccounts(t.tx.Query(ctx, qWithdrawnBefore, cutoff, limit))
}

// IssueAuthKey voids the live key of the same step for the same address or account
// and stores k (AUTHKEY-1).
func (t *Tx) IssueAuthKey(ctx context.Context, k *account.AuthKey) error {
	if _, err := t.tx.Exec(ctx, qVoidAuthKeys, string(k.Purpose), k.EmailKey, k.AccountID, k.IssuedAt); err != nil {
		return err
	}
	_, err := t.tx.Exec(ctx, qInsertAuthKey, k.ID, string(k.Purpose), k.EmailKey, k.Email, k.AccountID,
		k.EstablishmentID, k.EstablishmentNumber, k.OfficeCode, k.KeyHash, k.IssuedAt, k.ExpiresAt)
	return err
}

func scanAuthKey(row pgx.Row) (*account.AuthKey, error) {
	var k account.AuthKey
	var purpose string
	err := row.Scan(&k.ID, &purpose, &k.Email, &k.EmailKey, &k.AccountID, &k.EstablishmentID, &k.EstablishmentNumber,
		&k.OfficeCode, &k.KeyHash, &k.IssuedAt, &k.ExpiresAt, &k.FailedAttempts)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	k.Purpose = account.Purpose(purpose)
	return &k, err
}

// LiveAuthKey locks and returns the live key of a step for an address, or nil.
func (t *Tx) LiveAuthKey(ctx context.Context, p account.Purpose, emailKey string) (*account.AuthKey, error) {
	return scanAuthKey(t.tx.QueryRow(ctx, qLiveAuthKeyByEmail, string(p), emailKey))
}

// LiveAuthKeyOfAccount locks and returns the live key of a step for an account, or nil.
func (t *Tx) LiveAuthKeyOfAccount(ctx context.Context, p account.Purpose, accountID string) (*account.AuthKey, error) {
	return scanAuthKey(t.tx.QueryRow(ctx, qLiveAuthKeyByAccount, string(p), accountID))
}

// AuthKeyFailed counts a wrong key and voids it when void is set.
func (t *Tx) AuthKeyFailed(ctx context.Context, id string, void bool, now time.Time) error {
	_, err := t.tx.Exec(ctx, qAuthKeyFailed, id, void, now)
	return err
}

// ConsumeAuthKey marks a key used (single use).
func (t *Tx) ConsumeAuthKey(ctx context.Context, id string, now time.Time) error {
	_, err := t.tx.Exec(ctx, qConsumeAuthKey, id, now)
	return err
}

// VoidAccountKeys voids every live key of an account.
func (t *Tx) VoidAccountKeys(ctx context.Context, accountID string, now time.Time) error {
	_, err := t.tx.Exec(ctx, qVoidAccountKeys, accountID, now)
	return err
}

// LockAccountRow serialises per-account work (the hourly OTP cap).
func (t *Tx) LockAccountRow(ctx context.Context, id string) error {
	_, err := t.tx.Exec(ctx, qLockAccountRow, id)
	return err
}

// SupersedeAttempts voids the pending login attempts of an account (a new OTP voids
// the old, LOGIN-2).
func (t *Tx) SupersedeAttempts(ctx context.Context, accountID string) error {
	_, err := t.tx.Exec(ctx, qSupersedeAttempts, accountID)
	return err
}

// CountOTPIssuedSince counts the account's one-time passwords issued after since.
func (t *Tx) CountOTPIssuedSince(ctx context.Context, accountID string, since time.Time) (int, error) {
	var n int
	err := t.tx.QueryRow(ctx, qCountIssuances, accountID, since).Scan(&n)
	return n, err
}

// InsertAttempt stores a login attempt and counts its one-time password.
func (t *Tx) InsertAttempt(ctx context.Context, a *account.LoginAttempt) error {
	if _, err := t.tx.Exec(ctx, qInsertAttempt, a.ID, a.AccountID, a.OTPHash, a.OTPIssuedAt, a.OTPExpiresAt, a.IP, a.UserAgent); err != nil {
		return err
	}
	_, err := t.tx.Exec(ctx, qInsertIssuance, a.AccountID, a.OTPIssuedAt)
	return err
}

// AttemptForUpdate locks and returns a login attempt, or nil.
func (t *Tx) AttemptForUpdate(ctx context.Context, id string) (*account.LoginAttempt, error) {
	var a account.LoginAttempt
	err := t.tx.QueryRow(ctx, qAttemptForUpdate, id).Scan(&a.ID, &a.AccountID, &a.State, &a.OTPHash,
		&a.OTPIssuedAt, &a.OTPExpiresAt, &a.OTPFailures, &a.IP, &a.UserAgent)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &a, err
}

// UpdateAttempt sets an attempt's state and failure count.
func (t *Tx) UpdateAttempt(ctx context.Context, id, state string, failures int) error {
	_, err := t.tx.Exec(ctx, qUpdateAttempt, id, state, failures)
	return err
}

// ReplaceOTP gives a pending attempt a new one-time password (the old one stops
// working) and counts it.
func (t *Tx) ReplaceOTP(ctx context.Context, a *account.LoginAttempt) error {
	if _, err := t.tx.Exec(ctx, qReplaceOTP, a.ID, a.OTPHash, a.OTPIssuedAt, a.OTPExpiresAt); err != nil {
		return err
	}
	_, err := t.tx.Exec(ctx, qInsertIssuance, a.AccountID, a.OTPIssuedAt)
	return err
}

// InsertSession stores a session.
func (t *Tx) InsertSession(ctx context.Context, s *account.Session) error {
	_, err := t.tx.Exec(ctx, qInsertSession, s.ID, s.AccountID, s.TokenHash, s.CreatedAt, s.ExpiresAt, s.IP, s.UserAgent, s.Method)
	return err
}

func scanSession(row pgx.Row) (*account.Session, error) {
	var s account.Session
	err := row.Scan(&s.ID, &s.AccountID, &s.TokenHash, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.RevokedAt, &s.IP, &s.UserAgent, &s.Method)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &s, err
}

// SessionByTokenHash returns the session with that token hash, or nil.
func (t *Tx) SessionByTokenHash(ctx context.Context, h []byte) (*account.Session, error) {
	return scanSession(t.tx.QueryRow(ctx, qSessionByHash, h))
}

// SessionByID returns a session, or nil.
func (t *Tx) SessionByID(ctx context.Context, id string) (*account.Session, error) {
	return scanSession(t.tx.QueryRow(ctx, qSessionByID, id))
}

// TouchSession records a use of the session (idle timeout).
func (t *Tx) TouchSession(ctx context.Context, id string, now time.Time) error {
	_, err := t.tx.Exec(ctx, qTouchSession, id, now)
	return err
}

// RevokeSession ends one session of an account; false when there was none to end.
func (t *Tx) RevokeSession(ctx context.Context, id, accountID string, now time.Time) (bool, error) {
	tag, err := t.tx.Exec(ctx, qRevokeSession, id, accountID, now)
	return tag.RowsAffected() == 1, err
}

// RevokeSessions ends every session of an account except keep (may be empty).
func (t *Tx) RevokeSessions(ctx context.Context, accountID, keep string, now time.Time) error {
	_, err := t.tx.Exec(ctx, qRevokeSessions, accountID, keep, now)
	return err
}

// ListSessions lists the open sessions of an account: not revoked, not expired, used
// after idleSince.
func (t *Tx) ListSessions(ctx context.Context, accountID string, now, idleSince time.Time) ([]account.Session, error) {
	rows, err := t.tx.Query(ctx, qListSessions, accountID, now, idleSince)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

// InsertDevice stores a trusted device.
func (t *Tx) InsertDevice(ctx context.Context, d *account.Device) error {
	_, err := t.tx.Exec(ctx, qInsertDevice, d.ID, d.AccountID, d.TokenHash, d.CreatedAt, d.ExpiresAt, d.UserAgent)
	return err
}

func scanDevice(row pgx.Row) (*account.Device, error) {
	var d account.Device
	err := row.Scan(&d.ID, &d.AccountID, &d.TokenHash, &d.CreatedAt, &d.ExpiresAt, &d.LastUsedAt, &d.UserAgent)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &d, err
}

// DeviceByTokenHash returns the unrevoked device with that token hash, or nil.
func (t *Tx) DeviceByTokenHash(ctx context.Context, h []byte) (*account.Device, error) {
	return scanDevice(t.tx.QueryRow(ctx, qDeviceByHash, h))
}

// TouchDevice records a use of the device.
func (t *Tx) TouchDevice(ctx context.Context, id string, now time.Time) error {
	_, err := t.tx.Exec(ctx, qTouchDevice, id, now)
	return err
}

// RevokeDevice revokes one device of an account; false when there was none.
func (t *Tx) RevokeDevice(ctx context.Context, id, accountID string, now time.Time) (bool, error) {
	tag, err := t.tx.Exec(ctx, qRevokeDevice, id, accountID, now)
	return tag.RowsAffected() == 1, err
}

// RevokeDevices revokes every trusted device of an account (LOGIN-3 "ask again").
func (t *Tx) RevokeDevices(ctx context.Context, accountID string, now time.Time) error {
	_, err := t.tx.Exec(ctx, qRevokeDevices, accountID, now)
	return err
}

// ListDevices lists the valid trusted devices of an account.
func (t *Tx) ListDevices(ctx context.Context, accountID string, now time.Time) ([]account.Device, error) {
	rows, err := t.tx.Query(ctx, qListDevices, accountID, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Device
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// InsertTerminal stores a visitor terminal.
func (t *Tx) InsertTerminal(ctx context.Context, v *account.Terminal) error {
	_, err := t.tx.Exec(ctx, qInsertTerminal, v.ID, v.OfficeCode, v.DisplayName, v.SecretHash, v.CreatedAt, v.CreatedBy)
	return err
}

func scanTerminal(row pgx.Row) (*account.Terminal, error) {
	var v account.Terminal
	err := row.Scan(&v.ID, &v.OfficeCode, &v.DisplayName, &v.SecretHash, &v.CreatedAt, &v.CreatedBy, &v.RevokedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &v, err
}

// TerminalBySecretHash returns the unrevoked terminal with that credential hash, or nil.
func (t *Tx) TerminalBySecretHash(ctx context.Context, h []byte) (*account.Terminal, error) {
	return scanTerminal(t.tx.QueryRow(ctx, qTerminalByHash, h))
}

// ListTerminals lists an office's terminals.
func (t *Tx) ListTerminals(ctx context.Context, office string) ([]account.Terminal, error) {
	rows, err := t.tx.Query(ctx, qListTerminals, office)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Terminal
	for rows.Next() {
		v, err := scanTerminal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// RevokeTerminal revokes a terminal of an office; false when there was none.
func (t *Tx) RevokeTerminal(ctx context.Context, id, office string, now time.Time) (bool, error) {
	tag, err := t.tx.Exec(ctx, qRevokeTerminal, id, office, now)
	return tag.RowsAffected() == 1, err
}

// HitRateLimit counts one hit in bucket's window and returns the hits so far.
func (t *Tx) HitRateLimit(ctx context.Context, bucket string, window time.Time) (int, error) {
	var n int
	err := t.tx.QueryRow(ctx, qHitRateLimit, bucket, window).Scan(&n)
	return n, err
}

// Audit appends one audit row.
func (t *Tx) Audit(ctx context.Context, e account.AuditEntry) error {
	_, err := t.tx.Exec(ctx, qInsertAudit, e.OccurredAt, e.Action, e.Outcome, e.ActorAccountID, e.ActorRole,
		e.SubjectAccountID, e.EstablishmentID, e.OfficeCode, e.IP, e.UserAgent, e.Detail)
	return err
}

func collectAudit(rows pgx.Rows, err error) ([]account.AuditEntry, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.AuditEntry
	for rows.Next() {
		var e account.AuditEntry
		if err := rows.Scan(&e.OccurredAt, &e.Action, &e.Outcome, &e.ActorAccountID, &e.ActorRole, &e.SubjectAccountID,
			&e.EstablishmentID, &e.OfficeCode, &e.IP, &e.UserAgent, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AuditOfSubject lists an account's audit rows of the given actions, newest first.
func (t *Tx) AuditOfSubject(ctx context.Context, accountID string, actions []string, limit int) ([]account.AuditEntry, error) {
	return collectAudit(t.tx.Query(ctx, qAuditOfSubject, accountID, actions, limit))
}

// AuditOfEstablishment lists an establishment's audit rows, newest first.
func (t *Tx) AuditOfEstablishment(ctx context.Context, establishmentID string, limit int) ([]account.AuditEntry, error) {
	return collectAudit(t.tx.Query(ctx, qAuditOfEstablishment, establishmentID, limit))
}

// Housekeep deletes rows no rule needs any more: rate-limit windows, login attempts,
// OTP issuance records, sessions, devices and auth keys older than before.
func (t *Tx) Housekeep(ctx context.Context, before time.Time) error {
	for _, q := range []string{qPruneRateLimits, qPruneAttempts, qPruneIssuances, qPruneSessions, qPruneDevices, qPruneAuthKeys} {
		if _, err := t.tx.Exec(ctx, q, before); err != nil {
			return err
		}
	}
	return nil
}
