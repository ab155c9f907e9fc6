// Package application is the applicant (応募者) aggregate: how a seeker reached a
// posting (the channels of domain.md §3.1), the 紹介状 of a referral (APP-1, §3.2),
// the selection result and its history (APP-2, §3.3), the reminder 「選考結果未入力通知」
// (APP-3), and the counts other services ask for: pending online self-applications
// (ACC-3, APP-4) and hires per home group (LOGIN-6).
//
// Methods change the application in memory only; the app layer loads it, calls one
// method inside a transaction, saves it and appends the matching event. A refused
// step returns a *finding.Refusal and leaves the application unchanged.
package application

import (
	"slices"
	"time"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Channel is how the applicant reached the posting (§3.1).
type Channel string

// Channels. A seeker who applies through a 直接リクエスト arrives as ChannelSelf with
// DirectRequestID set (§3.1 item 4, §5).
const (
	ChannelCounter        Channel = "COUNTER_REFERRAL" // 窓口紹介
	ChannelOnlineReferral Channel = "ONLINE_REFERRAL"  // オンラインハローワーク紹介
	ChannelSelf           Channel = "ONLINE_SELF"      // オンライン自主応募
)

// Channels lists every channel.
var Channels = []Channel{ChannelCounter, ChannelOnlineReferral, ChannelSelf}

var channelLabels = map[Channel]string{ChannelCounter: "窓口紹介", ChannelOnlineReferral: "オンラインハローワーク紹介", ChannelSelf: "オンライン自主応募"}

// Label is the Japanese name.
func (c Channel) Label() string { return channelLabels[c] }

// IsReferral reports whether the channel is a Hello Work referral: it has a 紹介状 and
// the referring office receives the result. An オンライン自主応募 is not a referral
// (it does not count for the subsidies that need one, §3.1).
func (c Channel) IsReferral() bool { return c == ChannelCounter || c == ChannelOnlineReferral }

// State is where the selection stands.
type State string

// States.
const (
	StateSelecting State = "SELECTING" // 選考中: no result registered
	StateDecided   State = "DECIDED"   // 結果登録済: 採用, 不採用 or 辞退
)

// States lists every state.
var States = []State{StateSelecting, StateDecided}

// Application is one applicant of one posting.
type Application struct {
	ID              string
	EstablishmentID string
	PostingID       string
	PostingVersion  int              // the content version the seeker applied to
	PostingOffice   seeker.Office    // the posting's jurisdiction office
	Category        posting.Category // the posting's 求人区分, for LOGIN-6's hire counts
	Seeker          seeker.Number
	// SeekerHasMyPage is kept up to date from the portal: messages and the online
	// result notice need it (MSG-1, §3.3).
	SeekerHasMyPage bool
	Channel         Channel
	ReferringOffice seeker.Office   // referrals only: the office that referred
	Letter          *ReferralLetter // referrals only (APP-1)
	Motivation      string          // 志望動機 of an online application
	DirectRequestID string          // set when a 直接リクエスト led to the self-application
	AppliedAt       time.Time       // the referral or the application (APP-3 counts from it)

	State   State
	Results []Result // every registration and correction, oldest first (APP-2)

	Reminders      int       // 選考結果未入力通知 sent (APP-3)
	LastRemindedAt time.Time //
}

// Current is the result in force, or nil.
func (a *Application) Current() *Result {
	if len(a.Results) == 0 {
		return nil
	}
	r := a.Results[len(a.Results)-1]
	return &r
}

// Hired reports whether the result in force is 採用.
func (a *Application) Hired() bool {
	c := a.Current()
	return c != nil && c.Decision == Hired
}

// ContactOffice is the office that takes the result once the MyPage no longer
// does, and the office the result is reported to: the referring office for a
// referral, the posting's jurisdiction office for a self-application (APP-2).
func (a *Application) ContactOffice() seeker.Office {
	if a.Channel.IsReferral() {
		return a.ReferringOffice
	}
	return a.PostingOffice
}

// PendingSelfApplications counts the online self-applications without a selection
// result (ACC-3: withdrawal is refused while it is not zero; APP-4). 辞退 is a result.
func PendingSelfApplications(apps []*Application) int {
	n := 0
	for _, a := range apps {
		if a.Channel == ChannelSelf && a.State == StateSelecting {
			n++
		}
	}
	return n
}

// CountHires counts the applicants whose result in force is 採用, per home group of
// the posting's category (LOGIN-6: 一般 / 学卒 / 障害者). A hire counts while its
// posting's applicant management is open: the posting is valid or before its
// 翌々々月末 (postings the app does not know are left out).
func CountHires(apps []*Application, postings map[string]posting.Facts, now time.Time) map[posting.HomeGroup]int {
	out := map[posting.HomeGroup]int{}
	for _, g := range posting.Groups {
		out[g] = 0
	}
	for _, a := range apps {
		p, ok := postings[a.PostingID]
		if !ok || !a.Hired() || p.PhaseAt(now) == posting.PhasePastDeadline {
			continue
		}
		out[a.Category.HomeGroup()]++
	}
	return out
}

// Filter is the employer's applicant list filter (issue 11: channel, result pending).
type Filter struct {
	Channels    []Channel // empty: all
	PendingOnly bool      // only applicants without a result
}

// Matches reports whether the application passes the filter.
func (f Filter) Matches(a *Application) bool {
	if len(f.Channels) > 0 && !slices.Contains(f.Channels, a.Channel) {
		return false
	}
	return !f.PendingOnly || a.State == StateSelecting
}

// Action names a step of the lifecycle, for the transition table and its test.
type Action string

// Actions.
const (
	ActRegister       Action = "register_result"        // the employer registers (APP-2)
	ActRegisterOffice Action = "register_result_office" // office staff register (after the deadline: the only way)
	ActCorrect        Action = "correct_result"         // the employer corrects
	ActCorrectOffice  Action = "correct_result_office"  // office staff correct
	ActRemind         Action = "remind"                 // 選考結果未入力通知 (APP-3)
)

// Actions lists every action.
var Actions = []Action{ActRegister, ActRegisterOffice, ActCorrect, ActCorrectOffice, ActRemind}

// check is the transition table: whether act is allowed from the application's state
// in the posting's phase. It returns nil or the refusal. Time conditions that are not
// phases (the reminder's 14 days) are checked by the action itself.
func (a *Application) check(act Action, p posting.Facts, now time.Time) error {
	phase := p.PhaseAt(now)
	switch act {
	case ActRegister, ActRegisterOffice:
		if a.State != StateSelecting {
			return finding.Refuse(finding.ResultAlreadyRegistered)
		}
	case ActCorrect, ActCorrectOffice:
		if a.State != StateDecided {
			return finding.Refuse(finding.ResultNotRegistered)
		}
	case ActRemind:
		if a.State != StateSelecting || phase == posting.PhasePastDeadline {
			return finding.Refuse(finding.ReminderNotDue)
		}
		return nil
	default:
		return finding.Refuse(finding.InvalidState)
	}
	if (act == ActRegister || act == ActCorrect) && phase == posting.PhasePastDeadline {
		dl, _ := p.At(now).ResultDeadline()
		return finding.Refuse(finding.ResultDeadlinePassed,
			"deadline", posting.JapaneseDate(dl), "office", a.ContactOffice().Name)
	}
	return nil
}

// Can reports whether the table allows act now (for the screens' buttons). The
// reminder also needs its time to have come: ReminderDue.
func (a *Application) Can(act Action, p posting.Facts, now time.Time) bool {
	return a.check(act, p, now) == nil
}
