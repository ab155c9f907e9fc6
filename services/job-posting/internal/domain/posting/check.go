package posting

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hellowork-jp/hellowork/libs/email"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
)

// Text limits (in characters). The real screens' limits were not in the sources read,
// except 補足事項 (300, §2.5); the others are ours and keep the 求人票 to one page.
const (
	maxShort       = 30
	maxLine        = 100
	maxNote        = 300
	maxDescription = 360
	maxPR          = 500
)

// CheckSection checks one section when it is saved, with the other saved sections as
// context (the employment form needs section 1's full/part class, for instance). Field
// paths start with the section's key.
func (c Content) CheckSection(s SectionID) finding.Findings {
	var f finding.Findings
	switch s {
	case SecCategory:
		if c.Category != nil {
			f = c.Category.check()
		}
	case SecWorkplace:
		if c.Workplace != nil {
			f = c.Workplace.check()
		}
	case SecJob:
		if c.Job != nil {
			f = c.Job.check(c.Category)
		}
	case SecWage:
		if c.Wage != nil {
			f = c.Wage.Check()
		}
	case SecHours:
		if c.Hours != nil {
			f = c.Hours.Check(c.timeClass())
		}
	case SecBenefits:
		if c.Benefits != nil {
			f = c.Benefits.check()
		}
	case SecPR:
		if c.PR != nil {
			f = c.PR.check()
		}
	case SecSelection:
		if c.Selection != nil {
			f = c.Selection.check(c.Category)
		}
	}
	return f.Prefixed(s.Key())
}

// CheckAll is the whole validation at submission (and of a change application): every
// section present and valid, then the checks that need several sections, among them
// the minimum wage of the place of work on the JST date of at (§2.6).
func (c Content) CheckAll(at time.Time, rates minwage.Table) finding.Findings {
	var f finding.Findings
	for _, s := range Sections {
		if !c.Has(s) {
			f.Err(s.Key(), finding.SectionsIncomplete)
			continue
		}
		f.Merge(c.CheckSection(s))
	}
	if f.Blocking() {
		return f // cross-section checks assume well-formed sections
	}
	c.checkAge(&f)
	c.checkFeatures(&f)
	b := c.Basis()
	pref := c.Workplace.Prefecture()
	f.Merge(wage.MinimumWage(SecWage.Key(), c.Wage.Pay, b, pref, at, rates))
	if t := c.Job.Trial; t.Has && t.Pay != nil {
		f.Merge(wage.MinimumWage("job.trial.pay", *t.Pay, b, pref, at, rates))
	}
	return f
}

// Basis is what wage conversions need from sections 4 and 5.
func (c Content) Basis() wage.Basis {
	var b wage.Basis
	if c.Hours != nil {
		b.DailyMinutes = c.Hours.DailyMinutes()
	}
	if c.Wage != nil {
		b.MonthlyWorkDays = c.Wage.MonthlyWorkDays
	}
	return b
}

// Pays are the pays the minimum wage applies to: the main one and a differing trial one.
func (c Content) Pays() []wage.Pay {
	var out []wage.Pay
	if c.Wage != nil {
		out = append(out, c.Wage.Pay)
	}
	if c.Job != nil && c.Job.Trial.Has && c.Job.Trial.Pay != nil {
		out = append(out, *c.Job.Trial.Pay)
	}
	return out
}

func (c Content) timeClass() codes.TimeClass {
	if c.Category != nil && codes.Valid(c.Category.TimeClass) {
		return c.Category.TimeClass
	}
	return codes.FullTime // the stricter labour-law checks until section 1 says otherwise
}

func required(f *finding.Findings, field, v, label string) {
	if strings.TrimSpace(v) == "" {
		f.Err(field, finding.Required, "label", label)
	}
}

func maxLen(f *finding.Findings, field, v string, n int, label string) {
	if utf8.RuneCountInString(v) > n {
		f.Err(field, finding.TooLong, "label", label, "max_length", strconv.Itoa(n))
	}
}

func between(f *finding.Findings, field string, v, lo, hi int, label string) {
	if v < lo || v > hi {
		f.Err(field, finding.OutOfRange, "label", label, "min", strconv.Itoa(lo), "max", strconv.Itoa(hi))
	}
}

