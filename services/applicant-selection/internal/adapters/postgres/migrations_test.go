package postgres_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/directrequest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/migrations"
)

// upTo is the service's migrations up to and including version (a file name prefix).
func upTo(t *testing.T, version string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") && e.Name()[:5] <= version {
			data, err := fs.ReadFile(migrations.FS, e.Name())
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = &fstest.MapFile{Data: data}
		}
	}
	return out
}

// TestMigrations_DirectRequestsOfEarlierVersionsGetTheirThread (MSG-1, SEEK-1): a
// 直接リクエスト stored before migration 00005 gets its thread, owned by the account that
// sent it, with the request's message as its first message; migration 00006 makes the
// 32-byte key of the per-establishment seeker handles; the stored request is unchanged.
func TestMigrations_DirectRequestsOfEarlierVersionsGetTheirThread(t *testing.T) {
	url := pgtest.NewDatabase(t)
	pool := pgtest.Pool(t, url, "applicant_selection", nil)
	ctx := context.Background()
	if err := pgkit.Migrate(ctx, pool, "applicant_selection", upTo(t, "00004")); err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	r := &directrequest.Request{ID: "dr-1", EstablishmentID: "est-a", PostingID: "posting-a", Seeker: mustNumber("13010-00000001"),
		Message: "ぜひご応募ください。", SentBy: "acc-sender", SentAt: sent, Status: directrequest.StatusSent}
	if err := postgres.NewDirectRequests(pool).Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := pgkit.Migrate(ctx, pool, "applicant_selection", migrations.FS); err != nil {
		t.Fatal(err)
	}
	msgs := postgres.NewMessages(pool)
	th, err := msgs.ThreadOfDirectRequest(ctx, "dr-1")
	if err != nil || th == nil {
		t.Fatalf("the request's thread: %v %v", th, err)
	}
	if th.Owner != "acc-sender" || th.EstablishmentID != "est-a" || th.PostingID != "posting-a" || th.Seeker.String() != "13010-00000001" {
		t.Errorf("thread %+v", th)
	}
	ms, err := msgs.List(ctx, th.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("messages %v %v", ms, err)
	}
	if m := ms[0]; m.Body != "ぜひご応募ください。" || m.From != message.FromEmployer || m.AccountID != "acc-sender" || !m.SentAt.Equal(sent) {
		t.Errorf("first message %+v", m)
	}
	if got, err := postgres.NewDirectRequests(pool).Get(ctx, "dr-1"); err != nil || got.Message != r.Message || got.Seeker != r.Seeker {
		t.Errorf("the stored request %+v %v", got, err)
	}
	key, err := postgres.SeekerRefKey(ctx, pool)
	if err != nil || len(key) != 32 {
		t.Errorf("seeker_ref key of %d bytes, %v", len(key), err)
	}
}
