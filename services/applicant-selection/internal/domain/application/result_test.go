package application

import (
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// §3.3: 採用 needs 「求人票の労働条件と採用条件の相違」 (yes/no, and the detail when yes);
// the other fields are optional and belong to one decision.
func TestResultInput_MandatoryAndApplicableFields(t *testing.T) {
	cases := []struct {
		name  string
		in    ResultInput
		field string
		want  finding.Reason
	}{
		{"no decision", ResultInput{}, "decision", finding.Required},
		{"unknown decision", ResultInput{Decision: "MAYBE"}, "decision", finding.CodeInvalid},
		{"採用 without the mismatch answer", ResultInput{Decision: Hired}, "condition_mismatch", finding.Required},
		{"採用 with a mismatch and no detail", ResultInput{Decision: Hired, ConditionMismatch: &yes}, "mismatch_detail", finding.Required},
		{"採用 with a mismatch detail of 501 characters", ResultInput{Decision: Hired, ConditionMismatch: &yes, MismatchDetail: strings.Repeat("あ", 501)}, "mismatch_detail", finding.TooLong},
		{"採用 with a hire date before the application", ResultInput{Decision: Hired, ConditionMismatch: &no, HireDate: jst(2026, 5, 31)}, "hire_date", finding.HireDateBeforeApplication},
		{"採用 with employment form 8", ResultInput{Decision: Hired, ConditionMismatch: &no, EmploymentForm: 8}, "employment_form", finding.CodeInvalid},
		{"採用 with a not-hired reason", ResultInput{Decision: Hired, ConditionMismatch: &no, NotHiredReason: "x"}, "not_hired_reason", finding.ResultFieldNotApplicable},
		{"不採用 with the mismatch answer", ResultInput{Decision: NotHired, ConditionMismatch: &no}, "condition_mismatch", finding.ResultFieldNotApplicable},
		{"不採用 with a hire date", ResultInput{Decision: NotHired, HireDate: jst(2026, 7, 1)}, "hire_date", finding.ResultFieldNotApplicable},
		{"辞退 with an employment form", ResultInput{Decision: Declined, EmploymentForm: 1}, "employment_form", finding.ResultFieldNotApplicable},
		{"辞退 with a not-hired reason", ResultInput{Decision: Declined, NotHiredReason: "x"}, "not_hired_reason", finding.ResultFieldNotApplicable},
		{"不採用 reason of 201 characters", ResultInput{Decision: NotHired, NotHiredReason: strings.Repeat("あ", 201)}, "not_hired_reason", finding.TooLong},
		{"note of 501 characters", ResultInput{Decision: NotHired, Note: strings.Repeat("あ", 501)}, "note", finding.TooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := c.in.clean().Check(applied)
			if got := fs.On(c.field); len(got) != 1 || got[0].Reason != c.want || got[0].Validate() != nil {
				t.Errorf("%v", fs.All())
			}
		})
	}
	for _, ok := range []ResultInput{
		hire(), reject(), {Decision: Declined},
		{Decision: Hired, ConditionMismatch: &yes, MismatchDetail: "賃金が求人票より月1万円高い", HireDate: applied, EmploymentForm: 1, Note: "4月入社"},
		{Decision: Hired, ConditionMismatch: &no, MismatchDetail: "no mismatch: the detail is dropped"},
	} {
		if fs := ok.clean().Check(applied); fs.Blocking() {
			t.Errorf("%+v refused: %v", ok, fs.All())
		}
	}
}

