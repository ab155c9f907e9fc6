package wage

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

const (
	akita codes.Prefecture = 5
	tokyo codes.Prefecture = 13
)

var eightHours20Days = Basis{DailyMinutes: 480, MonthlyWorkDays: 200} // 160 h a month

func monthly(yen int) Pay { return Pay{Form: codes.PayMonthly, Base: Range{Lower: yen}} }
func daily(yen int) Pay   { return Pay{Form: codes.PayDaily, Base: Range{Lower: yen}} }
func hourly(yen int) Pay  { return Pay{Form: codes.PayHourly, Base: Range{Lower: yen}} }

func reasons(fs finding.Findings) []finding.Reason {
	var out []finding.Reason
	for _, f := range fs.All() {
		out = append(out, f.Reason)
	}
	return out
}

// §2.6: at the rate passes, one yen below is an error naming the rate and prefecture;
// Akita's 令和7年度 rate (951 → 1,031) takes effect on 2026-03-31, so the same pay is
// judged against the old rate on 03-30 and the new one on 03-31. A pay that meets the
// old rate but not the decided new one is a warning before the date.
func TestMinimumWage_AtAndOneYenBelowOnBothSidesOfAkitasDate(t *testing.T) {
	tb := minwage.Default()
	before, on := jst(2026, 3, 30), jst(2026, 3, 31)
	cases := []struct {
		name     string
		pay      Pay
		at       time.Time
		severity finding.Severity // 0: nothing found
		reason   finding.Reason
		rate     string
	}{
		{"monthly at the old rate, before", monthly(951 * 160), before, finding.Warning, finding.MinimumWageBelowComing, "1,031"},
		{"monthly one yen below the old rate, before", monthly(951*160 - 1), before, finding.Error, finding.MinimumWageBelow, "951"},
		{"monthly at the new rate, before", monthly(1031 * 160), before, 0, "", ""},
		{"monthly at the new rate, on the date", monthly(1031 * 160), on, 0, "", ""},
		{"monthly one yen below the new rate, on the date", monthly(1031*160 - 1), on, finding.Error, finding.MinimumWageBelow, "1,031"},
		{"daily at the old rate, before", daily(951 * 8), before, finding.Warning, finding.MinimumWageBelowComing, "1,031"},
		{"daily one yen below the old rate, before", daily(951*8 - 1), before, finding.Error, finding.MinimumWageBelow, "951"},
		{"daily at the new rate, on the date", daily(1031 * 8), on, 0, "", ""},
		{"daily one yen below the new rate, on the date", daily(1031*8 - 1), on, finding.Error, finding.MinimumWageBelow, "1,031"},
		{"hourly at the old rate, before", hourly(951), before, finding.Warning, finding.MinimumWageBelowComing, "1,031"},
		{"hourly one yen below the old rate, before", hourly(950), before, finding.Error, finding.MinimumWageBelow, "951"},
		{"hourly at the new rate, on the date", hourly(1031), on, 0, "", ""},
		{"hourly one yen below the new rate, on the date", hourly(1030), on, finding.Error, finding.MinimumWageBelow, "1,031"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := MinimumWage("wage", c.pay, eightHours20Days, akita, c.at, tb)
			all := fs.All()
			for _, f := range all {
				if err := f.Validate(); err != nil {
					t.Error(err)
				}
			}
			if c.severity == 0 {
				if len(all) != 0 {
					t.Fatalf("found %v", all)
				}
				return
			}
			if len(all) != 1 || all[0].Severity != c.severity || all[0].Reason != c.reason {
				t.Fatalf("found %v, want one %s %s", all, c.severity, c.reason)
			}
			if all[0].Param("prefecture") != "秋田県" || all[0].Param("rate") != c.rate || all[0].Field != "wage.base.lower" {
				t.Errorf("finding %v must name 秋田県 and %s on wage.base.lower", all[0], c.rate)
			}
		})
	}
}

func TestMinimumWage_NamesTheEffectiveDateAndTheHourlyEquivalent(t *testing.T) {
	fs := MinimumWage("wage", monthly(1031*160-1), eightHours20Days, akita, jst(2026, 4, 1), minwage.Default())
	f := fs.Errors()[0]
	if f.Param("effective_from") != "2026年3月31日" || f.Param("hourly") != "1,030" {
		t.Errorf("params %v", f.Params)
	}
}

func TestMinimumWage_TokyoOnBothSidesOf20251003(t *testing.T) {
	tb := minwage.Default()
	if fs := MinimumWage("wage", hourly(1163), Basis{}, tokyo, jst(2025, 10, 2), tb); fs.Blocking() {
		t.Errorf("1,163 on 2025-10-02 (old rate) blocked: %v", fs.All())
	}
	if fs := MinimumWage("wage", hourly(1163), Basis{}, tokyo, jst(2025, 10, 3), tb); !fs.Has(finding.MinimumWageBelow) {
		t.Errorf("1,163 on 2025-10-03 (new rate 1,226) passed: %v", fs.All())
	}
}

func TestMinimumWage_OnlyCountedAllowancesCount(t *testing.T) {
	tb := minwage.Default()
	at := jst(2026, 4, 1) // Akita 1,031 → 164,960 a month at 160 h
	p := Pay{Form: codes.PayMonthly, Base: Range{Lower: 150_000}, Allowances: []Allowance{
		{Name: "職務手当", Kind: AllowanceRegular, Amount: Range{Lower: 14_960}},
	}}
	if fs := MinimumWage("wage", p, eightHours20Days, akita, at, tb); !fs.Empty() {
		t.Errorf("base + 職務手当 meets the rate: %v", fs.All())
	}
	p.Allowances[0].Kind = AllowanceAttendance // 精皆勤手当 does not count
	if fs := MinimumWage("wage", p, eightHours20Days, akita, at, tb); !fs.Has(finding.MinimumWageBelow) {
		t.Error("精皆勤手当 must not count")
	}
	p.Allowances[0].Kind = AllowanceRegular
	p.Base.Lower = 100_000
	p.FixedOvertime = &FixedOvertime{Amount: Range{Lower: 60_000}, Hours: 30, ExcessNote: "超過分は別途支給"}
	if fs := MinimumWage("wage", p, eightHours20Days, akita, at, tb); !fs.Has(finding.MinimumWageBelow) {
		t.Error("固定残業代 must not count")
	}
}

