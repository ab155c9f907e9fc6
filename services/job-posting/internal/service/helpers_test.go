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
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
)

// The component tests boot the real job-posting process with libs/testkit/servicetest
// (runner, PostgreSQL, embedded NATS with JetStream, fake clock). Establishments reach
// the read model as employer-registration's events, published on its stream.

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

func jst(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, clock.JST) }

type harness struct {
	*servicetest.Service
	t      testing.TB
	client jpv1.JobPostingServiceClient
}

func newHarness(t testing.TB, start time.Time) *harness {
	t.Helper()
	svc := servicetest.New(t, servicetest.WithClock(clock.NewFake(start)), servicetest.WithStreams("employer-registration"))
	svc.Start(func(c config.Common) (runner.Spec, error) {
		return Spec(Config{Common: c, RenewalLeadDays: 14, ExpiryPollInterval: 20 * time.Millisecond},
			Options{Clock: svc.Clock, Log: svc.Log, Listener: svc.Listener, Verifier: svc.Auth.Verifier,
				Consumer: func(cc *outbox.ConsumerConfig) { cc.AckWait = 5 * time.Second }})
	})
	return &harness{Service: svc, t: t, client: jpv1.NewJobPostingServiceClient(svc.Conn)}
}

// Principals.
func employer(est string) authn.Principal {
	return authn.Principal{AccountID: "acc-" + est, SessionID: "s-" + est, Role: authn.RolePrimary, EstablishmentID: est, Email: est + "@example.co.jp"}
}

func staff(office string) authn.Principal {
	return authn.Principal{AccountID: "staff-" + office, SessionID: "ss-" + office, Role: authn.RoleStaff, OfficeCode: office}
}

// establishment publishes employer-registration's acceptance and waits for the read model.
func (h *harness) establishment(id, name, office string) {
	h.t.Helper()
	ev, err := outbox.NewEvent(id, 1, h.Clock.Now(), &erv1.EstablishmentAccepted{EstablishmentId: id, Name: name, OfficeCode: office})
	if err != nil {
		h.t.Fatal(err)
	}
	h.Publish(ev)
	testkit.Eventually(h.t, 10*time.Second, func() bool {
		var n int
		_ = h.Pool.QueryRow(context.Background(), `SELECT count(*) FROM establishments WHERE id = $1`, id).Scan(&n)
		return n == 1
	}, "establishment %s in the read model", id)
}

func (h *harness) as(p authn.Principal) context.Context { return h.As(context.Background(), p) }

// sections is a complete, lawful full-time posting in 千代田区 (the domain fixture):
// 250,000 yen a month for 8 h a day and 20 days a month.
func sections() []*jpv1.UpdatePostingSectionRequest {
	upload := false
	_ = upload
	return []*jpv1.UpdatePostingSectionRequest{
		{Section: &jpv1.UpdatePostingSectionRequest_Category{Category: &jpv1.CategorySection{Category: jpv1.Category_CATEGORY_GENERAL,
			TimeClass: jpv1.TimeClass_TIME_CLASS_FULL_TIME, Scope: jpv1.Scope_SCOPE_FULL, OnlineApplication: jpv1.OnlineApplication_ONLINE_APPLICATION_ACCEPTED, Openings: 2, RecruitmentReason: "増員"}}},
		{Section: &jpv1.UpdatePostingSectionRequest_Workplace{Workplace: &jpv1.WorkplaceSection{PostalCode: "100-8916", Municipality: "13101",
			Address: "霞が関1-2-2", NearestStation: "霞ケ関駅", Transport: "徒歩", TravelMinutes: 3, SmokingMeasure: true, SmokingNote: "屋内禁煙"}}},
		{Section: &jpv1.UpdatePostingSectionRequest_Job{Job: &jpv1.JobSection{Occupation: "一般事務", Description: "書類作成、電話応対、データ入力などの事務",
			EmploymentForm: jpv1.EmploymentForm_EMPLOYMENT_FORM_REGULAR, Dispatch: jpv1.DispatchContract_DISPATCH_CONTRACT_NONE,
			Education: jpv1.Requirement_REQUIREMENT_NOT_REQUIRED, Experience: jpv1.Requirement_REQUIREMENT_NOT_REQUIRED,
			Licences: jpv1.Requirement_REQUIREMENT_NOT_REQUIRED, DriverLicence: jpv1.DriverLicence_DRIVER_LICENCE_NOT_NEEDED}}},
		{Section: &jpv1.UpdatePostingSectionRequest_Wage{Wage: &jpv1.WageSection{Pay: &jpv1.Pay{Form: jpv1.PayForm_PAY_FORM_MONTHLY, Base: &jpv1.Range{Lower: 230_000, Upper: 280_000},
			Allowances: []*jpv1.Allowance{{Name: "職務手当", Kind: jpv1.AllowanceKind_ALLOWANCE_KIND_REGULAR, Amount: &jpv1.Range{Lower: 20_000}}}},
			MonthlyWorkDaysTenths: 200, ClosingDay: 31, PayMonth: 1, PayDay: 25}}},
		{Section: &jpv1.UpdatePostingSectionRequest_Hours{Hours: &jpv1.HoursSection{Shifts: []*jpv1.Shift{{Start: 540, End: 1080}}, BreakMinutes: 60,
			AnnualHolidays: 120, DaysOff: []jpv1.Weekday{jpv1.Weekday_WEEKDAY_SATURDAY, jpv1.Weekday_WEEKDAY_SUNDAY, jpv1.Weekday_WEEKDAY_NATIONAL_HOLIDAYS},
			TwoDaysOff: jpv1.WeeklyTwoDaysOff_WEEKLY_TWO_DAYS_OFF_EVERY_WEEK, PaidLeaveAfter_6M: 10}}},
		{Section: &jpv1.UpdatePostingSectionRequest_Benefits{Benefits: &jpv1.BenefitsSection{Insurances: []jpv1.Insurance{jpv1.Insurance_INSURANCE_EMPLOYMENT,
			jpv1.Insurance_INSURANCE_WORKERS_COMPENSATION, jpv1.Insurance_INSURANCE_HEALTH, jpv1.Insurance_INSURANCE_PENSION},
			RetirementAge: 60, Reemployment: true, ReemploymentUpTo: 65}}},
		{Section: &jpv1.UpdatePostingSectionRequest_Pr{Pr: &jpv1.PRSection{Pr: "未経験の方も歓迎します。", Features: []jpv1.Feature{jpv1.Feature_FEATURE_SMOKING_MEASURES}}}},
		{Section: &jpv1.UpdatePostingSectionRequest_Selection{Selection: &jpv1.SelectionSection{Methods: []jpv1.SelectionMethod{jpv1.SelectionMethod_SELECTION_METHOD_DOCUMENTS, jpv1.SelectionMethod_SELECTION_METHOD_INTERVIEW}, ResultDays: 7,
			Documents: "履歴書、職務経歴書", Contact: &jpv1.Contact{Title: "総務課長", Name: "厚労 太郎", Phone: "03-5253-1111", Email: "saiyo@example.co.jp"}}}},
	}
}

