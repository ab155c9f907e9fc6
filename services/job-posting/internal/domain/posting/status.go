package posting

import "github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"

// List is one of the employer's three lists (JOB-4, LOGIN-6).
type List int

// Lists.
const (
	ListValid    List = 1 // 有効求人
	ListApplying List = 2 // 申込み中 (drafts and returned applications included)
	ListInvalid  List = 3 // 無効求人 (expired, stopped, cancelled, rejected, withdrawn)
)

var listLabels = map[List]string{ListValid: "有効求人", ListApplying: "申込み中の求人", ListInvalid: "無効求人"}

// Label is the Japanese name.
func (l List) Label() string { return listLabels[l] }

// List says which list the posting appears in.
func (p *Posting) List() List {
	switch {
	case p.State.Valid():
		return ListValid
	case p.State == StateDraft || p.State == StateProvisional || p.State == StateReturned:
		return ListApplying
	}
	return ListInvalid
}

// StatusLabel is the label of the posting's card (§7, e.g. 「非公開」).
func (p *Posting) StatusLabel() string {
	switch p.State {
	case StateDraft:
		return "入力中"
	case StateProvisional:
		return "申込み中"
	case StateReturned:
		return "修正依頼"
	case StateRejected:
		return "不受理"
	case StateWithdrawn:
		return "取下げ"
	case StateAccepted:
		if p.Content.Category != nil && !p.Content.Category.Scope.Publishable() {
			return "非公開"
		}
		return "公開準備中"
	case StatePublished:
		if p.Pending != nil {
			return "公開中（" + pendingLabels[p.Pending.Kind] + "申請中）"
		}
		return "公開中"
	case StateHeld:
		return "公開保留"
	case StateInvalid:
		return invalidLabels[p.InvalidCause]
	}
	return ""
}

var pendingLabels = map[ApplicationKind]string{AppChange: "変更", AppStop: "募集停止", AppCancel: "取消", AppExtension: "有効期間延長"}

var invalidLabels = map[InvalidCause]string{CauseExpired: "無効（紹介期限切れ）", CauseStopped: "無効（募集停止）", CauseCancelled: "無効（取消）"}

// CountValid counts valid postings per home group (JOB-6, LOGIN-6: 一般 / 学卒 / 障害者).
func CountValid(ps []*Posting) map[codes.HomeGroup]int {
	out := map[codes.HomeGroup]int{codes.GroupGeneral: 0, codes.GroupGraduate: 0, codes.GroupDisability: 0}
	for _, p := range ps {
		if p.State.Valid() {
			out[p.Category().HomeGroup()]++
		}
	}
	return out
}
