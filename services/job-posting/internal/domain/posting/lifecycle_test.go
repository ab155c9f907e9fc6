package posting

import (
	"slices"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
)

// JOB-2: a MyPage application must be published within 2 business days after the day
// of application; the deadline is set on submission and counts again on resubmission.
func TestSubmit_SetsThePublishDeadlineAndRecordsTheAccount(t *testing.T) {
	p := draft(content())
	s := submission(time.Date(2026, 4, 30, 17, 0, 0, 0, clock.JST)) // Golden Week ahead
	s.By = "acc-dept-2"                                             // ACC-2: an additional account
	if _, err := p.Submit(s); err != nil {
		t.Fatal(err)
	}
	if p.State != StateProvisional || p.SubmittedBy != "acc-dept-2" || !p.PublishBy.Equal(jst(2026, 5, 7)) {
		t.Fatalf("state %s by %s publish by %s", p.State, p.SubmittedBy, p.PublishBy.Format(time.DateOnly))
	}
	if p.PublishOverdue(jst(2026, 5, 7)) || !p.PublishOverdue(jst(2026, 5, 8)) {
		t.Error("overdue from the day after the deadline only")
	}
	if err := p.Return("賃金を確認してください", jst(2026, 5, 7)); err != nil {
		t.Fatal(err)
	}
	if p.PublishOverdue(jst(2026, 5, 20)) {
		t.Error("a returned posting waits for the employer, not for publication")
	}
	if _, err := p.Resubmit(submission(jst(2026, 12, 25))); err != nil {
		t.Fatal(err)
	}
	if p.Resubmissions != 1 || !p.PublishBy.Equal(jst(2027, 1, 4)) {
		t.Errorf("resubmissions %d, publish by %s; want 1 and 2027-01-04 (over 29 Dec–3 Jan)", p.Resubmissions, p.PublishBy.Format(time.DateOnly))
	}
}

func TestSubmit_OtherChannelsGetTheSevenDayTarget(t *testing.T) {
	p := draft(content())
	p.Channel = deadline.ChannelCounter
	if _, err := p.Submit(submission(jst(2026, 6, 1))); err != nil {
		t.Fatal(err)
	}
	if !p.PublishBy.Equal(jst(2026, 6, 10)) {
		t.Errorf("publish by %s, want 2026-06-10", p.PublishBy.Format(time.DateOnly))
	}
}

func TestSubmit_ErrorsBlockAndWarningsNeedConfirmation(t *testing.T) {
	c := content()
	c.Hours.PaidLeaveAfter6M = 9 // a labour-law warning
	p := draft(c)
	fs, err := p.Submit(submission(jst(2026, 6, 1)))
	if reasonOf(err) != finding.WarningsNotConfirmed || p.State != StateDraft {
		t.Fatalf("unconfirmed warning: %v, state %s", err, p.State)
	}
	w := fs.Warnings()
	if len(w) != 1 || w[0].Code() != "LABOUR_PAID_LEAVE_SHORT@hours.paid_leave_after_6m" {
		t.Fatalf("warnings %v", w)
	}
	s := submission(jst(2026, 6, 1))
	s.Confirmed = []string{w[0].Code()}
	if _, err := p.Submit(s); err != nil || p.State != StateProvisional {
		t.Fatalf("confirmed: %v, state %s", err, p.State)
	}

	bad := content()
	bad.Selection = nil
	q := draft(bad)
	fs, err = q.Submit(submission(jst(2026, 6, 1)))
	if reasonOf(err) != finding.ValidationFailed || len(fs.On("selection")) != 1 || fs.On("selection")[0].Reason != finding.SectionsIncomplete {
		t.Fatalf("missing section 8: %v %v", err, fs.All())
	}
}

