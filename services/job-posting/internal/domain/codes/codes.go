// Package codes holds the code lists of a job posting (domain.md §2.2, §2.3, §2.5) as
// Go types. Numeric values are the codes of the public job search (求人情報検索) where
// it has them, so that search parameters and stored values agree; each value has the
// Japanese label shown to employers and seekers.
package codes

// Code is implemented by every code list: a code is valid when it has a label.
type Code interface {
	comparable
	Label() string
}

// Valid reports whether c is a value of its list (the zero value never is).
func Valid[C Code](c C) bool { return c.Label() != "" }

func label[C comparable](labels map[C]string, c C) string { return labels[c] }

// Category is the 求人区分. Two 学卒 values of the search (新卒・既卒求人, code 2) are
// kept apart because their schedules and validity differ (§2.2 INFERENCE).
type Category int

// Categories; the numbers are ours, SearchCode gives the public search's.
const (
	CategoryGeneral    Category = 1 // 一般求人
	CategoryGraduate   Category = 2 // 新卒・既卒求人 (大卒等)
	CategoryHighSchool Category = 3 // 新卒・既卒求人 (高卒)
	CategoryJuniorHigh Category = 4 // 新卒・既卒求人 (中卒)
	CategorySeasonal   Category = 5 // 季節求人
	CategoryDekasegi   Category = 6 // 出稼ぎ求人
	CategoryDisability Category = 7 // 障害のある方のための求人
)

var categoryLabels = map[Category]string{
	CategoryGeneral:    "一般求人",
	CategoryGraduate:   "新卒・既卒求人（大卒等）",
	CategoryHighSchool: "新卒・既卒求人（高卒）",
	CategoryJuniorHigh: "新卒・既卒求人（中卒）",
	CategorySeasonal:   "季節求人",
	CategoryDekasegi:   "出稼ぎ求人",
	CategoryDisability: "障害のある方のための求人",
}

// Label is the Japanese name.
func (c Category) Label() string { return label(categoryLabels, c) }

// SearchCode is the 求人区分 code of the public search: 1 一般, 2 新卒・既卒, 3 季節,
// 4 出稼ぎ, 5 障害のある方 (§2.2).
func (c Category) SearchCode() int {
	switch c {
	case CategoryGeneral:
		return 1
	case CategoryGraduate, CategoryHighSchool, CategoryJuniorHigh:
		return 2
	case CategorySeasonal:
		return 3
	case CategoryDekasegi:
		return 4
	case CategoryDisability:
		return 5
	}
	return 0
}

// IsSchoolLeaver reports whether the category is one of the 学卒 ones.
func (c Category) IsSchoolLeaver() bool {
	return c == CategoryGraduate || c == CategoryHighSchool || c == CategoryJuniorHigh
}

// HomeGroup is the grouping of the home screen's counts (JOB-6, LOGIN-6).
type HomeGroup int

// Home groups.
const (
	GroupGeneral    HomeGroup = 1 // 一般
	GroupGraduate   HomeGroup = 2 // 学卒
	GroupDisability HomeGroup = 3 // 障害者
)

var homeGroupLabels = map[HomeGroup]string{GroupGeneral: "一般", GroupGraduate: "学卒", GroupDisability: "障害者"}

// Label is the Japanese name.
func (g HomeGroup) Label() string { return label(homeGroupLabels, g) }

// HomeGroup derives the home screen group: 季節 and 出稼ぎ count as 一般 (JOB-6 names
// only three groups; INFERENCE).
func (c Category) HomeGroup() HomeGroup {
	switch {
	case c.IsSchoolLeaver():
		return GroupGraduate
	case c == CategoryDisability:
		return GroupDisability
	case Valid(c):
		return GroupGeneral
	}
	return 0
}

// TimeClass is full or part time, decided by working hours, not by employment form
// (§2.1).
type TimeClass int

// Time classes (search codes).
const (
	FullTime TimeClass = 1 // フルタイム
	PartTime TimeClass = 2 // パート
)

var timeClassLabels = map[TimeClass]string{FullTime: "フルタイム", PartTime: "パート"}

// Label is the Japanese name.
func (t TimeClass) Label() string { return label(timeClassLabels, t) }

// EmploymentForm is the 雇用形態; 1–4 belong to full-time postings, 5–7 to part-time
// ones (§2.2, search codes).
type EmploymentForm int

// Employment forms.
const (
	FormRegular             EmploymentForm = 1 // 正社員
	FormNonRegular          EmploymentForm = 2 // 正社員以外
	FormDispatchFixed       EmploymentForm = 3 // 有期雇用派遣労働者
	FormDispatchPermanent   EmploymentForm = 4 // 無期雇用派遣労働者
	FormPartTime            EmploymentForm = 5 // パート労働者
	FormDispatchFixedPart   EmploymentForm = 6 // 有期雇用派遣パート
	FormDispatchPermanentPt EmploymentForm = 7 // 無期雇用派遣パート
)

