package deadline

import (
	"errors"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

func day(t time.Time) string { return t.Format(time.DateOnly) }

// JOB-2: published within 2 business days after the day of application (MyPage), 7
// for other channels; the day of application itself never counts.
func TestPublishBy_CountsOpenDaysAfterTheDayOfApplication(t *testing.T) {
	p := DefaultPolicy()
	cases := []struct {
		name    string
		applied time.Time
		ch      Channel
		want    time.Time
	}{
		{"Monday application, Wednesday deadline", time.Date(2026, 6, 1, 16, 59, 0, 0, clock.JST), ChannelMyPage, jst(2026, 6, 3)},
		{"late evening still counts as that day", time.Date(2026, 6, 1, 23, 59, 0, 0, clock.JST), ChannelMyPage, jst(2026, 6, 3)},
		{"Friday application skips the weekend", jst(2026, 6, 5), ChannelMyPage, jst(2026, 6, 9)},
		{"Golden Week 2026: Thursday 04-30 → 05-01, 05-07", jst(2026, 4, 30), ChannelMyPage, jst(2026, 5, 7)},
		{"Golden Week 2026: Friday 05-01 → 05-07, 05-08", jst(2026, 5, 1), ChannelMyPage, jst(2026, 5, 8)},
		{"Golden Week 2026: applied on the 05-05 holiday", jst(2026, 5, 5), ChannelMyPage, jst(2026, 5, 8)},
		{"year end: Friday 12-25 → 12-28, 01-04", jst(2026, 12, 25), ChannelMyPage, jst(2027, 1, 4)},
		{"year end: 12-28 → 01-04, 01-05", jst(2026, 12, 28), ChannelMyPage, jst(2027, 1, 5)},
		{"year end: applied on 12-30", jst(2026, 12, 30), ChannelMyPage, jst(2027, 1, 5)},
		{"other channel: 7 open days", jst(2026, 6, 1), ChannelCounter, jst(2026, 6, 10)},
		{"other channel over Golden Week: 04-30, 05-01, 05-07, 05-08, 05-11, 05-12, 05-13", jst(2026, 4, 28), ChannelCounter, jst(2026, 5, 13)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := p.PublishBy(c.applied, c.ch); !got.Equal(c.want) {
				t.Errorf("PublishBy(%s) = %s, want %s", day(c.applied), day(got), day(c.want))
			}
		})
	}
}

func TestOverdue_FromTheDayAfterTheDeadline(t *testing.T) {
	by := jst(2026, 5, 7)
	if Overdue(by, time.Date(2026, 5, 7, 23, 0, 0, 0, clock.JST)) {
		t.Error("on the deadline day it is not yet overdue")
	}
	if !Overdue(by, jst(2026, 5, 8)) {
		t.Error("the day after the deadline it is overdue")
	}
}

// §2.4 validity: 受理日の翌々月末, per category; 大卒等 to 3/31.
func TestReferralDeadline_EachValidityExample(t *testing.T) {
	p := DefaultPolicy()
	cases := []struct {
		name     string
		c        codes.Category
		accepted time.Time
		want     time.Time
	}{
		{"4/1 → 6/30", codes.CategoryGeneral, jst(2026, 4, 1), jst(2026, 6, 30)},
		{"5/15 → 7/31", codes.CategoryGeneral, jst(2026, 5, 15), jst(2026, 7, 31)},
		{"6/30 → 8/31", codes.CategoryGeneral, jst(2026, 6, 30), jst(2026, 8, 31)},
		{"12/15 → end of February next year", codes.CategoryGeneral, jst(2026, 12, 15), jst(2027, 2, 28)},
		{"11/30 → 1/31 across the year", codes.CategoryGeneral, jst(2026, 11, 30), jst(2027, 1, 31)},
		{"leap year: 12/1/2027 → 2/29/2028", codes.CategoryDisability, jst(2027, 12, 1), jst(2028, 2, 29)},
		{"JST date decides: 6/30 15:30 UTC is 7/1 JST", codes.CategoryGeneral, time.Date(2026, 6, 30, 15, 30, 0, 0, time.UTC), jst(2026, 9, 30)},
		{"大卒等 accepted in June → 3/31 next year", codes.CategoryGraduate, jst(2026, 6, 1), jst(2027, 3, 31)},
		{"大卒等 accepted in January → 3/31 that year", codes.CategoryGraduate, jst(2027, 1, 10), jst(2027, 3, 31)},
		{"大卒等 accepted 2/1 (受理開始) → 3/31 of the next year", codes.CategoryGraduate, jst(2026, 2, 1), jst(2027, 3, 31)},
		{"高卒 follows the general rule by default", codes.CategoryHighSchool, jst(2026, 7, 1), jst(2026, 9, 30)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := p.ReferralDeadline(c.c, c.accepted); !got.Equal(c.want) {
				t.Errorf("ReferralDeadline = %s, want %s", day(got), day(c.want))
			}
		})
	}
}

