package service

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/google/uuid"

	"github.com/hellowork-jp/hellowork/libs/authz"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/testkit/secretscan"
)

func newUUID() string { return uuid.Must(uuid.NewV7()).String() }

func sixDigits(n int) string { return fmt.Sprintf("%06d", n) }

func fmtAny(v any) string { return fmt.Sprint(v) }

// PublicMethodsForTest are the methods whose declared policy (option
// (hellowork.authz.v1.policy) in identity_service.proto) is public.
func PublicMethodsForTest() []string {
	sd := identityv1.File_hellowork_identity_v1_identity_service_proto.Services().ByName("IdentityService")
	var out []string
	for i := range sd.Methods().Len() {
		md := sd.Methods().Get(i)
		if p, ok := authz.Declared(md); ok && p.GetPublic() {
			out = append(out, "/"+string(sd.FullName())+"/"+string(md.Name()))
		}
	}
	return out
}

// dumpDatabase returns every text-rendered row of the identity schema.
func dumpDatabase(t testing.TB, e *env) string {
	t.Helper()
	ctx := context.Background()
	rows, err := e.pool.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'identity' AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range names {
		var s string
		if err := e.pool.QueryRow(ctx, `SELECT coalesce(string_agg(t::text, E'\n'), '') FROM `+pgx.Identifier{n}.Sanitize()+` t`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(s)
	}
	return b.String()
}

// containsSecret looks for s as a whole token of text (a short code can occur by chance
// inside hex ids and hashes) and as its hex encoding (bytea renders as \x…).
func containsSecret(dump, s string) bool {
	return secretscan.ContainsToken(dump, s) || strings.Contains(dump, hex.EncodeToString([]byte(s)))
}
