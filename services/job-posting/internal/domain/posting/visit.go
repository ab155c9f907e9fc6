package posting

import "github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"

// VisitReason is one case of §2.4 in which the employer must come to the office within
// 14 days of entering the posting (official leaflet, 2020-05).
type VisitReason string

// Reasons.
const (
	VisitFirstMyPagePosting   VisitReason = "FIRST_MYPAGE_POSTING"    // first posting through the MyPage, MyPage not opened at the counter
	VisitFirstDisability      VisitReason = "FIRST_DISABILITY"        // first 障害者専用求人 since 2020-01
	VisitFirstTrial           VisitReason = "FIRST_TRIAL"             // first トライアル雇用 posting since 2020-01
	VisitFirstDisabilityTrial VisitReason = "FIRST_DISABILITY_TRIAL"  // first 障害者(短時間)トライアル雇用 since 2020-01
	VisitNoPostingPastYear    VisitReason = "NO_POSTING_PAST_YEAR"    // no posting in the past year
	VisitDispatchOrContract   VisitReason = "DISPATCH_OR_CONTRACTING" // 派遣・請負
	VisitOfficeRequires       VisitReason = "OFFICE_REQUIRES"         // any other case the office requires
)

var visitLabels = map[VisitReason]string{
	VisitFirstMyPagePosting:   "求人者マイページからの初めての求人",
	VisitFirstDisability:      "初めての障害者専用求人",
	VisitFirstTrial:           "初めてのトライアル雇用求人",
	VisitFirstDisabilityTrial: "初めての障害者（短時間）トライアル雇用求人",
	VisitNoPostingPastYear:    "過去1年間に求人の申込みがない",
	VisitDispatchOrContract:   "派遣・請負の求人",
	VisitOfficeRequires:       "ハローワークが来所を求める場合",
}

// Label is the Japanese description shown to the employer and on the worklist.
func (v VisitReason) Label() string { return visitLabels[v] }

// VisitFacts are the establishment's history that the app knows (from its own
// postings and employer-registration); the posting supplies the rest.
type VisitFacts struct {
	FirstMyPagePosting    bool // no earlier MyPage posting of the establishment
	OpenedAtCounter       bool // the MyPage was opened at the counter (OPEN-2, OPEN-3)
	DisabilityPostedSince bool // a 障害者専用求人 was accepted since 2020-01
	TrialPostedSince      bool // a トライアル雇用 posting was accepted since 2020-01
	DisabilityTrialSince  bool // a 障害者(短時間)トライアル雇用 posting since 2020-01
	PostedWithinPastYear  bool
	OfficeRequires        bool
}

// VisitReasons lists the cases of §2.4 that apply to a submission of content.
func VisitReasons(f VisitFacts, c Content) []VisitReason {
	var out []VisitReason
	add := func(ok bool, r VisitReason) {
		if ok {
			out = append(out, r)
		}
	}
	disability := c.Category != nil && c.Category.Category == codes.CategoryDisability
	trial := c.Category != nil && c.Category.TrialEmployment
	add(f.FirstMyPagePosting && !f.OpenedAtCounter, VisitFirstMyPagePosting)
	add(disability && !f.DisabilityPostedSince, VisitFirstDisability)
	add(trial && !disability && !f.TrialPostedSince, VisitFirstTrial)
	add(trial && disability && !f.DisabilityTrialSince, VisitFirstDisabilityTrial)
	add(!f.PostedWithinPastYear, VisitNoPostingPastYear)
	add(c.Job != nil && (c.Job.Dispatch == codes.DispatchWorker || c.Job.Dispatch == codes.DispatchContractor || c.Job.Form.IsDispatch()), VisitDispatchOrContract)
	add(f.OfficeRequires, VisitOfficeRequires)
	return out
}