// APP-2: registering reports to the referring office (or the posting's office for a
// self-application) and notifies the seeker only when they have a MyPage.
func TestRegister_ReportsToTheOfficeAndNotifiesASeekerWithAMyPage(t *testing.T) {
	self := selfApp(t)
	n, err := self.Register(hire(), employer, published(), applied.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n.ReportTo != iidabashi || !n.NotifySeeker || n.Result.Kind != Registered || n.Result.Version != 1 || n.Result.By != employer || self.State != StateDecided || !self.Hired() {
		t.Errorf("%+v", n)
	}
	counter := counterApp(t)
	n, err = counter.Register(reject(), employer, published(), applied)
	if err != nil {
		t.Fatal(err)
	}
	if n.ReportTo != shinjuku || n.NotifySeeker || counter.Hired() {
		t.Errorf("%+v", n)
	}
}

// APP-2: a result can be corrected until the deadline; every registration and
// correction is kept; an identical correction is refused.
func TestCorrect_KeepsEveryVersion(t *testing.T) {
	a := selfApp(t)
	if _, err := a.Register(hire(), employer, published(), applied); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Correct(hire(), employer, expired(), jst(2026, 7, 2)); finding.ReasonOf(err) != finding.ResultUnchanged {
		t.Fatalf("identical correction: %v", err)
	}
	n, err := a.Correct(reject(), employer, expired(), jst(2026, 9, 30))
	if err != nil {
		t.Fatal(err)
	}
	if n.Result.Kind != Corrected || n.Result.Version != 2 || len(a.Results) != 2 || a.Results[0].Decision != Hired || a.Current().Decision != NotHired || a.Hired() {
		t.Errorf("history %v", a.Results)
	}
	if _, err := a.Correct(ResultInput{Decision: Hired}, employer, expired(), jst(2026, 9, 30)); finding.ReasonOf(err) != finding.ValidationFailed || len(a.Results) != 2 {
		t.Errorf("invalid correction: %v, history %d", err, len(a.Results))
	}
}

// APP-2 boundaries: the employer registers through the last day of 翌々々月末, for an
// invalidation at month end and mid-month; the day after is refused with the office
// to contact; the office itself registers any time.
func TestRegister_DeadlineLastDayAndTheDayAfter(t *testing.T) {
	cases := []struct {
		name   string
		app    func(*testing.T) *Application
		p      posting.Facts
		now    time.Time
		by     Registrar
		want   finding.Reason
		office string
	}{
		{"while the posting is valid", selfApp, published(), jst(2026, 6, 20), employer, "", ""},
		{"expired 6/30: the last day 9/30 23:59", selfApp, expired(), time.Date(2026, 9, 30, 23, 59, 59, 0, clock.JST), employer, "", ""},
		{"expired 6/30: 10/1 is refused, the posting's office named", selfApp, expired(), jst(2026, 10, 1), employer, finding.ResultDeadlinePassed, "ハローワーク飯田橋"},
		{"no expiry event yet: the 紹介期限日 6/30 still gives 9/30", selfApp, published(), jst(2026, 10, 1), employer, finding.ResultDeadlinePassed, "ハローワーク飯田橋"},
		{"cancelled 6/10: the last day 9/30", counterApp, cancelled(), jst(2026, 9, 30), employer, "", ""},
		{"cancelled 6/10: 10/1 is refused, the referring office named", counterApp, cancelled(), jst(2026, 10, 1), employer, finding.ResultDeadlinePassed, "ハローワーク新宿"},
		{"after the deadline the office registers", counterApp, cancelled(), jst(2027, 1, 15), staff, "", ""},
		{"staff of the referring office", counterApp, cancelled(), jst(2027, 1, 15), Registrar{Role: RoleStaff, AccountID: "s", OfficeCode: "1302"}, "", ""},
		{"staff of another office", counterApp, cancelled(), jst(2026, 6, 20), Registrar{Role: RoleStaff, AccountID: "s", OfficeCode: "2701"}, finding.ResourceAccessDenied, ""},
		{"staff of the referring office of another application", selfApp, published(), jst(2026, 6, 20), Registrar{Role: RoleStaff, AccountID: "s", OfficeCode: "1302"}, finding.ResourceAccessDenied, ""},
		{"staff without office", selfApp, published(), jst(2026, 6, 20), Registrar{Role: RoleStaff, AccountID: "s"}, finding.ResourceAccessDenied, ""},
		{"a seeker-portal caller is no registrar", selfApp, published(), jst(2026, 6, 20), Registrar{Role: RoleSeekerPortal}, finding.ResourceAccessDenied, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := c.app(t)
			_, err := a.Register(reject(), c.by, c.p, c.now)
			if got := finding.ReasonOf(err); got != c.want {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			mustValid(t, err)
			if c.want == finding.ResultDeadlinePassed {
				r := err.(*finding.Refusal)
				if r.Param("deadline") != "2026年9月30日" || r.Param("office") != c.office {
					t.Errorf("params %v", r.Params)
				}
				if a.State != StateSelecting || len(a.Results) != 0 {
					t.Error("a refused registration changed the application")
				}
			}
		})
	}
}

// APP-3: the reminder is due 14 days after the referral or application, to the
// second, exactly once by default; never once a result is registered.
func TestReminder_DueAfterFourteenDaysOnce(t *testing.T) {
	pol := DefaultReminderPolicy()
	a := selfApp(t)
	at, ok := a.NextReminderAt(pol)
	if !ok || !at.Equal(applied.Add(14*24*time.Hour)) {
		t.Fatalf("next %s %v", at, ok)
	}
	cases := []struct {
		name string
		now  time.Time
		want bool
	}{
		{"13 days 23:59", applied.Add(14*24*time.Hour - time.Minute), false},
		{"13 days 23:59:59", applied.Add(14*24*time.Hour - time.Second), false},
		{"14 days", applied.Add(14 * 24 * time.Hour), true},
		{"20 days", applied.Add(20 * 24 * time.Hour), true},
	}
	for _, c := range cases {
		if got := a.ReminderDue(pol, published(), c.now); got != c.want {
			t.Errorf("%s: due %v", c.name, got)
		}
	}
	if err := a.Remind(pol, published(), applied.Add(14*24*time.Hour-time.Minute)); finding.ReasonOf(err) != finding.ReminderNotDue {
		t.Errorf("early reminder: %v", err)
	}
	now := applied.Add(14 * 24 * time.Hour)
	if err := a.Remind(pol, published(), now); err != nil {
		t.Fatal(err)
	}
	if a.Reminders != 1 || !a.LastRemindedAt.Equal(now) {
		t.Errorf("%d %s", a.Reminders, a.LastRemindedAt)
	}
	if _, ok := a.NextReminderAt(pol); ok || a.ReminderDue(pol, published(), now.Add(30*24*time.Hour)) {
		t.Error("a second reminder by default")
	}
	if err := a.Remind(pol, published(), now.Add(time.Hour)); finding.ReasonOf(err) != finding.ReminderNotDue {
		t.Errorf("second reminder: %v", err)
	}
}

func TestReminder_RepeatsWhenConfigured(t *testing.T) {
	if DefaultReminderPolicy().Repeat != 0 || DefaultReminderPolicy().RepeatEvery(0).Repeat != 0 {
		t.Error("the reminder repeats by default")
	}
	pol := DefaultReminderPolicy().RepeatEvery(7)
	a := selfApp(t)
	first := applied.Add(15 * 24 * time.Hour) // the scheduler ran a day late
	if err := a.Remind(pol, published(), first); err != nil {
		t.Fatal(err)
	}
	if a.ReminderDue(pol, published(), first.Add(7*24*time.Hour-time.Second)) || !a.ReminderDue(pol, published(), first.Add(7*24*time.Hour)) {
		t.Error("the repeat counts from the last reminder")
	}
	if _, err := a.Register(reject(), employer, published(), first.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.NextReminderAt(pol); ok {
		t.Error("reminder after the result")
	}
}

// APP-3: no reminder after the 翌々々月末 (the employer can no longer register).
func TestReminder_NotAfterTheResultDeadline(t *testing.T) {
	a := selfApp(t)
	if a.ReminderDue(DefaultReminderPolicy(), cancelled(), jst(2026, 10, 1)) {
		t.Error("due past the deadline")
	}
	if !a.ReminderDue(DefaultReminderPolicy(), cancelled(), jst(2026, 9, 30)) {
		t.Error("not due on the deadline day")
	}
}

// ACC-3, APP-4: only online self-applications without a result count; 辞退 is a result.
func TestPendingSelfApplications_CountsSelfApplicationsWithoutResult(t *testing.T) {
	pending := selfApp(t)
	declined := selfApp(t)
	if _, err := declined.Register(ResultInput{Decision: Declined}, employer, published(), applied); err != nil {
		t.Fatal(err)
	}
	referral := counterApp(t)
	if got := PendingSelfApplications([]*Application{pending, declined, referral}); got != 1 {
		t.Errorf("pending %d", got)
	}
	if _, err := pending.Register(hire(), staff, expired(), jst(2027, 3, 1)); err != nil {
		t.Fatal(err)
	}
	if got := PendingSelfApplications([]*Application{pending, declined, referral}); got != 0 {
		t.Errorf("after the office registered: %d", got)
	}
	if PendingSelfApplications(nil) != 0 {
		t.Error("nil")
	}
}

// LOGIN-6: hires per 一般 / 学卒 / 障害者 from the result in force, while the posting's
// applicant management is open.
func TestCountHires_PerHomeGroup(t *testing.T) {
	live := published()
	live.ReferralDeadline = jst(2026, 12, 31)
	grad, dis, old := live, live, cancelled()
	grad.ID, grad.Category = "p-grad", posting.CategoryHighSchool
	dis.ID, dis.Category = "p-dis", posting.CategoryDisability
	old.ID = "p-old"
	postings := map[string]posting.Facts{"p-1": live, "p-grad": grad, "p-dis": dis, "p-old": old}
	mk := func(p posting.Facts, in *ResultInput) *Application {
		a, err := SelfApply(SelfApplication{ID: "x", Motivation: "m"}, published(), person(seeker.KindOnline, true), nil, applied)
		if err != nil {
			t.Fatal(err)
		}
		a.PostingID, a.Category = p.ID, p.Category
		if in != nil {
			if _, err := a.Register(*in, employer, published(), applied); err != nil {
				t.Fatal(err)
			}
		}
		return a
	}
	h, r := hire(), reject()
	corrected := mk(published(), &h)
	if _, err := corrected.Correct(r, employer, published(), applied); err != nil {
		t.Fatal(err)
	}
	apps := []*Application{
		mk(published(), &h), mk(published(), &h), mk(published(), &r), mk(published(), nil), corrected,
		mk(grad, &h), mk(dis, &h), mk(dis, &h), mk(old, &h),
	}
	got := CountHires(apps, postings, jst(2026, 9, 30))
	if got[posting.GroupGeneral] != 3 || got[posting.GroupGraduate] != 1 || got[posting.GroupDisability] != 2 {
		t.Errorf("on 9/30: %v", got)
	}
	got = CountHires(apps, postings, jst(2026, 10, 1))
	if got[posting.GroupGeneral] != 2 {
		t.Errorf("after the cancelled posting's deadline: %v", got)
	}
	if z := CountHires(nil, nil, applied); len(z) != 3 || z[posting.GroupGeneral] != 0 {
		t.Errorf("empty: %v", z)
	}
}

func TestFilter_ChannelAndPending(t *testing.T) {
	self, counter := selfApp(t), counterApp(t)
	if _, err := counter.Register(reject(), employer, published(), applied); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		f           Filter
		self, count bool
	}{
		{Filter{}, true, true},
		{Filter{Channels: []Channel{ChannelSelf}}, true, false},
		{Filter{Channels: []Channel{ChannelCounter, ChannelOnlineReferral}}, false, true},
		{Filter{PendingOnly: true}, true, false},
	}
	for _, c := range cases {
		if c.f.Matches(self) != c.self || c.f.Matches(counter) != c.count {
			t.Errorf("%+v", c.f)
		}
	}
}

// §3.3: the seeker's online notice carries the decision, never the report to the office.
func TestNoticeForSeeker_DecisionWithoutTheReportToTheOffice(t *testing.T) {
	a := selfApp(t)
	if _, ok := a.NoticeForSeeker(published()); ok {
		t.Error("notice without a result")
	}
	in := ResultInput{Decision: Hired, ConditionMismatch: &yes, MismatchDetail: "賃金が異なる", HireDate: jst(2026, 7, 1), Note: "社内メモ"}
	if _, err := a.Register(in, employer, published(), applied); err != nil {
		t.Fatal(err)
	}
	n, ok := a.NoticeForSeeker(published())
	if !ok || n.Decision != Hired || !n.HireDate.Equal(jst(2026, 7, 1)) || n.JobNumber != "13010-00000001" || n.Occupation != "一般事務" {
		t.Errorf("%+v", n)
	}
	s := person(seeker.KindOnline, false)
	a.SeekerUpdated(s)
	if _, ok := a.NoticeForSeeker(published()); ok || a.SeekerHasMyPage {
		t.Error("notice to a seeker who closed the MyPage")
	}
	other := person(seeker.KindOnline, true)
	other.Number = seeker.MustNumber("99999-00000001")
	a.SeekerUpdated(other)
	if a.SeekerHasMyPage {
		t.Error("another seeker's update applied")
	}
}
