// Package wage holds section 4 of a posting (賃金・手当情報, domain.md §2.6): the wage
// display a + b (+ c), its checks when saved, the hourly conversions and the
// minimum-wage check against the 地域別最低賃金 of the place of work.
package wage

import (
	"strconv"
	"unicode/utf8"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

// Range is an amount in yen shown as 下限〜上限. Upper 0 means a single amount (no
// upper bound shown); otherwise Upper must not be below Lower.
type Range struct {
	Lower int
	Upper int
}

// Top is the upper bound, or Lower for a single amount.
func (r Range) Top() int {
	if r.Upper == 0 {
		return r.Lower
	}
	return r.Upper
}

// Add sums two ranges bound by bound.
func (r Range) Add(o Range) Range {
	return Range{Lower: r.Lower + o.Lower, Upper: r.Top() + o.Top()}
}

// AllowanceKind tells whether an allowance counts for the minimum wage.
type AllowanceKind int

// Allowance kinds. 精皆勤手当, 通勤手当 and 家族手当 do not count (最低賃金法施行規則
// 1条; domain.md §2.6 marks this INFERENCE from the law).
const (
	AllowanceRegular    AllowanceKind = 1 // counts
	AllowanceAttendance AllowanceKind = 2 // 精皆勤手当
	AllowanceFamily     AllowanceKind = 3 // 家族手当
)

var allowanceKindLabels = map[AllowanceKind]string{
	AllowanceRegular: "定期的に支払われる手当", AllowanceAttendance: "精皆勤手当", AllowanceFamily: "家族手当",
}

// Label is the Japanese name ("" for no kind).
func (k AllowanceKind) Label() string { return allowanceKindLabels[k] }

// Allowance is one 定期的に支払われる手当 (b).
type Allowance struct {
	Name   string
	Kind   AllowanceKind
	Amount Range
}

// FixedOvertime is 固定残業代 (c): a fixed amount for a number of overtime hours a
// month, which never counts for the minimum wage (it pays overtime).
type FixedOvertime struct {
	Amount     Range
	Hours      int    // overtime hours a month it covers
	ExcessNote string // that hours beyond are paid on top (固定残業代に関する特記事項)
}

// Pay is what a worker is paid: the main wage and, when it differs, the 試用期間 wage.
type Pay struct {
	Form          codes.PayForm
	Base          Range // a: 基本給 (月額, 日額 or 時間額)
	Allowances    []Allowance
	FixedOvertime *FixedOvertime
}

// Section is section 4 as the employer enters it.
type Section struct {
	Pay
	OtherNote         string // d: その他の手当等付記事項
	MonthlyWorkDays   Tenths // 月平均労働日数 (e.g. 21.0 → 210)
	CommuteAllowance  bool
	CommuteMonthlyMax int // yen, 0 = actual cost
	ClosingDay        int // 賃金締切日 1–31, 31 = 末日
	PayMonth          int // 0 当月, 1 翌月, 2 翌々月
	PayDay            int // 賃金支払日 1–31, 31 = 末日
	Raise             Increment
	Bonus             Increment
}

// Tenths is a quantity with one decimal, stored ×10 so that arithmetic stays exact.
type Tenths int

// String formats 210 as "21.0".
func (t Tenths) String() string { return strconv.Itoa(int(t)/10) + "." + strconv.Itoa(int(t)%10) }

// Increment is 昇給 or 賞与: whether the system exists, last year's record and how
// often / how much (free text as on the 求人票).
type Increment struct {
	System      bool
	LastYear    bool
	TimesAYear  int
	Description string
}

// Check runs the checks of section 4 when it is saved. Field paths are relative to the
// section. The minimum-wage check needs sections 2 and 5 and runs at submission.
func (s Section) Check() finding.Findings {
	var f finding.Findings
	f.Merge(s.Pay.Check())
	if len([]rune(s.OtherNote)) > 300 {
		f.Err("other_note", finding.TooLong, "label", "その他の手当等付記事項", "max_length", "300")
	}
	if s.MonthlyWorkDays == 0 {
		// The monthly equivalent of hourly pay and the monthly check both divide by it.
		if s.Form == codes.PayMonthly || s.Form == codes.PayHourly {
			f.Err("monthly_work_days", finding.Required, "label", "月平均労働日数")
		}
	} else if s.MonthlyWorkDays < 10 || s.MonthlyWorkDays > 310 {
		f.Err("monthly_work_days", finding.OutOfRange, "label", "月平均労働日数", "min", "1.0", "max", "31.0")
	}
	dayOfMonth(&f, "closing_day", s.ClosingDay, "賃金締切日")
	dayOfMonth(&f, "pay_day", s.PayDay, "賃金支払日")
	if s.PayMonth < 0 || s.PayMonth > 2 {
		f.Err("pay_month", finding.CodeInvalid, "label", "賃金支払月")
	}
	if s.CommuteMonthlyMax < 0 {
		f.Err("commute_monthly_max", finding.OutOfRange, "label", "通勤手当", "min", "0", "max", "1000000")
	}
	for _, x := range []struct {
		name string
		inc  Increment
	}{{"raise", s.Raise}, {"bonus", s.Bonus}} {
		name, inc := x.name, x.inc
		if inc.TimesAYear < 0 || inc.TimesAYear > 12 {
			f.Err(name+".times_a_year", finding.OutOfRange, "label", "回数", "min", "0", "max", "12")
		}
		if utf8.RuneCountInString(inc.Description) > 200 {
			f.Err(name+".description", finding.TooLong, "label", "金額・率", "max_length", "200")
		}
	}
	return f
}

func dayOfMonth(f *finding.Findings, field string, d int, label string) {
	if d == 0 {
		f.Err(field, finding.Required, "label", label)
	} else if d < 1 || d > 31 {
		f.Err(field, finding.OutOfRange, "label", label, "min", "1", "max", "31")
	}
}

// Check runs the checks of one pay (main or trial): every range has 下限 ≤ 上限; a
// 固定残業代 needs its hours, its amount and the note that excess is paid (§2.6).
func (p Pay) Check() finding.Findings {
	var f finding.Findings
	if !codes.Valid(p.Form) {
		f.Err("form", finding.CodeInvalid, "label", "賃金形態")
	}
	checkRange(&f, "base", p.Base, "基本給", true)
	for i, a := range p.Allowances {
		field := "allowances." + strconv.Itoa(i)
		if a.Name == "" {
			f.Err(field+".name", finding.Required, "label", "手当の名称")
		}
		if a.Kind < AllowanceRegular || a.Kind > AllowanceFamily {
			f.Err(field+".kind", finding.CodeInvalid, "label", "手当の種類")
		}
		checkRange(&f, field+".amount", a.Amount, "手当額", true)
	}
	if c := p.FixedOvertime; c != nil {
		if c.Hours <= 0 {
			f.Err("fixed_overtime.hours", finding.Required, "label", "固定残業時間")
		}
		checkRange(&f, "fixed_overtime.amount", c.Amount, "固定残業代", true)
		if c.ExcessNote == "" {
			f.Err("fixed_overtime.excess_note", finding.FixedOvertimeExcessNote)
		}
	}
	return f
}

func checkRange(f *finding.Findings, field string, r Range, label string, required bool) {
	switch {
	case r.Lower <= 0 && required:
		f.Err(field+".lower", finding.Required, "label", label+"（下限）")
	case r.Lower < 0 || r.Upper < 0:
		f.Err(field, finding.OutOfRange, "label", label, "min", "0", "max", "99999999")
	case r.Upper != 0 && r.Upper < r.Lower:
		f.Err(field+".upper", finding.RangeInverted, "label", label)
	}
}

// Display is the wage shown on list cards and the 求人票 (a + b + c), and for hourly
// pay the monthly equivalent.
type Display struct {
	Form              codes.PayForm
	Total             Range // a + b + c
	MonthlyEquivalent Range // hourly pay only (月額換算); zero otherwise
}

// Show builds the display of a pay with the conversion basis of the posting.
func Show(p Pay, b Basis) Display {
	total := p.Base
	for _, a := range p.Allowances {
		total = total.Add(a.Amount)
	}
	if p.FixedOvertime != nil {
		total = total.Add(p.FixedOvertime.Amount)
	}
	d := Display{Form: p.Form, Total: total}
	if p.Form == codes.PayHourly {
		d.MonthlyEquivalent = b.MonthlyOfHourly(total)
	}
	return d
}