// §2.6 at submission: Akita's rate rises from 951 to 1,031 on 2026-03-31.
func TestSubmit_MinimumWageOnBothSidesOfAkitasDate(t *testing.T) {
	cases := []struct {
		name   string
		hourly int
		at     time.Time
		want   finding.Reason // "" = accepted without confirmation
	}{
		{"at the old rate on 03-30: warned of the coming rate", 951, jst(2026, 3, 30), finding.WarningsNotConfirmed},
		{"one yen below the old rate on 03-30", 950, jst(2026, 3, 30), finding.ValidationFailed},
		{"at the new rate on 03-30", 1031, jst(2026, 3, 30), ""},
		{"at the old rate on 03-31", 951, jst(2026, 3, 31), finding.ValidationFailed},
		{"one yen below the new rate on 03-31", 1030, jst(2026, 3, 31), finding.ValidationFailed},
		{"at the new rate on 03-31", 1031, jst(2026, 3, 31), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := draft(akita(content(), c.hourly))
			fs, err := p.Submit(submission(c.at))
			if reasonOf(err) != c.want {
				t.Fatalf("got %v (%v), want %q", err, fs.All(), c.want)
			}
			if c.want == finding.ValidationFailed {
				e := fs.On("wage.base.lower")
				if len(e) != 1 || e[0].Reason != finding.MinimumWageBelow || e[0].Param("prefecture") != "秋田県" {
					t.Errorf("findings %v", fs.All())
				}
			}
		})
	}
}

// §2.6: the 試用期間 wage is checked too.
func TestSubmit_TrialWageBelowTheMinimumBlocks(t *testing.T) {
	c := content()
	c.Job.Trial = TrialPeriod{Has: true, Months: 3, Conditions: "時給制",
		Pay: &wage.Pay{Form: codes.PayHourly, Base: wage.Range{Lower: 1225}}}
	p := draft(c)
	fs, err := p.Submit(submission(jst(2026, 6, 1)))
	if reasonOf(err) != finding.ValidationFailed {
		t.Fatalf("trial at 1,225 in Tokyo: %v", err)
	}
	if e := fs.On("job.trial.pay.base.lower"); len(e) != 1 || e[0].Param("rate") != "1,226" {
		t.Errorf("findings %v", fs.All())
	}
	c.Job.Trial.Pay.Base.Lower = 1226
	if _, err := draft(c).Submit(submission(jst(2026, 6, 1))); err != nil {
		t.Errorf("trial at 1,226: %v", err)
	}
}

