package secrets

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// Keyed hashes short-lived secrets and tokens with HMAC-SHA256 under a server pepper
// (HASH_PEPPER). Unlike passwords these have enough entropy or a short enough life and
// attempt limit that a fast keyed hash suffices; the pepper means a stolen database
// alone cannot test guesses offline (ASVS 6.5.2).
type Keyed struct{ pepper []byte }

// NewKeyed returns a keyed hasher; the pepper must have at least 32 bytes.
func NewKeyed(pepper []byte) (*Keyed, error) {
	if len(pepper) < 32 {
		return nil, errors.New("secrets: HASH_PEPPER must hold at least 32 bytes")
	}
	return &Keyed{pepper: append([]byte(nil), pepper...)}, nil
}

// Hash returns HMAC-SHA256(pepper, kind || 0 || secret). kind separates the uses, so
// an OTP hash can never be presented as a session token hash.
func (k *Keyed) Hash(kind, secret string) []byte {
	m := hmac.New(sha256.New, k.pepper)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(secret))
	return m.Sum(nil)
}

// Equal compares two hashes in constant time.
func Equal(a, b []byte) bool { return hmac.Equal(a, b) }

// Kinds of keyed hashes.
const (
	KindAuthKey  = "auth-key"
	KindOTP      = "otp"
	KindSession  = "session"
	KindDevice   = "device"
	KindTerminal = "terminal"
	KindEmail    = "email" // rate-limit buckets keyed by e-mail without storing it
)

// Token prefixes make leaked tokens recognisable (secret scanners) and types distinct.
const (
	PrefixSession  = "hws_"
	PrefixDevice   = "hwd_"
	PrefixTerminal = "hwt_"
)

// TokenBytes is the entropy of session, device and terminal tokens: 256 bits (ASVS
// 7.2.3 asks for at least 128).
const TokenBytes = 32

// NewToken returns prefix + base64url(32 random bytes).
func NewToken(prefix string) (string, error) {
	b := make([]byte, TokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// WellFormed reports whether tok looks like a token of prefix (cheap pre-check before
// any lookup).
func WellFormed(tok, prefix string) bool {
	rest, ok := strings.CutPrefix(tok, prefix)
	if !ok {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil && len(b) == TokenBytes
}
