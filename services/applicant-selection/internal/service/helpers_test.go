package service

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	idv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
)

// The component tests boot the real applicant-selection process with
// libs/testkit/servicetest (runner, PostgreSQL, embedded NATS, fake clock). Postings
// and accounts reach the read models as job-posting's and identity's events, published
// on their streams; the seeker portal is a client with its service credential.

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

func jst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, clock.JST)
}

type harness struct {
	*servicetest.Service
	t      testing.TB
	client asv1.ApplicantSelectionServiceClient
	portal asv1.SeekerPortalServiceClient
	seq    int
}

// newHarness boots the service at start; configure adjusts its configuration.
func newHarness(t testing.TB, start time.Time, configure ...func(*Config)) *harness {
	t.Helper()
	svc := servicetest.New(t, servicetest.WithClock(clock.NewFake(start)), servicetest.WithStreams("job-posting", "identity"))
	svc.Start(func(c config.Common) (runner.Spec, error) {
		cfg := Config{Common: c, ReminderPollInterval: 20 * time.Millisecond}
		for _, f := range configure {
			f(&cfg)
		}
		return Spec(cfg,
			Options{Clock: svc.Clock, Log: svc.Log, Listener: svc.Listener, Verifier: svc.Auth.Verifier,
				Consumer: func(cc *outbox.ConsumerConfig) { cc.AckWait = 5 * time.Second }})
	})
	return &harness{Service: svc, t: t, client: asv1.NewApplicantSelectionServiceClient(svc.Conn),
		portal: asv1.NewSeekerPortalServiceClient(svc.Conn)}
}

// Principals.
func employer(est string) authn.Principal {
	return authn.Principal{AccountID: "acc-" + est, SessionID: "s-" + est, Role: authn.RolePrimary, EstablishmentID: est, Email: est + "@example.co.jp"}
}

func additional(est, id string) authn.Principal {
	return authn.Principal{AccountID: id, SessionID: "s-" + id, Role: authn.RoleAdditional, EstablishmentID: est}
}

func staff(office string) authn.Principal {
	return authn.Principal{AccountID: "staff-" + office, SessionID: "ss-" + office, Role: authn.RoleStaff, OfficeCode: office}
}

func service(name string) authn.Principal {
	return authn.Principal{AccountID: name, Role: authn.RoleService}
}

func (h *harness) as(p authn.Principal) context.Context { return h.As(context.Background(), p) }

func (h *harness) portalCtx() context.Context { return h.as(service("seeker-portal")) }

// Establishment ids (UUIDs: CountPendingSelfApplications validates them).
const (
	estA = "01900000-0000-7000-8000-00000000000a"
	estB = "01900000-0000-7000-8000-00000000000b"
)

func (h *harness) publish(id string, m proto.Message) {
	h.t.Helper()
	h.seq++
	ev, err := outbox.NewEvent(id, int64(h.seq), h.Clock.Now(), m)
	if err != nil {
		h.t.Fatal(err)
	}
	h.Publish(ev)
}

// primary publishes identity's AccountOpened of the establishment's primary account.
func (h *harness) primary(est string) {
	h.t.Helper()
	h.publish("acc-"+est, &idv1.AccountOpened{AccountId: "acc-" + est, EstablishmentId: est, Email: est[len(est)-1:] + "@example.co.jp",
		Role: idv1.AccountRole_ACCOUNT_ROLE_PRIMARY})
	h.waitRow(`SELECT count(*) FROM primary_accounts WHERE establishment_id = $1`, est)
}

func (h *harness) waitRow(sql string, args ...any) {
	h.t.Helper()
	testkit.Eventually(h.t, 10*time.Second, func() bool {
		var n int
		_ = h.Pool.QueryRow(context.Background(), sql, args...).Scan(&n)
		return n > 0
	}, "row for %s", sql)
}

