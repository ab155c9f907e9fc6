package posting

import (
	"slices"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/worktime"
)

// SectionID numbers the eight input sections in their fixed order (domain.md §2.5;
// 完了 is on section 8).
type SectionID int

// Sections.
const (
	SecCategory  SectionID = 1 // 求人区分等情報
	SecWorkplace SectionID = 2 // 事業所情報
	SecJob       SectionID = 3 // 仕事内容情報
	SecWage      SectionID = 4 // 賃金・手当情報
	SecHours     SectionID = 5 // 労働時間情報
	SecBenefits  SectionID = 6 // 保険・年金・定年等情報
	SecPR        SectionID = 7 // 求人PR情報
	SecSelection SectionID = 8 // 選考方法情報
)

// Sections lists the eight in order.
var Sections = []SectionID{SecCategory, SecWorkplace, SecJob, SecWage, SecHours, SecBenefits, SecPR, SecSelection}

var sectionInfo = map[SectionID]struct{ key, label string }{
	SecCategory:  {"category", "求人区分等情報"},
	SecWorkplace: {"workplace", "事業所情報"},
	SecJob:       {"job", "仕事内容情報"},
	SecWage:      {"wage", "賃金・手当情報"},
	SecHours:     {"hours", "労働時間情報"},
	SecBenefits:  {"benefits", "保険・年金・定年等情報"},
	SecPR:        {"pr", "求人PR情報"},
	SecSelection: {"selection", "選考方法情報"},
}

// Key is the field-path prefix of the section ("wage").
func (s SectionID) Key() string { return sectionInfo[s].key }

// Label is the Japanese name of the section.
func (s SectionID) Label() string { return sectionInfo[s].label }

// CategorySection is section 1, 求人区分等情報.
type CategorySection struct {
	Category          codes.Category
	TimeClass         codes.TimeClass
	Scope             codes.Scope
	Online            codes.OnlineApplication
	TrialEmployment   bool   // トライアル雇用併用の希望
	Openings          int    // 採用人数 (「求人数：N名」)
	RecruitmentReason string // 募集理由
}

// WorkplaceSection is section 2 for this posting: the place of work (就業場所), whose
// prefecture decides the minimum wage. The establishment's own data come from
// employer-registration.
type WorkplaceSection struct {
	PostalCode     string // 7 digits, hyphen optional
	Municipality   string // 5-digit 市区町村 code
	Address        string // below the municipality (hidden in scope 3)
	NearestStation string
	Transport      string
	TravelMinutes  int
	SmokingMeasure bool // 受動喫煙対策あり
	SmokingNote    string
	CarCommute     bool
	Parking        bool
	Transfer       bool // 転勤の可能性
	TransferScope  string
	RemoteWork     bool
}

// Prefecture is the prefecture of the place of work.
func (w WorkplaceSection) Prefecture() codes.Prefecture {
	return codes.PrefectureOfMunicipality(w.Municipality)
}

// AgeLimit is 年齢制限: allowed only with a statutory exception (§2.1).
type AgeLimit struct {
	Limited   bool
	Min, Max  int // 0 = no bound on that side
	Exception codes.AgeException
	Reason    string // 年齢制限の理由
}

// TrialPeriod is 試用期間. When its conditions differ, its pay is checked against the
// minimum wage too (§2.6).
type TrialPeriod struct {
	Has            bool
	Months         int
	SameConditions bool
	Conditions     string
	Pay            *wage.Pay // required when the conditions differ
}

// JobSection is section 3, 仕事内容情報.
type JobSection struct {
	Occupation        string // 職種
	Description       string // 仕事内容
	Form              codes.EmploymentForm
	NonRegularName    string // the name of a 正社員以外 form (準社員, 期間社員, ...)
	Dispatch          codes.DispatchContract
	FixedTerm         bool // 雇用期間の定めあり
	TermMonths        int
	Renewal           codes.ContractRenewal
	RenewalConditions string
	Age               AgeLimit
	Education         codes.Requirement
	EducationDetail   string
	Experience        codes.Requirement
	ExperienceDetail  string
	Licences          codes.Requirement
	LicenceDetail     string
	DriverLicence     codes.DriverLicence
	Trial             TrialPeriod
}

