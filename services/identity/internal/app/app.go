// Package app holds identity's use cases: registration (OPEN-1/2/3), sign-in (LOGIN-1
// to LOGIN-4), sessions and tokens, recovery (RESET-1), account management (ACC-1 to
// ACC-4) and the staff functions (LOGIN-5). Rules are methods of the domain types;
// storage, hashing, sealing, signing and other services are ports, each declared in
// the file that uses it (the ones every use case needs are here).
package app

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clientip"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/textx"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// Transactor runs fn in one transaction carried by ctx: every repository call, outbox
// event and audit entry made with that ctx commits together or not at all.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Accounts stores login accounts. Update loads the account under a row lock (in ctx's
// transaction, one is opened if there is none), runs fn and saves what fn changed; an
// unknown account is account.ErrNotFound.
type Accounts interface {
	ByEmailKey(ctx context.Context, key string) (*account.Account, error)
	ByID(ctx context.Context, id string) (*account.Account, error)
	Insert(ctx context.Context, a *account.Account) error
	Delete(ctx context.Context, id string) error
	Update(ctx context.Context, id string, fn func(*account.Account) error) error
	UpdateByEmailKey(ctx context.Context, key string, fn func(*account.Account) error) error
	PrimaryOf(ctx context.Context, establishmentID string) (*account.Account, error)
	UpdatePrimaryOf(ctx context.Context, establishmentID string, fn func(*account.Account) error) error
	OfEstablishment(ctx context.Context, establishmentID string) ([]account.Account, error)
}

// Decoys cost at commit what an outbox append does without recording an event: the
// "dummy hash" of answers that must not tell a known address from an unknown one.
type Decoys interface {
	AppendDecoy(ctx context.Context) error
}

// Auditor appends to the audit trail in ctx's transaction.
type Auditor interface {
	Record(ctx context.Context, e audit.Entry) error
}

// RateLimits counts calls in fixed one-minute windows: one hit in each bucket,
// returning the hits so far in the order of buckets.
type RateLimits interface {
	Hit(ctx context.Context, window time.Time, buckets ...string) ([]int, error)
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
	// client network and per account (login ID) from one network, in a fixed
	// one-minute window (rateBuckets).
	RateIPPerMinute      int
	RateAccountPerMinute int
	// Mail bounds the mails of keys and attempts per recipient (M3).
	Mail MailBudget
	// CodeAttemptsPerNumberPerMinute bounds OPEN-3 attempts naming one establishment
	// number, from all clients together (L5); 0 turns it off.
	CodeAttemptsPerNumberPerMinute int
	// Offices are the office networks: where visitor terminals count (LOGIN-4) and
	// staff may sign in from (issue 9 item 8).
	Offices account.OfficeNetworks
	// Terminal is the visitor-terminal policy (credential life, session idle time).
	Terminal account.TerminalPolicy
}

// Deps are the ports and rules the application needs.
type Deps struct {
	Tx         Transactor
	Accounts   Accounts
	AuthKeys   AuthKeys
	Attempts   LoginAttempts
	Sessions   Sessions
	Devices    Devices
	Terminals  Terminals
	RateLimits RateLimits
	Audit      Auditor
	Events     outbox.Appender
	Decoys     Decoys
	Trail      AuditTrail
	Purge      Housekeeping
	Withdrawn  WithdrawnAccounts
	Additional AdditionalAccounts
	Primaries  PrimaryLookup
	Offices    EstablishmentOffices // employer-registration's office moves (consumers.go)
	Hasher     PasswordHasher
	Keyed      KeyedHasher
	Sealer     Sealer
	Signer     TokenSigner
	Codes      CreationCodes
	SelfApps   SelfApplications
	Clock      clock.Clock
	Log        *zap.Logger
	Rules      Config
}

// App is the identity application.
type App struct {
	Deps
}

// New returns the application.
func New(d Deps) *App {
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	return &App{Deps: d}
}

// Meta describes where a request comes from, for the audit trail and rate limits.
type Meta struct {
	IP        string
	UserAgent string
}

// maxUserAgent bounds what is stored of a client's user agent.
const maxUserAgent = 512

