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

// mayAccess is the one resource check of the service (which establishment; who may call
// a use case at all is declared on the RPC in the proto and enforced by the grpcx
// interceptor): staff reach the establishments of their own office, the employer
// accounts of a registered establishment reach that establishment, and the provisional
// owner reaches the registration before its acceptance. Anything else, existing or
// not, is the same ESTABLISHMENT_NOT_FOUND, so that no caller learns of another
// tenant's establishment.
func mayAccess(p authn.Principal, e *establishment.Establishment) error {
	var err error
	switch p.Role {
	case authn.RoleStaff:
		err = authn.RequireOffice(p, e.OfficeCode)
	case authn.RolePrimary, authn.RoleAdditional:
		// The MyPage's accounts exist only once the establishment is registered.
		if err = authn.RequireEstablishment(p, e.ID); err == nil && e.State != establishment.StateRegistered {
			err = establishment.ErrNotFound
		}
	case authn.RoleProvisional:
		// The provisional owner reaches the registration until its acceptance opens
		// the MyPage (OPEN-1); afterwards the employer accounts do.
		if p.AccountID == "" || e.OwnerAccountID != p.AccountID || e.State == establishment.StateRegistered {
			err = establishment.ErrNotFound
		}
	default:
		err = establishment.ErrNotFound
	}
	if err != nil {
		return establishment.ErrNotFound
	}
	return nil
}

// isOwner: the employer accounts of a registered establishment, and the provisional
// owner during OPEN-1 (section 6 画像情報 of the wizard); not staff.
func isOwner(p authn.Principal, e *establishment.Establishment) bool {
	return (p.Role.IsEmployer() || p.Role == authn.RoleProvisional) && mayAccess(p, e) == nil
}
