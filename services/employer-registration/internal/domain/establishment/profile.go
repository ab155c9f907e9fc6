package establishment

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Section numbers of the OPEN-1 wizard, as the employer sees them. Section 6 (画像情報) is the
// image upload, handled by the image aggregate.
const (
	SectionCompany   = 1 // 企業基本情報
	SectionBasic     = 2 // 事業所基本情報
	SectionDetail    = 3 // 事業所詳細情報
	SectionWorkplace = 4 // 事業所就業場所情報
	SectionPR        = 5 // 事業所PR情報
)

// RequiredSections must be saved before a provisional registration can be submitted;
// the PR section is optional content.
var RequiredSections = []int{SectionCompany, SectionBasic, SectionDetail, SectionWorkplace}

// Company is section 1 企業基本情報.
type Company struct {
	SoleProprietor       bool   `json:"sole_proprietor"`
	CorporateNumber      string `json:"corporate_number"`
	CompanyName          string `json:"company_name"`
	CompanyNameKana      string `json:"company_name_kana"`
	HeadOfficePostalCode string `json:"head_office_postal_code"`
	HeadOfficeAddress    string `json:"head_office_address"`
	EstablishedYear      int32  `json:"established_year"`
	CapitalYen           int64  `json:"capital_yen"`
	EmployeesCompany     int32  `json:"employees_company"`
	RepresentativeTitle  string `json:"representative_title"`
	RepresentativeName   string `json:"representative_name"`
}

// Basic is section 2 事業所基本情報.
type Basic struct {
	Name             string `json:"name"`
	NameKana         string `json:"name_kana"`
	PostalCode       string `json:"postal_code"`
	MunicipalityCode string `json:"municipality_code"`
	Address          string `json:"address"`
	PhoneNumber      string `json:"phone_number"`
	FaxNumber        string `json:"fax_number"`
	HomepageURL      string `json:"homepage_url"`
	IndustryCode     string `json:"industry_code"`
}

// Detail is section 3 事業所詳細情報.
type Detail struct {
	EmployeesAtWorkplace   int32  `json:"employees_at_workplace"`
	EmployeesFemale        int32  `json:"employees_female"`
	EmployeesPartTime      int32  `json:"employees_part_time"`
	BusinessDescription    string `json:"business_description"`
	LabourUnion            bool   `json:"labour_union"`
	WorkRulesFullTime      bool   `json:"work_rules_full_time"`
	WorkRulesPartTime      bool   `json:"work_rules_part_time"`
	ChildcareLeaveRecord   bool   `json:"childcare_leave_record"`
	NursingCareLeaveRecord bool   `json:"nursing_care_leave_record"`
	SickChildLeaveRecord   bool   `json:"sick_child_leave_record"`
}

// Workplace is section 4 事業所就業場所情報.
type Workplace struct {
	SameAsEstablishment bool   `json:"same_as_establishment"`
	PostalCode          string `json:"postal_code"`
	Address             string `json:"address"`
	NearestStation      string `json:"nearest_station"`
	Access              string `json:"access"`
}

// PR is section 5 事業所PR情報.
type PR struct {
	CompanyFeatures string `json:"company_features"`
	PRText          string `json:"pr_text"`
}

// Profile is the content of sections 1-5; a nil section was never saved.
type Profile struct {
	Company   *Company   `json:"company,omitempty"`
	Basic     *Basic     `json:"basic,omitempty"`
	Detail    *Detail    `json:"detail,omitempty"`
	Workplace *Workplace `json:"workplace,omitempty"`
	PR        *PR        `json:"pr,omitempty"`
}

// Sections lists the numbers of the sections present in p.
func (p Profile) Sections() []int {
	var s []int
	if p.Company != nil {
		s = append(s, SectionCompany)
	}
	if p.Basic != nil {
		s = append(s, SectionBasic)
	}
	if p.Detail != nil {
		s = append(s, SectionDetail)
	}
	if p.Workplace != nil {
		s = append(s, SectionWorkplace)
	}
	if p.PR != nil {
		s = append(s, SectionPR)
	}
	return s
}

// Merge returns p with every section present in q replacing p's.
func (p Profile) Merge(q Profile) Profile {
	if q.Company != nil {
		p.Company = q.Company
	}
	if q.Basic != nil {
		p.Basic = q.Basic
	}
	if q.Detail != nil {
		p.Detail = q.Detail
	}
	if q.Workplace != nil {
		p.Workplace = q.Workplace
	}
	if q.PR != nil {
		p.PR = q.PR
	}
	return p
}

// Complete reports whether every required section is present.
func (p Profile) Complete() bool {
	have := p.Sections()
	for _, s := range RequiredSections {
		if !slices.Contains(have, s) {
			return false
		}
	}
	return true
}

// Issue is one finding of the section checks. Severity decides what happens: blocking
// errors (red) refuse the save; warnings (orange) need the employer's confirmation.
type Issue struct {
	Field     string
	Reason    string
	MessageJA string
}

// Findings are the results of checking sections.
type Findings struct {
	Errors   []Issue
	Warnings []Issue
}

