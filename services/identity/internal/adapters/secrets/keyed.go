package secrets

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
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