// draft creates a posting and saves the sections (each may be changed by edit first).
func (h *harness) draft(ctx context.Context, edit func([]*jpv1.UpdatePostingSectionRequest)) *jpv1.Posting {
	h.t.Helper()
	p, err := h.client.CreatePosting(ctx, &jpv1.CreatePostingRequest{})
	if err != nil {
		h.t.Fatalf("create: %v", err)
	}
	secs := sections()
	if edit != nil {
		edit(secs)
	}
	for _, s := range secs {
		s.PostingId = p.GetPostingId()
		res, err := h.client.UpdatePostingSection(ctx, s)
		if err != nil {
			h.t.Fatalf("save section %T: %v", s.GetSection(), err)
		}
		p = res.GetPosting()
	}
	return p
}

// submitted drafts and submits, confirming every warning.
func (h *harness) submitted(ctx context.Context, edit func([]*jpv1.UpdatePostingSectionRequest)) *jpv1.Posting {
	h.t.Helper()
	p := h.draft(ctx, edit)
	res, err := h.client.SubmitPosting(ctx, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId()})
	if st, ok := status.FromError(err); ok && err != nil && reasonOf(err) == "WARNINGS_NOT_CONFIRMED" {
		var codes []string
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok {
				for _, v := range br.GetFieldViolations() {
					codes = append(codes, v.GetReason()+"@"+v.GetField())
				}
			}
		}
		res, err = h.client.SubmitPosting(ctx, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId(), ConfirmedWarnings: codes})
	}
	if err != nil {
		h.t.Fatalf("submit: %v", err)
	}
	return res.GetPosting()
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

func fieldViolations(err error) []*errdetails.BadRequest_FieldViolation {
	st, _ := status.FromError(err)
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			return br.GetFieldViolations()
		}
	}
	return nil
}

func wantCode(t testing.TB, err error, code codes.Code, reason string) {
	t.Helper()
	if status.Code(err) != code || (reason != "" && reasonOf(err) != reason) {
		t.Fatalf("got %v (reason %q), want %v %s", err, reasonOf(err), code, reason)
	}
}

// lastEvent waits for the last event of type m on job-posting's stream whose
// aggregate is id, and decodes it into m.
func (h *harness) lastEvent(m proto.Message, match func() bool) {
	h.t.Helper()
	subject := string(m.ProtoReflect().Descriptor().FullName())
	testkit.Eventually(h.t, 10*time.Second, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		s, err := h.JS.Stream(ctx, outbox.StreamName(Name))
		if err != nil {
			return false
		}
		msg, err := s.GetLastMsgForSubject(ctx, subject)
		if errors.Is(err, jetstream.ErrMsgNotFound) || err != nil {
			return false
		}
		return proto.Unmarshal(msg.Data, m) == nil && match()
	}, "event %s", subject)
}

func seekerPortal() authn.Principal {
	return authn.Principal{AccountID: "seeker-portal", Role: authn.RoleService}
}

func errMessageJA(err error) string {
	st, _ := status.FromError(err)
	for _, d := range st.Details() {
		if m, ok := d.(*errdetails.LocalizedMessage); ok {
			return m.GetMessage()
		}
	}
	return st.Message()
}
