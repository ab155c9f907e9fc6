// Package worktime holds section 5 of a posting (労働時間情報) and the labour-law
// checks on it. The checks of the 労働基準法 are warnings the employer confirms, not
// errors: industries and systems (変形労働時間制, 裁量労働制) have lawful exceptions
// (domain.md §2.6).
package worktime

import (
	"slices"
	"strconv"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

// Shift is one 就業時間: minutes after midnight; End before Start runs into the next
// day (22:00〜翌6:00).
type Shift struct {
	Start int
	End   int
}

// Minutes is the length of the shift including the break.
func (s Shift) Minutes() int { return ((s.End-s.Start)%1440 + 1440) % 1440 }

// Section is section 5 as the employer enters it.
type Section struct {
	Shifts               []Shift // 就業時間1..3
	ShiftNote            string  // 就業時間に関する特記事項
	BreakMinutes         int     // 休憩時間
	WeeklyMinutes        int     // 週所定労働時間; 0 = derive from the days off
	Systems              []codes.WorkingTimeSystem
	Overtime             bool
	MonthlyOvertimeHours int  // 月平均時間外労働時間
	SpecialClause36      bool // 36協定における特別条項
	AnnualHolidays       int  // 年間休日数
	DaysOff              []codes.Weekday
	TwoDaysOff           codes.WeeklyTwoDaysOff
	PaidLeaveAfter6M     int // 半年後の年次有給休暇日数
}

// Statutory limits of the 労働基準法 used by the warnings.
const (
	dailyLimit      = 8 * 60  // 32条2項: 1日8時間
	weeklyLimit     = 40 * 60 // 32条1項: 週40時間
	minRestDaysYear = 52      // 35条: 毎週1日 (or 4 in 4 weeks) ≈ 52 a year
	minPaidLeave    = 10      // 39条: 10 days after 6 months
	overtimeMonth   = 45      // 36条4項: 月45時間 without a special clause
	partTimeFull    = 30 * 60 // 39条3項: from 30 h a week the full grant applies
)

// DailyMinutes is the daily 所定労働時間 used for conversions: the longest shift less
// the break, so that converting a monthly or daily wage errs on the worker's side.
func (s Section) DailyMinutes() int {
	m := 0
	for _, sh := range s.Shifts {
		m = max(m, sh.Minutes()-s.BreakMinutes)
	}
	return max(m, 0)
}

// WorkdaysAWeek counts the weekdays not named as days off, or 0 when no day off is
// given.
func (s Section) WorkdaysAWeek() int {
	off := 0
	for _, d := range s.DaysOff {
		if d >= codes.Monday && d <= codes.Sunday {
			off++
		}
	}
	if off == 0 {
		return 0
	}
	return 7 - off
}

// Weekly is the weekly 所定労働時間: the entered value, or daily × workdays.
func (s Section) Weekly() int {
	if s.WeeklyMinutes > 0 {
		return s.WeeklyMinutes
	}
	return s.DailyMinutes() * s.WorkdaysAWeek()
}

// Check runs the checks of section 5 when saved: malformed input is an error, the
// labour-law findings are warnings. tc is the posting's full/part class from section
// 1 (paid leave and rest days are asked of full-time postings).
func (s Section) Check(tc codes.TimeClass) finding.Findings {
	var f finding.Findings
	if len(s.Shifts) == 0 {
		f.Err("shifts", finding.Required, "label", "就業時間")
	}
	if len(s.Shifts) > 3 {
		f.Err("shifts", finding.OutOfRange, "label", "就業時間の数", "min", "1", "max", "3")
	}
	for i, sh := range s.Shifts {
		if sh.Start < 0 || sh.Start >= 1440 || sh.End < 0 || sh.End >= 1440 || sh.Minutes() == 0 || sh.Minutes() <= s.BreakMinutes {
			f.Err("shifts."+strconv.Itoa(i), finding.WorkHoursInvalid)
		}
	}
	if s.BreakMinutes < 0 {
		f.Err("break_minutes", finding.OutOfRange, "label", "休憩時間", "min", "0", "max", "1439")
	}
	if s.Overtime && s.MonthlyOvertimeHours <= 0 {
		f.Err("monthly_overtime_hours", finding.Required, "label", "月平均時間外労働時間")
	}
	if !s.Overtime && s.MonthlyOvertimeHours > 0 {
		f.Err("monthly_overtime_hours", finding.OutOfRange, "label", "月平均時間外労働時間", "min", "0", "max", "0")
	}
	if s.AnnualHolidays < 0 || s.AnnualHolidays > 366 {
		f.Err("annual_holidays", finding.OutOfRange, "label", "年間休日数", "min", "0", "max", "366")
	} else if s.AnnualHolidays == 0 && tc == codes.FullTime {
		f.Err("annual_holidays", finding.Required, "label", "年間休日数")
	}
	for _, d := range s.DaysOff {
		if !codes.Valid(d) {
			f.Err("days_off", finding.CodeInvalid, "label", "休日")
			break
		}
	}
	for _, sys := range s.Systems {
		if !codes.Valid(sys) {
			f.Err("systems", finding.CodeInvalid, "label", "労働時間制")
			break
		}
	}
	if !codes.Valid(s.TwoDaysOff) {
		f.Err("two_days_off", finding.CodeInvalid, "label", "週休二日制")
	}
	if s.PaidLeaveAfter6M < 0 || s.PaidLeaveAfter6M > 20 {
		f.Err("paid_leave_after_6m", finding.OutOfRange, "label", "半年後の年次有給休暇日数", "min", "0", "max", "20")
	}
	if f.Blocking() {
		return f
	}
	f.Merge(s.labourLaw(tc))
	return f
}

// labourLaw gives the orange warnings of §2.6.
func (s Section) labourLaw(tc codes.TimeClass) finding.Findings {
	var f finding.Findings
	flexible := slices.Contains(s.Systems, codes.SystemVariable) || slices.Contains(s.Systems, codes.SystemDiscretion)
	if d := s.DailyMinutes(); d > dailyLimit && !flexible {
		f.Warn("shifts", finding.LabourDailyHours, "hours", hours(d))
	}
	if w := s.Weekly(); w > weeklyLimit && !flexible {
		f.Warn("weekly_minutes", finding.LabourWeeklyHours, "hours", hours(w))
	}
	// 34条: over 6 h of work → 45 min break, over 8 h → 60 min; one warning for the
	// longest shift is enough, the break is one field.
	switch work := s.DailyMinutes(); {
	case work > 8*60 && s.BreakMinutes < 60:
		f.Warn("break_minutes", finding.LabourBreakShort, "work", "8時間", "required_minutes", "60")
	case work > 6*60 && s.BreakMinutes < 45:
		f.Warn("break_minutes", finding.LabourBreakShort, "work", "6時間", "required_minutes", "45")
	}
	if s.AnnualHolidays > 0 && s.AnnualHolidays < minRestDaysYear {
		f.Warn("annual_holidays", finding.LabourRestDays, "days", strconv.Itoa(s.AnnualHolidays))
	}
	fullGrant := tc == codes.FullTime || s.Weekly() >= partTimeFull || s.WorkdaysAWeek() >= 5
	if fullGrant && s.PaidLeaveAfter6M < minPaidLeave {
		f.Warn("paid_leave_after_6m", finding.LabourPaidLeave, "days", strconv.Itoa(s.PaidLeaveAfter6M))
	}
	if s.Overtime && s.MonthlyOvertimeHours > overtimeMonth && !s.SpecialClause36 {
		f.Warn("monthly_overtime_hours", finding.LabourOvertimeLimit, "hours", strconv.Itoa(s.MonthlyOvertimeHours))
	}
	return f
}

// hours formats minutes as 8時間30分.
func hours(m int) string {
	s := strconv.Itoa(m/60) + "時間"
	if m%60 != 0 {
		s += strconv.Itoa(m%60) + "分"
	}
	return s
}