// BenefitsSection is section 6, 保険・年金・定年等情報.
type BenefitsSection struct {
	Insurances         []codes.Insurance
	RetirementAge      int // 定年年齢; 0 = no 定年制
	Reemployment       bool
	ReemploymentUpTo   int
	ExtendedEmployment bool // 勤務延長
	Housing            []codes.HousingType
	Childcare          bool
	Training           string // 研修制度の内容
}

// PRSection is section 7, 求人PR情報.
type PRSection struct {
	SpecialNotes string // 求人に関する特記事項
	Features     []codes.Feature
	PR           string
}

// Contact is the 担当者 of section 8.
type Contact struct {
	Title string
	Name  string
	Phone string
	Email string
}

// SelectionSection is section 8, 選考方法情報.
type SelectionSection struct {
	Methods    []codes.SelectionMethod
	ResultDays int    // 選考結果通知: within N days
	Documents  string // 応募書類等
	// DocumentUpload says whether documents can be sent through the 求職者マイページ;
	// 大卒等 postings that accept online applications must say so (§2.5).
	DocumentUpload *bool
	Supplement     string // 補足事項, up to 300 characters
	Contact        Contact
}

// Content is the posting's eight sections; nil means not saved yet.
type Content struct {
	Category  *CategorySection
	Workplace *WorkplaceSection
	Job       *JobSection
	Wage      *wage.Section
	Hours     *worktime.Section
	Benefits  *BenefitsSection
	PR        *PRSection
	Selection *SelectionSection
}

// Has reports whether the section was saved.
func (c Content) Has(s SectionID) bool {
	switch s {
	case SecCategory:
		return c.Category != nil
	case SecWorkplace:
		return c.Workplace != nil
	case SecJob:
		return c.Job != nil
	case SecWage:
		return c.Wage != nil
	case SecHours:
		return c.Hours != nil
	case SecBenefits:
		return c.Benefits != nil
	case SecPR:
		return c.PR != nil
	case SecSelection:
		return c.Selection != nil
	}
	return false
}

// Clone copies the content deeply, so a reused or renewed posting and a pending change
// never share slices with the original.
func (c Content) Clone() Content {
	out := Content{
		Category:  clonePtr(c.Category),
		Workplace: clonePtr(c.Workplace),
		Job:       clonePtr(c.Job),
		Wage:      clonePtr(c.Wage),
		Hours:     clonePtr(c.Hours),
		Benefits:  clonePtr(c.Benefits),
		PR:        clonePtr(c.PR),
		Selection: clonePtr(c.Selection),
	}
	if j := out.Job; j != nil && j.Trial.Pay != nil {
		p := clonePay(*j.Trial.Pay)
		j.Trial.Pay = &p
	}
	if w := out.Wage; w != nil {
		w.Pay = clonePay(w.Pay)
	}
	if h := out.Hours; h != nil {
		h.Shifts, h.Systems, h.DaysOff = slices.Clone(h.Shifts), slices.Clone(h.Systems), slices.Clone(h.DaysOff)
	}
	if b := out.Benefits; b != nil {
		b.Insurances, b.Housing = slices.Clone(b.Insurances), slices.Clone(b.Housing)
	}
	if p := out.PR; p != nil {
		p.Features = slices.Clone(p.Features)
	}
	if s := out.Selection; s != nil {
		s.Methods = slices.Clone(s.Methods)
		s.DocumentUpload = clonePtr(s.DocumentUpload)
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

func clonePay(p wage.Pay) wage.Pay {
	p.Allowances = slices.Clone(p.Allowances)
	p.FixedOvertime = clonePtr(p.FixedOvertime)
	return p
}
