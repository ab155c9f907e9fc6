package posting

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

func invalid(cause Cause, from time.Time) Facts {
	return Facts{Status: StatusInvalid, InvalidCause: cause, InvalidFrom: from}
}

// APP-2 (§3.3): 翌々々月末 of the month the posting became invalid. An expiry on the
// 紹介期限日 6/30 (job-posting's InvalidFrom 7/1) and a cancellation accepted on 6/10
// both give 9/30.
func TestResultDeadline_EndOfTheThirdMonthAfterTheInvalidation(t *testing.T) {
	cases := []struct {
		name string
		f    Facts
		want time.Time
	}{
		{"expired at its 紹介期限日 6/30 → 9/30", invalid(CauseExpired, jst(2026, 7, 1)), jst(2026, 9, 30)},
		{"cancelled mid-month on 6/10 → 9/30", invalid(CauseCancelled, jst(2026, 6, 10)), jst(2026, 9, 30)},
		{"stopped on 6/30 → 9/30", invalid(CauseStopped, jst(2026, 6, 30)), jst(2026, 9, 30)},
		{"stopped on 7/1 → 10/31", invalid(CauseStopped, jst(2026, 7, 1)), jst(2026, 10, 31)},
		{"rules.md: invalid in April → 7/31", invalid(CauseExpired, jst(2026, 5, 1)), jst(2026, 7, 31)},
		{"brought-forward 紹介期限日 6/15 → 9/30", invalid(CauseExpired, jst(2026, 6, 16)), jst(2026, 9, 30)},
		{"across the year: 11/30 → 2/28", invalid(CauseExpired, jst(2026, 12, 1)), jst(2027, 2, 28)},
		{"leap year: 11/30/2027 → 2/29/2028", invalid(CauseExpired, jst(2027, 12, 1)), jst(2028, 2, 29)},
		{"December → March", invalid(CauseCancelled, jst(2026, 12, 31)), jst(2027, 3, 31)},
		{"JST date decides: 6/30 15:30 UTC is 7/1 JST", invalid(CauseStopped, time.Date(2026, 6, 30, 15, 30, 0, 0, time.UTC)), jst(2026, 10, 31)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.f.ResultDeadline()
			if !ok || !got.Equal(c.want) {
				t.Errorf("ResultDeadline = %s %v, want %s", got.Format(time.DateOnly), ok, c.want.Format(time.DateOnly))
			}
		})
	}
}

func TestResultDeadline_NoneWhileValid(t *testing.T) {
	for _, s := range []Status{StatusAccepted, StatusPublished, StatusHeld} {
		if _, ok := (Facts{Status: s}).ResultDeadline(); ok {
			t.Errorf("%s has a deadline", s)
		}
	}
}

// The deadline day itself still allows results; the day after does not (APP-2).
func TestPhaseAt_LastDayAndTheDayAfter(t *testing.T) {
	monthEnd := invalid(CauseExpired, jst(2026, 7, 1))
	midMonth := invalid(CauseCancelled, jst(2026, 6, 10))
	cases := []struct {
		name string
		f    Facts
		now  time.Time
		want Phase
	}{
		{"valid posting", Facts{Status: StatusPublished}, jst(2030, 1, 1), PhaseValid},
		{"month-end invalidation, the day after it", monthEnd, jst(2026, 7, 1), PhaseAfterInvalid},
		{"month-end invalidation, last day 23:59", monthEnd, time.Date(2026, 9, 30, 23, 59, 59, 0, clock.JST), PhaseAfterInvalid},
		{"month-end invalidation, the day after the deadline", monthEnd, jst(2026, 10, 1), PhasePastDeadline},
		{"mid-month invalidation, last day", midMonth, jst(2026, 9, 30), PhaseAfterInvalid},
		{"mid-month invalidation, the day after", midMonth, jst(2026, 10, 1), PhasePastDeadline},
		{"JST date decides: 9/30 15:00 UTC is 10/1 JST", midMonth, time.Date(2026, 9, 30, 15, 0, 0, 0, time.UTC), PhasePastDeadline},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.PhaseAt(c.now); got != c.want {
				t.Errorf("PhaseAt = %s, want %s", got, c.want)
			}
		})
	}
}

