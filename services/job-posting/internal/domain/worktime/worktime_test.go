package worktime

import (
	"testing"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

func at(h, m int) int { return h*60 + m }

// nineToSix is a lawful full-time week: 8 h a day, 60 min break, Saturday and Sunday off.
func nineToSix() Section {
	return Section{
		Shifts:           []Shift{{at(9, 0), at(18, 0)}},
		BreakMinutes:     60,
		AnnualHolidays:   120,
		DaysOff:          []codes.Weekday{codes.Saturday, codes.Sunday, codes.NationalHolidays},
		TwoDaysOff:       codes.TwoDaysOffEveryWeek,
		PaidLeaveAfter6M: 10,
	}
}

func TestDailyMinutes_LongestShiftLessTheBreak(t *testing.T) {
	s := nineToSix()
	s.Shifts = append(s.Shifts, Shift{at(22, 0), at(7, 0)}) // overnight, 9 h
	if got := s.DailyMinutes(); got != 480 {
		t.Errorf("DailyMinutes = %d, want 480", got)
	}
	if got := nineToSix().Weekly(); got != 5*480 {
		t.Errorf("Weekly = %d, want 2400", got)
	}
}

// §2.6: the labour-law checks are warnings (orange), never errors.
func TestCheck_LabourLawFindingsAreWarnings(t *testing.T) {
	cases := []struct {
		name   string
		tc     codes.TimeClass
		change func(*Section)
		want   finding.Reason // "" = clean
	}{
		{"lawful week", codes.FullTime, func(*Section) {}, ""},
		{"9 h a day, four days a week", codes.FullTime, func(s *Section) {
			s.Shifts[0].End = at(19, 0)
			s.DaysOff = []codes.Weekday{codes.Wednesday, codes.Saturday, codes.Sunday}
		}, finding.LabourDailyHours},
		{"9 h a day under 変形労働時間制", codes.FullTime, func(s *Section) {
			s.Shifts[0].End = at(19, 0)
			s.Systems = []codes.WorkingTimeSystem{codes.SystemVariable}
		}, ""},
		{"six days of 8 h", codes.FullTime, func(s *Section) {
			s.DaysOff = []codes.Weekday{codes.Sunday}
			s.TwoDaysOff = codes.TwoDaysOffNone
		}, finding.LabourWeeklyHours},
		{"entered 42 h a week", codes.FullTime, func(s *Section) { s.WeeklyMinutes = 42 * 60 }, finding.LabourWeeklyHours},
		{"8 h work with 45 min break", codes.FullTime, func(s *Section) { s.BreakMinutes = 45; s.Shifts[0].End = at(17, 45) }, ""},
		{"7 h 30 min work with 30 min break", codes.FullTime, func(s *Section) { s.BreakMinutes = 30; s.Shifts[0].End = at(17, 0) }, finding.LabourBreakShort},
		{"8 h 15 min work with 45 min break, four days", codes.FullTime, func(s *Section) {
			s.BreakMinutes = 45
			s.DaysOff = []codes.Weekday{codes.Wednesday, codes.Saturday, codes.Sunday}
			s.Systems = []codes.WorkingTimeSystem{codes.SystemVariable}
		}, finding.LabourBreakShort},
		{"exactly 6 h with no break", codes.PartTime, func(s *Section) { s.BreakMinutes = 0; s.Shifts[0].End = at(15, 0) }, ""},
		{"6 h 10 min with 30 min break", codes.PartTime, func(s *Section) { s.BreakMinutes = 30; s.Shifts[0].End = at(15, 40) }, finding.LabourBreakShort},
		{"51 rest days a year", codes.FullTime, func(s *Section) { s.AnnualHolidays = 51 }, finding.LabourRestDays},
		{"52 rest days a year", codes.FullTime, func(s *Section) { s.AnnualHolidays = 52 }, ""},
		{"9 days of paid leave, full time", codes.FullTime, func(s *Section) { s.PaidLeaveAfter6M = 9 }, finding.LabourPaidLeave},
		{"part time 3 days a week, 7 days of paid leave", codes.PartTime, func(s *Section) {
			s.Shifts[0] = Shift{at(9, 0), at(15, 0)}
			s.BreakMinutes = 45
			s.DaysOff = []codes.Weekday{codes.Monday, codes.Wednesday, codes.Saturday, codes.Sunday}
			s.PaidLeaveAfter6M = 5
		}, ""},
		{"part time 5 days a week, 7 days of paid leave", codes.PartTime, func(s *Section) {
			s.Shifts[0] = Shift{at(9, 0), at(14, 0)}
			s.BreakMinutes = 0
			s.PaidLeaveAfter6M = 7
		}, finding.LabourPaidLeave},
		{"overtime 46 h without special clause", codes.FullTime, func(s *Section) { s.Overtime = true; s.MonthlyOvertimeHours = 46 }, finding.LabourOvertimeLimit},
		{"overtime 45 h", codes.FullTime, func(s *Section) { s.Overtime = true; s.MonthlyOvertimeHours = 45 }, ""},
		{"overtime 46 h with special clause", codes.FullTime, func(s *Section) {
			s.Overtime, s.MonthlyOvertimeHours, s.SpecialClause36 = true, 46, true
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := nineToSix()
			s.Shifts = append([]Shift(nil), s.Shifts...)
			c.change(&s)
			fs := s.Check(c.tc)
			if fs.Blocking() {
				t.Fatalf("errors: %v", fs.Errors())
			}
			w := fs.Warnings()
			for _, f := range fs.All() {
				if err := f.Validate(); err != nil {
					t.Error(err)
				}
			}
			if c.want == "" {
				if len(w) != 0 {
					t.Fatalf("warnings %v", w)
				}
				return
			}
			if len(w) != 1 || w[0].Reason != c.want {
				t.Fatalf("warnings %v, want one %s", w, c.want)
			}
		})
	}
}

func TestCheck_MalformedInputIsAnError(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Section)
		want   finding.Reason
	}{
		{"no shift", func(s *Section) { s.Shifts = nil }, finding.Required},
		{"zero-length shift", func(s *Section) { s.Shifts[0].End = s.Shifts[0].Start }, finding.WorkHoursInvalid},
		{"break as long as the shift", func(s *Section) { s.BreakMinutes = 540 }, finding.WorkHoursInvalid},
		{"25:00", func(s *Section) { s.Shifts[0].End = 1500 }, finding.WorkHoursInvalid},
		{"overtime without hours", func(s *Section) { s.Overtime = true }, finding.Required},
		{"full time without annual holidays", func(s *Section) { s.AnnualHolidays = 0 }, finding.Required},
		{"unknown 週休二日 code", func(s *Section) { s.TwoDaysOff = 0 }, finding.CodeInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := nineToSix()
			s.Shifts = append([]Shift(nil), s.Shifts...)
			c.change(&s)
			fs := s.Check(codes.FullTime)
			if !fs.Blocking() || fs.Errors()[0].Reason != c.want {
				t.Fatalf("got %v, want error %s", fs.All(), c.want)
			}
		})
	}
}