func code[C codes.Code](f *finding.Findings, field string, c C, label string) {
	if !codes.Valid(c) {
		f.Err(field, finding.CodeInvalid, "label", label)
	}
}

func codeList[C codes.Code](f *finding.Findings, field string, cs []C, label string) {
	seen := map[C]bool{}
	for _, c := range cs {
		if !codes.Valid(c) || seen[c] {
			f.Err(field, finding.CodeInvalid, "label", label)
			return
		}
		seen[c] = true
	}
}

func (s CategorySection) check() finding.Findings {
	var f finding.Findings
	code(&f, "category", s.Category, "求人区分")
	code(&f, "time_class", s.TimeClass, "フルタイム・パート")
	code(&f, "scope", s.Scope, "公開範囲")
	code(&f, "online", s.Online, "オンライン自主応募の受付")
	// §2.3: オンライン自主応募 needs a scope that shows the establishment (1 or 2).
	if s.Online == codes.OnlineAccepted && codes.Valid(s.Scope) && !s.Scope.AllowsOnlineApplication() {
		f.Err("online", finding.OnlineApplicationScope)
	}
	if s.Openings == 0 {
		f.Err("openings", finding.Required, "label", "採用人数")
	} else {
		between(&f, "openings", s.Openings, 1, 999, "採用人数")
	}
	maxLen(&f, "recruitment_reason", s.RecruitmentReason, maxLine, "募集理由")
	return f
}

func (s WorkplaceSection) check() finding.Findings {
	var f finding.Findings
	pc := strings.ReplaceAll(s.PostalCode, "-", "")
	if len(pc) != 7 || strings.Trim(pc, "0123456789") != "" {
		f.Err("postal_code", finding.PostalCodeInvalid)
	}
	if s.Prefecture() == 0 {
		f.Err("municipality", finding.MunicipalityInvalid)
	}
	required(&f, "address", s.Address, "就業場所の住所")
	maxLen(&f, "address", s.Address, maxLine, "就業場所の住所")
	maxLen(&f, "nearest_station", s.NearestStation, maxShort, "最寄り駅")
	maxLen(&f, "transport", s.Transport, maxShort, "交通手段")
	between(&f, "travel_minutes", s.TravelMinutes, 0, 999, "所要時間")
	maxLen(&f, "smoking_note", s.SmokingNote, maxLine, "受動喫煙対策の内容")
	if s.Transfer {
		required(&f, "transfer_scope", s.TransferScope, "転勤範囲")
	}
	maxLen(&f, "transfer_scope", s.TransferScope, maxLine, "転勤範囲")
	return f
}

func (s JobSection) check(cat *CategorySection) finding.Findings {
	var f finding.Findings
	required(&f, "occupation", s.Occupation, "職種")
	maxLen(&f, "occupation", s.Occupation, maxShort, "職種")
	required(&f, "description", s.Description, "仕事内容")
	maxLen(&f, "description", s.Description, maxDescription, "仕事内容")
	code(&f, "form", s.Form, "雇用形態")
	// §2.2: forms 1–4 are full-time, 5–7 part-time.
	if cat != nil && codes.Valid(s.Form) && codes.Valid(cat.TimeClass) && s.Form.TimeClass() != cat.TimeClass {
		f.Err("form", finding.EmploymentFormMismatch)
	}
	if s.Form == codes.FormNonRegular {
		required(&f, "non_regular_name", s.NonRegularName, "正社員以外の名称")
	}
	code(&f, "dispatch", s.Dispatch, "派遣・請負等")
	// §2.2: a dispatched worker is never 正社員; a 派遣 form means a 派遣 posting.
	if codes.Valid(s.Dispatch) && codes.Valid(s.Form) && (s.Dispatch == codes.DispatchWorker) != s.Form.IsDispatch() {
		f.Err("form", finding.DispatchFormMismatch)
	}
	if s.FixedTerm {
		between(&f, "term_months", s.TermMonths, 1, 60, "雇用期間（月）")
		code(&f, "renewal", s.Renewal, "契約更新の可能性")
		if s.Renewal == codes.RenewalConditional {
			required(&f, "renewal_conditions", s.RenewalConditions, "契約更新の条件")
		}
	}
	s.checkAgeLimit(&f)
	for _, q := range []struct {
		field, detailField, detail, label string
		r                                 codes.Requirement
	}{
		{"education", "education_detail", s.EducationDetail, "学歴", s.Education},
		{"experience", "experience_detail", s.ExperienceDetail, "必要な経験", s.Experience},
		{"licences", "licence_detail", s.LicenceDetail, "必要な免許・資格", s.Licences},
	} {
		code(&f, q.field, q.r, q.label)
		if q.r == codes.Mandatory || q.r == codes.Preferred {
			required(&f, q.detailField, q.detail, q.label+"の内容")
		}
		maxLen(&f, q.detailField, q.detail, maxLine, q.label+"の内容")
	}
	code(&f, "driver_licence", s.DriverLicence, "普通自動車運転免許")
	if t := s.Trial; t.Has {
		between(&f, "trial.months", t.Months, 1, 12, "試用期間（月）")
		if !t.SameConditions {
			required(&f, "trial.conditions", t.Conditions, "試用期間中の労働条件")
			if t.Pay == nil {
				f.Err("trial.pay", finding.Required, "label", "試用期間中の賃金")
			} else {
				f.Merge(t.Pay.Check().Prefixed("trial.pay"))
			}
		}
	}
	return f
}

