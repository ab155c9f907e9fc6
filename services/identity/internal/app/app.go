// Package app holds identity's use cases: registration (OPEN-1/2/3), sign-in (LOGIN-1
// to LOGIN-4), sessions and tokens, recovery (RESET-1), account management (ACC-1 to
// ACC-4) and the staff functions (LOGIN-5). Rules come from domain packages; storage,
// hashing, sealing, signing and other services are ports.
package app

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// Store opens transactions.
type Store interface {
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// PasswordHasher hashes passwords (argon2id).
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	// Verify compares; an empty phc is compared against a dummy hash (same cost).
	Verify(ctx context.Context, phc, password string) (ok, rehash bool, err error)
}

// KeyedHasher hashes short secrets and tokens under the server pepper.
type KeyedHasher interface {
	Hash(kind, secret string) []byte
}

// Sealer seals a secret for an event (libs/sealbox).
type Sealer interface {
	Seal(secret, aad []byte) ([]byte, error)
}

// TokenSigner issues access tokens and publishes its verification keys.
type TokenSigner interface {
	Sign(p authn.Principal) (string, time.Time, error)
	JWKS() []authn.JWK
}

// CreationCodes verifies OPEN-3 account creation codes (employer-registration).
type CreationCodes interface {
	// VerifyAccountCreationCode returns the establishment of a valid code; a wrong,
	// expired or invalidated code is ErrCreationCodeInvalid, an unreachable service
	// ErrCreationCodeUnavailable.
	VerifyAccountCreationCode(ctx context.Context, establishmentNumber, phone, code string) (establishmentID, officeCode string, err error)
}

// SelfApplications answers ACC-3's question (applicant-selection).
type SelfApplications interface {
	// CountPendingSelfApplications counts online self-applications without a selection
	// result; any failure to ask must be returned as an error (fail closed).
	CountPendingSelfApplications(ctx context.Context, establishmentID string) (int, error)
}

// Config holds the tunable rules.
type Config struct {
	Lockout account.Lockout
	AuthKey account.AuthKeyPolicy
	OTP     account.OTPPolicy
	// SessionTTL is the absolute life of a session.
	SessionTTL time.Duration
	// SessionIdle ends a session not used for this long.
	SessionIdle time.Duration
	// RateIPPerMinute and RateAccountPerMinute bound the calls of one credential RPC per
	// client IP and per account (login ID) in a fixed one-minute window.
	RateIPPerMinute      int
	RateAccountPerMinute int
}

// DefaultConfig is the spec's configuration.
func DefaultConfig() Config {
	return Config{
		Lockout: account.DefaultLockout, AuthKey: account.DefaultAuthKeyPolicy, OTP: account.DefaultOTPPolicy,
		SessionTTL: 12 * time.Hour, SessionIdle: time.Hour,
		RateIPPerMinute: 60, RateAccountPerMinute: 20,
	}
}

// Deps are the ports the application needs.
type Deps struct {
	Store    Store
	Hasher   PasswordHasher
	Keyed    KeyedHasher
	Sealer   Sealer
	Signer   TokenSigner
	Codes    CreationCodes
	SelfApps SelfApplications
	Clock    clock.Clock
	Log      *zap.Logger
}

// App is the identity application.
type App struct {
	Deps
	cfg Config
}

// New returns the application.
func New(d Deps, cfg Config) *App {
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	return &App{Deps: d, cfg: cfg}
}

// Config returns the rules in force.
func (a *App) Config() Config { return a.cfg }

// Meta describes where a request comes from, for the audit trail and rate limits.
type Meta struct {
	IP        string
	UserAgent string
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// event builds an outbox event; version is the aggregate's version after the change.
func event(aggregateID string, version int64, now time.Time, payload proto.Message) (outbox.Event, error) {
	return outbox.NewEvent(aggregateID, version, now, payload)
}

// sealedEvent builds an event whose secret is sealed with the event id as additional
// data (docs/contracts.md "Secrets in events"); set puts the sealed bytes into payload.
func (a *App) sealedEvent(aggregateID string, now time.Time, payload proto.Message, secret string, set func([]byte)) (outbox.Event, error) {
	ev, err := outbox.NewEvent(aggregateID, 1, now, payload)
	if err != nil {
		return ev, err
	}
	sealed, err := a.Sealer.Seal([]byte(secret), []byte(ev.ID))
	if err != nil {
		return ev, err
	}
	set(sealed)
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(payload)
	if err != nil {
		return ev, err
	}
	ev.Payload = b
	return ev, nil
}

// audit appends one audit row in tx.
func (a *App) audit(ctx context.Context, tx Tx, e account.AuditEntry, m Meta) error {
	e.OccurredAt = a.Clock.Now()
	e.IP, e.UserAgent = m.IP, truncate(m.UserAgent, 512)
	return tx.Audit(ctx, e)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// internal wraps an unexpected error, keeping a classified one as it is.
func internal(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errs.As(err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errs.ErrDeadlineExceeded.Wrap(err)
	}
	return errs.Internal(err)
}

// rateLimit counts one call of op from the client IP and for subject (a login ID or an
// account id) in the current one-minute window, in its own transaction so that the hit
// stays counted whatever happens next, and refuses the call beyond the limits.
func (a *App) rateLimit(ctx context.Context, op string, m Meta, subject string) error {
	window := a.Clock.Now().UTC().Truncate(time.Minute)
	var over bool
	err := a.Store.InTx(ctx, func(tx Tx) error {
		if m.IP != "" {
			n, err := tx.HitRateLimit(ctx, "ip:"+op+":"+m.IP, window)
			if err != nil {
				return err
			}
			over = over || n > a.cfg.RateIPPerMinute
		}
		if subject != "" {
			// The bucket is keyed by a keyed hash: the table never holds e-mails.
			key := hex.EncodeToString(a.Keyed.Hash("rate", subject))[:32]
			n, err := tx.HitRateLimit(ctx, "sub:"+op+":"+key, window)
			if err != nil {
				return err
			}
			over = over || n > a.cfg.RateAccountPerMinute
		}
		return nil
	})
	if err != nil {
		return internal(err)
	}
	if over {
		return errs.ErrRateLimited
	}
	return nil
}