var formLabels = map[EmploymentForm]string{
	FormRegular:             "正社員",
	FormNonRegular:          "正社員以外",
	FormDispatchFixed:       "有期雇用派遣労働者",
	FormDispatchPermanent:   "無期雇用派遣労働者",
	FormPartTime:            "パート労働者",
	FormDispatchFixedPart:   "有期雇用派遣パート",
	FormDispatchPermanentPt: "無期雇用派遣パート",
}

// Label is the Japanese name.
func (f EmploymentForm) Label() string { return label(formLabels, f) }

// TimeClass is the time class the form belongs to.
func (f EmploymentForm) TimeClass() TimeClass {
	switch {
	case f >= FormRegular && f <= FormDispatchPermanent:
		return FullTime
	case f >= FormPartTime && f <= FormDispatchPermanentPt:
		return PartTime
	}
	return 0
}

// IsDispatch reports whether the form is a 派遣 form.
func (f EmploymentForm) IsDispatch() bool {
	switch f {
	case FormDispatchFixed, FormDispatchPermanent, FormDispatchFixedPart, FormDispatchPermanentPt:
		return true
	}
	return false
}

// Scope is the 公開範囲 / 公開希望 (§2.3).
type Scope int

// Scopes.
const (
	ScopeFull         Scope = 1 // 事業所名等を含む求人情報を公開する
	ScopeSeekersOnly  Scope = 2 // ハローワークの求職者に限定し、事業所名等を含む求人情報を公開する
	ScopeAnonymous    Scope = 3 // 事業所名等を含まない求人情報を公開する
	ScopeNotPublished Scope = 4 // 求人情報を公開しない
)

var scopeLabels = map[Scope]string{
	ScopeFull:         "事業所名等を含む求人情報を公開する",
	ScopeSeekersOnly:  "ハローワークの求職者に限定し、事業所名等を含む求人情報を公開する",
	ScopeAnonymous:    "事業所名等を含まない求人情報を公開する",
	ScopeNotPublished: "求人情報を公開しない",
}

// Label is the Japanese name.
func (s Scope) Label() string { return label(scopeLabels, s) }

// Publishable reports whether a posting of this scope is ever published (JOB-2: scope
// 4 never is).
func (s Scope) Publishable() bool {
	return s == ScopeFull || s == ScopeSeekersOnly || s == ScopeAnonymous
}

// ShowsEstablishment reports whether 事業所名, 代表者名, 法人番号, 所在地 and 電話番号
// are published with the posting (§2.3).
func (s Scope) ShowsEstablishment() bool { return s == ScopeFull || s == ScopeSeekersOnly }

// AllowsOnlineApplication reports whether オンライン自主応募 may be accepted (§2.3:
// only with 公開希望 1 or 2).
func (s Scope) AllowsOnlineApplication() bool { return s == ScopeFull || s == ScopeSeekersOnly }

// OnlineApplication is オンライン自主応募の受付.
type OnlineApplication int

// Values.
const (
	OnlineAccepted    OnlineApplication = 1 // 受け付ける
	OnlineNotAccepted OnlineApplication = 2 // 受け付けない
)

var onlineLabels = map[OnlineApplication]string{OnlineAccepted: "オンライン自主応募を受け付ける", OnlineNotAccepted: "オンライン自主応募を受け付けない"}

// Label is the Japanese name.
func (o OnlineApplication) Label() string { return label(onlineLabels, o) }

// Insurance is one of the 加入保険等 (§2.2).
type Insurance int

// Insurances.
const (
	InsEmployment        Insurance = 1 // 雇用保険
	InsWorkersComp       Insurance = 2 // 労災保険
	InsHealth            Insurance = 3 // 健康保険
	InsPension           Insurance = 4 // 厚生年金
	InsPublicServiceComp Insurance = 5 // 公務災害補償
	InsSavings           Insurance = 6 // 財形
	InsCorporatePension  Insurance = 7 // 企業年金
	InsRetirementSystem  Insurance = 8 // 退職金制度
	InsRetirementMutual  Insurance = 9 // 退職金共済
)

var insuranceLabels = map[Insurance]string{
	InsEmployment: "雇用保険", InsWorkersComp: "労災保険", InsHealth: "健康保険", InsPension: "厚生年金",
	InsPublicServiceComp: "公務災害補償", InsSavings: "財形", InsCorporatePension: "企業年金",
	InsRetirementSystem: "退職金制度", InsRetirementMutual: "退職金共済",
}

// Label is the Japanese name.
func (i Insurance) Label() string { return label(insuranceLabels, i) }
