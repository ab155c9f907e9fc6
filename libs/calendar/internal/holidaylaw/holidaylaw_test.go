package holidaylaw

import (
	"testing"
	"time"
)

func TestEquinoxFormula_MatchesAnnouncedDays(t *testing.T) {
	// Days announced by the National Astronomical Observatory (暦要項).
	vernal := map[int]int{2000: 20, 2019: 21, 2020: 20, 2023: 21, 2024: 20, 2025: 20, 2026: 20, 2027: 21}
	autumnal := map[int]int{2000: 23, 2012: 22, 2019: 23, 2020: 22, 2024: 22, 2025: 23, 2026: 23, 2027: 23}
	for y, d := range vernal {
		if got := VernalEquinoxDay(y); got != d {
			t.Errorf("vernal %d = %d, want %d", y, got, d)
		}
	}
	for y, d := range autumnal {
		if got := AutumnalEquinoxDay(y); got != d {
			t.Errorf("autumnal %d = %d, want %d", y, got, d)
		}
	}
}

func TestYear_SubstituteAndCitizensHolidays(t *testing.T) {
	cases := []struct {
		name string
		y    int
		m    time.Month
		d    int
		want string
	}{
		{"2007+: substitute skips a following holiday", 2008, time.May, 6, "振替休日"},  // 5/4 Sunday → 5/6
		{"pre-2007: Monday after a Sunday holiday", 2005, time.January, 10, "成人の日"}, // not a substitute: Happy Monday
		{"pre-2007 substitute", 2006, time.January, 2, "振替休日"},                      // 1/1 Sunday
		{"citizens' holiday between two holidays", 2015, time.September, 22, "国民の休日"},
		{"pre-2007 May 4 citizens' holiday", 2006, time.May, 4, "国民の休日"},
		{"2019 between 即位の日 and 憲法記念日", 2019, time.May, 2, "国民の休日"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC)
			for _, h := range Year(c.y) {
				if h.Date.Equal(want) {
					if h.Name != c.want {
						t.Fatalf("%s is %q, want %q", want.Format(time.DateOnly), h.Name, c.want)
					}
					return
				}
			}
			t.Fatalf("%s is not a holiday, want %q", want.Format(time.DateOnly), c.want)
		})
	}
}

func TestYear_NoCitizensHolidayOnSundayBefore2007(t *testing.T) {
	// 2003-05-04 was a Sunday between two holidays: no 国民の休日 under the old text, and
	// no substitute either (5/3 and 5/5 were not Sundays).
	for _, h := range Year(2003) {
		if h.Date.Equal(time.Date(2003, 5, 4, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("2003-05-04 listed as %q", h.Name)
		}
	}
}
