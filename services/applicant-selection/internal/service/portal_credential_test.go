package service

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/hellowork-jp/hellowork/libs/authn"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
)

// TestSeekerPortal_CredentialFromItsOwnKeys [issue 11]: with APPSEL_SEEKER_PORTAL_KEYS the
// portal's token is accepted when signed by either configured key (a rotation's
// overlap) and refused when signed by a retired key, by identity's key, or when a
// portal key signs for anyone but the portal; identity's tokens of employers still work.
func TestSeekerPortal_CredentialFromItsOwnKeys(t *testing.T) {
	newKey := func() ed25519.PrivateKey {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return priv
	}
	pub := func(k ed25519.PrivateKey) string {
		return base64.StdEncoding.EncodeToString(k.Public().(ed25519.PublicKey))
	}
	current, next, retired := newKey(), newKey(), newKey()
	audience := ""
	h := newHarness(t, jst(2026, 4, 1, 9, 0), func(c *Config) {
		c.SeekerPortalKeys, audience = pub(current)+", "+pub(next), c.TokenAudience
	})
	signed := func(k ed25519.PrivateKey, p authn.Principal) context.Context {
		s := authn.NewSigner(k, seekerportal.KeyID(k.Public().(ed25519.PublicKey)), seekerportal.Issuer, audience, 5*time.Minute, h.Clock)
		tok, _, err := s.Sign(p)
		if err != nil {
			t.Fatal(err)
		}
		return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+tok)
	}
	portal := service(seekerportal.ServiceName)
	n := 0
	register := func(ctx context.Context) error {
		n++
		_, err := h.portal.RegisterSeeker(ctx, seekerportal.DemoSeeker(n, asv1.SeekerKind_SEEKER_KIND_ONLINE, "2027-03-31"))
		return err
	}
	for name, tc := range map[string]struct {
		call func() error
		want codes.Code
	}{
		"portal, the current key":                  {func() error { return register(signed(current, portal)) }, codes.OK},
		"portal, the next key (rotation overlap)":  {func() error { return register(signed(next, portal)) }, codes.OK},
		"portal, a retired key":                    {func() error { return register(signed(retired, portal)) }, codes.Unauthenticated},
		"portal, identity's key":                   {func() error { return register(h.portalCtx()) }, codes.Unauthenticated},
		"a portal key signing for another service": {func() error { return register(signed(current, service("job-posting"))) }, codes.Unauthenticated},
		"a portal key signing for an employer": {func() error {
			_, err := h.client.ListApplicants(signed(current, employer(estA)), &asv1.ListApplicantsRequest{})
			return err
		}, codes.Unauthenticated},
		"an employer's token from identity": {func() error {
			_, err := h.client.ListApplicants(h.as(employer(estA)), &asv1.ListApplicantsRequest{})
			return err
		}, codes.OK},
	} {
		t.Run(name, func(t *testing.T) {
			if got := status.Code(tc.call()); got != tc.want {
				t.Fatalf("%s, want %s", got, tc.want)
			}
		})
	}
}
