package authn

import (
	"fmt"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Resource checks: WHICH establishment or office a caller may touch. WHO may call an
// RPC at all is declared on the RPC in the proto and enforced by libs/grpcx
// (libs/authz); these checks run in the application, once the resource is known.

// ErrNotFound is the answer to a resource of another tenant. It is the answer for a
// resource that does not exist, so that a refusal never tells whether another
// establishment's or office's object exists. A use case that answers a missing object
// with a more specific reason (ESTABLISHMENT_NOT_FOUND, IMAGE_NOT_FOUND, ...) returns
// that error instead when a check fails:
//
//	if err := authn.RequireEstablishment(p, e.ID); err != nil {
//		return establishment.ErrNotFound // as for an unknown id
//	}
var ErrNotFound = errs.New(errs.KindNotFound, "NOT_FOUND", "not found")

// RequireEstablishment allows an employer account (primary or additional) of
// establishmentID. Any other caller — another establishment's account, a provisional
// account, staff, a service — gets ErrNotFound (the cause, for logs only, says why).
func RequireEstablishment(p Principal, establishmentID string) error {
	switch {
	case !p.Role.IsEmployer():
		return ErrNotFound.Wrap(fmt.Errorf("authn: role %q is not an employer account", p.Role))
	case p.EstablishmentID == "" || establishmentID == "":
		return ErrNotFound.Wrap(fmt.Errorf("authn: no establishment to compare"))
	case p.EstablishmentID != establishmentID:
		return ErrNotFound.Wrap(fmt.Errorf("authn: establishment %s belongs to another tenant", establishmentID))
	}
	return nil
}

// RequireOffice allows a staff member of officeCode (the office an establishment
// belongs to, or the office of a visitor terminal). Staff of another office and every
// other caller get ErrNotFound.
func RequireOffice(p Principal, officeCode string) error {
	switch {
	case p.Role != RoleStaff:
		return ErrNotFound.Wrap(fmt.Errorf("authn: role %q is not staff", p.Role))
	case p.OfficeCode == "" || officeCode == "":
		return ErrNotFound.Wrap(fmt.Errorf("authn: no office to compare"))
	case p.OfficeCode != officeCode:
		return ErrNotFound.Wrap(fmt.Errorf("authn: office %s is another office", officeCode))
	}
	return nil
}
