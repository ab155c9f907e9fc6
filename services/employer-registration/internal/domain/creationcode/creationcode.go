// Package creationcode implements the アカウント作成コード of OPEN-3: staff issue a code of
// at most 10 half-width characters, shown once and stored only as a keyed hash; it is
// valid for 5 days counted from the day after issuance (JST dates); a new code voids
// the old one; 10 mistakes in total invalidate it.
package creationcode

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Rule values of OPEN-3.
const (
	// Length of issued codes; OPEN-3 allows at most 10 half-width characters.
	Length = 10
	// MaxLength bounds what is accepted at verification; longer input never matches.
	MaxLength = 10
	// ValidDays counts from the day after the day of issuance.
	ValidDays = 5
	// MaxMistakes in total (establishment number, telephone number or code) invalidate
	// the code.
	MaxMistakes = 10
)

// Alphabet has exactly 64 symbols, so each CSPRNG byte's low 6 bits select one without
// modulo bias (60 bits per code). Look-alikes (0/O, 1/l/I) are left out because the
// code is read from a printed slip; symbols are kept as in the seed sample `5z2X#3mwc%`.
const Alphabet = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ#%&+=?@*"

// Generate returns a fresh code from crypto/rand.
func Generate() (string, error) {
	var b [Length]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	out := make([]byte, Length)
	for i, x := range b {
		out[i] = Alphabet[x&63]
	}
	return string(out), nil
}

// Hasher computes the keyed hash stored instead of the code (HMAC-SHA-256 with a
// server-side key): a stolen table cannot be brute-forced offline without the key,
// and the hash is deterministic so verification can find the code by it.
type Hasher struct{ key []byte }

// NewHasher returns a Hasher; the key must have at least 32 bytes.
func NewHasher(key []byte) (*Hasher, error) {
	if len(key) < 32 {
		return nil, errors.New("creationcode: hash key must have at least 32 bytes")
	}
	return &Hasher{key: append([]byte(nil), key...)}, nil
}

// Hash returns the keyed hash of a code.
func (h *Hasher) Hash(code string) []byte {
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(code))
	return m.Sum(nil)
}

// Equal compares two hashes in constant time.
func Equal(a, b []byte) bool { return hmac.Equal(a, b) }

// WellFormed reports whether typed input can be a code at all: 1 to MaxLength
// half-width printable ASCII characters.
func WellFormed(s string) bool {
	if len(s) == 0 || len(s) > MaxLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Status of a code.
type Status string

// Statuses.
const (
	StatusActive      Status = "ACTIVE"
	StatusInvalidated Status = "INVALIDATED" // 10 mistakes
	StatusReplaced    Status = "REPLACED"    // a new code was issued
)

// Code is one issued account creation code.
type Code struct {
	ID              string
	EstablishmentID string
	Hash            []byte
	IssuedAt        time.Time
	IssuedBy        string
	Mistakes        int
	Status          Status
	InvalidatedAt   time.Time
}

// ExpiresOn returns the last valid day (JST date, midnight): the 5th day counted from
// the day after the day of issuance. Issued on 1 June (any hour), the code is valid on
// 2-6 June and no longer on 7 June.
func ExpiresOn(issuedAt time.Time) time.Time {
	return clock.DateJST(issuedAt).AddDate(0, 0, ValidDays)
}

// ExpiresOn returns the code's last valid day.
func (c *Code) ExpiresOn() time.Time { return ExpiresOn(c.IssuedAt) }

// Expired reports whether now's JST date is after the last valid day.
func (c *Code) Expired(now time.Time) bool {
	return clock.DateJST(now).After(c.ExpiresOn())
}

// Usable reports whether the code can still be verified at now: it is the active code
// (not replaced, not invalidated by 10 mistakes) and its last valid day has not passed.
func (c *Code) Usable(now time.Time) bool { return c.Status == StatusActive && !c.Expired(now) }

// Matches reports whether hash (the keyed hash of a typed code) is this code's and the
// code is usable at now. The comparison takes constant time.
func (c *Code) Matches(hash []byte, now time.Time) bool {
	return c != nil && hash != nil && c.Usable(now) && Equal(c.Hash, hash)
}

// Issue returns a new active code of an establishment, stored as hash (OPEN-3).
func Issue(id, establishmentID string, hash []byte, issuedBy string, now time.Time) *Code {
	return &Code{ID: id, EstablishmentID: establishmentID, Hash: hash, IssuedAt: now, IssuedBy: issuedBy, Status: StatusActive}
}

// Replace voids the code because a new one was issued (OPEN-3: a new code voids the
// old one). It reports whether the code was still usable, i.e. whether its voiding is
// news to the holder.
func (c *Code) Replace(now time.Time) (wasUsable bool) {
	wasUsable = c.Usable(now)
	c.Status = StatusReplaced
	c.InvalidatedAt = now
	return wasUsable
}

// RecordMistake counts one mistake and reports whether it invalidated the code (the
// 10th mistake in total).
func (c *Code) RecordMistake(now time.Time) (invalidated bool) {
	if c.Status != StatusActive {
		return false
	}
	c.Mistakes++
	if c.Mistakes >= MaxMistakes {
		c.Status = StatusInvalidated
		c.InvalidatedAt = now
		return true
	}
	return false
}

// ErrInvalid is the one answer to every failed verification: wrong establishment
// number, telephone number or code, an expired, replaced or invalidated code, or an
// establishment that does not exist. It never says which (OPEN-3, no enumeration).
var ErrInvalid = errs.New(errs.KindFailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID",
	"the account creation code cannot be used").WithRule("OPEN-3")
