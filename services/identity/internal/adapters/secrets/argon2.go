// Package secrets hashes what identity must never store in clear: passwords with
// argon2id (PHC strings), and auth keys, one-time passwords and tokens with a keyed
// hash (HMAC-SHA256 with a server pepper). It also makes the random tokens.
package secrets

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are argon2id's cost parameters.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// OWASPMinimum is the floor production configurations must meet (OWASP Password
// Storage Cheat Sheet: m=19 MiB, t=2, p=1).
var OWASPMinimum = Argon2Params{MemoryKiB: 19456, Time: 2, Threads: 1}

// AtLeast reports whether p costs at least as much as min in memory and time.
func (p Argon2Params) AtLeast(min Argon2Params) bool {
	return p.MemoryKiB >= min.MemoryKiB && p.Time >= min.Time && p.Threads >= 1
}

const (
	saltLen = 16
	keyLen  = 32
)

// Hasher hashes and verifies passwords with argon2id. At most Concurrency hashes run at
// once: each takes MemoryKiB of memory and a core, so a burst of sign-ins queues here
// instead of exhausting the machine.
type Hasher struct {
	params Argon2Params
	sem    chan struct{}
	dummy  string
}

// NewHasher returns a hasher with params and a cap of concurrency parallel hashes.
func NewHasher(params Argon2Params, concurrency int) (*Hasher, error) {
	if params.MemoryKiB < 8 || params.Time < 1 || params.Threads < 1 {
		return nil, fmt.Errorf("secrets: invalid argon2 parameters %+v", params)
	}
	if concurrency < 1 {
		concurrency = 1
	}
	h := &Hasher{params: params, sem: make(chan struct{}, concurrency)}
	// A hash of a random password: verifying against it costs what a real verification
	// costs, so unknown e-mails answer as slowly as known ones (no enumeration by timing).
	var pw [16]byte
	_, _ = rand.Read(pw[:])
	d, err := h.Hash(context.Background(), base64.RawStdEncoding.EncodeToString(pw[:]))
	if err != nil {
		return nil, err
	}
	h.dummy = d
	return h, nil
}

// Params returns the parameters new hashes use.
func (h *Hasher) Params() Argon2Params { return h.params }

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.sem }

// Hash returns the PHC string of password: $argon2id$v=19$m=..,t=..,p=..$salt$hash.
// The whole password is hashed: nothing is truncated or normalised (ASVS 6.2.8).
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, h.params.Time, h.params.MemoryKiB, h.params.Threads, keyLen)
	h.release()
	return encodePHC(h.params, salt, key), nil
}

// Verify reports whether password matches the PHC string phc, and whether phc should be
// rehashed because its parameters differ from the current ones. An empty phc (unknown
// account, no password yet) is verified against the dummy hash and never matches.
func (h *Hasher) Verify(ctx context.Context, phc, password string) (ok, rehash bool, err error) {
	target := phc
	if target == "" {
		target = h.dummy
	}
	p, salt, want, err := decodePHC(target)
	if err != nil {
		return false, false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	h.release()
	match := subtle.ConstantTimeCompare(got, want) == 1 && phc != ""
	return match, match && p != h.params, nil
}

// Dummy burns the time of one verification, for paths without an account.
func (h *Hasher) Dummy(ctx context.Context, password string) {
	_, _, _ = h.Verify(ctx, "", password)
}

func encodePHC(p Argon2Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// ErrBadHash is returned for a stored hash that is not an argon2id PHC string.
var ErrBadHash = errors.New("secrets: stored hash is not an argon2id PHC string")

// ParsePHC returns the parameters of a PHC string.
func ParsePHC(phc string) (Argon2Params, error) {
	p, _, _, err := decodePHC(phc)
	return p, err
}

func decodePHC(phc string) (Argon2Params, []byte, []byte, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return Argon2Params{}, nil, nil, ErrBadHash
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return Argon2Params{}, nil, nil, ErrBadHash
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || p.MemoryKiB == 0 || p.Time == 0 || p.Threads == 0 {
		return Argon2Params{}, nil, nil, ErrBadHash
	}
	return p, salt, key, nil
}

// DefaultParams are the production parameters: OWASP's m=19 MiB, t=2, p=1 (the
// benchmark in docs/benchmarks.md decides whether to go higher).
func DefaultParams() Argon2Params { return OWASPMinimum }