func TestReferralDeadline_PolicyIsPerCategory(t *testing.T) {
	p := DefaultPolicy()
	p.Validity[codes.CategoryHighSchool] = EndOfFiscalYear
	if got := p.ReferralDeadline(codes.CategoryHighSchool, jst(2026, 7, 1)); !got.Equal(jst(2027, 3, 31)) {
		t.Errorf("configured 高卒 = %s, want 2027-03-31", day(got))
	}
}

// JOB-3 有効期間延長: once, by one month.
func TestExtended_ByOneMonth(t *testing.T) {
	cases := []struct{ from, want time.Time }{
		{jst(2026, 6, 30), jst(2026, 7, 31)},
		{jst(2026, 8, 31), jst(2026, 9, 30)},
		{jst(2027, 2, 28), jst(2027, 3, 31)},
		{jst(2027, 3, 31), jst(2027, 4, 30)},
		{jst(2026, 6, 15), jst(2026, 7, 15)}, // brought forward by staff, then extended
		{jst(2027, 1, 30), jst(2027, 2, 28)},
		{jst(2026, 12, 31), jst(2027, 1, 31)},
	}
	for _, c := range cases {
		if got := Extended(c.from); !got.Equal(c.want) {
			t.Errorf("Extended(%s) = %s, want %s", day(c.from), day(got), day(c.want))
		}
	}
}

// JOB-5: renewal from 14 days before the 紹介期限日: day 15 refused with the first
// allowed date, day 14 allowed, the deadline itself allowed, the day after refused.
func TestCheckRenewal_WindowBoundaries(t *testing.T) {
	p := DefaultPolicy()
	dl := jst(2026, 6, 30)
	cases := []struct {
		name string
		now  time.Time
		want finding.Reason
	}{
		{"day 15 before", jst(2026, 6, 15), finding.RenewalTooEarly},
		{"day 15, one minute before midnight", time.Date(2026, 6, 15, 23, 59, 0, 0, clock.JST), finding.RenewalTooEarly},
		{"day 14 before", jst(2026, 6, 16), ""},
		{"the deadline itself", time.Date(2026, 6, 30, 23, 0, 0, 0, clock.JST), ""},
		{"the day after", jst(2026, 7, 1), finding.InvalidState},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := p.CheckRenewal(dl, c.now)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var r *finding.Refusal
			if !errors.As(err, &r) || r.Reason != c.want || r.Rule != "JOB-5" {
				t.Fatalf("got %v, want %s (JOB-5)", err, c.want)
			}
			if verr := r.Validate(); verr != nil {
				t.Error(verr)
			}
			if c.want == finding.RenewalTooEarly && (r.Params[1] != "2026年6月16日" || r.Params[3] != "14") {
				t.Errorf("params %v, want first_date 2026年6月16日 and days 14", r.Params)
			}
		})
	}
}

func TestCheckRenewal_LeadTimeIsConfigurable(t *testing.T) {
	p := DefaultPolicy()
	p.RenewalLeadDays = 7 // Obihiro's local practice
	if err := p.CheckRenewal(jst(2026, 6, 30), jst(2026, 6, 22)); err == nil {
		t.Error("8 days before must be refused with a 7-day lead")
	}
	if err := p.CheckRenewal(jst(2026, 6, 30), jst(2026, 6, 23)); err != nil {
		t.Errorf("7 days before: %v", err)
	}
}

// §2.4: 14 days after entering the posting, back to the previous open day when closed.
func TestCounterVisitBy_MovesBackToThePreviousOpenDay(t *testing.T) {
	p := DefaultPolicy()
	cases := []struct {
		name      string
		submitted time.Time
		want      time.Time
	}{
		{"open day stays", jst(2026, 6, 1), jst(2026, 6, 15)},
		{"Saturday 05-02 in Golden Week → Friday 05-01", jst(2026, 4, 18), jst(2026, 5, 1)},
		{"substitute holiday 05-06 → 05-01", jst(2026, 4, 22), jst(2026, 5, 1)},
		{"12-31 → 12-28", jst(2026, 12, 17), jst(2026, 12, 28)},
		{"01-03 → 12-28 of the year before", jst(2026, 12, 20), jst(2026, 12, 28)},
		{"Sunday → Friday", jst(2026, 5, 24), jst(2026, 6, 5)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := p.CounterVisitBy(c.submitted); !got.Equal(c.want) {
				t.Errorf("CounterVisitBy(%s) = %s, want %s", day(c.submitted), day(got), day(c.want))
			}
		})
	}
}

func TestJapaneseDate(t *testing.T) {
	if got := JapaneseDate(jst(2026, 3, 31)); got != "2026年3月31日" {
		t.Errorf("got %q", got)
	}
}
