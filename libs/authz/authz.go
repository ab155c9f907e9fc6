// Package authz decides WHO may call an RPC from the policy declared on it in the
// proto (option (hellowork.authz.v1.policy), proto/hellowork/authz/v1/authz.proto).
// libs/grpcx enforces it for every call; a method without a valid policy refuses
// every call (closed by default).
//
// WHICH resource a caller may touch (its own establishment, its own office) is not
// decided here: the application checks it with authn.RequireEstablishment and
// authn.RequireOffice.
package authz

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	authzv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/authz/v1"
)

// ErrAdditionalAccountNotAllowed refuses an additional account where the primary
// account may act (ACC-2: only the primary account manages accounts, withdraws or
// changes the login account). Same reason and texts as identity's refusal.
var ErrAdditionalAccountNotAllowed = errs.New(errs.KindPermissionDenied, "ADDITIONAL_ACCOUNT_NOT_ALLOWED",
	"an additional account cannot manage login accounts or withdraw").WithRule("ACC-2")

// ErrNoPolicy is the cause (for logs) of refusing a method that declares no policy.
var ErrNoPolicy = errors.New("authz: the method declares no authorization policy")

// Resolver finds the policy of a method by its full gRPC name ("/pkg.Svc/Method").
// It returns ErrNoPolicy (wrapped) when there is none, or the reason the declared one
// is invalid; either way the method must refuse every call.
type Resolver interface {
	Policy(fullMethod string) (*authzv1.Policy, error)
}

// Registry resolves the policies declared on the service descriptors registered in
// protoregistry.GlobalFiles (every generated hellowork package registers its files
// when linked). Results are cached per method.
var Registry Resolver = &registry{files: protoregistry.GlobalFiles}

type registry struct {
	files *protoregistry.Files
	cache sync.Map // full method → resolved
}

type resolved struct {
	policy *authzv1.Policy
	err    error
}

func (r *registry) Policy(fullMethod string) (*authzv1.Policy, error) {
	if v, ok := r.cache.Load(fullMethod); ok {
		res := v.(resolved)
		return res.policy, res.err
	}
	p, err := r.lookup(fullMethod)
	r.cache.Store(fullMethod, resolved{p, err})
	return p, err
}

func (r *registry) lookup(fullMethod string) (*authzv1.Policy, error) {
	name, ok := methodName(fullMethod)
	if !ok {
		return nil, fmt.Errorf("%w: malformed method name %q", ErrNoPolicy, fullMethod)
	}
	d, err := r.files.FindDescriptorByName(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not in the registered descriptors", ErrNoPolicy, name)
	}
	md, ok := d.(protoreflect.MethodDescriptor)
	if !ok {
		return nil, fmt.Errorf("%w: %s is not a method", ErrNoPolicy, name)
	}
	p, ok := Declared(md)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoPolicy, name)
	}
	if err := Validate(p); err != nil {
		return nil, fmt.Errorf("authz: %s: %w", name, err)
	}
	return p, nil
}

// methodName turns "/pkg.Svc/Method" into "pkg.Svc.Method".
func methodName(fullMethod string) (protoreflect.FullName, bool) {
	s, ok := strings.CutPrefix(fullMethod, "/")
	if !ok {
		return "", false
	}
	svc, m, ok := strings.Cut(s, "/")
	if !ok || svc == "" || m == "" || strings.Contains(m, "/") {
		return "", false
	}
	n := protoreflect.FullName(svc + "." + m)
	return n, n.IsValid()
}

// Declared returns the policy option of md, if it declares one.
func Declared(md protoreflect.MethodDescriptor) (*authzv1.Policy, bool) {
	opts := md.Options()
	if opts == nil || !proto.HasExtension(opts, authzv1.E_Policy) {
		return nil, false
	}
	p, ok := proto.GetExtension(opts, authzv1.E_Policy).(*authzv1.Policy)
	return p, ok && p != nil
}

// Validate reports why a declared policy cannot be enforced: it admits no one, it
// mixes public with roles or services, it names ROLE_UNSPECIFIED, ROLE_SERVICE (name
// the services instead) or an unknown role, or an empty service name.
func Validate(p *authzv1.Policy) error {
	if p == nil {
		return errors.New("no policy")
	}
	if p.GetPublic() {
		if len(p.GetRoles()) > 0 || len(p.GetServices()) > 0 {
			return errors.New("a public policy lists no roles or services")
		}
		return nil
	}
	if len(p.GetRoles()) == 0 && len(p.GetServices()) == 0 {
		return errors.New("empty policy: it admits no one (declare roles, services or public)")
	}
	for _, r := range p.GetRoles() {
		switch r {
		case authzv1.Role_ROLE_PRIMARY, authzv1.Role_ROLE_ADDITIONAL, authzv1.Role_ROLE_PROVISIONAL, authzv1.Role_ROLE_STAFF:
		case authzv1.Role_ROLE_SERVICE:
			return errors.New("ROLE_SERVICE in roles: list the calling services by name in services")
		default:
			return fmt.Errorf("invalid role %v", r)
		}
	}
	for _, s := range p.GetServices() {
		if strings.TrimSpace(s) == "" || s != strings.TrimSpace(s) {
			return fmt.Errorf("invalid service name %q", s)
		}
	}
	return nil
}

