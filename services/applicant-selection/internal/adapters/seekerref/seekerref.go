// Package seekerref makes the seeker's handle towards employers (seeker_ref, SEEK-1)
// per establishment: the seeker's internal search key (a UUID) sealed with AES-256-GCM
// under the service's key, with the establishment's id as associated data and a
// synthetic nonce (HMAC of the establishment and the key). The same seeker has one
// stable handle per establishment, two establishments see unrelated handles (they
// cannot correlate a seeker by it), and a handle opens only for the establishment it
// was made for: any other answers "no such seeker".
package seekerref

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"

	"github.com/google/uuid"
)

// Sealer makes and opens handles.
type Sealer struct {
	aead   cipher.AEAD
	macKey []byte
}

// New derives the encryption and nonce keys from a 32-byte master key.
func New(master []byte) (*Sealer, error) {
	if len(master) < 32 {
		return nil, errors.New("seekerref: the key needs 32 bytes")
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, master)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("seeker-ref/enc"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead, macKey: derive("seeker-ref/nonce")}, nil
}

// Ref is the handle of the seeker with search key key for establishment est (59
// characters of base64url); "" when key is not a UUID.
func (s *Sealer) Ref(est, key string) string {
	id, err := uuid.Parse(key)
	if err != nil {
		return ""
	}
	m := hmac.New(sha256.New, s.macKey)
	m.Write([]byte(est))
	m.Write([]byte{0})
	m.Write(id[:])
	nonce := m.Sum(nil)[:s.aead.NonceSize()]
	return base64.RawURLEncoding.EncodeToString(s.aead.Seal(nonce, nonce, id[:], []byte(est)))
}

// Key opens a handle made for establishment est; false for anything else (another
// establishment's handle, a damaged or forged one).
func (s *Sealer) Key(est, ref string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(ref)
	n := s.aead.NonceSize()
	if err != nil || len(raw) != n+16+s.aead.Overhead() {
		return "", false
	}
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(est))
	if err != nil {
		return "", false
	}
	id, err := uuid.FromBytes(plain)
	if err != nil {
		return "", false
	}
	return id.String(), true
}