// checkAgeLimit: recruitment is 年齢不問 unless a statutory exception applies (§2.1,
// 労働施策総合推進法施行規則 1条の3第1項); the exceptions whose conditions show in the
// posting itself are checked here, 1号 against the 定年 in checkAge.
func (s JobSection) checkAgeLimit(f *finding.Findings) {
	a := s.Age
	if !a.Limited {
		return
	}
	if !codes.Valid(a.Exception) {
		f.Err("age.exception", finding.AgeLimitExceptionRequired)
		return
	}
	required(f, "age.reason", a.Reason, "年齢制限の理由")
	maxLen(f, "age.reason", a.Reason, maxLine, "年齢制限の理由")
	if a.Min == 0 && a.Max == 0 {
		f.Err("age.max", finding.Required, "label", "年齢制限範囲")
		return
	}
	if a.Min != 0 {
		between(f, "age.min", a.Min, 15, 99, "年齢制限（下限）")
	}
	if a.Max != 0 {
		between(f, "age.max", a.Max, 15, 99, "年齢制限（上限）")
	}
	if a.Min != 0 && a.Max != 0 && a.Max < a.Min {
		f.Err("age.max", finding.RangeInverted, "label", "年齢制限")
	}
	mismatch := func(cond string) {
		f.Err("age.exception", finding.AgeLimitExceptionMismatch, "exception", a.Exception.Label(), "condition", cond)
	}
	switch a.Exception {
	case codes.AgeRetirement:
		if s.FixedTerm || a.Min != 0 || a.Max == 0 {
			mismatch("期間の定めのない労働契約で、定年年齢を下回る上限年齢のみを定める")
		}
	case codes.AgeYouthCareer:
		if s.FixedTerm || a.Min != 0 || a.Max == 0 || s.Experience != codes.NotRequired {
			mismatch("期間の定めのない労働契約で、上限年齢のみを定め、職業経験を不問とする")
		}
	case codes.AgeSkillTransfer:
		if s.FixedTerm || a.Min == 0 || a.Max == 0 {
			mismatch("期間の定めのない労働契約で、特定の年齢層（下限と上限）に限る")
		}
	case codes.AgePolicy:
		if a.Min != 0 && a.Min < 60 && a.Max == 0 {
			mismatch("60歳以上の高年齢者、又は国の施策の対象となる特定の年齢層に限る")
		}
	}
}

func (s BenefitsSection) check() finding.Findings {
	var f finding.Findings
	codeList(&f, "insurances", s.Insurances, "加入保険等")
	if s.RetirementAge != 0 {
		// 高年齢者雇用安定法 8条: a 定年 below 60 is void.
		between(&f, "retirement_age", s.RetirementAge, 60, 99, "定年年齢")
	}
	if s.Reemployment && s.ReemploymentUpTo != 0 {
		between(&f, "reemployment_up_to", s.ReemploymentUpTo, max(s.RetirementAge, 60), 99, "再雇用の上限年齢")
	}
	codeList(&f, "housing", s.Housing, "入居可能住宅")
	maxLen(&f, "training", s.Training, maxNote, "研修制度の内容")
	return f
}

