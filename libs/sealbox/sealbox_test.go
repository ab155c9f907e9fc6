package sealbox_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/sealbox"
)

func TestBox_RoundTripAndBinding(t *testing.T) {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	box, err := sealbox.FromBase64(base64.StdEncoding.EncodeToString(key))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := box.Seal([]byte("123456"), []byte("event-1"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("123456")) {
		t.Fatal("secret visible in sealed value")
	}
	if got, err := box.Open(sealed, []byte("event-1")); err != nil || string(got) != "123456" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := box.Open(sealed, []byte("event-2")); !errors.Is(err, sealbox.ErrOpen) {
		t.Fatal("opened with another event's additional data")
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := box.Open(sealed, []byte("event-1")); !errors.Is(err, sealbox.ErrOpen) {
		t.Fatal("opened a tampered value")
	}
	if _, err := sealbox.New(key[:16]); err == nil {
		t.Fatal("accepted a short key")
	}
}