// err and warn record a finding with a declared reason; params fill the placeholders
// of its Japanese text (see errs.Field).
func (f *Findings) err(field, reason string, params ...string) {
	f.Errors = append(f.Errors, issue(errs.Field(field, reason, reason, params...)))
}
func (f *Findings) warn(field, reason string, params ...string) {
	f.Warnings = append(f.Warnings, issue(errs.Field(field, reason, reason, params...)))
}

func issue(v errs.FieldViolation) Issue { return Issue{v.Field, v.Reason, v.MessageJA} }

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

func (f *Findings) required(field, v, label string) {
	if v == "" {
		f.err(field, "REQUIRED", "label", label)
	}
}

func (f *Findings) maxLen(field, v string, n int, label string) {
	if tooLong(v, n) {
		f.err(field, "TOO_LONG", "label", label, "max_length", strconv.Itoa(n))
	}
}

// CheckInput normalises every section present in p and checks it. currentYear is the
// JST year of the clock, used for the founding year. The returned profile holds the
// normalised values to store.
func CheckInput(p Profile, currentYear int) (Profile, Findings) {
	var f Findings
	if p.Company != nil {
		c := *p.Company
		c.CorporateNumber = OnlyDigitsIfNumeric(NormalizeDigits(c.CorporateNumber))
		c.CompanyName = NormalizeText(c.CompanyName)
		c.CompanyNameKana = NormalizeKana(c.CompanyNameKana)
		c.HeadOfficeAddress = NormalizeText(c.HeadOfficeAddress)
		c.RepresentativeTitle = NormalizeText(c.RepresentativeTitle)
		c.RepresentativeName = NormalizeText(c.RepresentativeName)
		f.required("company.company_name", c.CompanyName, "法人名")
		f.maxLen("company.company_name", c.CompanyName, 100, "法人名")
		f.maxLen("company.company_name_kana", c.CompanyNameKana, 100, "法人名(カナ)")
		if c.CompanyNameKana != "" && !IsKatakana(c.CompanyNameKana) {
			f.err("company.company_name_kana", "NOT_KATAKANA", "label", "法人名(カナ)")
		}
		switch {
		case c.SoleProprietor && c.CorporateNumber != "":
			f.err("company.corporate_number", "CORPORATE_NUMBER_FOR_SOLE_PROPRIETOR")
		case !c.SoleProprietor && c.CorporateNumber == "":
			f.err("company.corporate_number", "CORPORATE_NUMBER_REQUIRED")
		case !c.SoleProprietor && !ValidCorporateNumber(c.CorporateNumber):
			f.err("company.corporate_number", "CORPORATE_NUMBER_INVALID")
		}
		if c.HeadOfficePostalCode != "" {
			if pc, ok := PostalCode(c.HeadOfficePostalCode); ok {
				c.HeadOfficePostalCode = pc
			} else {
				f.err("company.head_office_postal_code", "POSTAL_CODE_INVALID")
			}
		}
		f.required("company.head_office_postal_code", c.HeadOfficePostalCode, "本社郵便番号")
		f.required("company.head_office_address", c.HeadOfficeAddress, "本社所在地")
		f.maxLen("company.head_office_address", c.HeadOfficeAddress, 150, "本社所在地")
		f.required("company.representative_name", c.RepresentativeName, "代表者名")
		f.maxLen("company.representative_name", c.RepresentativeName, 50, "代表者名")
		f.maxLen("company.representative_title", c.RepresentativeTitle, 50, "代表者の役職")
		switch {
		case c.EstablishedYear != 0 && int(c.EstablishedYear) > currentYear:
			f.err("company.established_year", "ESTABLISHED_YEAR_IN_FUTURE")
		case c.EstablishedYear != 0 && c.EstablishedYear < 1600:
			f.err("company.established_year", "ESTABLISHED_YEAR_INVALID")
		case c.EstablishedYear != 0 && c.EstablishedYear < 1868:
			f.warn("company.established_year", "ESTABLISHED_YEAR_OLD")
		}
		if !c.SoleProprietor && c.CapitalYen == 0 {
			f.warn("company.capital_yen", "CAPITAL_ZERO")
		}
		p.Company = &c
	}
	if p.Basic != nil {
		b := *p.Basic
		b.Name = NormalizeText(b.Name)
		b.NameKana = NormalizeKana(b.NameKana)
		b.Address = NormalizeText(b.Address)
		b.MunicipalityCode = OnlyDigitsIfNumeric(NormalizeDigits(b.MunicipalityCode))
		b.IndustryCode = NormalizeDigits(b.IndustryCode)
		b.HomepageURL = NormalizeText(b.HomepageURL)
		f.required("basic.name", b.Name, "事業所名")
		f.maxLen("basic.name", b.Name, 100, "事業所名")
		f.required("basic.name_kana", b.NameKana, "事業所名(カナ)")
		f.maxLen("basic.name_kana", b.NameKana, 100, "事業所名(カナ)")
		if b.NameKana != "" && !IsKatakana(b.NameKana) {
			f.err("basic.name_kana", "NOT_KATAKANA", "label", "事業所名(カナ)")
		}
		if pc, ok := PostalCode(b.PostalCode); ok {
			b.PostalCode = pc
		} else if b.PostalCode == "" {
			f.required("basic.postal_code", "", "郵便番号")
		} else {
			f.err("basic.postal_code", "POSTAL_CODE_INVALID")
		}
		if len(b.MunicipalityCode) != 5 || OnlyDigits(b.MunicipalityCode) != b.MunicipalityCode {
			f.err("basic.municipality_code", "MUNICIPALITY_CODE_INVALID")
		}
		f.required("basic.address", b.Address, "所在地")
		f.maxLen("basic.address", b.Address, 150, "所在地")
		if ph, ok := Phone(b.PhoneNumber); ok {
			b.PhoneNumber = ph
			if IsMobile(ph) {
				f.warn("basic.phone_number", "PHONE_IS_MOBILE")
			}
		} else if b.PhoneNumber == "" {
			f.required("basic.phone_number", "", "電話番号")
		} else {
			f.err("basic.phone_number", "PHONE_INVALID")
		}
		if b.FaxNumber != "" {
			if fx, ok := Phone(b.FaxNumber); ok {
				b.FaxNumber = fx
				if OnlyDigits(fx) == OnlyDigits(b.PhoneNumber) {
					f.warn("basic.fax_number", "FAX_SAME_AS_PHONE")
				}
			} else {
				f.err("basic.fax_number", "FAX_INVALID")
			}
		}
		if b.HomepageURL != "" {
			u, err := url.Parse(b.HomepageURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || tooLong(b.HomepageURL, 200) {
				f.err("basic.homepage_url", "URL_INVALID")
			}
		}
		if b.IndustryCode != "" {
			if n, err := strconv.Atoi(b.IndustryCode); err != nil || len(b.IndustryCode) != 2 || n < 1 || n > 99 {
				f.err("basic.industry_code", "INDUSTRY_CODE_INVALID")
			}
		}
		p.Basic = &b
	}
	if p.Detail != nil {
		d := *p.Detail
		d.BusinessDescription = NormalizeText(d.BusinessDescription)
		f.required("detail.business_description", d.BusinessDescription, "事業内容")
		f.maxLen("detail.business_description", d.BusinessDescription, 300, "事業内容")
		if d.EmployeesFemale > d.EmployeesAtWorkplace {
			f.err("detail.employees_female", "EXCEEDS_EMPLOYEES", "label", "女性")
		}
		if d.EmployeesPartTime > d.EmployeesAtWorkplace {
			f.err("detail.employees_part_time", "EXCEEDS_EMPLOYEES", "label", "パート")
		}
		if d.EmployeesAtWorkplace == 0 {
			f.warn("detail.employees_at_workplace", "NO_EMPLOYEES")
		}
		if d.BusinessDescription != "" && utf8.RuneCountInString(d.BusinessDescription) < 10 {
			f.warn("detail.business_description", "DESCRIPTION_SHORT")
		}
		p.Detail = &d
	}
	if p.Company != nil && p.Detail != nil && p.Company.EmployeesCompany > 0 && p.Detail.EmployeesAtWorkplace > p.Company.EmployeesCompany {
		f.warn("detail.employees_at_workplace", "EXCEEDS_COMPANY")
	}
	if p.Workplace != nil {
		w := *p.Workplace
		w.Address = NormalizeText(w.Address)
		w.NearestStation = NormalizeText(w.NearestStation)
		w.Access = NormalizeText(w.Access)
		if w.SameAsEstablishment {
			if w.PostalCode != "" || w.Address != "" {
				f.warn("workplace.address", "ADDRESS_IGNORED")
			}
			w.PostalCode, w.Address = "", ""
		} else {
			if pc, ok := PostalCode(w.PostalCode); ok {
				w.PostalCode = pc
			} else if w.PostalCode == "" {
				f.required("workplace.postal_code", "", "就業場所の郵便番号")
			} else {
				f.err("workplace.postal_code", "POSTAL_CODE_INVALID")
			}
			f.required("workplace.address", w.Address, "就業場所の所在地")
		}
		f.maxLen("workplace.address", w.Address, 150, "就業場所の所在地")
		f.maxLen("workplace.nearest_station", w.NearestStation, 50, "最寄り駅")
		f.maxLen("workplace.access", w.Access, 150, "アクセス")
		p.Workplace = &w
	}
	if p.PR != nil {
		r := *p.PR
		r.CompanyFeatures = NormalizeText(r.CompanyFeatures)
		r.PRText = NormalizeText(r.PRText)
		f.maxLen("pr.company_features", r.CompanyFeatures, 300, "会社の特徴")
		f.maxLen("pr.pr_text", r.PRText, 500, "PR")
		p.PR = &r
	}
	return p, f
}

// OnlyDigitsIfNumeric strips hyphens from a number typed with separators but leaves
// other characters in place, so that the format check still sees them.
func OnlyDigitsIfNumeric(s string) string {
	return strings.ReplaceAll(s, "-", "")
}