// §2.4: the counter-visit deadline is 14 days after submission, moved back to the
// previous open day when closed.
func TestSubmit_CounterVisitForAFirstMyPagePosting(t *testing.T) {
	p := draft(content())
	s := submission(jst(2026, 4, 18)) // +14 = Saturday 2026-05-02 in Golden Week
	s.Visit = VisitFacts{FirstMyPagePosting: true}
	if _, err := p.Submit(s); err != nil {
		t.Fatal(err)
	}
	cv := p.CounterVisit
	if cv == nil || !cv.By.Equal(jst(2026, 5, 1)) || !slices.Contains(cv.Reasons, VisitFirstMyPagePosting) {
		t.Fatalf("counter visit %+v", cv)
	}
	if err := p.Return("確認事項があります", jst(2026, 4, 20)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Resubmit(submission(jst(2026, 4, 22))); err != nil {
		t.Fatal(err)
	}
	if !p.CounterVisit.By.Equal(jst(2026, 5, 1)) {
		t.Errorf("resubmission moved the visit deadline to %s", p.CounterVisit.By.Format(time.DateOnly))
	}
}

// An application staff entered at the office asks for no counter visit, and gets the
// other channels' 7 open days to publication (JOB-2).
func TestSubmit_CounterChannelNoVisitSevenOpenDays(t *testing.T) {
	p := draft(content())
	p.Channel = deadline.ChannelCounter
	s := submission(jst(2026, 4, 24))
	s.Visit = VisitFacts{FirstMyPagePosting: true}
	if _, err := p.Submit(s); err != nil {
		t.Fatal(err)
	}
	if p.CounterVisit != nil || !p.PublishBy.Equal(jst(2026, 5, 11)) {
		t.Fatalf("counter visit %+v, publish by %s", p.CounterVisit, p.PublishBy.Format(time.DateOnly))
	}
}

func TestVisitReasons_TheCasesOfTheLeaflet(t *testing.T) {
	disabilityTrial := content()
	disabilityTrial.Category.Category = codes.CategoryDisability
	disabilityTrial.Category.TrialEmployment = true
	dispatch := content()
	dispatch.Job.Dispatch, dispatch.Job.Form = codes.DispatchWorker, codes.FormDispatchPermanent
	regular := VisitFacts{OpenedAtCounter: true, PostedWithinPastYear: true, DisabilityPostedSince: true, TrialPostedSince: true, DisabilityTrialSince: true}
	cases := []struct {
		name  string
		facts VisitFacts
		c     Content
		want  []VisitReason
	}{
		{"a regular employer", regular, content(), nil},
		{"first MyPage posting, opened online", VisitFacts{FirstMyPagePosting: true, PostedWithinPastYear: true}, content(), []VisitReason{VisitFirstMyPagePosting}},
		{"first MyPage posting, opened at the counter", VisitFacts{FirstMyPagePosting: true, OpenedAtCounter: true, PostedWithinPastYear: true}, content(), nil},
		{"no posting in the past year", VisitFacts{OpenedAtCounter: true}, content(), []VisitReason{VisitNoPostingPastYear}},
		{"first disability trial posting", VisitFacts{OpenedAtCounter: true, PostedWithinPastYear: true},
			disabilityTrial, []VisitReason{VisitFirstDisability, VisitFirstDisabilityTrial}},
		{"dispatch", regular, dispatch, []VisitReason{VisitDispatchOrContract}},
		{"the office asks", VisitFacts{OpenedAtCounter: true, PostedWithinPastYear: true, OfficeRequires: true}, content(), []VisitReason{VisitOfficeRequires}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := VisitReasons(c.facts, c.c); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// §2.4: 受付年月日 is the acceptance date and the 紹介期限日 the last day of the month
// after next; 大卒等 to 3/31.
func TestAccept_IssuesTheNumberAndTheReferralDeadline(t *testing.T) {
	cases := []struct {
		name     string
		category codes.Category
		on       time.Time
		want     time.Time
	}{
		{"4/1 → 6/30", codes.CategoryGeneral, jst(2026, 4, 1), jst(2026, 6, 30)},
		{"5/15 → 7/31", codes.CategoryGeneral, jst(2026, 5, 15), jst(2026, 7, 31)},
		{"6/30 → 8/31", codes.CategoryGeneral, jst(2026, 6, 30), jst(2026, 8, 31)},
		{"大卒等 → 3/31", codes.CategoryGraduate, jst(2026, 6, 30), jst(2027, 3, 31)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ct := content()
			ct.Category.Category = c.category
			ct.Selection.DocumentUpload = new(bool)
			p := draft(ct)
			if _, err := p.Submit(submission(c.on.AddDate(0, 0, -1))); err != nil {
				t.Fatal(err)
			}
			if err := p.Accept(mustNumber(t, "13010-00001234"), deadline.DefaultPolicy(), c.on.Add(10*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if p.Number.String() != "13010-00001234" || !p.AcceptedOn.Equal(c.on) || !p.ReferralDeadline.Equal(c.want) || p.ContentVersion != 1 {
				t.Errorf("number %s accepted %s deadline %s version %d", p.Number, p.AcceptedOn.Format(time.DateOnly),
					p.ReferralDeadline.Format(time.DateOnly), p.ContentVersion)
			}
		})
	}
}

func TestAccept_NumberMustBeOfThePostingsOffice(t *testing.T) {
	p := inState(t, StateProvisional)
	if err := p.Accept(mustNumber(t, "27010-00000001"), deadline.DefaultPolicy(), jst(2026, 4, 1)); reasonOf(err) != finding.JobNumberOfficeMismatch {
		t.Errorf("Osaka number for a Tokyo posting: %v", err)
	}
	if err := p.Accept(mustNumber(t, "13011-00000001"), deadline.DefaultPolicy(), jst(2026, 4, 1)); err != nil {
		t.Errorf("a branch prefix of the same office: %v", err)
	}
}

func TestReturnAndReject_NeedAMessage(t *testing.T) {
	p := inState(t, StateProvisional)
	if err := p.Return("", jst(2026, 4, 1)); reasonOf(err) != finding.OfficeMessageRequired {
		t.Errorf("return without message: %v", err)
	}
	if err := p.Reject("", jst(2026, 4, 1)); reasonOf(err) != finding.OfficeMessageRequired {
		t.Errorf("reject without message: %v", err)
	}
	if err := p.Return("求人票の仕事内容を具体的にしてください", jst(2026, 4, 1)); err != nil || p.OfficeMessage == "" {
		t.Errorf("return: %v", err)
	}
}

// JOB-2 and §2.3: scope 4 is never published; scopes 1–3 are.
func TestPublish_PerScope(t *testing.T) {
	for _, sc := range []codes.Scope{codes.ScopeFull, codes.ScopeSeekersOnly, codes.ScopeAnonymous, codes.ScopeNotPublished} {
		t.Run(sc.Label(), func(t *testing.T) {
			c := content()
			c.Category.Scope = sc
			if !sc.AllowsOnlineApplication() {
				c.Category.Online = codes.OnlineNotAccepted
			}
			p := draft(c)
			if _, err := p.Submit(submission(jst(2026, 3, 30))); err != nil {
				t.Fatal(err)
			}
			if err := p.Accept(mustNumber(t, "13010-00000001"), deadline.DefaultPolicy(), jst(2026, 4, 1)); err != nil {
				t.Fatal(err)
			}
			err := p.Publish(jst(2026, 4, 2))
			if sc == codes.ScopeNotPublished {
				if reasonOf(err) != finding.PublicationScopePrivate || p.State != StateAccepted || p.StatusLabel() != "非公開" {
					t.Errorf("scope 4: %v, %s %s", err, p.State, p.StatusLabel())
				}
				if p.PublishOverdue(jst(2026, 6, 1)) {
					t.Error("a scope-4 posting is never overdue for publication")
				}
				return
			}
			if err != nil || p.State != StatePublished || p.StatusLabel() != "公開中" {
				t.Errorf("scope %d: %v, %s", sc, err, p.State)
			}
		})
	}
}

// JOB-3: the live posting keeps its accepted content until the office accepts the
// change; every accepted content is a new version.
func TestChange_LiveContentStaysUntilAccepted(t *testing.T) {
	p := published(t)
	c := content()
	c.Wage.Base.Lower = 240_000
	if _, err := p.RequestChange(c, "賃金改定", submission(jst(2026, 5, 1))); err != nil {
		t.Fatal(err)
	}
	if p.Content.Wage.Base.Lower != 230_000 || p.Pending == nil || p.StatusLabel() != "公開中（変更申請中）" {
		t.Fatalf("live wage %d, pending %v", p.Content.Wage.Base.Lower, p.Pending)
	}
	if err := p.RequestStop("", "acc-1", jst(2026, 5, 1)); reasonOf(err) != finding.PostingApplicationPending {
		t.Errorf("second application while one is pending: %v", err)
	}
	d, err := p.AcceptApplication(jst(2026, 5, 2))
	if err != nil {
		t.Fatal(err)
	}
	if p.Content.Wage.Base.Lower != 240_000 || p.ContentVersion != 2 || d.Previous.Wage.Base.Lower != 230_000 || p.Pending != nil {
		t.Errorf("after acceptance: wage %d version %d previous %d", p.Content.Wage.Base.Lower, p.ContentVersion, d.Previous.Wage.Base.Lower)
	}
}

func TestChange_RefusedWhenInvalidOrAnotherPosting(t *testing.T) {
	p := published(t)
	c := content()
	c.Wage.Base.Lower = 100_000 // below Tokyo's rate
	if _, err := p.RequestChange(c, "", submission(jst(2026, 5, 1))); reasonOf(err) != finding.ValidationFailed {
		t.Errorf("invalid change: %v", err)
	}
	c = content()
	c.Job.Form, c.Category.TimeClass = codes.FormPartTime, codes.PartTime
	if _, err := p.RequestChange(c, "", submission(jst(2026, 5, 1))); reasonOf(err) != finding.ChangeNeedsNewPosting {
		t.Errorf("full → part time: %v", err)
	}
	if p.Pending != nil {
		t.Error("a refused change left a pending application")
	}
}

func TestRefuseApplication_KeepsThePosting(t *testing.T) {
	p := published(t)
	if err := p.RefuseApplication("x", jst(2026, 5, 1)); reasonOf(err) != finding.PostingApplicationNotPending {
		t.Errorf("nothing pending: %v", err)
	}
	_ = p.RequestCancel("取消", "acc-1", jst(2026, 5, 1))
	if err := p.RefuseApplication("", jst(2026, 5, 1)); reasonOf(err) != finding.OfficeMessageRequired {
		t.Errorf("no message: %v", err)
	}
	if err := p.RefuseApplication("応募者の選考結果を登録してください", jst(2026, 5, 2)); err != nil || p.State != StatePublished || p.Pending != nil {
		t.Errorf("refused cancel: %v %s", err, p.State)
	}
}

func TestStopAndCancel_MakeThePostingInvalidFromThatDay(t *testing.T) {
	for _, k := range []ApplicationKind{AppStop, AppCancel} {
		p := published(t)
		if k == AppStop {
			_ = p.RequestStop("充足", "acc-1", jst(2026, 5, 10))
		} else {
			_ = p.RequestCancel("採用済み", "acc-1", jst(2026, 5, 10))
		}
		if _, err := p.AcceptApplication(time.Date(2026, 5, 11, 9, 0, 0, 0, clock.JST)); err != nil {
			t.Fatal(err)
		}
		want := map[ApplicationKind]InvalidCause{AppStop: CauseStopped, AppCancel: CauseCancelled}[k]
		if p.State != StateInvalid || p.InvalidCause != want || !p.InvalidFrom.Equal(jst(2026, 5, 11)) || p.List() != ListInvalid {
			t.Errorf("%s: %s %s %s", k, p.State, p.InvalidCause, p.InvalidFrom)
		}
	}
}

// JOB-3: 有効期間延長 once, by one month.
func TestExtension_OnceByOneMonth(t *testing.T) {
	p := published(t) // 紹介期限日 2026-06-30
	if err := p.RequestExtension("", "acc-1", jst(2026, 6, 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.AcceptApplication(jst(2026, 6, 2)); err != nil {
		t.Fatal(err)
	}
	if !p.ReferralDeadline.Equal(jst(2026, 7, 31)) || !p.Extended {
		t.Fatalf("deadline %s", p.ReferralDeadline.Format(time.DateOnly))
	}
	if err := p.RequestExtension("", "acc-1", jst(2026, 7, 1)); reasonOf(err) != finding.ExtensionAlreadyUsed {
		t.Errorf("second extension: %v", err)
	}
}

// JOB-5: the renewal window opens 14 days before the 紹介期限日 (2026-06-30).
func TestReserveRenewal_Day15RefusedDay14Allowed(t *testing.T) {
	p := published(t)
	_, err := p.ReserveRenewal("p-2", "acc-1", deadline.DefaultPolicy(), jst(2026, 6, 15))
	var r *finding.Refusal
	if reasonOf(err) != finding.RenewalTooEarly {
		t.Fatalf("day 15: %v", err)
	}
	r = err.(*finding.Refusal)
	if r.Rule != "JOB-5" || r.Params[1] != "2026年6月16日" {
		t.Errorf("refusal %+v must name the first allowed date", r)
	}
	n, err := p.ReserveRenewal("p-2", "acc-1", deadline.DefaultPolicy(), jst(2026, 6, 16))
	if err != nil {
		t.Fatalf("day 14: %v", err)
	}
	if n.State != StateDraft || n.RenewalOf != p.ID || p.RenewedBy != "p-2" || !n.Number.IsZero() {
		t.Errorf("renewal %+v", n)
	}
	n.Content.Wage.Allowances[0].Amount.Lower = 1
	if p.Content.Wage.Allowances[0].Amount.Lower != 20_000 {
		t.Error("the renewal shares the old posting's allowances")
	}
	if _, err := p.ReserveRenewal("p-3", "acc-1", deadline.DefaultPolicy(), jst(2026, 6, 17)); reasonOf(err) != finding.RenewalAlreadyReserved {
		t.Errorf("second renewal: %v", err)
	}
	if _, err := n.Submit(submission(jst(2026, 6, 17))); err != nil {
		t.Errorf("the renewal is submitted like a new application: %v", err)
	}
}

// JOB-5: the renewal-window notice is due from day 14 before the 紹介期限日 (not on day
// 15), once per 紹介期限日, never after a renewal is reserved or for an invalid posting;
// an extension opens a new window.
func TestNoteRenewalWindow_OncePerReferralDeadline(t *testing.T) {
	policy := deadline.DefaultPolicy()
	p := published(t) // 紹介期限日 2026-06-30
	if p.NoteRenewalWindow(policy, jst(2026, 6, 15).Add(23*time.Hour)) {
		t.Error("day 15: no notice yet")
	}
	if !p.NoteRenewalWindow(policy, jst(2026, 6, 16)) || !p.RenewalNoticeFor.Equal(jst(2026, 6, 30)) {
		t.Fatal("day 14: the notice is due")
	}
	if p.NoteRenewalWindow(policy, jst(2026, 6, 20)) {
		t.Error("a second notice for the same 紹介期限日")
	}
	if err := p.RequestExtension("", "acc-1", jst(2026, 6, 20)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.AcceptApplication(jst(2026, 6, 21)); err != nil {
		t.Fatal(err)
	}
	if p.NoteRenewalWindow(policy, jst(2026, 6, 21)) || !p.NoteRenewalWindow(policy, jst(2026, 7, 17)) {
		t.Error("the extension to 7/31 opens a new window on 7/17")
	}

	reserved := published(t)
	if _, err := reserved.ReserveRenewal("p-2", "acc-1", policy, jst(2026, 6, 16)); err != nil {
		t.Fatal(err)
	}
	if reserved.NoteRenewalWindow(policy, jst(2026, 6, 17)) {
		t.Error("no notice once the renewal is reserved")
	}
	for _, s := range []State{StateDraft, StateProvisional, StateInvalid} {
		if inState(t, s).NoteRenewalWindow(policy, jst(2026, 9, 1)) {
			t.Errorf("%s: no notice", s)
		}
	}
}

// JOB-1: reuse (転用) from any earlier posting, valid or invalid.
func TestReuse_FromAnInvalidPosting(t *testing.T) {
	old := inState(t, StateInvalid)
	n, err := old.Reuse("p-9", "acc-2", jst(2026, 9, 1))
	if err != nil || n.State != StateDraft || n.ReusedFrom != old.ID || n.CreatedBy != "acc-2" || n.Content.Job.Occupation != "一般事務" {
		t.Fatalf("reuse: %v %+v", err, n)
	}
}

// The scheduled expiry: invalid from the day after the 紹介期限日.
func TestInvalidate_OnlyAfterTheReferralDeadline(t *testing.T) {
	p := published(t)
	if err := p.Invalidate(time.Date(2026, 6, 30, 23, 59, 0, 0, clock.JST)); reasonOf(err) != finding.ReferralDeadlineNotPassed {
		t.Fatalf("on the deadline: %v", err)
	}
	if err := p.Invalidate(time.Date(2026, 6, 30, 15, 0, 0, 0, time.UTC)); err != nil { // 07-01 00:00 JST
		t.Fatal(err)
	}
	if p.InvalidCause != CauseExpired || !p.InvalidFrom.Equal(jst(2026, 7, 1)) || p.StatusLabel() != "無効（紹介期限切れ）" {
		t.Errorf("%s from %s", p.InvalidCause, p.InvalidFrom)
	}
}

func TestBringForward_StaffCloseEarly(t *testing.T) {
	p := published(t)
	if err := p.BringForward(jst(2026, 5, 31), jst(2026, 6, 1)); reasonOf(err) != finding.ReferralDeadlineInvalid {
		t.Errorf("a past date: %v", err)
	}
	if err := p.BringForward(jst(2026, 6, 30), jst(2026, 6, 1)); reasonOf(err) != finding.ReferralDeadlineInvalid {
		t.Errorf("not earlier: %v", err)
	}
	if err := p.BringForward(jst(2026, 6, 1), jst(2026, 6, 1)); err != nil || !p.ReferralDeadline.Equal(jst(2026, 6, 1)) {
		t.Errorf("today: %v", err)
	}
}

// §2.4 publication hold: a valid posting of the prefecture whose pay falls below the
// coming rate is held, and a change that raises it lifts the hold.
func TestHold_BelowTheComingRateAndReleaseByChange(t *testing.T) {
	rates := minwage.Default()
	p := draft(akita(content(), 1000)) // meets 951, below the coming 1,031
	s := submission(jst(2026, 3, 2))
	s.Confirmed = []string{"MINIMUM_WAGE_BELOW_COMING@wage.base.lower"}
	if _, err := p.Submit(s); err != nil {
		t.Fatal(err)
	}
	if err := p.Accept(mustNumber(t, "13010-00000001"), deadline.DefaultPolicy(), jst(2026, 3, 3)); err != nil {
		t.Fatal(err)
	}
	if err := p.Publish(jst(2026, 3, 4)); err != nil {
		t.Fatal(err)
	}
	revs := rates.Coming(jst(2026, 3, 24), 7)
	if len(revs) != 1 {
		t.Fatalf("coming revisions %v", revs)
	}
	tokyo, _ := rates.Next(13, jst(2025, 10, 2))
	if held, _ := p.HoldIfBelow(tokyo, jst(2026, 3, 24)); held {
		t.Error("Tokyo's revision held an Akita posting")
	}
	if held, err := p.HoldIfBelow(revs[0], jst(2026, 3, 24)); !held || err != nil || p.StatusLabel() != "公開保留" {
		t.Fatalf("hold: %v %v", held, err)
	}
	if err := p.Publish(jst(2026, 3, 25)); reasonOf(err) != finding.PublicationHeld {
		t.Errorf("publish while held: %v", err)
	}
	if err := p.Release(jst(2026, 3, 25)); reasonOf(err) != finding.PublicationHeld {
		t.Errorf("release while still below: %v", err)
	}
	raised := akita(content(), 1031)
	if _, err := p.RequestChange(raised, "最低賃金改定に伴う賃金変更", submission(jst(2026, 3, 26))); err != nil {
		t.Fatal(err)
	}
	d, err := p.AcceptApplication(jst(2026, 3, 27))
	if err != nil || !d.Released || p.State != StatePublished || p.Hold != nil {
		t.Errorf("change lifting the hold: %v %+v %s", err, d, p.State)
	}
}

func TestHold_AtTheComingRateIsNotHeld(t *testing.T) {
	p := draft(akita(content(), 1031))
	if _, err := p.Submit(submission(jst(2026, 3, 2))); err != nil {
		t.Fatal(err)
	}
	_ = p.Accept(mustNumber(t, "13010-00000001"), deadline.DefaultPolicy(), jst(2026, 3, 3))
	next, _ := minwage.Default().Next(5, jst(2026, 3, 3))
	if held, _ := p.HoldIfBelow(next, jst(2026, 3, 24)); held {
		t.Error("a posting exactly at the coming rate was held")
	}
}

func TestSaveSection_ErrorsRefuseTheSaveWarningsDoNot(t *testing.T) {
	p := NewDraft("p-1", "est-1", tokyoOffice, "acc-1", deadline.ChannelMyPage, jst(2026, 3, 1))
	c := content()
	c.Wage.Base = wage.Range{Lower: 300_000, Upper: 200_000}
	fs, err := p.SaveSection(c, SecWage, jst(2026, 3, 1))
	if reasonOf(err) != finding.ValidationFailed || p.Content.Wage != nil || len(fs.On("wage.base.upper")) != 1 {
		t.Fatalf("inverted range saved: %v %v", err, fs.All())
	}
	c = content()
	c.Hours.AnnualHolidays = 50
	fs, err = p.SaveSection(c, SecHours, jst(2026, 3, 1))
	if err != nil || p.Content.Hours == nil || !fs.Has(finding.LabourRestDays) {
		t.Fatalf("warning refused the save: %v %v", err, fs.All())
	}
	c.Hours.DaysOff[0] = codes.Monday
	if p.Content.Hours.DaysOff[0] != codes.Saturday {
		t.Error("the saved section shares memory with the input")
	}
}

func TestListsAndCounts_ForTheHomeScreen(t *testing.T) {
	grad := content()
	grad.Category.Category = codes.CategoryGraduate
	grad.Selection.DocumentUpload = new(bool)
	g := draft(grad)
	if _, err := g.Submit(submission(jst(2026, 3, 30))); err != nil {
		t.Fatal(err)
	}
	_ = g.Accept(mustNumber(t, "13010-00000002"), deadline.DefaultPolicy(), jst(2026, 4, 1))
	ps := []*Posting{inState(t, StatePublished), inState(t, StateHeld), g, inState(t, StateProvisional),
		inState(t, StateDraft), inState(t, StateInvalid), inState(t, StateRejected)}
	got := CountValid(ps)
	if got[codes.GroupGeneral] != 2 || got[codes.GroupGraduate] != 1 || got[codes.GroupDisability] != 0 {
		t.Errorf("counts %v", got)
	}
	var lists []List
	for _, p := range ps {
		lists = append(lists, p.List())
	}
	want := []List{ListValid, ListValid, ListValid, ListApplying, ListApplying, ListInvalid, ListInvalid}
	if !slices.Equal(lists, want) {
		t.Errorf("lists %v, want %v", lists, want)
	}
}
