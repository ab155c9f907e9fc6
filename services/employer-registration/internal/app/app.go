package app

import (
	"context"
	"net/mail"
	"strings"

	"github.com/google/uuid"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/office"
)

// Service implements the use cases.
type Service struct {
	store   Store
	clock   clock.Clock
	offices *office.Directory
	hasher  *creationcode.Hasher
	// verifierService is the `sub` of the only service allowed to verify codes.
	verifierService string
	newID           func() string
}

// Options configure a Service.
type Options struct {
	Store   Store
	Clock   clock.Clock
	Offices *office.Directory // default office.Default
	Hasher  *creationcode.Hasher
	// CodeVerifier is the service account (`sub` of a role=service token) allowed to
	// call VerifyAccountCreationCode; default "identity" (docs/contracts.md).
	CodeVerifier string
}

// New returns a Service.
func New(o Options) *Service {
	if o.Offices == nil {
		o.Offices = office.Default
	}
	if o.CodeVerifier == "" {
		o.CodeVerifier = "identity"
	}
	return &Service{store: o.Store, clock: o.Clock, offices: o.Offices, hasher: o.Hasher, verifierService: o.CodeVerifier,
		newID: func() string { return uuid.Must(uuid.NewV7()).String() }}
}

// Offices returns the office directory.
func (s *Service) Offices() *office.Directory { return s.offices }

func principal(ctx context.Context) (authn.Principal, error) {
	p, ok := authn.FromContext(ctx)
	if !ok {
		return authn.Principal{}, errs.ErrUnauthenticated
	}
	return p, nil
}

// requireRole refuses callers of another role. Refusing by role reveals nothing about
// any establishment, so PERMISSION_DENIED is right here.
func requireRole(ctx context.Context, roles ...authn.Role) (authn.Principal, error) {
	p, err := principal(ctx)
	if err != nil {
		return p, err
	}
	for _, r := range roles {
		if p.Role == r {
			if r == authn.RoleStaff && p.OfficeCode == "" {
				break
			}
			return p, nil
		}
	}
	return p, errs.ErrPermissionDenied
}

// canSee decides whether p may read e: the provisional owner before acceptance, the
// establishment's own employer accounts once registered, and staff of its office.
func canSee(p authn.Principal, e *establishment.Establishment) bool {
	switch p.Role {
	case authn.RoleStaff:
		return p.OfficeCode != "" && e.OfficeCode == p.OfficeCode
	case authn.RolePrimary, authn.RoleAdditional:
		return p.EstablishmentID != "" && e.ID == p.EstablishmentID && e.State == establishment.StateRegistered
	case authn.RoleProvisional:
		return p.AccountID != "" && e.OwnerAccountID == p.AccountID && e.State != establishment.StateRegistered
	}
	return false
}

// load fetches an establishment the caller may see; anything else, existing or not,
// is the same NOT_FOUND so that no caller learns of another tenant's establishment.
func (s *Service) load(ctx context.Context, tx Tx, p authn.Principal, id string, forUpdate bool) (*establishment.Establishment, error) {
	e, err := tx.Establishment(ctx, id, forUpdate)
	if err != nil {
		return nil, err
	}
	if !canSee(p, e) {
		return nil, establishment.ErrNotFound
	}
	return e, nil
}

// OfficeName returns the name of an office code, "" if unknown.
func (s *Service) OfficeName(code string) string {
	o, err := s.offices.Get(code)
	if err != nil {
		return ""
	}
	return o.Name
}

// ErrEmailInvalid: EMAIL-1.
var ErrEmailInvalid = errs.New(errs.KindInvalidArgument, "EMAIL_INVALID",
	"the e-mail address is invalid").WithRule("EMAIL-1")

// NormalizeEmail checks EMAIL-1 (half-width, at most 100 characters, one address) and
// lower-cases the domain part.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 100 {
		return "", ErrEmailInvalid.WithField(errs.Field("login_email", "EMAIL_INVALID", ""))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return "", ErrEmailInvalid.WithField(errs.Field("login_email", "EMAIL_INVALID", ""))
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", ErrEmailInvalid.WithField(errs.Field("login_email", "EMAIL_INVALID", ""))
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") {
		return "", ErrEmailInvalid.WithField(errs.Field("login_email", "EMAIL_INVALID", ""))
	}
	return s[:at] + "@" + strings.ToLower(s[at+1:]), nil
}

func pageOf(size int32, token string) Page {
	p := Page{Limit: int(size)}
	if p.Limit <= 0 {
		p.Limit = 30
	}
	if p.Limit > 100 {
		p.Limit = 100
	}
	p.Offset = decodeToken(token)
	return p
}
