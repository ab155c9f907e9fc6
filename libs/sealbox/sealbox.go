// Package sealbox seals short secrets (auth keys, one-time passwords) that must travel
// from identity to notification inside events, so that the outbox table and the
// JetStream store never hold them in clear (docs/contracts.md "Secrets in events").
//
// AES-256-GCM with a random nonce; the additional data (the event id) binds a sealed
// secret to its event, so it cannot be replayed inside another one.
package sealbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
)

// KeySize is the key length in bytes.
const KeySize = 32

// Box seals and opens with one key.
type Box struct{ aead cipher.AEAD }

// New returns a box for a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("sealbox: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// FromBase64 returns a box for a base64 (standard or URL, padded or not) encoded key,
// as EVENT_SEALING_KEY holds it.
func FromBase64(s string) (*Box, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if key, err := enc.DecodeString(s); err == nil {
			return New(key)
		}
	}
	return nil, errors.New("sealbox: EVENT_SEALING_KEY is not base64")
}

// Seal encrypts secret bound to aad.
func (b *Box) Seal(secret, aad []byte) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return b.aead.Seal(nonce, nonce, secret, aad), nil
}

// ErrOpen is returned for a sealed value that was tampered with, sealed with another
// key, or bound to other additional data.
var ErrOpen = errors.New("sealbox: cannot open")

// Open decrypts a sealed value bound to aad.
func (b *Box) Open(sealed, aad []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) < n+b.aead.Overhead() {
		return nil, ErrOpen
	}
	out, err := b.aead.Open(nil, sealed[:n], sealed[n:], aad)
	if err != nil {
		return nil, ErrOpen
	}
	return out, nil
}
