// Package tokens holds identity's access-token keys: the Ed25519 key that signs, the
// older public keys still published during a rotation, the verifier identity itself
// uses, and the service token identity presents to other services.
package tokens

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
)

// AccessTokenTTL is the life of an access token (docs/contracts.md: 5 minutes).
const AccessTokenTTL = 5 * time.Minute

// KeyRing signs with the current key and publishes it with the previous ones.
type KeyRing struct {
	signer *authn.Signer
	keys   authn.StaticKeys
	jwks   []authn.JWK
	clock  clock.Clock

	mu       sync.Mutex
	svcToken string
	svcExp   time.Time
}

// KeyID derives a stable kid from a public key.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return "ed25519-" + base64.RawURLEncoding.EncodeToString(sum[:9])
}

func decode(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(strings.TrimSpace(s)); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("not base64")
}

// NewKeyRing builds the ring from the base64 Ed25519 seed (TOKEN_SIGNING_KEY) and the
// base64 public keys of retired signing keys still to be accepted (TOKEN_PREVIOUS_KEYS).
func NewKeyRing(seedB64 string, previous []string, issuer, audience string, clk clock.Clock) (*KeyRing, error) {
	seed, err := decode(seedB64)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("TOKEN_SIGNING_KEY must be the base64 of a %d-byte Ed25519 seed", ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	r := &KeyRing{clock: clk, keys: authn.StaticKeys{}}
	r.signer = authn.NewSigner(priv, KeyID(pub), issuer, audience, AccessTokenTTL, clk)
	r.add(pub)
	for _, p := range previous {
		if strings.TrimSpace(p) == "" {
			continue
		}
		b, err := decode(p)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("TOKEN_PREVIOUS_KEYS: each entry must be the base64 of a %d-byte Ed25519 public key", ed25519.PublicKeySize)
		}
		r.add(ed25519.PublicKey(b))
	}
	return r, nil
}

func (r *KeyRing) add(pub ed25519.PublicKey) {
	kid := KeyID(pub)
	if _, dup := r.keys[kid]; dup {
		return
	}
	r.keys[kid] = pub
	r.jwks = append(r.jwks, authn.PublicJWK(kid, pub))
}

// Sign issues an access token.
func (r *KeyRing) Sign(p authn.Principal) (string, time.Time, error) { return r.signer.Sign(p) }

// JWKS returns the published keys, the signing key first.
func (r *KeyRing) JWKS() []authn.JWK { return append([]authn.JWK(nil), r.jwks...) }

// Verifier returns a verifier accepting every published key.
func (r *KeyRing) Verifier(issuer, audience string) authn.Verifier {
	return authn.NewVerifier(issuer, audience, r.keys, r.clock)
}

// ServiceToken returns a token with role service and sub "identity", for calls to
// other services (docs/contracts.md), reused until a minute before it expires.
func (r *KeyRing) ServiceToken(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.svcToken != "" && r.clock.Now().Before(r.svcExp.Add(-time.Minute)) {
		return r.svcToken, nil
	}
	tok, exp, err := r.signer.Sign(authn.Principal{AccountID: "identity", Role: authn.RoleService})
	if err != nil {
		return "", err
	}
	r.svcToken, r.svcExp = tok, exp
	return tok, nil
}
