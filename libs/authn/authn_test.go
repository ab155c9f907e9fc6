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
	clk.Advance(2 * time.Second)
	if _, err := a.Verifier.Verify(context.Background(), tok); err == nil {
		t.Fatal("expired token accepted")
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
