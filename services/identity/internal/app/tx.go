package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// Tx is one storage transaction (implemented by adapters/postgres.Tx). Everything done
// through one Tx, outbox events and audit rows included, commits together.
type Tx interface {
	// Append adds outbox events.
	Append(ctx context.Context, events ...outbox.Event) error
	// AppendDecoy costs at commit what Append does (the outbox wakes its relay through
	// a cluster-wide NOTIFY that dominates the commit) without recording an event: the
	// "dummy hash" of answers that must not tell a known address from an unknown one.
	AppendDecoy(ctx context.Context) error
	AccountByEmailKey(ctx context.Context, key string, lock bool) (*account.Account, error)
	AccountByID(ctx context.Context, id string, lock bool) (*account.Account, error)
	PrimaryByEstablishmentNumber(ctx context.Context, number string) (*account.Account, error)
	PrimaryByEstablishment(ctx context.Context, establishmentID string, lock bool) (*account.Account, error)
	AccountsOfEstablishment(ctx context.Context, establishmentID string) ([]account.Account, error)
	CountAdditional(ctx context.Context, establishmentID string) (int, error)
	InsertAccount(ctx context.Context, a *account.Account) error
	ReservePasswordAttempt(ctx context.Context, selector string, byID bool, statuses []account.Status, l account.Lockout, now time.Time) (*account.Account, error)
	PasswordSucceeded(ctx context.Context, id, rehash string, now time.Time) error
	SetPassword(ctx context.Context, id, hash string, now time.Time) (int64, error)
	SetEmail(ctx context.Context, id, email, key string, now time.Time) (int64, error)
	OpenPrimary(ctx context.Context, id, establishmentID, number, office string, now time.Time) (int64, error)
	Withdraw(ctx context.Context, id string, now time.Time) (int64, error)
	Restore(ctx context.Context, id string, now time.Time) (int64, error)
	DeleteAccount(ctx context.Context, id string) error
	WithdrawnBefore(ctx context.Context, cutoff time.Time, limit int) ([]account.Account, error)
	IssueAuthKey(ctx context.Context, k *account.AuthKey) error
	LiveAuthKey(ctx context.Context, p account.Purpose, emailKey string) (*account.AuthKey, error)
	LiveAuthKeyOfAccount(ctx context.Context, p account.Purpose, accountID string) (*account.AuthKey, error)
	AuthKeyFailed(ctx context.Context, id string, void bool, now time.Time) error
	ConsumeAuthKey(ctx context.Context, id string, now time.Time) error
	VoidAccountKeys(ctx context.Context, accountID string, now time.Time) error
	LockAccountRow(ctx context.Context, id string) error
	SupersedeAttempts(ctx context.Context, accountID string) error
	CountOTPIssuedSince(ctx context.Context, accountID string, since time.Time) (int, error)
	InsertAttempt(ctx context.Context, a *account.LoginAttempt) error
	AttemptForUpdate(ctx context.Context, id string) (*account.LoginAttempt, error)
	UpdateAttempt(ctx context.Context, id, state string, failures int) error
	ReplaceOTP(ctx context.Context, a *account.LoginAttempt) error
	InsertSession(ctx context.Context, s *account.Session) error
	SessionByTokenHash(ctx context.Context, h []byte) (*account.Session, error)
	SessionByID(ctx context.Context, id string) (*account.Session, error)
	TouchSession(ctx context.Context, id string, now time.Time) error
	RevokeSession(ctx context.Context, id, accountID string, now time.Time) (bool, error)
	RevokeSessions(ctx context.Context, accountID, keep string, now time.Time) error
	ListSessions(ctx context.Context, accountID string, now, idleSince time.Time) ([]account.Session, error)
	InsertDevice(ctx context.Context, d *account.Device) error
	DeviceByTokenHash(ctx context.Context, h []byte) (*account.Device, error)
	TouchDevice(ctx context.Context, id string, now time.Time) error
	RevokeDevice(ctx context.Context, id, accountID string, now time.Time) (bool, error)
	RevokeDevices(ctx context.Context, accountID string, now time.Time) error
	ListDevices(ctx context.Context, accountID string, now time.Time) ([]account.Device, error)
	InsertTerminal(ctx context.Context, v *account.Terminal) error
	TerminalBySecretHash(ctx context.Context, h []byte) (*account.Terminal, error)
	ListTerminals(ctx context.Context, office string) ([]account.Terminal, error)
	RevokeTerminal(ctx context.Context, id, office string, now time.Time) (bool, error)
	HitRateLimit(ctx context.Context, bucket string, window time.Time) (int, error)
	Audit(ctx context.Context, e account.AuditEntry) error
	AuditOfSubject(ctx context.Context, accountID string, actions []string, limit int) ([]account.AuditEntry, error)
	AuditOfEstablishment(ctx context.Context, establishmentID string, limit int) ([]account.AuditEntry, error)
	Housekeep(ctx context.Context, before time.Time) error
}
