package wage

import (
	"strconv"
	"time"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
)

// Basis is what converting a pay to an hourly amount needs from the posting: the daily
// 所定労働時間 (section 5) and the 月平均労働日数 (section 4).
type Basis struct {
	DailyMinutes    int
	MonthlyWorkDays Tenths
}

// MonthlyOfHourly is the monthly equivalent of an hourly range: hourly × daily hours ×
// 月平均労働日数 ("月額=時給×7.5H×21日", §2.6), rounded down to the yen.
func (b Basis) MonthlyOfHourly(r Range) Range {
	conv := func(y int) int { return int(int64(y) * int64(b.DailyMinutes) * int64(b.MonthlyWorkDays) / 600) }
	out := Range{Lower: conv(r.Lower)}
	if r.Upper != 0 {
		out.Upper = conv(r.Upper)
	}
	return out
}

// MinimumWageAmount is the part of a pay the minimum-wage law counts: the lower bound of
// the 基本給 and of the allowances that count. 固定残業代 (overtime pay), 精皆勤手当 and
// 家族手当 are left out; 通勤手当 is not an allowance of this list at all.
func (p Pay) MinimumWageAmount() int {
	n := p.Base.Lower
	for _, a := range p.Allowances {
		if a.Kind == AllowanceRegular {
			n += a.Amount.Lower
		}
	}
	return n
}

// hourly returns the pay per hour as the exact fraction num/den (§2.6):
//   - 月給: 月給 × 12 ÷ 年間所定労働時間, the annual hours being 月平均労働日数 × 12 ×
//     the daily hours, i.e. 月給 ÷ 月平均労働日数 ÷ 1日の所定労働時間 as offices check it;
//   - 日給: 日給 ÷ 1日の所定労働時間;
//   - 時給: as it is.
//
// ok is false when the basis lacks what the form needs.
func (p Pay) hourly(b Basis) (num, den int64, ok bool) {
	amt := int64(p.MinimumWageAmount())
	switch p.Form {
	case codes.PayMonthly:
		if b.DailyMinutes <= 0 || b.MonthlyWorkDays <= 0 {
			return 0, 0, false
		}
		return amt * 600, int64(b.MonthlyWorkDays) * int64(b.DailyMinutes), true
	case codes.PayDaily:
		if b.DailyMinutes <= 0 {
			return 0, 0, false
		}
		return amt * 60, int64(b.DailyMinutes), true
	case codes.PayHourly:
		return amt, 1, true
	}
	return 0, 0, false
}

// HourlyFloor is the hourly equivalent rounded down to the yen, for messages.
func (p Pay) HourlyFloor(b Basis) (int, bool) {
	num, den, ok := p.hourly(b)
	if !ok {
		return 0, false
	}
	return int(num / den), true
}

// Meets reports whether the pay is at least the hourly rate: exactly at the rate
// passes, one yen below fails. Compared as fractions, so no rounding decides.
func (p Pay) Meets(rate int, b Basis) (bool, bool) {
	num, den, ok := p.hourly(b)
	if !ok {
		return false, false
	}
	return num >= int64(rate)*den, true
}

// MinimumWage checks a pay against the rate of pref that applies on the date of at,
// and warns when it meets that rate but not a revision already decided (the posting
// would be held before the new rate takes effect, §2.4). field names the pay ("wage"
// or "job.trial.pay"). A missing rate blocks: the office must update the table.
func MinimumWage(field string, p Pay, b Basis, pref codes.Prefecture, at time.Time, t minwage.Table) finding.Findings {
	var f finding.Findings
	cur, ok := t.RateOn(pref, at)
	if !ok {
		f.Err(field, finding.MinimumWageUnavailable, "prefecture", pref.Label(), "date", at.Format(time.DateOnly))
		return f
	}
	meets, ok := p.Meets(cur.Yen, b)
	if !ok {
		return f // the conversion inputs are reported missing by the section checks
	}
	hourly, _ := p.HourlyFloor(b)
	if !meets {
		f.Err(field+".base.lower", finding.MinimumWageBelow, params(cur, hourly)...)
		return f
	}
	if next, ok := t.Next(pref, at); ok {
		if m, _ := p.Meets(next.Yen, b); !m {
			f.Warn(field+".base.lower", finding.MinimumWageBelowComing, params(next, hourly)...)
		}
	}
	return f
}

// BelowComing reports whether a valid posting must be held before rev takes effect:
// its pay does not meet the coming rate (publication hold, §2.4).
func BelowComing(p Pay, b Basis, rev minwage.Revision) bool {
	m, ok := p.Meets(rev.Yen, b)
	return ok && !m
}

func params(r minwage.Revision, hourly int) []string {
	return []string{"prefecture", r.Prefecture.Label(), "rate", Yen(r.Yen),
		"effective_from", jpDate(r.From), "hourly", Yen(hourly)}
}

// Yen formats 1226 as "1,226".
func Yen(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + Yen(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func jpDate(t time.Time) string {
	y, m, d := t.Date()
	return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(d) + "日"
}
