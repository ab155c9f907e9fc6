// Package calendar knows which days Hello Work offices are open (business days, JOB-2).
//
// Closed days (閉庁日) follow 行政機関の休日に関する法律 art. 1: Saturdays and Sundays,
// national holidays (祝日, 振替休日 and 国民の休日, from the committed table in
// holidays_data.go) and 29 December to 3 January. Every function works on calendar
// dates in JST: a time.Time argument is first reduced to its JST date, and results are
// midnight JST.
//
// Two deadline rules use it differently: a statutory deadline on a closed day moves to
// the next open day (art. 2; OpenDayOnOrAfter), while Hello Work's 14-day counter-visit
// deadline moves back to the previous open day (「前開庁日まで」; OpenDayOnOrBefore).
package calendar

import (
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

type holiday struct {
	y, m, d int
	name    string
}

type dayKey struct{ y, m, d int }

var holidays = func() map[dayKey]string {
	m := make(map[dayKey]string, len(holidayTable))
	for _, h := range holidayTable {
		m[dayKey{h.y, h.m, h.d}] = h.name
	}
	return m
}()

// FirstYear and LastYear bound the years of the holiday table. Outside them only
// weekends and the year-end break are known; Covers tells whether a date is inside.
const (
	FirstYear = tableFirstYear
	LastYear  = tableLastYear
)

func key(t time.Time) dayKey {
	y, m, d := t.In(clock.JST).Date()
	return dayKey{y, int(m), d}
}

// Covers reports whether the holiday table covers the JST date of t.
func Covers(t time.Time) bool {
	y := t.In(clock.JST).Year()
	return y >= FirstYear && y <= LastYear
}

// HolidayName returns the name of the national holiday on the JST date of t, if any.
func HolidayName(t time.Time) (string, bool) {
	n, ok := holidays[key(t)]
	return n, ok
}

// IsYearEndBreak reports whether the JST date of t lies in 29 December to 3 January.
func IsYearEndBreak(t time.Time) bool {
	k := key(t)
	return (k.m == 12 && k.d >= 29) || (k.m == 1 && k.d <= 3)
}

// IsOpenDay reports whether offices are open on the JST date of t.
func IsOpenDay(t time.Time) bool {
	d := clock.DateJST(t)
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	if IsYearEndBreak(d) {
		return false
	}
	_, hol := holidays[key(d)]
	return !hol
}

// NextOpenDay returns the first open day strictly after the JST date of t.
func NextOpenDay(t time.Time) time.Time {
	d := clock.DateJST(t).AddDate(0, 0, 1)
	for !IsOpenDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// PrevOpenDay returns the last open day strictly before the JST date of t.
func PrevOpenDay(t time.Time) time.Time {
	d := clock.DateJST(t).AddDate(0, 0, -1)
	for !IsOpenDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// OpenDayOnOrAfter returns the JST date of t if it is open, else the next open day
// (statutory deadlines, 行政機関の休日に関する法律 art. 2).
func OpenDayOnOrAfter(t time.Time) time.Time {
	d := clock.DateJST(t)
	if IsOpenDay(d) {
		return d
	}
	return NextOpenDay(d)
}

// OpenDayOnOrBefore returns the JST date of t if it is open, else the previous open day
// (the counter-visit deadline, 「期限日が閉庁日の場合は前開庁日まで」).
func OpenDayOnOrBefore(t time.Time) time.Time {
	d := clock.DateJST(t)
	if IsOpenDay(d) {
		return d
	}
	return PrevOpenDay(d)
}

// AddOpenDays returns the date n open days after the JST date of t (n > 0), or n open
// days before it (n < 0); the start day itself is never counted, so "within 2 business
// days after the day of application" (JOB-2) is AddOpenDays(applied, 2). n == 0 returns
// the JST date of t unchanged.
func AddOpenDays(t time.Time, n int) time.Time {
	d := clock.DateJST(t)
	for ; n > 0; n-- {
		d = NextOpenDay(d)
	}
	for ; n < 0; n++ {
		d = PrevOpenDay(d)
	}
	return d
}
