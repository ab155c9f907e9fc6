package minwage

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

const (
	hokkaido codes.Prefecture = 1
	akita    codes.Prefecture = 5
	gunma    codes.Prefecture = 10
	tokyo    codes.Prefecture = 13
	tochigi  codes.Prefecture = 9
)

func TestCommittedTable_HasBothFiscalYearsForEveryPrefecture(t *testing.T) {
	tb := Default()
	for _, p := range codes.Prefectures() {
		rs := tb.Revisions(p)
		if len(rs) != 2 || rs[0].FiscalYear != 2024 || rs[1].FiscalYear != 2025 {
			t.Errorf("%s: revisions %+v, want 令和6年度 and 令和7年度", p.Label(), rs)
			continue
		}
		if rs[1].Yen <= rs[0].Yen {
			t.Errorf("%s: 令和7年度 %d is not above 令和6年度 %d", p.Label(), rs[1].Yen, rs[0].Yen)
		}
		if rs[1].Yen < 1023 || rs[1].Yen > 1226 {
			t.Errorf("%s: 令和7年度 %d outside the published 1,023–1,226 span", p.Label(), rs[1].Yen)
		}
	}
}

func TestRateOn_SpotValuesOfTheSources(t *testing.T) {
	// Spot values from the sources named in table.go.
	cases := []struct {
		pref codes.Prefecture
		on   time.Time
		yen  int
	}{
		{tokyo, jst(2025, 10, 3), 1226},
		{tokyo, jst(2025, 10, 2), 1163},
		{hokkaido, jst(2025, 10, 4), 1075}, // the Hokkaido page of domain.md §2.6 [S18]
		{tochigi, jst(2025, 10, 1), 1068},  // the earliest 令和7年度 date
		{gunma, jst(2026, 2, 28), 985},
		{gunma, jst(2026, 3, 1), 1063},
		{codes.Prefecture(36), jst(2024, 10, 31), 0}, // 徳島: 令和6年度 from 11/1 only
		{codes.Prefecture(36), jst(2024, 11, 1), 980},
	}
	tb := Default()
	for _, c := range cases {
		r, ok := tb.RateOn(c.pref, c.on)
		if c.yen == 0 {
			if ok {
				t.Errorf("%s on %s: got %d, want no known rate", c.pref.Label(), c.on.Format(time.DateOnly), r.Yen)
			}
			continue
		}
		if !ok || r.Yen != c.yen {
			t.Errorf("%s on %s: got %d (%v), want %d", c.pref.Label(), c.on.Format(time.DateOnly), r.Yen, ok, c.yen)
		}
	}
}

func TestRateOn_AkitaSwitchesOnItsOwnDate(t *testing.T) {
	tb := Default()
	before, _ := tb.RateOn(akita, jst(2026, 3, 30))
	on, _ := tb.RateOn(akita, jst(2026, 3, 31))
	if before.Yen != 951 || on.Yen != 1031 {
		t.Fatalf("Akita 2026-03-30 = %d, 2026-03-31 = %d; want 951 then 1031", before.Yen, on.Yen)
	}
	// The JST date counts: 2026-03-30 15:00 UTC is already 03-31 in Japan.
	if r, _ := tb.RateOn(akita, time.Date(2026, 3, 30, 15, 0, 0, 0, time.UTC)); r.Yen != 1031 {
		t.Errorf("at 2026-03-31 00:00 JST the rate is %d, want 1031", r.Yen)
	}
}

func TestNext_GivesTheComingRate(t *testing.T) {
	tb := Default()
	r, ok := tb.Next(akita, jst(2026, 3, 30))
	if !ok || r.Yen != 1031 || !r.From.Equal(jst(2026, 3, 31)) {
		t.Errorf("Next(Akita, 03-30) = %+v %v", r, ok)
	}
	if _, ok := tb.Next(akita, jst(2026, 3, 31)); ok {
		t.Error("no revision after 令和7年度 is committed")
	}
}

func TestTakingEffect_NamesThePrefecturesOfThatDay(t *testing.T) {
	tb := Default()
	got := tb.TakingEffect(jst(2026, 1, 1))
	want := []codes.Prefecture{7, 36, 43, 44} // 福島, 徳島, 熊本, 大分
	if len(got) != len(want) {
		t.Fatalf("2026-01-01: %d revisions, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Prefecture != want[i] {
			t.Errorf("#%d = %s, want %s", i, got[i].Prefecture.Label(), want[i].Label())
		}
	}
	if got := tb.TakingEffect(jst(2026, 3, 31)); len(got) != 1 || got[0].Prefecture != akita {
		t.Errorf("2026-03-31: %+v, want Akita only", got)
	}
	if got := tb.TakingEffect(jst(2026, 3, 30)); len(got) != 0 {
		t.Errorf("2026-03-30: %+v, want none", got)
	}
}

func TestComing_AWeekAhead(t *testing.T) {
	tb := Default()
	if got := tb.Coming(jst(2026, 3, 24), 7); len(got) != 1 || got[0].Prefecture != akita {
		t.Errorf("7 days from 03-24: %+v, want Akita (03-31)", got)
	}
	if got := tb.Coming(jst(2026, 3, 23), 7); len(got) != 0 {
		t.Errorf("7 days from 03-23: %+v, want none", got)
	}
}
