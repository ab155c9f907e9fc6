package service

import (
	"context"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
)

// fixture is one real employer-registration process (libs/testkit/servicetest: the
// production Spec on its own database and NATS) with a fake clock and test-signed
// tokens, reached over gRPC.
type fixture struct {
	t      *testing.T
	svc    *servicetest.Service
	clk    *clock.Fake
	pool   *pgxpool.Pool
	client erv1.EmployerRegistrationServiceClient
}

// Principals used across the tests: two offices (Tokyo 飯田橋 1301, 新宿 1306) and
// the service identity.
var (
	staff1301 = authn.Principal{AccountID: "staff-1301", Role: authn.RoleStaff, OfficeCode: "1301"}
	staff1306 = authn.Principal{AccountID: "staff-1306", Role: authn.RoleStaff, OfficeCode: "1306"}
	identity  = authn.Principal{AccountID: "identity", Role: authn.RoleService}
)

func provisional(id string) authn.Principal {
	return authn.Principal{AccountID: id, Role: authn.RoleProvisional, Email: id + "@example.co.jp"}
}

func employer(estID string) authn.Principal {
	return authn.Principal{AccountID: "acct-" + estID[:8], Role: authn.RolePrimary, EstablishmentID: estID, Email: "owner@example.co.jp"}
}

var testKey = []byte("0123456789abcdef0123456789abcdef")

func newFixture(t *testing.T) *fixture { t.Helper(); return newFixtureWith(t, nil) }

// newFixtureWith is newFixture with the service settings changed by configure.
func newFixtureWith(t *testing.T, configure func(*Config)) *fixture {
	t.Helper()
	// 2026-06-01 10:00 JST, a Monday.
	clk := clock.NewFake(time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST))
	svc := servicetest.Boot(t, func(c config.Common) (runner.Spec, error) {
		cfg := Config{Common: c, CodeHashKey: base64.StdEncoding.EncodeToString(testKey)}
		if configure != nil {
			configure(&cfg)
		}
		return Spec(cfg, Options{})
	}, servicetest.WithClock(clk))
	return &fixture{t: t, svc: svc, clk: clk, pool: svc.Pool, client: erv1.NewEmployerRegistrationServiceClient(svc.Conn)}
}

// as returns a context carrying a fresh token of p (tokens live 5 minutes on the fake
// clock, which the tests move by days).
func (f *fixture) as(p authn.Principal) context.Context { return f.svc.As(context.Background(), p) }

// must returns v or panics: Go cannot pass a call's two results plus t to a helper, and
// a panic fails the test with the call site in its stack.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("unexpected error: %v", err))
	}
	return v
}

// wantErr checks the gRPC code and the ErrorInfo reason of err.
func wantErr(t *testing.T, err error, code codes.Code, reason string) {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok || err == nil {
		t.Fatalf("want %v %s, got %v", code, reason, err)
	}
	if st.Code() != code {
		t.Fatalf("want code %v, got %v (%v)", code, st.Code(), err)
	}
	if reason == "" {
		return
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			if info.Reason != reason {
				t.Fatalf("want reason %s, got %s", reason, info.Reason)
			}
			return
		}
	}
	t.Fatalf("no ErrorInfo in %v", err)
}

