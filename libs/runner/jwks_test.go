package runner

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"net"
	"testing"

	"google.golang.org/grpc"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

type fakeIdentity struct {
	identityv1.UnimplementedIdentityServiceServer
	key ed25519.PublicKey
}

func (f fakeIdentity) GetJwks(context.Context, *identityv1.GetJwksRequest) (*identityv1.GetJwksResponse, error) {
	return &identityv1.GetJwksResponse{Keys: []*identityv1.Jwk{{
		Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(f.key), Kid: "k1", Alg: "EdDSA", Use: "sig"}}}, nil
}

// M5: with TOKEN_JWKS_ADDR a service takes identity's keys from identity's GetJwks RPC.
func TestIdentityKeys_FetchedOverGRPCFromIdentity(t *testing.T) {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	identityv1.RegisterIdentityServiceServer(srv, fakeIdentity{key: pub})
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)

	keys, conn, err := identityKeys(lis.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	got, err := keys.Key(context.Background(), "k1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(pub) {
		t.Fatal("a different key came back")
	}
	if _, err := keys.Key(context.Background(), "unknown"); err == nil {
		t.Fatal("an unknown key id was accepted")
	}
}
