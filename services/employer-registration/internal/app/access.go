package app

import (
	"context"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// principal returns the authenticated caller.
func principal(ctx context.Context) (authn.Principal, error) {
	p, ok := authn.FromContext(ctx)
	if !ok {
		return authn.Principal{}, errs.ErrUnauthenticated
	}
	return p, nil
}

// requireRole refuses callers of another role. Refusing by role reveals nothing about
// any establishment, so PERMISSION_DENIED is right here. Staff without an office act
// for no office and are refused too.
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

// mayAccess is the one resource check of the service: staff reach the establishments
// of their own office, the employer accounts of a registered establishment reach that
// establishment, and the provisional owner reaches the registration before its
// acceptance. Anything else, existing or not, is the same NOT_FOUND so that no caller
// learns of another tenant's establishment.
func mayAccess(p authn.Principal, e *establishment.Establishment) error {
	ok := false
	switch p.Role {
	case authn.RoleStaff:
		ok = p.OfficeCode != "" && e.OfficeCode == p.OfficeCode
	case authn.RolePrimary, authn.RoleAdditional:
		ok = p.EstablishmentID != "" && e.ID == p.EstablishmentID && e.State == establishment.StateRegistered
	case authn.RoleProvisional:
		ok = p.AccountID != "" && e.OwnerAccountID == p.AccountID && e.State != establishment.StateRegistered
	}
	if !ok {
		return establishment.ErrNotFound
	}
	return nil
}

// isOwner: the employer accounts of a registered establishment, and the provisional
// owner during OPEN-1 (section 6 画像情報 of the wizard); not staff.
func isOwner(p authn.Principal, e *establishment.Establishment) bool {
	return (p.Role.IsEmployer() || p.Role == authn.RoleProvisional) && mayAccess(p, e) == nil
}
