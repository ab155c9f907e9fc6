package authn_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authn/authntest"
	"github.com/hellowork-jp/hellowork/libs/clock"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestVerify_AcceptsOwnTokensAndRejectsTampering(t *testing.T) {
	clk := clock.NewFake(t0)
	a := authntest.New(t, clk)
	p := authn.Principal{AccountID: "acc-1", SessionID: "s-1", Role: authn.RolePrimary, EstablishmentID: "est-1", Email: "a@example.jp"}
	tok := a.Token(t, p)
	got, err := a.Verifier.Verify(context.Background(), tok)
	if err != nil || got != p {
		t.Fatalf("Verify = %+v, %v", got, err)
	}
	other := authntest.New(t, clk)
	cases := map[string]string{
		"signed by another key": other.Token(t, p),
		"truncated":             tok[:len(tok)-2],
		"empty":                 "",
		"alg none":              "eyJhbGciOiJub25lIiwia2lkIjoidGVzdC1rZXkifQ.eyJzdWIiOiJ4Iiwicm9sZSI6InN0YWZmIn0.",
	}
	for name, tok := range cases {
		if _, err := a.Verifier.Verify(context.Background(), tok); !errors.Is(err, authn.ErrInvalidToken) {
			t.Errorf("%s: err = %v, want ErrInvalidToken", name, err)
		}
	}
}

func TestVerify_ExpiryFollowsTheInjectedClock(t *testing.T) {
	clk := clock.NewFake(t0)
	a := authntest.New(t, clk)
	tok := a.Token(t, authn.Principal{AccountID: "a", Role: authn.RoleStaff, OfficeCode: "1301"})
	clk.Advance(5*time.Minute - time.Second)
	if _, err := a.Verifier.Verify(context.Background(), tok); err != nil {
		t.Fatalf("token rejected before expiry: %v", err)
	}
	clk.Advance(authn.Leeway + 2*time.Second)
	if _, err := a.Verifier.Verify(context.Background(), tok); err == nil {
		t.Fatal("expired token accepted")
	}
}

// TestVerify_ToleratesClockSkew [L2]: a verifier a few seconds behind or ahead of the
// signer accepts a token (issued-at, not-before and expiry get Leeway), and no more.
func TestVerify_ToleratesClockSkew(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	keys := authn.StaticKeys{"k": key.Public().(ed25519.PublicKey)}
	signer := authn.NewSigner(key, "k", "i", "a", time.Minute, clock.NewFake(t0.Add(3*time.Second)))
	tok, _, _ := signer.Sign(authn.Principal{AccountID: "x", Role: authn.RolePrimary})
	if _, err := authn.NewVerifier("i", "a", keys, clock.NewFake(t0)).Verify(context.Background(), tok); err != nil {
		t.Fatalf("token from a signer 3 s ahead refused: %v", err)
	}
	if _, err := authn.NewVerifier("i", "a", keys, clock.NewFake(t0.Add(time.Minute+4*time.Second))).Verify(context.Background(), tok); err != nil {
		t.Fatalf("token refused 1 s after expiry by a clock 3 s ahead: %v", err)
	}
	if _, err := authn.NewVerifier("i", "a", keys, clock.NewFake(t0.Add(-time.Minute))).Verify(context.Background(), tok); err == nil {
		t.Fatal("token issued a minute in the future accepted")
	}
}

// TestRemoteKeys_ReplacedOnRefresh [L2]: the key set is refreshed when older than
// MaxAge and replaced, not merged: a key identity withdrew stops verifying tokens.
func TestRemoteKeys_ReplacedOnRefresh(t *testing.T) {
	clk := clock.NewFake(t0)
	_, k1, _ := ed25519.GenerateKey(rand.Reader)
	_, k2, _ := ed25519.GenerateKey(rand.Reader)
	set := authn.JWKSet{Keys: []authn.JWK{authn.PublicJWK("k1", k1.Public().(ed25519.PublicKey))}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _ = json.NewEncoder(w).Encode(set) }))
	defer srv.Close()
	keys := &authn.RemoteKeys{URL: srv.URL, MinInterval: 10 * time.Second, MaxAge: 5 * time.Minute, Clock: clk}
	if _, err := keys.Key(context.Background(), "k1"); err != nil {
		t.Fatal(err)
	}
	set.Keys = []authn.JWK{authn.PublicJWK("k2", k2.Public().(ed25519.PublicKey))} // k1 withdrawn
	clk.Advance(time.Minute)
	if _, err := keys.Key(context.Background(), "k1"); err != nil {
		t.Fatalf("k1 refused before the set is stale: %v", err)
	}
	clk.Advance(5 * time.Minute)
	if _, err := keys.Key(context.Background(), "k1"); err == nil {
		t.Fatal("withdrawn key k1 still accepted after the refresh")
	}
	if _, err := keys.Key(context.Background(), "k2"); err != nil {
		t.Fatalf("k2 not in the refreshed set: %v", err)
	}
}

func TestVerify_RejectsOtherIssuerOrAudience(t *testing.T) {
	clk := clock.NewFake(t0)
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	keys := authn.StaticKeys{"k": key.Public().(ed25519.PublicKey)}
	s := authn.NewSigner(key, "k", "someone-else", "hellowork", time.Minute, clk)
	tok, _, _ := s.Sign(authn.Principal{AccountID: "a", Role: authn.RolePrimary})
	if _, err := authn.NewVerifier("hellowork-identity", "hellowork", keys, clk).Verify(context.Background(), tok); err == nil {
		t.Fatal("token of another issuer accepted")
	}
	s = authn.NewSigner(key, "k", "hellowork-identity", "other-aud", time.Minute, clk)
	tok, _, _ = s.Sign(authn.Principal{AccountID: "a", Role: authn.RolePrimary})
	if _, err := authn.NewVerifier("hellowork-identity", "hellowork", keys, clk).Verify(context.Background(), tok); err == nil {
		t.Fatal("token for another audience accepted")
	}
	if _, _, err := s.Sign(authn.Principal{AccountID: "a", Role: "root"}); err == nil {
		t.Fatal("signed an unknown role")
	}
}

func TestRemoteKeys_FollowRotation(t *testing.T) {
	clk := clock.NewFake(t0)
	_, k1, _ := ed25519.GenerateKey(rand.Reader)
	_, k2, _ := ed25519.GenerateKey(rand.Reader)
	set := authn.JWKSet{Keys: []authn.JWK{authn.PublicJWK("k1", k1.Public().(ed25519.PublicKey))}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _ = json.NewEncoder(w).Encode(set) }))
	defer srv.Close()
	v := authn.NewVerifier("i", "a", &authn.RemoteKeys{URL: srv.URL, MinInterval: time.Nanosecond}, clk)
	tok1, _, _ := authn.NewSigner(k1, "k1", "i", "a", time.Minute, clk).Sign(authn.Principal{AccountID: "x", Role: authn.RolePrimary})
	if _, err := v.Verify(context.Background(), tok1); err != nil {
		t.Fatal(err)
	}
	set.Keys = append(set.Keys, authn.PublicJWK("k2", k2.Public().(ed25519.PublicKey)))
	tok2, _, _ := authn.NewSigner(k2, "k2", "i", "a", time.Minute, clk).Sign(authn.Principal{AccountID: "x", Role: authn.RolePrimary})
	if _, err := v.Verify(context.Background(), tok2); err != nil {
		t.Fatalf("rotated key not fetched: %v", err)
	}
}