// posting publishes job-posting's acceptance (with its conditions) and publication of
// a scope-1 posting of office 1301 that accepts self-applications, and waits for the
// read model.
func (h *harness) posting(id, est string, edit func(*jpv1.PostingConditions)) {
	h.t.Helper()
	c := &jpv1.PostingConditions{OfficeCode: "1301", OfficeName: "ハローワーク飯田橋", JobNumber: "13010-" + id[len(id)-8:], Occupation: "一般事務",
		Category: jpv1.Category_CATEGORY_GENERAL, Scope: jpv1.Scope_SCOPE_FULL, AcceptsSelfApplication: true, SubmittedBy: "acc-" + est, ContentVersion: 1,
		ReferralDeadline: "2026-06-30", State: jpv1.PostingState_POSTING_STATE_ACCEPTED,
		Content: &jpv1.Content{Job: &jpv1.JobSection{Occupation: "一般事務", Description: "書類作成"}}}
	if edit != nil {
		edit(c)
	}
	h.publish(id, &jpv1.PostingAccepted{PostingId: id, EstablishmentId: est, OfficeCode: c.OfficeCode, JobNumber: c.JobNumber, Conditions: c})
	h.publish(id, &jpv1.PostingPublished{PostingId: id, EstablishmentId: est, JobNumber: c.JobNumber, Scope: c.Scope})
	h.waitRow(`SELECT count(*) FROM postings WHERE id = $1 AND facts->>'Status' = 'PUBLISHED' AND (facts->>'Version')::int >= 1`, id)
}

// invalidate publishes job-posting's invalidation.
func (h *harness) invalidate(id, cause, from string) {
	h.t.Helper()
	h.publish(id, &jpv1.PostingInvalidated{PostingId: id, Cause: cause, InvalidFrom: from})
	h.waitRow(`SELECT count(*) FROM postings WHERE id = $1 AND facts->>'Status' = 'INVALID'`, id)
}

// seeker registers a synthetic seeker through the portal.
func (h *harness) seeker(number string, kind asv1.SeekerKind, mypage bool) {
	h.t.Helper()
	_, err := h.portal.RegisterSeeker(h.portalCtx(), &asv1.RegisterSeekerRequest{SeekerNumber: number, Kind: kind, ValidUntil: "2027-03-31",
		HasMypage: mypage, ContactOffice: &asv1.Office{Code: "1301", Name: "ハローワーク飯田橋"}, Name: "試験 太郎" + number[len(number)-2:],
		Kana: "シケン タロウ", BirthDate: "1990-04-01", Phone: "090-0000-00" + number[len(number)-2:], Email: "seeker" + number[len(number)-2:] + "@example.com",
		Address: "千代田区九段南1-2-3"})
	if err != nil {
		h.t.Fatalf("register seeker: %v", err)
	}
}

func (h *harness) selfApply(number, postingID string) string {
	h.t.Helper()
	res, err := h.portal.ApplyOnline(h.portalCtx(), &asv1.ApplyOnlineRequest{SeekerNumber: number, PostingId: postingID,
		Channel: asv1.Channel_CHANNEL_ONLINE_SELF, Motivation: "事務経験を活かしたいと考え応募しました。"})
	if err != nil {
		h.t.Fatalf("self-apply: %v", err)
	}
	return res.GetApplicantId()
}

func hired() *asv1.SelectionResultInput {
	no := false
	return &asv1.SelectionResultInput{Decision: asv1.Decision_DECISION_HIRED, ConditionMismatch: &no, HireDate: "2026-07-01"}
}

func reasonOf(err error) string {
	st, _ := status.FromError(err)
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.GetReason()
		}
	}
	return ""
}

func localized(err error) string {
	st, _ := status.FromError(err)
	for _, d := range st.Details() {
		if m, ok := d.(*errdetails.LocalizedMessage); ok {
			return m.GetMessage()
		}
	}
	return ""
}

func wantCode(t testing.TB, err error, code codes.Code, reason string) {
	t.Helper()
	if status.Code(err) != code || (reason != "" && reasonOf(err) != reason) {
		t.Fatalf("got %v (reason %q), want %v %s", err, reasonOf(err), code, reason)
	}
}

// events counts the events of type m on applicant-selection's stream and decodes the
// last one into m.
func (h *harness) events(m proto.Message) int {
	h.t.Helper()
	subject := string(m.ProtoReflect().Descriptor().FullName())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	s, err := h.JS.Stream(ctx, outbox.StreamName(Name))
	if err != nil {
		return 0
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(subject))
	if err != nil {
		return 0
	}
	n := int(info.State.Subjects[subject])
	if n > 0 {
		msg, err := s.GetLastMsgForSubject(ctx, subject)
		if err == nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
			_ = proto.Unmarshal(msg.Data, m)
		}
	}
	return n
}
