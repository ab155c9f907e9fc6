package authn_test

import (
	"errors"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
)

func TestRequireEstablishment(t *testing.T) {
	const estA, estB = "est-a", "est-b"
	tests := []struct {
		name string
		p    authn.Principal
		est  string
		ok   bool
	}{
		{"primary of A", authn.Principal{AccountID: "p", Role: authn.RolePrimary, EstablishmentID: estA}, estA, true},
		{"additional of A", authn.Principal{AccountID: "a", Role: authn.RoleAdditional, EstablishmentID: estA}, estA, true},
		{"primary of B", authn.Principal{AccountID: "p", Role: authn.RolePrimary, EstablishmentID: estB}, estA, false},
		{"additional of B", authn.Principal{AccountID: "a", Role: authn.RoleAdditional, EstablishmentID: estB}, estA, false},
		{"employer without establishment", authn.Principal{AccountID: "p", Role: authn.RolePrimary}, estA, false},
		{"empty target", authn.Principal{AccountID: "p", Role: authn.RolePrimary}, "", false},
		{"provisional", authn.Principal{AccountID: "v", Role: authn.RoleProvisional}, estA, false},
		{"provisional claiming A", authn.Principal{AccountID: "v", Role: authn.RoleProvisional, EstablishmentID: estA}, estA, false},
		{"staff", authn.Principal{AccountID: "s", Role: authn.RoleStaff, OfficeCode: "1301", EstablishmentID: estA}, estA, false},
		{"service", authn.Principal{AccountID: "identity", Role: authn.RoleService, EstablishmentID: estA}, estA, false},
		{"nobody", authn.Principal{}, estA, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := authn.RequireEstablishment(tc.p, tc.est)
			checkResource(t, err, tc.ok)
		})
	}
}

func TestRequireOffice(t *testing.T) {
	tests := []struct {
		name   string
		p      authn.Principal
		office string
		ok     bool
	}{
		{"staff of 1301", authn.Principal{AccountID: "s", Role: authn.RoleStaff, OfficeCode: "1301"}, "1301", true},
		{"staff of 1306", authn.Principal{AccountID: "s", Role: authn.RoleStaff, OfficeCode: "1306"}, "1301", false},
		{"staff without office", authn.Principal{AccountID: "s", Role: authn.RoleStaff}, "1301", false},
		{"empty target", authn.Principal{AccountID: "s", Role: authn.RoleStaff, OfficeCode: "1301"}, "", false},
		{"primary claiming the office", authn.Principal{AccountID: "p", Role: authn.RolePrimary, OfficeCode: "1301"}, "1301", false},
		{"service claiming the office", authn.Principal{AccountID: "identity", Role: authn.RoleService, OfficeCode: "1301"}, "1301", false},
		{"nobody", authn.Principal{}, "1301", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkResource(t, authn.RequireOffice(tc.p, tc.office), tc.ok)
		})
	}
}

// checkResource: allowed is nil; every refusal is the one NOT_FOUND answer, the same
// for every reason, so that it cannot tell another tenant's object from a missing one.
func checkResource(t *testing.T, err error, ok bool) {
	t.Helper()
	if ok {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	if !errors.Is(err, authn.ErrNotFound) {
		t.Fatalf("got %v, want authn.ErrNotFound", err)
	}
	e, _ := errs.As(err)
	if e.Kind != errs.KindNotFound || e.Reason != "NOT_FOUND" || e.MessageJA != authn.ErrNotFound.MessageJA || len(e.Metadata) != 0 {
		t.Fatalf("refusal differs from the uniform NOT_FOUND: %+v", e)
	}
}
