package authz_test

import (
	"errors"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authz"
	"github.com/hellowork-jp/hellowork/libs/authz/authztest"
	"github.com/hellowork-jp/hellowork/libs/errs"
	authzv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/authz/v1"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		p    *authzv1.Policy
		ok   bool
	}{
		{"nil", nil, false},
		{"empty", &authzv1.Policy{}, false},
		{"public", authz.Public(), true},
		{"public with roles", &authzv1.Policy{Public: true, Roles: []authzv1.Role{authzv1.Role_ROLE_STAFF}}, false},
		{"public with services", &authzv1.Policy{Public: true, Services: []string{"identity"}}, false},
		{"roles", authz.Roles(authzv1.Role_ROLE_PRIMARY, authzv1.Role_ROLE_ADDITIONAL), true},
		{"unspecified role", authz.Roles(authzv1.Role_ROLE_UNSPECIFIED), false},
		{"unknown role", authz.Roles(authzv1.Role(99)), false},
		{"service role without a name", authz.Roles(authzv1.Role_ROLE_SERVICE), false},
		{"services", authz.Services("identity"), true},
		{"empty service name", authz.Services(""), false},
		{"padded service name", authz.Services(" identity"), false},
		{"roles and services", &authzv1.Policy{Roles: []authzv1.Role{authzv1.Role_ROLE_STAFF}, Services: []string{"identity"}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := authz.Validate(tc.p); (err == nil) != tc.ok {
				t.Fatalf("Validate = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestAllow(t *testing.T) {
	var (
		primary     = authn.Principal{AccountID: "p", Role: authn.RolePrimary, EstablishmentID: "e"}
		additional  = authn.Principal{AccountID: "a", Role: authn.RoleAdditional, EstablishmentID: "e"}
		provisional = authn.Principal{AccountID: "v", Role: authn.RoleProvisional}
		staff       = authn.Principal{AccountID: "s", Role: authn.RoleStaff, OfficeCode: "1301"}
		staffNoOff  = authn.Principal{AccountID: "s", Role: authn.RoleStaff}
		identity    = authn.Principal{AccountID: "identity", Role: authn.RoleService}
		jobPosting  = authn.Principal{AccountID: "job-posting", Role: authn.RoleService}
		nameless    = authn.Principal{Role: authn.RoleService}
	)
	const ok, denied, acc2 = "", "PERMISSION_DENIED", "ADDITIONAL_ACCOUNT_NOT_ALLOWED"
	tests := []struct {
		name   string
		pol    *authzv1.Policy
		p      authn.Principal
		reason string
	}{
		{"public admits a service", authz.Public(), jobPosting, ok},
		{"primary", authz.Roles(authzv1.Role_ROLE_PRIMARY), primary, ok},
		{"additional where only primary (ACC-2)", authz.Roles(authzv1.Role_ROLE_PRIMARY), additional, acc2},
		{"additional where primary and staff", authz.Roles(authzv1.Role_ROLE_PRIMARY, authzv1.Role_ROLE_STAFF), additional, acc2},
		{"additional where staff only", authz.Roles(authzv1.Role_ROLE_STAFF), additional, denied},
		{"additional admitted", authz.Roles(authzv1.Role_ROLE_PRIMARY, authzv1.Role_ROLE_ADDITIONAL), additional, ok},
		{"provisional where employers", authz.Roles(authzv1.Role_ROLE_PRIMARY, authzv1.Role_ROLE_ADDITIONAL), provisional, denied},
		{"provisional admitted", authz.Roles(authzv1.Role_ROLE_PROVISIONAL), provisional, ok},
		{"staff", authz.Roles(authzv1.Role_ROLE_STAFF), staff, ok},
		{"staff without office", authz.Roles(authzv1.Role_ROLE_STAFF), staffNoOff, denied},
		{"staff where employers", authz.Roles(authzv1.Role_ROLE_PRIMARY), staff, denied},
		{"named service", authz.Services("identity"), identity, ok},
		{"other service", authz.Services("identity"), jobPosting, denied},
		{"nameless service", authz.Services("identity"), nameless, denied},
		{"service where roles only", authz.Roles(authzv1.Role_ROLE_STAFF), identity, denied},
		{"ROLE_SERVICE in roles never admits", &authzv1.Policy{Roles: []authzv1.Role{authzv1.Role_ROLE_SERVICE}}, identity, denied},
		{"staff where services only", authz.Services("identity"), staff, denied},
		{"no principal", authz.Roles(authzv1.Role_ROLE_PRIMARY), authn.Principal{}, denied},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := authz.Allow(tc.pol, tc.p)
			if tc.reason == ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, isErrs := errs.As(err)
			if !isErrs || e.Kind != errs.KindPermissionDenied || e.Reason != tc.reason {
				t.Fatalf("got %v, want PERMISSION_DENIED %s", err, tc.reason)
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	authztest.RegisterService(t, "authztest.v1.Sample", map[string]*authzv1.Policy{
		"Open":   authz.Public(),
		"Staff":  authz.Roles(authzv1.Role_ROLE_STAFF),
		"None":   nil,
		"Empty":  {},
		"Mixed":  {Public: true, Services: []string{"identity"}},
		"Called": authz.Services("identity"),
	})
	for _, tc := range []struct {
		method string
		ok     bool
	}{
		{"/authztest.v1.Sample/Open", true},
		{"/authztest.v1.Sample/Staff", true},
		{"/authztest.v1.Sample/Called", true},
		{"/authztest.v1.Sample/None", false},
		{"/authztest.v1.Sample/Empty", false},
		{"/authztest.v1.Sample/Mixed", false},
		{"/authztest.v1.Sample/Missing", false},
		{"/authztest.v1.Nope/Open", false},
		{"/authztest.v1.Sample", false},
		{"authztest.v1.Sample/Open", false},
		{"/authztest.v1.Sample/Open/x", false},
		{"", false},
	} {
		// Twice: the second answer comes from the cache.
		for range 2 {
			p, err := authz.Registry.Policy(tc.method)
			if (err == nil) != tc.ok || (err == nil) != (p != nil) {
				t.Fatalf("%q: %v %v, want ok=%v", tc.method, p, err, tc.ok)
			}
		}
	}
	if _, err := authz.Registry.Policy("/authztest.v1.Sample/None"); !errors.Is(err, authz.ErrNoPolicy) {
		t.Fatalf("undeclared: %v, want ErrNoPolicy", err)
	}
	if p, _ := authz.Registry.Policy("/authztest.v1.Sample/Staff"); len(p.GetRoles()) != 1 || p.GetRoles()[0] != authzv1.Role_ROLE_STAFF {
		t.Fatalf("policy read back as %v", p)
	}
}

func TestStatic(t *testing.T) {
	s := authz.Static{
		"/a.B/":      authz.Public(),
		"/a.C/Staff": authz.Roles(authzv1.Role_ROLE_STAFF),
		"/a.C/Bad":   {},
	}
	if p, err := s.Policy("/a.B/Anything"); err != nil || !p.GetPublic() {
		t.Fatalf("prefix: %v %v", p, err)
	}
	if _, err := s.Policy("/a.C/Staff"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Policy("/a.C/Other"); !errors.Is(err, authz.ErrNoPolicy) {
		t.Fatalf("unlisted: %v", err)
	}
	if _, err := s.Policy("/a.C/Bad"); err == nil {
		t.Fatal("empty policy accepted")
	}
}