func TestMinimumWage_UnknownRateBlocks(t *testing.T) {
	fs := MinimumWage("wage", hourly(2000), Basis{}, tokyo, jst(2024, 9, 30), minwage.Default())
	if !fs.Has(finding.MinimumWageUnavailable) || !fs.Blocking() {
		t.Errorf("before the table starts: %v", fs.All())
	}
}

func TestMinimumWage_MissingBasisIsLeftToTheSectionChecks(t *testing.T) {
	if fs := MinimumWage("wage", monthly(100), Basis{}, tokyo, jst(2026, 4, 1), minwage.Default()); !fs.Empty() {
		t.Errorf("no hours: %v", fs.All())
	}
}

func TestBelowComing_DecidesThePublicationHold(t *testing.T) {
	next, _ := minwage.Default().Next(akita, jst(2026, 3, 24))
	if !BelowComing(hourly(1030), Basis{}, next) {
		t.Error("1,030 is below Akita's coming 1,031")
	}
	if BelowComing(hourly(1031), Basis{}, next) {
		t.Error("1,031 meets Akita's coming rate")
	}
}

func TestPayCheck_RangesAndFixedOvertime(t *testing.T) {
	cases := []struct {
		name string
		pay  Pay
		want []finding.Reason
	}{
		{"a valid single amount", monthly(200_000), nil},
		{"a valid range", Pay{Form: codes.PayMonthly, Base: Range{200_000, 250_000}}, nil},
		{"equal bounds", Pay{Form: codes.PayMonthly, Base: Range{200_000, 200_000}}, nil},
		{"upper below lower", Pay{Form: codes.PayMonthly, Base: Range{250_000, 200_000}}, []finding.Reason{finding.RangeInverted}},
		{"no base", Pay{Form: codes.PayMonthly}, []finding.Reason{finding.Required}},
		{"unknown form", Pay{Form: 9, Base: Range{Lower: 1}}, []finding.Reason{finding.CodeInvalid}},
		{"allowance range inverted and unnamed", Pay{Form: codes.PayMonthly, Base: Range{Lower: 200_000},
			Allowances: []Allowance{{Kind: AllowanceRegular, Amount: Range{10_000, 5_000}}}},
			[]finding.Reason{finding.Required, finding.RangeInverted}},
		{"fixed overtime complete", Pay{Form: codes.PayMonthly, Base: Range{Lower: 200_000},
			FixedOvertime: &FixedOvertime{Amount: Range{Lower: 30_000}, Hours: 20, ExcessNote: "20時間を超える時間外労働分は追加で支給"}}, nil},
		{"fixed overtime without hours, amount or note", Pay{Form: codes.PayMonthly, Base: Range{Lower: 200_000},
			FixedOvertime: &FixedOvertime{}},
			[]finding.Reason{finding.Required, finding.Required, finding.FixedOvertimeExcessNote}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := reasons(c.pay.Check())
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
}

func TestSectionCheck_NeedsMonthlyWorkDaysForMonthlyAndHourlyPay(t *testing.T) {
	s := Section{Pay: hourly(1200), ClosingDay: 31, PayDay: 25, PayMonth: 1}
	if fs := s.Check(); len(fs.On("monthly_work_days")) != 1 {
		t.Errorf("hourly pay without 月平均労働日数: %v", fs.All())
	}
	s.MonthlyWorkDays = 215
	if fs := s.Check(); !fs.Empty() {
		t.Errorf("complete: %v", fs.All())
	}
	s.MonthlyWorkDays = 320
	if fs := s.Check(); !fs.Has(finding.OutOfRange) {
		t.Error("32 days a month accepted")
	}
	d := Section{Pay: daily(9000), ClosingDay: 15, PayDay: 25}
	if fs := d.Check(); !fs.Empty() {
		t.Errorf("daily pay needs no 月平均労働日数: %v", fs.All())
	}
}

// §2.6: hourly wages carry the monthly equivalent, hourly × daily hours × days.
func TestShow_HourlyCarriesTheMonthlyEquivalent(t *testing.T) {
	p := Pay{Form: codes.PayHourly, Base: Range{1100, 1300}}
	d := Show(p, Basis{DailyMinutes: 450, MonthlyWorkDays: 210}) // 7.5 h × 21 days
	if d.MonthlyEquivalent != (Range{173_250, 204_750}) {
		t.Errorf("monthly equivalent = %+v", d.MonthlyEquivalent)
	}
	m := Show(Pay{Form: codes.PayMonthly, Base: Range{200_000, 0}, Allowances: []Allowance{{Amount: Range{10_000, 20_000}}},
		FixedOvertime: &FixedOvertime{Amount: Range{Lower: 30_000}}}, eightHours20Days)
	if m.Total != (Range{240_000, 250_000}) || m.MonthlyEquivalent != (Range{}) {
		t.Errorf("a+b+c display = %+v", m)
	}
}

func TestYen(t *testing.T) {
	for n, want := range map[int]string{0: "0", 951: "951", 1031: "1,031", 164960: "164,960", 1234567: "1,234,567"} {
		if got := Yen(n); got != want {
			t.Errorf("Yen(%d) = %q, want %q", n, got, want)
		}
	}
}
