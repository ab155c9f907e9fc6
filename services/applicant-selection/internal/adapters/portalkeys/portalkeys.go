// Package portalkeys verifies the seeker portal's service tokens with the portal's own
// public keys (APPSEL_SEEKER_PORTAL_KEYS), so the real 求職者マイページ never holds
// identity's signing key. The portal keeps its Ed25519 private key; this service is
// configured with the public half. Rotation overlaps two keys: add the new public key,
// roll this service, switch the portal's signer, remove the old key after the portal's
// tokens have expired (5 minutes), roll again (services/applicant-selection/README.md).
package portalkeys

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
)

// Parse reads the comma-separated base64 Ed25519 public keys of the setting.
func Parse(setting string) (authn.StaticKeys, error) {
	keys := authn.StaticKeys{}
	for _, s := range strings.Split(setting, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		var raw []byte
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				raw = b
				break
			}
		}
		if len(raw) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("APPSEL_SEEKER_PORTAL_KEYS: %.12s... is not the base64 of a %d-byte Ed25519 public key", s, ed25519.PublicKeySize)
		}
		pub := ed25519.PublicKey(raw)
		keys[seekerportal.KeyID(pub)] = pub
	}
	return keys, nil
}

// verifier routes a token by its key id: a portal key's token must be the portal's
// (role service, sub seeker-portal); any other goes to identity's verifier, which may
// not speak for the portal once portal keys are configured.
type verifier struct {
	keys     authn.StaticKeys
	portal   authn.Verifier
	identity authn.Verifier
}

// Verifier wraps identity's verifier; with no portal keys it is identity's verifier
// unchanged (development: seekersim and the e2e stack sign portal tokens with the
// development TOKEN_SIGNING_KEY).
func Verifier(identity authn.Verifier, keys authn.StaticKeys, issuer, audience string, clk clock.Clock) authn.Verifier {
	if len(keys) == 0 {
		return identity
	}
	return &verifier{keys: keys, portal: authn.NewVerifier(issuer, audience, keys, clk), identity: identity}
}

// Verify implements authn.Verifier.
func (v *verifier) Verify(ctx context.Context, token string) (authn.Principal, error) {
	if _, ok := v.keys[kidOf(token)]; ok {
		p, err := v.portal.Verify(ctx, token)
		if err != nil {
			return authn.Principal{}, err
		}
		if p.Role != authn.RoleService || p.AccountID != seekerportal.ServiceName {
			return authn.Principal{}, fmt.Errorf("%w: a seeker portal key signed a token for %s %q", authn.ErrInvalidToken, p.Role, p.AccountID)
		}
		return p, nil
	}
	p, err := v.identity.Verify(ctx, token)
	if err != nil {
		return authn.Principal{}, err
	}
	if p.Role == authn.RoleService && p.AccountID == seekerportal.ServiceName {
		return authn.Principal{}, fmt.Errorf("%w: the seeker portal's token is not signed by a configured portal key", authn.ErrInvalidToken)
	}
	return p, nil
}

// kidOf reads the unverified header's key id: it only picks the key set, and the
// token is then verified against that set alone.
func kidOf(token string) string {
	head, _, ok := strings.Cut(token, ".")
	if !ok {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return ""
	}
	var h struct {
		Kid string `json:"kid"`
	}
	if json.Unmarshal(raw, &h) != nil {
		return ""
	}
	return h.Kid
}
