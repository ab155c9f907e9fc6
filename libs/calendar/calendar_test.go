package calendar

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/calendar/internal/holidaylaw"
	"github.com/hellowork-jp/hellowork/libs/clock"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

// Official lists of the Cabinet Office (内閣府「国民の祝日について」) for years with
// special moves: the table must match them exactly, day by day.
var officialHolidays = map[int][]string{
	2019: {"01-01", "01-14", "02-11", "03-21", "04-29", "04-30", "05-01", "05-02", "05-03", "05-04", "05-05", "05-06",
		"07-15", "08-11", "08-12", "09-16", "09-23", "10-14", "10-22", "11-03", "11-04", "11-23"},
	2020: {"01-01", "01-13", "02-11", "02-23", "02-24", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06",
		"07-23", "07-24", "08-10", "09-21", "09-22", "11-03", "11-23"},
	2021: {"01-01", "01-11", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05",
		"07-22", "07-23", "08-08", "08-09", "09-20", "09-23", "11-03", "11-23"},
	2024: {"01-01", "01-08", "02-11", "02-12", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06",
		"07-15", "08-11", "08-12", "09-16", "09-22", "09-23", "10-14", "11-03", "11-04", "11-23"},
	2026: {"01-01", "01-12", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06",
		"07-20", "08-11", "09-21", "09-22", "09-23", "10-12", "11-03", "11-23"},
}

func TestHolidayTable_MatchesOfficialLists(t *testing.T) {
	for year, want := range officialHolidays {
		var got []string
		for d := jst(year, 1, 1); d.Year() == year; d = d.AddDate(0, 0, 1) {
			if _, ok := HolidayName(d); ok {
				got = append(got, d.Format("01-02"))
			}
		}
		if len(got) != len(want) {
			t.Errorf("%d: got %d holidays %v, want %d %v", year, len(got), got, len(want), want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%d: holiday #%d is %s, want %s", year, i, got[i], want[i])
			}
		}
	}
}

func TestHolidayName_NamesSpecialDays(t *testing.T) {
	cases := []struct {
		day  time.Time
		want string
	}{
		{jst(2019, 5, 1), "即位の日"},
		{jst(2019, 4, 30), "国民の休日"},
		{jst(2019, 10, 22), "即位礼正殿の儀"},
		{jst(2020, 7, 24), "スポーツの日"},
		{jst(2021, 8, 9), "振替休日"},
		{jst(2026, 9, 22), "国民の休日"},
		{jst(2006, 4, 29), "みどりの日"},
		{jst(2007, 4, 29), "昭和の日"},
	}
	for _, c := range cases {
		if got, ok := HolidayName(c.day); !ok || got != c.want {
			t.Errorf("HolidayName(%s) = %q, %v; want %q", c.day.Format(time.DateOnly), got, ok, c.want)
		}
	}
	// The dates the 2020/2021 laws moved away from are ordinary working days.
	for _, d := range []time.Time{jst(2020, 10, 12), jst(2020, 8, 11), jst(2021, 7, 19), jst(2021, 8, 11), jst(2021, 10, 11), jst(2019, 12, 23)} {
		if n, ok := HolidayName(d); ok {
			t.Errorf("%s is %q, want no holiday", d.Format(time.DateOnly), n)
		}
		if !IsOpenDay(d) {
			t.Errorf("%s must be open", d.Format(time.DateOnly))
		}
	}
}

func TestIsOpenDay_ClosedDaysOfTheLaw(t *testing.T) {
	cases := []struct {
		name string
		day  time.Time
		open bool
	}{
		{"ordinary Wednesday", jst(2026, 6, 3), true},
		{"Saturday", jst(2026, 6, 6), false},
		{"Sunday", jst(2026, 6, 7), false},
		{"Dec 28 is the last open day", jst(2026, 12, 28), true},
		{"Dec 29 closed (year-end)", jst(2026, 12, 29), false},
		{"Dec 31 closed", jst(2025, 12, 31), false},
		{"Jan 2 closed", jst(2026, 1, 2), false},
		{"Jan 3 closed", jst(2027, 1, 3), false},
		{"Jan 4 open (Monday 2027)", jst(2027, 1, 4), true},
		{"substitute holiday 2026-05-06", jst(2026, 5, 6), false},
		{"citizens' holiday 2026-09-22", jst(2026, 9, 22), false},
		{"2021 Olympic Marine Day", jst(2021, 7, 22), false},
		{"2020 Mountain Day moved to Aug 10", jst(2020, 8, 10), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := IsOpenDay(c.day); got != c.open {
				t.Errorf("IsOpenDay(%s) = %v, want %v", c.day.Format(time.DateOnly), got, c.open)
			}
		})
	}
}

