package posting

import (
	"errors"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/number"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/worktime"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

// tokyoOffice is the jurisdiction office of the fixture establishment.
const tokyoOffice = "1301"

// content is a complete, lawful full-time posting in 千代田区: 250,000 yen a month for
// 8 h a day and 20 days a month (1,562 yen an hour against Tokyo's 1,226).
func content() Content {
	return Content{
		Category: &CategorySection{Category: codes.CategoryGeneral, TimeClass: codes.FullTime, Scope: codes.ScopeFull,
			Online: codes.OnlineAccepted, Openings: 2, RecruitmentReason: "増員"},
		Workplace: &WorkplaceSection{PostalCode: "100-8916", Municipality: "13101", Address: "霞が関1-2-2",
			NearestStation: "霞ケ関駅", Transport: "徒歩", TravelMinutes: 3, SmokingMeasure: true, SmokingNote: "屋内禁煙"},
		Job: &JobSection{Occupation: "一般事務", Description: "書類作成、電話応対、データ入力などの事務", Form: codes.FormRegular,
			Dispatch: codes.DispatchNone, Education: codes.NotRequired, Experience: codes.NotRequired,
			Licences: codes.NotRequired, DriverLicence: codes.LicenceNotNeeded},
		Wage: &wage.Section{Pay: wage.Pay{Form: codes.PayMonthly, Base: wage.Range{Lower: 230_000, Upper: 280_000},
			Allowances: []wage.Allowance{{Name: "職務手当", Kind: wage.AllowanceRegular, Amount: wage.Range{Lower: 20_000}}}},
			MonthlyWorkDays: 200, ClosingDay: 31, PayMonth: 1, PayDay: 25},
		Hours: &worktime.Section{Shifts: []worktime.Shift{{Start: 9 * 60, End: 18 * 60}}, BreakMinutes: 60,
			AnnualHolidays: 120, DaysOff: []codes.Weekday{codes.Saturday, codes.Sunday, codes.NationalHolidays},
			TwoDaysOff: codes.TwoDaysOffEveryWeek, PaidLeaveAfter6M: 10},
		Benefits: &BenefitsSection{Insurances: []codes.Insurance{codes.InsEmployment, codes.InsWorkersComp, codes.InsHealth, codes.InsPension},
			RetirementAge: 60, Reemployment: true, ReemploymentUpTo: 65},
		PR: &PRSection{PR: "未経験の方も歓迎します。", Features: []codes.Feature{codes.FeatureSmokingMeasures}},
		Selection: &SelectionSection{Methods: []codes.SelectionMethod{codes.SelectDocuments, codes.SelectInterview},
			ResultDays: 7, Documents: "履歴書、職務経歴書",
			Contact: Contact{Title: "総務課長", Name: "厚労 太郎", Phone: "03-5253-1111", Email: "saiyo@example.co.jp"}},
	}
}

// akita moves the place of work to 秋田市 and pays exactly yen an hour for 160 h.
func akita(c Content, hourlyRate int) Content {
	c.Workplace.PostalCode, c.Workplace.Municipality, c.Workplace.Address = "010-0951", "05201", "山王3-1-7"
	c.Wage.Pay = wage.Pay{Form: codes.PayMonthly, Base: wage.Range{Lower: hourlyRate * 160}}
	return c
}

func submission(at time.Time) Submission {
	return Submission{By: "acc-1", At: at, Rates: minwage.Default(), Policy: deadline.DefaultPolicy(),
		Visit: VisitFacts{OpenedAtCounter: true, PostedWithinPastYear: true}}
}

func draft(c Content) *Posting {
	p := NewDraft("p-1", "est-1", tokyoOffice, "acc-1", deadline.ChannelMyPage, jst(2026, 3, 1))
	p.Content = c
	return p
}

func mustNumber(t *testing.T, s string) number.JobNumber {
	t.Helper()
	n, err := number.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// accepted returns the fixture accepted on 2026-04-01 (紹介期限日 2026-06-30).
func accepted(t *testing.T) *Posting {
	t.Helper()
	p := draft(content())
	if _, err := p.Submit(submission(jst(2026, 3, 30))); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if err := p.Accept(mustNumber(t, "13010-00000001"), deadline.DefaultPolicy(), jst(2026, 4, 1)); err != nil {
		t.Fatalf("accept: %v", err)
	}
	return p
}

func published(t *testing.T) *Posting {
	t.Helper()
	p := accepted(t)
	if err := p.Publish(jst(2026, 4, 2)); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return p
}

func reasonOf(err error) finding.Reason {
	var r *finding.Refusal
	if errors.As(err, &r) {
		return r.Reason
	}
	return ""
}
