// Package deadline computes the dates of a posting's life: the publication deadline
// (JOB-2), the referral deadline 紹介期限日 and its extension, the renewal window
// (JOB-5) and the counter-visit deadline (domain.md §2.4). Every date is a calendar
// date in JST (midnight JST); open days come from libs/calendar (domain.md §8).
package deadline

import (
	"strconv"
	"time"

	"github.com/hellowork-jp/hellowork/libs/calendar"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

// Channel is how an application reached the office.
type Channel int

// Channels.
const (
	ChannelMyPage  Channel = 1 // the employer's MyPage (JOB-1)
	ChannelCounter Channel = 2 // entered by staff from paper, fax or the counter
)

// Validity says how a category's 紹介期限日 follows from the acceptance date.
type Validity int

// Validity rules.
const (
	// EndOfMonthAfterNext is 受理日の翌々月末: 4/1 → 6/30, 5/15 → 7/31 (§2.4).
	EndOfMonthAfterNext Validity = 1
	// EndOfFiscalYear is 3/31 of the recruiting fiscal year (大卒等, §2.4).
	EndOfFiscalYear Validity = 2
)

// Policy holds the configurable numbers; DefaultPolicy has the seeds' values.
type Policy struct {
	PublishOpenDaysMyPage int // JOB-2: 2 business days after the day of application
	PublishOpenDaysOther  int // JOB-2: "up to about 7" for other channels, counted in open days
	RenewalLeadDays       int // JOB-5: 14 (the seed); Obihiro's leaflet says 7
	CounterVisitDays      int // §2.4: 14 days after entering the posting
	Validity              map[codes.Category]Validity
}

// DefaultPolicy is the policy of the seeds and domain.md. 大卒等 postings run to the end
// of the fiscal year; 高卒 validity was not found in any source, so it follows the
// general rule until the office configures otherwise.
func DefaultPolicy() Policy {
	return Policy{
		PublishOpenDaysMyPage: 2,
		PublishOpenDaysOther:  7,
		RenewalLeadDays:       14,
		CounterVisitDays:      14,
		Validity:              map[codes.Category]Validity{codes.CategoryGraduate: EndOfFiscalYear},
	}
}

// PublishBy is the date by which an application must be published (JOB-2): the
// given number of open days after the JST day of application, that day not counted.
// MyPage applications get 2, others 7.
func (p Policy) PublishBy(appliedAt time.Time, ch Channel) time.Time {
	n := p.PublishOpenDaysOther
	if ch == ChannelMyPage {
		n = p.PublishOpenDaysMyPage
	}
	return calendar.AddOpenDays(appliedAt, n)
}

// Overdue reports whether publication is late on the JST date of now.
func Overdue(publishBy, now time.Time) bool { return clock.DateJST(now).After(publishBy) }

// ReferralDeadline is the 紹介期限日 of a posting of category accepted at acceptedAt.
// Month-ends are never moved to an open day (§8: nothing says they shift).
func (p Policy) ReferralDeadline(c codes.Category, acceptedAt time.Time) time.Time {
	d := clock.DateJST(acceptedAt)
	if p.Validity[c] == EndOfFiscalYear {
		return fiscalYearEnd(d)
	}
	return endOfMonth(d.Year(), d.Month()+2)
}

// fiscalYearEnd is 3/31 ending the fiscal year the posting recruits for. 大卒等 postings
// are accepted from 2/1 and published from 4/1 (§2.2), so one accepted in February or
// March recruits for the fiscal year starting that April (INFERENCE from the schedule).
func fiscalYearEnd(d time.Time) time.Time {
	y := d.Year()
	if d.Month() >= time.February {
		y++
	}
	return time.Date(y, time.March, 31, 0, 0, 0, 0, clock.JST)
}

func endOfMonth(y int, m time.Month) time.Time {
	// Day 0 of the following month is the last day of m; Date normalises m > 12.
	return time.Date(y, m+1, 0, 0, 0, 0, 0, clock.JST)
}

// Extended is the 紹介期限日 after the one-month extension (有効期間延長, JOB-3): a
// month-end stays a month-end (6/30 → 7/31); another day moves to the same day of the
// next month, or that month's last day when it is shorter (1/30 → 2/28).
func Extended(d time.Time) time.Time {
	d = clock.DateJST(d)
	last := endOfMonth(d.Year(), d.Month())
	if d.Equal(last) {
		return endOfMonth(d.Year(), d.Month()+1)
	}
	next := endOfMonth(d.Year(), d.Month()+1)
	if d.Day() > next.Day() {
		return next
	}
	return time.Date(next.Year(), next.Month(), d.Day(), 0, 0, 0, 0, clock.JST)
}

// RenewalOpens is the first day a renewal may be reserved (JOB-5): RenewalLeadDays
// before the 紹介期限日.
func (p Policy) RenewalOpens(referralDeadline time.Time) time.Time {
	return clock.DateJST(referralDeadline).AddDate(0, 0, -p.RenewalLeadDays)
}

// CheckRenewal refuses a reservation before the window opens, naming the first
// allowed date, and one after the 紹介期限日 (then the posting is no longer valid).
func (p Policy) CheckRenewal(referralDeadline, now time.Time) error {
	today := clock.DateJST(now)
	opens := p.RenewalOpens(referralDeadline)
	if today.Before(opens) {
		return finding.Refuse(finding.RenewalTooEarly,
			"first_date", JapaneseDate(opens), "days", strconv.Itoa(p.RenewalLeadDays))
	}
	if today.After(clock.DateJST(referralDeadline)) {
		return finding.Refuse(finding.InvalidState).WithRule("JOB-5")
	}
	return nil
}

// CounterVisitBy is the day by which the employer must come to the office: 14 days
// after the posting was entered, moved back to the previous open day when that is a
// closed day (「期限日が閉庁日の場合は前開庁日まで」, §2.4, §8).
func (p Policy) CounterVisitBy(submittedAt time.Time) time.Time {
	return calendar.OpenDayOnOrBefore(clock.DateJST(submittedAt).AddDate(0, 0, p.CounterVisitDays))
}

// JapaneseDate formats a date the way the screens show it: 2026年3月17日.
func JapaneseDate(t time.Time) string {
	y, m, d := t.In(clock.JST).Date()
	return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(d) + "日"
}