func TestIsOpenDay_ReadsTheJSTDate(t *testing.T) {
	// 2026-05-05 15:30 UTC is already 2026-05-06 00:30 JST (a substitute holiday), and
	// 2026-05-06 15:00 UTC is 2026-05-07 JST, a Thursday.
	if IsOpenDay(time.Date(2026, 5, 5, 15, 30, 0, 0, time.UTC)) {
		t.Error("2026-05-06 JST must be closed")
	}
	if !IsOpenDay(time.Date(2026, 5, 6, 15, 0, 0, 0, time.UTC)) {
		t.Error("2026-05-07 JST must be open")
	}
}

func TestGoldenWeek2019_TenClosedDays(t *testing.T) {
	for d := jst(2019, 4, 27); !d.After(jst(2019, 5, 6)); d = d.AddDate(0, 0, 1) {
		if IsOpenDay(d) {
			t.Errorf("%s must be closed (2019 10-day Golden Week)", d.Format(time.DateOnly))
		}
	}
	if !IsOpenDay(jst(2019, 4, 26)) || !IsOpenDay(jst(2019, 5, 7)) {
		t.Error("the days around the 2019 Golden Week must be open")
	}
	if got := NextOpenDay(jst(2019, 4, 26)); !got.Equal(jst(2019, 5, 7)) {
		t.Errorf("NextOpenDay(2019-04-26) = %s, want 2019-05-07", got.Format(time.DateOnly))
	}
	if got := PrevOpenDay(jst(2019, 5, 7)); !got.Equal(jst(2019, 4, 26)) {
		t.Errorf("PrevOpenDay(2019-05-07) = %s, want 2019-04-26", got.Format(time.DateOnly))
	}
}

func TestAddOpenDays_SkipsClosedDays(t *testing.T) {
	cases := []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"zero returns the day", jst(2026, 6, 6), 0, jst(2026, 6, 6)},
		{"two business days from a Monday", jst(2026, 6, 1), 2, jst(2026, 6, 3)},
		{"from a Friday over the weekend", jst(2026, 6, 5), 2, jst(2026, 6, 9)},
		{"from a Saturday", jst(2026, 6, 6), 1, jst(2026, 6, 8)},
		{"over Golden Week 2026", jst(2026, 5, 1), 1, jst(2026, 5, 7)},
		{"over the year-end break", jst(2026, 12, 28), 1, jst(2027, 1, 4)},
		{"over Silver Week 2026", jst(2026, 9, 18), 2, jst(2026, 9, 25)},
		{"backwards over a weekend", jst(2026, 6, 8), -1, jst(2026, 6, 5)},
		{"backwards over the year-end break", jst(2027, 1, 4), -1, jst(2026, 12, 28)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := AddOpenDays(c.from, c.n); !got.Equal(c.want) {
				t.Errorf("AddOpenDays(%s, %d) = %s, want %s", c.from.Format(time.DateOnly), c.n, got.Format(time.DateOnly), c.want.Format(time.DateOnly))
			}
		})
	}
}

func TestOpenDayOnOrAfterAndBefore_ShiftDeadlines(t *testing.T) {
	// A statutory deadline on Saturday 2026-05-02 moves forward to Thursday 05-07; the
	// counter-visit deadline moves back to Friday 05-01.
	if got := OpenDayOnOrAfter(jst(2026, 5, 2)); !got.Equal(jst(2026, 5, 7)) {
		t.Errorf("OpenDayOnOrAfter = %s", got.Format(time.DateOnly))
	}
	if got := OpenDayOnOrBefore(jst(2026, 5, 2)); !got.Equal(jst(2026, 5, 1)) {
		t.Errorf("OpenDayOnOrBefore = %s", got.Format(time.DateOnly))
	}
	if got := OpenDayOnOrAfter(jst(2026, 5, 1)); !got.Equal(jst(2026, 5, 1)) {
		t.Errorf("an open day must stay: %s", got.Format(time.DateOnly))
	}
}

func TestCovers_TableRange(t *testing.T) {
	if !Covers(jst(FirstYear, 1, 1)) || !Covers(jst(LastYear, 12, 31)) || Covers(jst(LastYear+1, 1, 1)) {
		t.Error("Covers does not match the table range")
	}
}

// The committed table must be exactly what the generator produces from the law, so that
// a hand edit or a change of the rules is caught (regenerate with cmd/genholidays).
func TestHolidayTable_IsGeneratorOutput(t *testing.T) {
	want, err := holidaylaw.Render(FirstYear, LastYear)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("holidays_data.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("holidays_data.go differs from the generator output; run: go run ./cmd/genholidays")
	}
}
