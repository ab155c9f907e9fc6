// Package account holds the rules of login accounts that do not depend on storage:
// roles and what each may do (ACC-2, ACC-3), the sign-in lock (LOGIN-1, D5), the auth
// key (AUTHKEY-1), the one-time password (LOGIN-2), the trusted-device skip (LOGIN-3)
// and the restore window (ACC-4). Storage enforces the counters atomically with the
// numbers defined here.
package account

import (
	"crypto/rand"
	"math/big"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Role is what an account may act as (docs/contracts.md).
type Role string

// Roles of login accounts.
const (
	RoleProvisional Role = "provisional" // OPEN-1, until the office accepts the establishment
	RolePrimary     Role = "primary"
	RoleAdditional  Role = "additional" // ACC-2
	RoleStaff       Role = "staff"
)

// Status is where an account is in its life.
type Status string

// Account statuses.
const (
	// StatusPendingPassword: OPEN-2 login registered at the counter, no password yet.
	StatusPendingPassword Status = "pending_password"
	// StatusActive: can sign in.
	StatusActive Status = "active"
	// StatusWithdrawn: ACC-3; restorable for 30 days (ACC-4), then purged.
	StatusWithdrawn Status = "withdrawn"
)

// MaxAdditionalAccounts is ACC-2's limit per establishment.
const MaxAdditionalAccounts = 10

// Errors of the account rules.
var (
	ErrAdditionalCannotManage = errs.New(errs.KindPermissionDenied, "ADDITIONAL_ACCOUNT_NOT_ALLOWED",
		"an additional account cannot manage login accounts or withdraw").WithRule("ACC-2")
	ErrTooManyAdditional = errs.New(errs.KindFailedPrecondition, "ADDITIONAL_ACCOUNT_LIMIT",
		"an establishment has at most 10 additional accounts").WithRule("ACC-2")
	ErrNotEmployer = errs.New(errs.KindPermissionDenied, "PERMISSION_DENIED",
		"only an employer account of an opened MyPage may do this")
)

// CanManageAccounts reports whether role may add or delete additional accounts,
// change the primary account or withdraw (ACC-2: only the primary account may).
func CanManageAccounts(r Role) error {
	switch r {
	case RolePrimary:
		return nil
	case RoleAdditional:
		return ErrAdditionalCannotManage
	default:
		return ErrNotEmployer
	}
}

// CanChangeOwnLoginAccount reports whether role may change its own e-mail or password
// in the settings (ACC-1). Additional accounts cannot be edited, only deleted and added
// again (ACC-2); staff manage their own credentials.
func CanChangeOwnLoginAccount(r Role) error {
	switch r {
	case RolePrimary, RoleStaff:
		return nil
	case RoleAdditional:
		return ErrAdditionalCannotManage
	default:
		return ErrNotEmployer
	}
}

// Lockout is LOGIN-1 with the D5 compensating control.
type Lockout struct {
	// Threshold wrong passwords in a row lock the account (LOGIN-1: 5).
	Threshold int
	// Duration of the lock (LOGIN-1: about 30 minutes).
	Duration time.Duration
	// ConsecutiveCap wrong passwords without a success disable the password until a
	// reset, whatever the lock expiries in between (D5, NIST 63B §3.2.2: ≤ 100).
	ConsecutiveCap int
}

// DefaultLockout is the spec's lockout.
var DefaultLockout = Lockout{Threshold: 5, Duration: 30 * time.Minute, ConsecutiveCap: 100}

// Locked reports whether a lock ending at until still holds at now: at exactly until
// (30:00) the account can be tried again.
func (l Lockout) Locked(until *time.Time, now time.Time) bool {
	return until != nil && now.Before(*until)
}

// AuthKeyPolicy is AUTHKEY-1.
type AuthKeyPolicy struct {
	// TTL from issuance (the mail is sent at once): 50 minutes by default (seed 003 says
	// 30: configurable).
	TTL time.Duration
	// MaxAttempts wrong keys void the key (inferred: a key is 8 digits, so 5 tries
	// leave a 1 in 20 million chance).
	MaxAttempts int
}

// DefaultAuthKeyPolicy is the spec's auth key.
var DefaultAuthKeyPolicy = AuthKeyPolicy{TTL: 50 * time.Minute, MaxAttempts: 5}

// AuthKeyDigits is the length of an auth key.
const AuthKeyDigits = 8

// Expired reports whether a key expiring at exp is no longer accepted at now: at 49:59
// it is accepted, at 50:00 it is not.
func Expired(exp, now time.Time) bool { return !now.Before(exp) }

// OTPPolicy is LOGIN-2 (D1, D2).
type OTPPolicy struct {
	// TTL of a one-time password (LOGIN-2: 30 minutes; D2: configurable, 10 recommended).
	TTL time.Duration
	// MaxWrong wrong entries invalidate the login attempt (LOGIN-2: 10).
	MaxWrong int
	// ResendCooldown is the least time between two one-time passwords of an attempt.
	ResendCooldown time.Duration
	// HourlyCap bounds the one-time passwords mailed per account per hour.
	HourlyCap int
}

// DefaultOTPPolicy is the spec's one-time password.
var DefaultOTPPolicy = OTPPolicy{TTL: 30 * time.Minute, MaxWrong: 10, ResendCooldown: time.Minute, HourlyCap: 10}

// OTPDigits is the length of a one-time password (LOGIN-2).
const OTPDigits = 6

// DeviceTTL is how long a trusted device skips the one-time password (LOGIN-3).
const DeviceTTL = 90 * 24 * time.Hour

// RestoreDays is ACC-4's window: the restore works through the 30th calendar day
// (JST) after the day of withdrawal; from day 31 only the office can help and the
// account is purged.
const RestoreDays = 30

// RestorableUntil is the first instant at which a withdrawal made at withdrawnAt can no
// longer be restored: midnight JST starting day 31 after the withdrawal day.
func RestorableUntil(withdrawnAt time.Time) time.Time {
	return clock.DateJST(withdrawnAt).AddDate(0, 0, RestoreDays+1)
}

// CanRestore reports whether an account withdrawn at withdrawnAt may be restored at now.
func CanRestore(withdrawnAt, now time.Time) bool {
	return now.Before(RestorableUntil(withdrawnAt))
}

// RandomDigits returns n digits from the operating system's CSPRNG, each uniformly
// distributed (crypto/rand.Int rejects biased samples), for auth keys and one-time
// passwords (ASVS 6.5.3).
func RandomDigits(n int) (string, error) {
	b := make([]byte, n)
	ten := big.NewInt(10)
	for i := range b {
		d, err := rand.Int(rand.Reader, ten)
		if err != nil {
			return "", err
		}
		b[i] = byte('0' + d.Int64())
	}
	return string(b), nil
}

// Errors storage reports when a uniqueness rule holds.
var (
	// ErrLoginIDTaken: another account already has this login e-mail.
	ErrLoginIDTaken = errs.New(errs.KindAlreadyExists, "LOGIN_ID_UNAVAILABLE",
		"this e-mail cannot be used as a login ID").WithRule("EMAIL-1")
	// ErrEstablishmentOpened: the establishment already has a primary account.
	ErrEstablishmentOpened = errs.New(errs.KindFailedPrecondition, "ESTABLISHMENT_ALREADY_OPENED",
		"the establishment already has a primary login account").WithRule("OPEN-3")
)

// ErrNotFound: no such resource for this caller (also for another establishment's).
var ErrNotFound = errs.New(errs.KindNotFound, "NOT_FOUND", "not found")
