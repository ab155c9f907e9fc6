// Package minwage knows the 地域別最低賃金 (regional minimum wage, hourly) of each
// prefecture and from which date each rate applies. The data are in table.go,
// committed with their source; a new fiscal year's revision is a data change only.
package minwage

import (
	"slices"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
)

// Revision is one prefecture's rate from its effective date (発効年月日) on.
type Revision struct {
	Prefecture codes.Prefecture
	Yen        int       // hourly rate
	From       time.Time // first day it applies, midnight JST
	FiscalYear int       // 年度 of the decision (2025 = 令和7年度)
}

// Table is an ordered set of revisions. The zero Table knows no rate.
type Table struct {
	byPref map[codes.Prefecture][]Revision // ascending by From
}

// NewTable builds a table; revisions may come in any order.
func NewTable(revs []Revision) Table {
	t := Table{byPref: map[codes.Prefecture][]Revision{}}
	for _, r := range revs {
		r.From = clock.DateJST(r.From)
		t.byPref[r.Prefecture] = append(t.byPref[r.Prefecture], r)
	}
	for _, rs := range t.byPref {
		slices.SortFunc(rs, func(a, b Revision) int { return a.From.Compare(b.From) })
	}
	return t
}

// Default is the committed table (令和6年度 and 令和7年度).
func Default() Table { return NewTable(committed) }

// RateOn returns the rate that applies in pref on the JST date of t: the latest
// revision whose effective date is on or before that date. A posting checked on the
// day before a new rate takes effect is checked against the old one.
func (t Table) RateOn(pref codes.Prefecture, at time.Time) (Revision, bool) {
	d := clock.DateJST(at)
	rs := t.byPref[pref]
	for i := len(rs) - 1; i >= 0; i-- {
		if !rs[i].From.After(d) {
			return rs[i], true
		}
	}
	return Revision{}, false
}

// Next returns the first revision of pref that takes effect strictly after the JST
// date of t: the coming rate a posting must already meet to stay published.
func (t Table) Next(pref codes.Prefecture, at time.Time) (Revision, bool) {
	d := clock.DateJST(at)
	for _, r := range t.byPref[pref] {
		if r.From.After(d) {
			return r, true
		}
	}
	return Revision{}, false
}

// TakingEffect returns the revisions that take effect on the JST date of t, in
// prefecture order: the prefectures whose postings the hold check must look at.
func (t Table) TakingEffect(at time.Time) []Revision {
	d := clock.DateJST(at)
	var out []Revision
	for _, p := range codes.Prefectures() {
		for _, r := range t.byPref[p] {
			if r.From.Equal(d) {
				out = append(out, r)
			}
		}
	}
	return out
}

// Coming returns the revisions that take effect after the JST date of t and no later
// than days later. The publication hold starts about a week before a revision
// (「改定日の1週間前頃より順次、求人票の公開を保留」, domain.md §2.4), so the nightly
// check asks for Coming(today, 7).
func (t Table) Coming(at time.Time, days int) []Revision {
	d := clock.DateJST(at)
	end := d.AddDate(0, 0, days)
	var out []Revision
	for _, p := range codes.Prefectures() {
		for _, r := range t.byPref[p] {
			if r.From.After(d) && !r.From.After(end) {
				out = append(out, r)
			}
		}
	}
	return out
}

// Revisions returns every revision of pref in date order.
func (t Table) Revisions(pref codes.Prefecture) []Revision { return slices.Clone(t.byPref[pref]) }
