// Package authntest issues real signed access tokens for tests.
package authntest

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
)

// Issuer and Audience used by test tokens.
const (
	Issuer   = "hellowork-identity"
	Audience = "hellowork"
)

// Authority signs tokens and verifies them, like identity and a service together.
type Authority struct {
	Signer   *authn.Signer
	Verifier authn.Verifier
}

// New returns an authority with a fresh Ed25519 key, tokens valid 5 minutes on clk.
func New(t testing.TB, clk clock.Clock) *Authority {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s := authn.NewSigner(key, "test-key", Issuer, Audience, 5*time.Minute, clk)
	v := authn.NewVerifier(Issuer, Audience, authn.StaticKeys{"test-key": s.PublicKey()}, clk)
	return &Authority{Signer: s, Verifier: v}
}

// Token signs p or fails the test.
func (a *Authority) Token(t testing.TB, p authn.Principal) string {
	t.Helper()
	tok, _, err := a.Signer.Sign(p)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
