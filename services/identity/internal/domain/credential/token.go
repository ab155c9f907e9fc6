package credential

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
)

// Kinds of keyed hashes: each use hashes under its own kind, so an OTP hash can never
// be presented as a session token hash.
const (
	KindAuthKey  = "auth-key"
	KindOTP      = "otp"
	KindSession  = "session"
	KindDevice   = "device"
	KindTerminal = "terminal"
	KindRate     = "rate" // rate-limit buckets keyed by login ID without storing it
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
