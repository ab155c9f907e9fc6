// Package authn carries the caller's identity: the principal inside a verified access
// token (see docs/contracts.md), the signer identity uses to issue tokens, and the
// verifier every service uses to accept them.
//
// Tokens are JWTs signed with Ed25519 (EdDSA). A verifier accepts only tokens with the
// expected issuer and audience, a known key id, and an expiry in the future by the
// injected clock.
package authn

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// Role is what a principal may act as.
type Role string

// Roles; see docs/contracts.md.
const (
	RoleProvisional Role = "provisional" // OPEN-1 account awaiting the office's acceptance
	RolePrimary     Role = "primary"     // the establishment's primary login account
	RoleAdditional  Role = "additional"  // one of up to 10 additional accounts (ACC-2)
	RoleStaff       Role = "staff"       // Hello Work office staff
	RoleService     Role = "service"     // another hellowork service calling internally
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleProvisional, RolePrimary, RoleAdditional, RoleStaff, RoleService:
		return true
	}
	return false
}

// IsEmployer reports whether r is an employer account of an opened MyPage.
func (r Role) IsEmployer() bool { return r == RolePrimary || r == RoleAdditional }

// Principal is the authenticated caller.
type Principal struct {
	AccountID       string // sub
	SessionID       string // sid
	Role            Role
	EstablishmentID string // est; employers only
	OfficeCode      string // off; staff only
	Email           string // employer login e-mail
}

type ctxKey struct{}

// NewContext returns ctx carrying p.
func NewContext(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the principal of ctx, if authenticated.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}

type claims struct {
	jwt.RegisteredClaims
	SessionID       string `json:"sid,omitempty"`
	Role            Role   `json:"role"`
	EstablishmentID string `json:"est,omitempty"`
	OfficeCode      string `json:"off,omitempty"`
	Email           string `json:"email,omitempty"`
}

// Signer issues access tokens.
type Signer struct {
	key      ed25519.PrivateKey
	kid      string
	issuer   string
	audience string
	ttl      time.Duration
	clock    clock.Clock
}

// NewSigner returns a signer with key identified as kid, issuing tokens valid for ttl.
func NewSigner(key ed25519.PrivateKey, kid, issuer, audience string, ttl time.Duration, clk clock.Clock) *Signer {
	return &Signer{key: key, kid: kid, issuer: issuer, audience: audience, ttl: ttl, clock: clk}
}

// KeyID is the kid of the signing key.
func (s *Signer) KeyID() string { return s.kid }

// PublicKey is the verification key.
func (s *Signer) PublicKey() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// Sign returns a token for p and its expiry.
func (s *Signer) Sign(p Principal) (string, time.Time, error) {
	if !p.Role.Valid() || p.AccountID == "" {
		return "", time.Time{}, fmt.Errorf("authn: refusing to sign principal with role %q", p.Role)
	}
	now := s.clock.Now()
	exp := now.Add(s.ttl)
	c := claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.issuer,
			Subject:   p.AccountID,
			Audience:  jwt.ClaimStrings{s.audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
		SessionID: p.SessionID, Role: p.Role, EstablishmentID: p.EstablishmentID,
		OfficeCode: p.OfficeCode, Email: p.Email,
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	tok.Header["kid"] = s.kid
	signed, err := tok.SignedString(s.key)
	return signed, exp, err
}

// Keys resolves a key id to a verification key.
type Keys interface {
	Key(ctx context.Context, kid string) (ed25519.PublicKey, error)
}

// StaticKeys is a fixed key set.
type StaticKeys map[string]ed25519.PublicKey

// Key implements Keys.
func (k StaticKeys) Key(_ context.Context, kid string) (ed25519.PublicKey, error) {
	if key, ok := k[kid]; ok {
		return key, nil
	}
	return nil, fmt.Errorf("authn: unknown key id %q", kid)
}

// Leeway is the clock skew tolerated between the pod that signed a token and the pod
// that verifies it, on its expiry, not-before and issued-at (L2): without it a
// verifier a second behind identity refused a fresh token as "used before issued".
const Leeway = 5 * time.Second

// Verifier checks access tokens.
type Verifier interface {
	Verify(ctx context.Context, token string) (Principal, error)
}

// ErrInvalidToken is returned for every token that fails verification; the reason is
// wrapped for logs only.
var ErrInvalidToken = errors.New("authn: invalid token")

type verifier struct {
	issuer, audience string
	keys             Keys
	clock            clock.Clock
}

// NewVerifier returns a verifier for tokens of issuer and audience, signed by keys.
func NewVerifier(issuer, audience string, keys Keys, clk clock.Clock) Verifier {
	return &verifier{issuer: issuer, audience: audience, keys: keys, clock: clk}
}

func (v *verifier) Verify(ctx context.Context, token string) (Principal, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		return v.keys.Key(ctx, kid)
	},
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(v.issuer),
		jwt.WithAudience(v.audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(Leeway),
		jwt.WithTimeFunc(v.clock.Now),
	)
	if err != nil {
		return Principal{}, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	if !c.Role.Valid() || c.Subject == "" {
		return Principal{}, fmt.Errorf("%w: bad role or subject", ErrInvalidToken)
	}
	return Principal{
		AccountID: c.Subject, SessionID: c.SessionID, Role: c.Role,
		EstablishmentID: c.EstablishmentID, OfficeCode: c.OfficeCode, Email: c.Email,
	}, nil
}
