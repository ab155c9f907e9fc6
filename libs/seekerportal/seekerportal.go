// Package seekerportal is a client of applicant-selection's SeekerPortalService: what
// the 求職者マイページ (another system) does through the integration API. bin/seekersim
// and the end-to-end tests use it to play the portal with synthetic seekers.
//
// The portal's credential is a service token (role service, sub "seeker-portal"). In
// production the portal signs it with its own Ed25519 key (TokenSource with the
// portal's seed and Issuer), whose public half applicant-selection is configured with
// (APPSEL_SEEKER_PORTAL_KEYS; rotation in services/applicant-selection/README.md);
// locally (make run, the e2e stack) it is signed with the development
// TOKEN_SIGNING_KEY and identity's issuer, which only works where that key is known.
package seekerportal

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"google.golang.org/grpc"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// ServiceName is the sub of the portal's token (the policy of SeekerPortalService).
const ServiceName = "seeker-portal"

// Issuer is the issuer of the tokens the portal signs with its own key (production:
// applicant-selection's APPSEL_SEEKER_PORTAL_KEYS); development tokens signed with
// identity's key carry identity's issuer instead.
const Issuer = "seeker-portal"

// KeyID is the kid of a public key, derived as identity names its keys
// (services/identity/internal/adapters/tokens.KeyID); applicant-selection finds the
// portal's own keys by it.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return "ed25519-" + base64.RawURLEncoding.EncodeToString(sum[:9])
}

// TokenSource signs portal tokens with the development signing key (base64 Ed25519
// seed, TOKEN_SIGNING_KEY) for issuer and audience (TOKEN_ISSUER, TOKEN_AUDIENCE).
func TokenSource(seedB64, issuer, audience string) (grpcx.TokenFunc, error) {
	var seed []byte
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(strings.TrimSpace(seedB64)); err == nil {
			seed = b
			break
		}
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("seekerportal: the signing key must be the base64 of a %d-byte Ed25519 seed", ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	signer := authn.NewSigner(priv, KeyID(priv.Public().(ed25519.PublicKey)), issuer, audience, 5*time.Minute, clock.Real{})
	return func(context.Context) (string, error) {
		tok, _, err := signer.Sign(authn.Principal{AccountID: ServiceName, Role: authn.RoleService})
		return tok, err
	}, nil
}

// Client is the portal's view of applicant-selection.
type Client struct {
	asv1.SeekerPortalServiceClient
	conn *grpc.ClientConn
}

// Dial connects to applicant-selection's gRPC address with the portal's tokens.
func Dial(addr string, tokens grpcx.TokenFunc) (*Client, error) {
	conn, err := grpcx.Dial(addr, grpcx.WithToken(tokens))
	if err != nil {
		return nil, err
	}
	return &Client{SeekerPortalServiceClient: asv1.NewSeekerPortalServiceClient(conn), conn: conn}, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// DemoSeeker is a visibly synthetic seeker: name 「デモ求職者N」, an example.com
// address, a 090-0000 phone number.
func DemoSeeker(n int, kind asv1.SeekerKind, validUntil string) *asv1.RegisterSeekerRequest {
	return &asv1.RegisterSeekerRequest{
		SeekerNumber: fmt.Sprintf("99999-%08d", n), Kind: kind, ValidUntil: validUntil, HasMypage: true,
		ContactOffice: &asv1.Office{Code: "1301", Name: "ハローワーク飯田橋"},
		Name:          fmt.Sprintf("デモ求職者%d", n), Kana: "デモキュウショクシャ", BirthDate: "1990-04-01",
		Phone: fmt.Sprintf("090-0000-%04d", n), Email: fmt.Sprintf("demo-seeker-%d@example.com", n), Address: "千代田区九段南1-2-3 デモ",
		Profile: &asv1.Profile{DesiredOccupations: []*asv1.Occupation{{Code: "25", Name: "一般事務"}}, DesiredPrefectures: []int32{13},
			EmploymentForms: []jobpostingv1.EmploymentForm{jobpostingv1.EmploymentForm_EMPLOYMENT_FORM_REGULAR},
			DesiredWage:     &asv1.DesiredWage{Form: jobpostingv1.PayForm_PAY_FORM_MONTHLY, Yen: 200000}, Education: 5,
			Pr: "デモ用の求職者です。事務の経験があります。", ResidencePrefecture: 13, ResidenceMunicipality: "千代田区"},
	}
}