// §3.1, APP-4: which postings take which channel.
func TestChannels_WhichPostingsTakeApplicants(t *testing.T) {
	cases := []struct {
		name      string
		f         Facts
		referrals bool
		self      bool
	}{
		{"published, scope 1, accepts self-applications", Facts{Status: StatusPublished, Scope: ScopeFull, AcceptsSelfApplication: true}, true, true},
		{"published, scope 2, accepts self-applications", Facts{Status: StatusPublished, Scope: ScopeSeekersOnly, AcceptsSelfApplication: true}, true, true},
		{"published, scope 3: no self-application whatever the flag says", Facts{Status: StatusPublished, Scope: ScopeAnonymous, AcceptsSelfApplication: true}, true, false},
		{"published, does not accept self-applications", Facts{Status: StatusPublished, Scope: ScopeFull}, true, false},
		{"accepted, scope 4: referrals at the counter only", Facts{Status: StatusAccepted, Scope: ScopeNotPublished}, true, false},
		{"accepted, not yet published", Facts{Status: StatusAccepted, Scope: ScopeFull, AcceptsSelfApplication: true}, true, false},
		{"held below a coming minimum wage", Facts{Status: StatusHeld, Scope: ScopeFull, AcceptsSelfApplication: true}, false, false},
		{"invalid", Facts{Status: StatusInvalid, Scope: ScopeFull, AcceptsSelfApplication: true}, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.TakesReferrals(); got != c.referrals {
				t.Errorf("TakesReferrals = %v", got)
			}
			if got := c.f.TakesSelfApplications(); got != c.self {
				t.Errorf("TakesSelfApplications = %v", got)
			}
		})
	}
}

// LOGIN-6, JOB-6: 学卒 gathers the three school-leaver categories; 季節 and 出稼ぎ are 一般.
func TestHomeGroup_OfEachCategory(t *testing.T) {
	want := map[Category]HomeGroup{
		CategoryGeneral: GroupGeneral, CategoryGraduate: GroupGraduate, CategoryHighSchool: GroupGraduate,
		CategoryJuniorHigh: GroupGraduate, CategorySeasonal: GroupGeneral, CategoryDekasegi: GroupGeneral,
		CategoryDisability: GroupDisability,
	}
	for c, g := range want {
		if c.HomeGroup() != g {
			t.Errorf("%d → %s, want %s", c, c.HomeGroup().Label(), g.Label())
		}
	}
}

// A posting past its 紹介期限日 is invalid from the next day even before job-posting's
// expiry event arrives.
func TestAt_PastTheReferralDeadlineIsExpired(t *testing.T) {
	f := Facts{Status: StatusPublished, Scope: ScopeFull, AcceptsSelfApplication: true, ReferralDeadline: jst(2026, 6, 30)}
	if g := f.At(time.Date(2026, 6, 30, 23, 59, 0, 0, clock.JST)); !g.Valid() || !g.TakesSelfApplications() {
		t.Error("invalid on its 紹介期限日")
	}
	g := f.At(jst(2026, 7, 1))
	if g.Valid() || g.InvalidCause != CauseExpired || !g.InvalidFrom.Equal(jst(2026, 7, 1)) {
		t.Errorf("%+v", g)
	}
	if dl, _ := g.ResultDeadline(); !dl.Equal(jst(2026, 9, 30)) {
		t.Errorf("deadline %s", dl)
	}
	if f.PhaseAt(jst(2026, 7, 1)) != PhaseAfterInvalid || f.PhaseAt(jst(2026, 10, 1)) != PhasePastDeadline {
		t.Error("PhaseAt ignores the 紹介期限日")
	}
	if (Facts{Status: StatusPublished}).At(jst(2030, 1, 1)).Status != StatusPublished {
		t.Error("no 紹介期限日 known: as reported")
	}
}

// Late or repeated job-posting events never revive an invalid posting nor roll the
// content version back.
func TestUpdate_IgnoresStaleEvents(t *testing.T) {
	f := Facts{ID: "p-1", Status: StatusPublished, Version: 2}
	cases := []struct {
		name string
		next Facts
		want bool
	}{
		{"an older version", Facts{ID: "p-1", Status: StatusPublished, Version: 1}, false},
		{"another posting", Facts{ID: "p-2", Status: StatusPublished, Version: 3}, false},
		{"the same version again", Facts{ID: "p-1", Status: StatusHeld, Version: 2}, true},
		{"a newer version", Facts{ID: "p-1", Status: StatusPublished, Version: 3}, true},
		{"invalidated", Facts{ID: "p-1", Status: StatusInvalid, Version: 3, InvalidCause: CauseStopped, InvalidFrom: jst(2026, 6, 10)}, true},
		{"published after the invalidation (late event)", Facts{ID: "p-1", Status: StatusPublished, Version: 3}, false},
	}
	for _, c := range cases {
		if got := f.Update(c.next); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
	if f.Status != StatusInvalid || f.Version != 3 {
		t.Errorf("%+v", f)
	}
}
