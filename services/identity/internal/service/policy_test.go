package service

import (
	"testing"

	"github.com/hellowork-jp/hellowork/libs/authz"
	authzv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/authz/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

// TestAuthz_MatrixMatchesDeclaredPolicy: the policy each RPC declares in
// identity_service.proto (enforced by libs/grpcx before any handler runs) admits
// exactly the principals the authorisation matrix allows. The matrix test then proves
// the handlers and the interceptor together.
func TestAuthz_MatrixMatchesDeclaredPolicy(t *testing.T) {
	sd := identityv1.File_hellowork_identity_v1_identity_service_proto.Services().ByName("IdentityService")
	for i := range sd.Methods().Len() {
		md := sd.Methods().Get(i)
		name := string(md.Name())
		p, ok := authz.Declared(md)
		if !ok {
			t.Errorf("%s declares no policy", name)
			continue
		}
		if err := authz.Validate(p); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var declared who
		if p.GetPublic() {
			declared = anyone
		}
		for _, r := range p.GetRoles() {
			declared |= map[authzv1.Role]who{authzv1.Role_ROLE_PRIMARY: primary, authzv1.Role_ROLE_ADDITIONAL: additional,
				authzv1.Role_ROLE_PROVISIONAL: provisional, authzv1.Role_ROLE_STAFF: staff}[r]
		}
		if len(p.GetServices()) > 0 {
			declared |= service
		}
		if r, ok := authzMatrix[name]; !ok || r.allow != declared {
			t.Errorf("%s: proto declares %v, matrix allows %v", name, declared, authzMatrix[name].allow)
		}
	}
}
