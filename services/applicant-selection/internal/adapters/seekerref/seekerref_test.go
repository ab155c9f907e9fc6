package seekerref

import (
	"bytes"
	"encoding/base64"
	"testing"
)

// TestRef_PerEstablishmentStableAndOpensOnlyForItsEstablishment (SEEK-1): one seeker
// has one stable handle per establishment, different establishments get unrelated
// handles, a handle opens only for the establishment it was made for, a damaged or
// forged one opens for nobody, and it fits the API's 64 characters.
func TestRef_PerEstablishmentStableAndOpensOnlyForItsEstablishment(t *testing.T) {
	s, err := New(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	const key, other = "0190a5f2-6c1e-7d3a-9b1c-2f4e5d6c7b8a", "0190a5f2-6c1e-7d3a-9b1c-2f4e5d6c7b8b"
	a, b := s.Ref("est-a", key), s.Ref("est-b", key)
	if a == "" || a == b || a != s.Ref("est-a", key) || a == s.Ref("est-a", other) {
		t.Fatalf("handles: a %q, b %q", a, b)
	}
	if len(a) > 64 {
		t.Errorf("handle of %d characters, the API takes 64", len(a))
	}
	if got, ok := s.Key("est-a", a); !ok || got != key {
		t.Errorf("own handle opens to %q %v", got, ok)
	}
	if _, ok := s.Key("est-b", a); ok {
		t.Error("another establishment's handle opened")
	}
	raw, _ := base64.RawURLEncoding.DecodeString(a)
	raw[len(raw)-1] ^= 1
	for _, bad := range []string{"", "x", key, base64.RawURLEncoding.EncodeToString(raw), a + "A"} {
		if _, ok := s.Key("est-a", bad); ok {
			t.Errorf("%q opened", bad)
		}
	}
	other2, _ := New(bytes.Repeat([]byte{8}, 32))
	if _, ok := other2.Key("est-a", a); ok {
		t.Error("a handle opened under another key")
	}
	if s.Ref("est-a", "not-a-uuid") != "" {
		t.Error("a handle of a key that is not a UUID")
	}
	if _, err := New([]byte("short")); err == nil {
		t.Error("a short key accepted")
	}
}
