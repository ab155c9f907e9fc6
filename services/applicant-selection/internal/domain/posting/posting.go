// Package posting holds what applicant-selection knows of a job posting (求人): the
// facts job-posting's events carry (published, held, invalidated with its date, new
// content versions), and the rules that follow from them here: who may apply through
// which channel (§3.1), the selection-result deadline 翌々々月末 (APP-2, §3.3) and
// the home-screen group of its category (LOGIN-6, JOB-6).
//
// The posting itself belongs to job-posting; this is a read model, never edited here.
package posting

import (
	"strconv"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// Category is the 求人区分 with job-posting's codes (its domain/codes.Category).
type Category int

// Categories.
const (
	CategoryGeneral    Category = 1 // 一般求人
	CategoryGraduate   Category = 2 // 新卒・既卒求人 (大卒等)
	CategoryHighSchool Category = 3 // 新卒・既卒求人 (高卒)
	CategoryJuniorHigh Category = 4 // 新卒・既卒求人 (中卒)
	CategorySeasonal   Category = 5 // 季節求人
	CategoryDekasegi   Category = 6 // 出稼ぎ求人
	CategoryDisability Category = 7 // 障害のある方のための求人
)

// HomeGroup is one of the three groups of the home screen (LOGIN-6, JOB-6).
type HomeGroup int

// Groups.
const (
	GroupGeneral    HomeGroup = 1 // 一般
	GroupGraduate   HomeGroup = 2 // 学卒
	GroupDisability HomeGroup = 3 // 障害者
)

// Groups lists the three groups in the order of the home screen.
var Groups = []HomeGroup{GroupGeneral, GroupGraduate, GroupDisability}

var groupLabels = map[HomeGroup]string{GroupGeneral: "一般", GroupGraduate: "学卒", GroupDisability: "障害者"}

// Label is the Japanese name.
func (g HomeGroup) Label() string { return groupLabels[g] }

// HomeGroup is the group a category is counted in: the three 学卒 categories are
// 学卒, 障害者 is 障害者, everything else (季節, 出稼ぎ included) is 一般, as
// job-posting counts its valid postings.
func (c Category) HomeGroup() HomeGroup {
	switch c {
	case CategoryGraduate, CategoryHighSchool, CategoryJuniorHigh:
		return GroupGraduate
	case CategoryDisability:
		return GroupDisability
	}
	return GroupGeneral
}

// Scope is the 公開範囲 (§2.3).
type Scope int

// Scopes.
const (
	ScopeFull         Scope = 1 // 事業所名等を含む求人情報を公開する
	ScopeSeekersOnly  Scope = 2 // ハローワークの求職者に限定し、事業所名等を含む求人情報を公開する
	ScopeAnonymous    Scope = 3 // 事業所名等を含まない求人情報を公開する
	ScopeNotPublished Scope = 4 // 求人情報を公開しない
)

// AllowsSelfApplication reports whether オンライン自主応募 is possible with this scope
// (§2.3: only 1 and 2).
func (s Scope) AllowsSelfApplication() bool { return s == ScopeFull || s == ScopeSeekersOnly }

// Status is the posting's state as job-posting's events report it. Postings that
// were never accepted do not reach this service.
type Status string

// Statuses. ACCEPTED, PUBLISHED and HELD are the valid (有効) ones.
const (
	StatusAccepted  Status = "ACCEPTED"  // 受理, not published (scope 4, or before the publish batch)
	StatusPublished Status = "PUBLISHED" // 公開中
	StatusHeld      Status = "HELD"      // 公開保留 (pay below a coming minimum wage)
	StatusInvalid   Status = "INVALID"   // 無効
)

// Cause says why a posting became invalid (job-posting's InvalidCause).
type Cause string

// Causes.
const (
	CauseExpired   Cause = "EXPIRED"   // the 紹介期限日 passed
	CauseStopped   Cause = "STOPPED"   // 募集停止 accepted
	CauseCancelled Cause = "CANCELLED" // 取消 accepted
)

// Facts is the read model of one posting.
type Facts struct {
	ID              string
	EstablishmentID string
	OfficeCode      string // jurisdiction office (管轄安定所) that accepted it, 4 digits
	OfficeName      string // its name, for the messages that name the office to contact
	JobNumber       string // 求人番号 NNNNN-NNNNNNNN
	Occupation      string // 職種
	Category        Category
	Scope           Scope
	// AcceptsSelfApplication is the posting's 「オンライン自主応募を受け付ける」.
	AcceptsSelfApplication bool
	Status                 Status
	Version                int       // content version: 1 on acceptance, +1 per accepted change
	ReferralDeadline       time.Time // 紹介期限日, a JST date
	InvalidCause           Cause
	InvalidFrom            time.Time // first day it was invalid, a JST date (job-posting's InvalidFrom)
	SubmittedBy            string    // the login account that submitted it (its department, ACC-2)
}

// At is the facts as of now: a valid posting whose 紹介期限日 is before the JST date of
// now is treated as expired from the day after it, even before job-posting's expiry
// event (a nightly job) has arrived. So nothing is accepted on the day a posting
// becomes invalid, whatever the order of events.
func (f Facts) At(now time.Time) Facts {
	if f.Valid() && !f.ReferralDeadline.IsZero() && clock.DateJST(now).After(clock.DateJST(f.ReferralDeadline)) {
		f.Status, f.InvalidCause = StatusInvalid, CauseExpired
		f.InvalidFrom = clock.DateJST(f.ReferralDeadline).AddDate(0, 0, 1)
	}
	return f
}

// Valid reports whether the posting is 有効 (accepted and not ended).
func (f Facts) Valid() bool {
	return f.Status == StatusAccepted || f.Status == StatusPublished || f.Status == StatusHeld
}

// TakesReferrals reports whether the office may refer a seeker (窓口紹介 and
// オンラインハローワーク紹介): the posting is valid and not held. A scope-4 posting is
// never published but the office refers to it at the counter; a held one has a pay
// below a coming minimum wage, so the office does not send seekers to it.
func (f Facts) TakesReferrals() bool {
	return f.Status == StatusAccepted || f.Status == StatusPublished
}

// TakesSelfApplications reports whether a seeker may apply online on their own
// (APP-4, §3.1): the posting is published, accepts オンライン自主応募, and its scope is
// 1 or 2.
func (f Facts) TakesSelfApplications() bool {
	return f.Status == StatusPublished && f.AcceptsSelfApplication && f.Scope.AllowsSelfApplication()
}

// InvalidatedOn is the date the posting became invalid in the sense of APP-2's
// 「求人無効後の翌々々月末」 (§3.3 examples: invalid on 6/30 → 9/30; cancelled 6/10 →
// 9/30). A posting that expires is 無効 at the end of its 紹介期限日 (its last valid
// day, InvalidFrom − 1: a 6/30 expiry is "invalid on 6/30"); a stopped or cancelled
// one on the day the office accepted the stop (InvalidFrom). ok is false while the
// posting is valid.
func (f Facts) InvalidatedOn() (d time.Time, ok bool) {
	if f.Status != StatusInvalid || f.InvalidFrom.IsZero() {
		return time.Time{}, false
	}
	from := clock.DateJST(f.InvalidFrom)
	if f.InvalidCause == CauseExpired {
		return from.AddDate(0, 0, -1), true
	}
	return from, true
}

// ResultDeadline is the last day the employer may register or correct a selection
// result through the MyPage (APP-2): the end of the third month after the month in
// which the posting became invalid (翌々々月末). ok is false while the posting is
// valid (no deadline yet).
func (f Facts) ResultDeadline() (d time.Time, ok bool) {
	inv, ok := f.InvalidatedOn()
	if !ok {
		return time.Time{}, false
	}
	return EndOfThirdMonthAfter(inv), true
}

// EndOfThirdMonthAfter is 翌々々月末 of a date: 6/10 and 6/30 → 9/30, 11/1 → 2/28 (or
// 2/29) of the next year. Month-ends never move to an open day (§8).
func EndOfThirdMonthAfter(d time.Time) time.Time {
	y, m, _ := d.In(clock.JST).Date()
	// Day 0 of month m+4 is the last day of month m+3; Date normalises the overflow.
	return time.Date(y, m+4, 0, 0, 0, 0, 0, clock.JST)
}

// Phase is where a posting stands for its applicants and messages.
type Phase int

// Phases.
const (
	PhaseValid        Phase = 1 // 有効: applications, results and messages
	PhaseAfterInvalid Phase = 2 // 無効, up to its 翌々々月末: results; messages read-only
	PhasePastDeadline Phase = 3 // after the 翌々々月末: results only through the office
)

var phaseNames = map[Phase]string{PhaseValid: "valid", PhaseAfterInvalid: "after_invalid", PhasePastDeadline: "past_deadline"}

func (p Phase) String() string { return phaseNames[p] }

// PhaseAt is the posting's phase on the JST date of now: the deadline day itself
// still belongs to PhaseAfterInvalid.
func (f Facts) PhaseAt(now time.Time) Phase {
	dl, ok := f.At(now).ResultDeadline()
	switch {
	case !ok:
		return PhaseValid
	case clock.DateJST(now).After(dl):
		return PhasePastDeadline
	}
	return PhaseAfterInvalid
}

// JapaneseDate formats a date the way the screens show it: 2026年9月30日.
func JapaneseDate(t time.Time) string {
	y, m, d := t.In(clock.JST).Date()
	return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(d) + "日"
}

// Update replaces the read model with the facts of a newer job-posting event, and
// reports whether it did. Events may arrive late or twice: an older content version
// is ignored, and an invalid posting never becomes valid again (a renewal is a new
// posting with its own 求人番号, §2.4).
func (f *Facts) Update(next Facts) bool {
	if f.ID != "" && next.ID != f.ID {
		return false
	}
	if next.Version < f.Version || (f.Status == StatusInvalid && next.Status != StatusInvalid) {
		return false
	}
	*f = next
	return true
}