// RoleOf maps a policy role to the token role.
func RoleOf(r authzv1.Role) (authn.Role, bool) {
	switch r {
	case authzv1.Role_ROLE_PRIMARY:
		return authn.RolePrimary, true
	case authzv1.Role_ROLE_ADDITIONAL:
		return authn.RoleAdditional, true
	case authzv1.Role_ROLE_PROVISIONAL:
		return authn.RoleProvisional, true
	case authzv1.Role_ROLE_STAFF:
		return authn.RoleStaff, true
	case authzv1.Role_ROLE_SERVICE:
		return authn.RoleService, true
	}
	return "", false
}

// Allow decides whether the authenticated principal p may call a method with the
// (valid, non-public) policy pol. A staff principal must carry its office code, a
// service principal must be named in pol.services. An additional account refused
// where the primary account is admitted gets ErrAdditionalAccountNotAllowed; every
// other refusal is errs.ErrPermissionDenied (a refusal by role names no resource, so
// it reveals nothing about any tenant).
func Allow(pol *authzv1.Policy, p authn.Principal) error {
	if pol.GetPublic() {
		return nil
	}
	if p.Role == authn.RoleService {
		for _, s := range pol.GetServices() {
			if p.AccountID != "" && p.AccountID == s {
				return nil
			}
		}
		return errs.ErrPermissionDenied.Wrap(fmt.Errorf("service %q is not among %v", p.AccountID, pol.GetServices()))
	}
	primaryAdmitted := false
	for _, r := range pol.GetRoles() {
		role, ok := RoleOf(r)
		if !ok || role == authn.RoleService {
			continue
		}
		if role == authn.RolePrimary {
			primaryAdmitted = true
		}
		if p.Role != role {
			continue
		}
		if role == authn.RoleStaff && p.OfficeCode == "" {
			return errs.ErrPermissionDenied.Wrap(errors.New("staff principal without an office code"))
		}
		return nil
	}
	if p.Role == authn.RoleAdditional && primaryAdmitted {
		return ErrAdditionalAccountNotAllowed
	}
	return errs.ErrPermissionDenied.Wrap(fmt.Errorf("role %q is not among %v", p.Role, pol.GetRoles()))
}

// Static is a fixed policy table for hand-declared or fake services in tests: keys are
// full method names ("/pkg.Svc/Method") or service prefixes ending in "/". Production
// servers always use Registry.
type Static map[string]*authzv1.Policy

// Policy implements Resolver.
func (s Static) Policy(fullMethod string) (*authzv1.Policy, error) {
	p, ok := s[fullMethod]
	if !ok {
		for k, v := range s {
			if strings.HasSuffix(k, "/") && strings.HasPrefix(fullMethod, k) {
				p, ok = v, true
				break
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoPolicy, fullMethod)
	}
	if err := Validate(p); err != nil {
		return nil, fmt.Errorf("authz: %s: %w", fullMethod, err)
	}
	return p, nil
}

// Public is the policy of a method that needs no token.
func Public() *authzv1.Policy { return &authzv1.Policy{Public: true} }

// Roles is the policy admitting the given signed-in roles.
func Roles(r ...authzv1.Role) *authzv1.Policy { return &authzv1.Policy{Roles: r} }

// Services is the policy admitting the named services.
func Services(names ...string) *authzv1.Policy { return &authzv1.Policy{Services: names} }

// Audit walks every service of files whose package starts with packagePrefix (e.g.
// "hellowork.") and returns the number of methods and one line per method without a
// valid policy. TestAuthz_EveryMethodDeclaresPolicy requires no line.
func Audit(files *protoregistry.Files, packagePrefix string) (methods int, problems []string) {
	files.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), packagePrefix) {
			return true
		}
		for i := range fd.Services().Len() {
			sd := fd.Services().Get(i)
			for j := range sd.Methods().Len() {
				md := sd.Methods().Get(j)
				methods++
				p, ok := Declared(md)
				if !ok {
					problems = append(problems, fmt.Sprintf("%s: no (hellowork.authz.v1.policy) option", md.FullName()))
					continue
				}
				if err := Validate(p); err != nil {
					problems = append(problems, fmt.Sprintf("%s: %v", md.FullName(), err))
				}
			}
		}
		return true
	})
	return methods, problems
}