// ua is the stored user agent, cut at a character boundary (PostgreSQL refuses broken
// UTF-8).
func (m Meta) ua() string { return textx.TruncateBytes(m.UserAgent, maxUserAgent) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

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

// emit builds one event and appends it to ctx's transaction.
func (a *App) emit(ctx context.Context, aggregateID string, version int64, payload proto.Message) error {
	ev, err := outbox.NewEvent(aggregateID, version, a.Clock.Now(), payload)
	if err != nil {
		return err
	}
	return a.Events.Append(ctx, ev)
}

// audit appends one audit row in ctx's transaction: action is "<noun>.<verb>".
// Where the request came from goes into Detail ("ip", "user_agent").
func (a *App) audit(ctx context.Context, e audit.Entry, m Meta) error {
	if e.Outcome == "" {
		e.Outcome = audit.OK
	}
	e.At = a.Clock.Now()
	if e.Detail == nil {
		e.Detail = map[string]string{}
	}
	if m.IP != "" {
		e.Detail["ip"] = m.IP
	}
	if ua := m.ua(); ua != "" {
		e.Detail["user_agent"] = ua
	}
	return a.Audit.Record(ctx, e)
}

// actorEntry starts an audit entry of something p did to its own account.
func actorEntry(action string, p authn.Principal) audit.Entry {
	return audit.Entry{Action: action, Actor: audit.ActorFrom(p), SubjectID: p.AccountID, EstablishmentID: p.EstablishmentID}
}

// ownEntry starts an audit entry of something acc did to itself.
func ownEntry(action string, acc *account.Account) audit.Entry {
	return audit.Entry{Action: action, Actor: actorOf(acc), SubjectID: acc.ID, EstablishmentID: acc.EstablishmentID}
}

// actorOf is acc acting (a staff member with their office).
func actorOf(acc *account.Account) audit.Actor {
	a := audit.Actor{ID: acc.ID, Role: string(acc.Role)}
	if acc.Role == account.RoleStaff {
		a.OfficeCode = acc.OfficeCode
	}
	return a
}

// subjectEntry starts an audit entry about acc with no signed-in actor.
func subjectEntry(action string, acc *account.Account) audit.Entry {
	e := audit.Entry{Action: action}
	if acc != nil {
		e.SubjectID, e.EstablishmentID = acc.ID, acc.EstablishmentID
	}
	return e
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

// rateBuckets names the buckets of one call of op: per client network (the IPv4
// address, or the IPv6 /64: libs/clientip.RateKey) and per subject (a login ID or an
// account id, under a keyed hash so the table never holds e-mails) from that network.
//
// The subject's bucket is keyed by subject and network together (M2): keyed by the
// subject alone, anyone could spend a victim's budget from one address and lock the
// victim out of their own sign-in from every other. What bounds the guesses at one
// account from many networks is the domain's own counters, which stay per account:
// LOGIN-1's lock, AUTHKEY-1's wrong-key limit, LOGIN-2's ten wrong entries, OPEN-3's
// ten mistakes.
func (a *App) rateBuckets(op string, m Meta, subject string) (buckets []string, limits []int) {
	network := clientip.RateKey(m.IP)
	if network != "" {
		buckets, limits = append(buckets, "ip:"+op+":"+network), append(limits, a.Rules.RateIPPerMinute)
	}
	if subject != "" {
		key := hex.EncodeToString(a.Keyed.Hash(credential.KindRate, subject)[:16])
		buckets, limits = append(buckets, "sub:"+op+":"+key+"@"+network), append(limits, a.Rules.RateAccountPerMinute)
	}
	return buckets, limits
}

// hitRate counts one call of op in the current one-minute window, in ctx's
// transaction, and reports errs.ErrRateLimited beyond the limits. The caller commits
// the transaction either way, so the hit stays counted whatever happens next.
func (a *App) hitRate(ctx context.Context, op string, m Meta, subject string) (over error, err error) {
	buckets, limits := a.rateBuckets(op, m, subject)
	hits, err := a.RateLimits.Hit(ctx, a.Clock.Now().UTC().Truncate(time.Minute), buckets...)
	if err != nil {
		return nil, err
	}
	for i, n := range hits {
		if n > limits[i] {
			return errs.ErrRateLimited, nil
		}
	}
	return nil, nil
}

// rateLimit is hitRate in a transaction of its own, for the steps whose work cannot
// share one with the count (an argon2 hash or another service's answer comes first).
func (a *App) rateLimit(ctx context.Context, op string, m Meta, subject string) error {
	var over error
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		over, err = a.hitRate(ctx, op, m, subject)
		return err
	})
	if err != nil {
		return internal(err)
	}
	return over
}