func (s PRSection) check() finding.Findings {
	var f finding.Findings
	maxLen(&f, "special_notes", s.SpecialNotes, maxNote, "求人に関する特記事項")
	maxLen(&f, "pr", s.PR, maxPR, "PR")
	codeList(&f, "features", s.Features, "こだわり条件")
	return f
}

func (s SelectionSection) check(cat *CategorySection) finding.Findings {
	var f finding.Findings
	if len(s.Methods) == 0 {
		f.Err("methods", finding.Required, "label", "選考方法")
	}
	codeList(&f, "methods", s.Methods, "選考方法")
	if s.ResultDays == 0 {
		f.Err("result_days", finding.Required, "label", "選考結果通知")
	} else {
		between(&f, "result_days", s.ResultDays, 1, 60, "選考結果通知（日以内）")
	}
	required(&f, "documents", s.Documents, "応募書類等")
	maxLen(&f, "documents", s.Documents, maxLine, "応募書類等")
	maxLen(&f, "supplement", s.Supplement, maxNote, "補足事項")
	// §2.5: 大卒等 postings that take online applications must say whether documents
	// can be sent through the 求職者マイページ.
	if cat != nil && cat.Category == codes.CategoryGraduate && cat.Online == codes.OnlineAccepted && s.DocumentUpload == nil {
		f.Err("document_upload", finding.Required, "label", "求職者マイページからの応募書類の送信可否")
	}
	required(&f, "contact.name", s.Contact.Name, "担当者の氏名")
	maxLen(&f, "contact.name", s.Contact.Name, maxShort, "担当者の氏名")
	maxLen(&f, "contact.title", s.Contact.Title, maxShort, "担当者の役職")
	if !phone(s.Contact.Phone) {
		f.Err("contact.phone", finding.PhoneInvalid)
	}
	if s.Contact.Email != "" {
		if _, err := email.Parse(s.Contact.Email); err != nil {
			f.Err("contact.email", finding.EmailInvalid)
		}
	}
	return f
}

// phone accepts a Japanese number with its area code: 10 or 11 digits starting with 0,
// hyphens allowed (as employer-registration accepts it).
func phone(s string) bool {
	d := strings.ReplaceAll(s, "-", "")
	return (len(d) == 10 || len(d) == 11) && d[0] == '0' && strings.Trim(d, "0123456789") == ""
}

// checkAge: the 1号 exception is the 定年 as upper limit, so the limit must be below the
// 定年 of section 6 (「定年の年齢を下回ることを条件として」).
func (c Content) checkAge(f *finding.Findings) {
	a := c.Job.Age
	if !a.Limited || a.Exception != codes.AgeRetirement {
		return
	}
	if r := c.Benefits.RetirementAge; r == 0 || a.Max >= r {
		f.Err("job.age.exception", finding.AgeLimitExceptionMismatch, "exception", a.Exception.Label(),
			"condition", "定年制があり、上限年齢が定年年齢を下回る")
	}
}

// checkFeatures refuses こだわり条件 that the posting's own data contradict: a seeker
// who filters on them must not find a posting that is not so.
func (c Content) checkFeatures(f *finding.Findings) {
	contradicts := map[codes.Feature]bool{
		codes.FeatureCarCommute:          !c.Workplace.CarCommute,
		codes.FeatureNoTransfer:          c.Workplace.Transfer,
		codes.FeatureRemoteWork:          !c.Workplace.RemoteWork,
		codes.FeatureSmokingMeasures:     !c.Workplace.SmokingMeasure,
		codes.FeatureTrialEmployment:     !c.Category.TrialEmployment,
		codes.FeatureChildcare:           !c.Benefits.Childcare,
		codes.FeatureNoDocumentScreening: containsMethod(c.Selection.Methods, codes.SelectDocuments),
	}
	for _, ft := range c.PR.Features {
		if contradicts[ft] {
			f.Err("pr.features", finding.FeatureContradicted, "feature", ft.Label())
		}
	}
}

func containsMethod(ms []codes.SelectionMethod, m codes.SelectionMethod) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}