// events returns the payloads of the published events of type typ, oldest first. It
// first waits until the relay has published every event appended so far (the outbox
// table is empty), so the newest event of a call just made is among them.
func (f *fixture) events(typ string) [][]byte {
	f.t.Helper()
	ctx := context.Background()
	testkit.Eventually(f.t, 10*time.Second, func() bool {
		var n int
		if err := f.pool.QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&n); err != nil {
			f.t.Fatal(err)
		}
		return n == 0
	}, "the relay to publish every event")
	// Readiness does not wait for NATS, so the stream may not be declared yet.
	testkit.Eventually(f.t, 10*time.Second, func() bool {
		_, err := f.svc.JS.Stream(ctx, outbox.StreamName(Name))
		return err == nil
	}, "the service to declare its stream")
	cons, err := f.svc.JS.OrderedConsumer(ctx, outbox.StreamName(Name), jetstream.OrderedConsumerConfig{FilterSubjects: []string{typ}})
	if err != nil {
		f.t.Fatal(err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	var out [][]byte
	for pending := int(info.NumPending); pending > 0; {
		batch, err := cons.Fetch(pending, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			f.t.Fatal(err)
		}
		for m := range batch.Messages() {
			out = append(out, m.Data())
			pending--
		}
		if batch.Error() != nil {
			f.t.Fatal(batch.Error())
		}
	}
	return out
}

// lastEvent decodes the newest outbox event of m's type into m, failing if none.
func (f *fixture) lastEvent(m proto.Message) {
	f.t.Helper()
	evs := f.events(string(m.ProtoReflect().Descriptor().FullName()))
	if len(evs) == 0 {
		f.t.Fatalf("no %s event in the outbox", m.ProtoReflect().Descriptor().FullName())
	}
	if err := proto.Unmarshal(evs[len(evs)-1], m); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) countEvents(m proto.Message) int {
	return len(f.events(string(m.ProtoReflect().Descriptor().FullName())))
}

// Valid sections of a Tokyo (千代田区 → 飯田橋 1301) establishment.
func sections() []*erv1.SaveEstablishmentSectionRequest {
	return []*erv1.SaveEstablishmentSectionRequest{
		{Section: &erv1.SaveEstablishmentSectionRequest_Company{Company: &erv1.CompanyBasic{CorporateNumber: "7000012050002",
			CompanyName: "株式会社テスト商事", CompanyNameKana: "ｶﾌﾞｼｷｶﾞｲｼｬﾃｽﾄｼｮｳｼﾞ", HeadOfficePostalCode: "１００－０００１",
			HeadOfficeAddress: "東京都千代田区千代田１－１", EstablishedYear: 1990, CapitalYen: 10_000_000, EmployeesCompany: 50,
			RepresentativeTitle: "代表取締役", RepresentativeName: "試験太郎"}}},
		{Section: &erv1.SaveEstablishmentSectionRequest_Basic{Basic: &erv1.EstablishmentBasic{Name: "テスト商事 本社",
			NameKana: "てすとしょうじ ほんしゃ", PostalCode: "1000001", MunicipalityCode: "13101", Address: "東京都千代田区千代田1-1",
			PhoneNumber: "０３－１２３４－５６７８", IndustryCode: "50"}}},
		{Section: &erv1.SaveEstablishmentSectionRequest_Detail{Detail: &erv1.EstablishmentDetail{EmployeesAtWorkplace: 20,
			EmployeesFemale: 8, EmployeesPartTime: 3, BusinessDescription: "事務用品の卸売および通信販売を行っています。"}}},
		{Section: &erv1.SaveEstablishmentSectionRequest_Workplace{Workplace: &erv1.Workplace{SameAsEstablishment: true, NearestStation: "東京駅"}}},
		{Section: &erv1.SaveEstablishmentSectionRequest_Pr{Pr: &erv1.EstablishmentPR{PrText: "働きやすい職場です。"}}},
	}
}

// profile returns the same data as a counter-registration profile.
func profile() *erv1.EstablishmentProfile {
	s := sections()
	return &erv1.EstablishmentProfile{Company: s[0].GetCompany(), Basic: s[1].GetBasic(), Detail: s[2].GetDetail(),
		Workplace: s[3].GetWorkplace(), Pr: s[4].GetPr()}
}

// submitted creates, fills and submits a provisional registration of account.
func (f *fixture) submitted(account string) *erv1.Establishment {
	f.t.Helper()
	ctx := f.as(provisional(account))
	e := must(f.client.CreateProvisionalEstablishment(ctx, &erv1.CreateProvisionalEstablishmentRequest{}))
	for _, s := range sections() {
		s.EstablishmentId = e.EstablishmentId
		must(f.client.SaveEstablishmentSection(f.as(provisional(account)), s))
	}
	return must(f.client.SubmitProvisionalRegistration(f.as(provisional(account)), &erv1.SubmitProvisionalRegistrationRequest{EstablishmentId: e.EstablishmentId}))
}

// registered returns a registered establishment of office 1301 (via OPEN-1 acceptance).
func (f *fixture) registered(account string) *erv1.Establishment {
	f.t.Helper()
	e := f.submitted(account)
	return must(f.client.AcceptEstablishment(f.as(staff1301), &erv1.AcceptEstablishmentRequest{EstablishmentId: e.EstablishmentId}))
}

func identity2() authn.Principal {
	return authn.Principal{AccountID: "job-posting", Role: authn.RoleService}
}
