package seeker

import (
	"slices"
	"strconv"
	"time"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
)

// Occupation is a desired or past occupation: a code of the occupation classification
// (opaque here, sent by the portal) and its name.
type Occupation struct {
	Code string
	Name string
}

// WageForm is how a wage is paid.
type WageForm int

// Wage forms.
const (
	WageMonthly WageForm = 1 // 月給
	WageDaily   WageForm = 2 // 日給
	WageHourly  WageForm = 3 // 時給
)

var wageFormLabels = map[WageForm]string{WageMonthly: "月給", WageDaily: "日給", WageHourly: "時給"}

// Label is the Japanese name.
func (f WageForm) Label() string { return wageFormLabels[f] }

// Wage is a desired minimum pay (or, in a query, the pay offered).
type Wage struct {
	Form WageForm
	Yen  int
}

// Education is the level of the last school, never its name (SEEK-1).
type Education int

// Levels (0: not given).
const (
	EduJuniorHigh Education = 1 // 中学
	EduHighSchool Education = 2 // 高校
	EduVocational Education = 3 // 専修学校
	EduJunior     Education = 4 // 短大・高専
	EduUniversity Education = 5 // 大学
	EduGraduate   Education = 6 // 大学院
)

var eduLabels = map[Education]string{EduJuniorHigh: "中学", EduHighSchool: "高校", EduVocational: "専修学校",
	EduJunior: "短大・高専", EduUniversity: "大学", EduGraduate: "大学院"}

// Label is the Japanese name.
func (e Education) Label() string { return eduLabels[e] }

// Experience is a past occupation and its length, without the employer's name.
type Experience struct {
	Occupation Occupation
	Years      int
}

// Profile is what the seeker publishes to employers (求職情報公開, §5): the searchable
// parts of the seeker's input (希望職種, 希望勤務地・賃金, 学歴/資格, 経歴, 自己PR)
// without what would identify the person. The portal sends it already reduced; the
// residence is a prefecture and a municipality, nothing below.
type Profile struct {
	DesiredOccupations    []Occupation
	DesiredPrefectures    []int // 1..47
	EmploymentForms       []int // 雇用形態 1..7 (§2.2)
	DesiredWage           *Wage
	Licences              []string
	Education             Education
	Experience            []Experience
	PR                    string // 自己PR
	ResidencePrefecture   int    // 1..47
	ResidenceMunicipality string // 市区町村名 only
}

// Limits of the profile (ours: the sources give none).
const (
	MaxDesiredOccupations = 3
	MaxDesiredPrefectures = 5
	MaxLicences           = 20
	MaxLicenceLength      = 50
	MaxExperiences        = 10
	MaxPRLength           = 2000
	MaxMunicipalityLength = 20
	MaxOccupationLength   = 50
)

func (p Profile) clean() Profile {
	c := p
	c.PR = finding.Clean(p.PR)
	c.ResidenceMunicipality = finding.Clean(p.ResidenceMunicipality)
	c.Licences = nil
	for _, l := range p.Licences {
		c.Licences = append(c.Licences, finding.Clean(l))
	}
	return c
}

// Check returns the field violations of a published profile.
func (p Profile) Check() finding.Findings {
	var fs finding.Findings
	if len(p.DesiredOccupations) == 0 {
		fs.Err("desired_occupations", finding.Required, "label", "希望職種")
	}
	if len(p.DesiredOccupations) > MaxDesiredOccupations {
		fs.Err("desired_occupations", finding.OutOfRange, "label", "希望職種の数", "min", "1", "max", strconv.Itoa(MaxDesiredOccupations))
	}
	for i, o := range p.DesiredOccupations {
		checkOccupation(&fs, "desired_occupations."+strconv.Itoa(i), o)
	}
	if len(p.DesiredPrefectures) == 0 {
		fs.Err("desired_prefectures", finding.Required, "label", "希望勤務地")
	}
	if len(p.DesiredPrefectures) > MaxDesiredPrefectures {
		fs.Err("desired_prefectures", finding.OutOfRange, "label", "希望勤務地の数", "min", "1", "max", strconv.Itoa(MaxDesiredPrefectures))
	}
	if !codesIn(p.DesiredPrefectures, 1, 47) {
		fs.Err("desired_prefectures", finding.CodeInvalid, "label", "希望勤務地")
	}
	if len(p.EmploymentForms) == 0 {
		fs.Err("employment_forms", finding.Required, "label", "希望する雇用形態")
	}
	if !codesIn(p.EmploymentForms, 1, 7) {
		fs.Err("employment_forms", finding.CodeInvalid, "label", "希望する雇用形態")
	}
	if w := p.DesiredWage; w != nil {
		if w.Form.Label() == "" {
			fs.Err("desired_wage.form", finding.CodeInvalid, "label", "希望賃金の形態")
		}
		if w.Yen < 1 || w.Yen > 99_999_999 {
			fs.Err("desired_wage.yen", finding.OutOfRange, "label", "希望賃金", "min", "1", "max", "99999999")
		}
	}
	if len(p.Licences) > MaxLicences {
		fs.Err("licences", finding.OutOfRange, "label", "資格の数", "min", "0", "max", strconv.Itoa(MaxLicences))
	}
	for i, l := range p.Licences {
		finding.Text{Label: "資格", Max: MaxLicenceLength, Required: true}.Check(&fs, "licences."+strconv.Itoa(i), l)
	}
	if p.Education != 0 && p.Education.Label() == "" {
		fs.Err("education", finding.CodeInvalid, "label", "最終学歴")
	}
	if len(p.Experience) > MaxExperiences {
		fs.Err("experience", finding.OutOfRange, "label", "経歴の数", "min", "0", "max", strconv.Itoa(MaxExperiences))
	}
	for i, e := range p.Experience {
		f := "experience." + strconv.Itoa(i)
		checkOccupation(&fs, f+".occupation", e.Occupation)
		if e.Years < 0 || e.Years > 60 {
			fs.Err(f+".years", finding.OutOfRange, "label", "経験年数", "min", "0", "max", "60")
		}
	}
	finding.Text{Label: "自己PR", Max: MaxPRLength, Multiline: true}.Check(&fs, "pr", p.PR)
	if p.ResidencePrefecture < 1 || p.ResidencePrefecture > 47 {
		fs.Err("residence_prefecture", finding.CodeInvalid, "label", "居住地（都道府県）")
	}
	finding.Text{Label: "居住地（市区町村）", Max: MaxMunicipalityLength}.Check(&fs, "residence_municipality", p.ResidenceMunicipality)
	return fs
}

func checkOccupation(fs *finding.Findings, field string, o Occupation) {
	if o.Code == "" {
		fs.Err(field+".code", finding.Required, "label", "職種")
	}
	finding.Text{Label: "職種名", Max: MaxOccupationLength, Required: true}.Check(fs, field+".name", o.Name)
}

func codesIn(cs []int, lo, hi int) bool {
	for i, c := range cs {
		if c < lo || c > hi || slices.Contains(cs[:i], c) {
			return false
		}
	}
	return true
}

// PublicProfile is the only view of a seeker an employer's search gets (SEEK-1): no
// name, contact data, address below the municipality, birth date (an age band
// instead), school or employer names, and not the 求職番号 either (it identifies the
// person at every office): Ref is an opaque handle the app chooses. ContactOffice is
// the office the employer contacts about the seeker.
type PublicProfile struct {
	Ref                   string
	AgeBand               string
	ResidencePrefecture   int
	ResidenceMunicipality string
	DesiredOccupations    []Occupation
	DesiredPrefectures    []int
	EmploymentForms       []int
	DesiredWage           *Wage
	Licences              []string
	Education             string
	Experience            []Experience
	PR                    string
	ContactOffice         Office
}

// Public is the seeker's safe projection, or false when employers may not see it
// (not published, or the registration is no longer valid).
func (s *Seeker) Public(ref string, now time.Time) (PublicProfile, bool) {
	if !s.Searchable(now) {
		return PublicProfile{}, false
	}
	p := s.Profile
	out := PublicProfile{
		Ref: ref, AgeBand: AgeBand(s.AgeOn(now)),
		ResidencePrefecture: p.ResidencePrefecture, ResidenceMunicipality: p.ResidenceMunicipality,
		DesiredOccupations: slices.Clone(p.DesiredOccupations), DesiredPrefectures: slices.Clone(p.DesiredPrefectures),
		EmploymentForms: slices.Clone(p.EmploymentForms), Licences: slices.Clone(p.Licences),
		Education: p.Education.Label(), Experience: slices.Clone(p.Experience), PR: p.PR,
		ContactOffice: s.ContactOffice,
	}
	if p.DesiredWage != nil {
		w := *p.DesiredWage
		out.DesiredWage = &w
	}
	return out, true
}

// AgeBand is the five-year band of an age shown instead of the birth date:
// 「25〜29歳」; under 20 is 「19歳以下」, 65 and over 「65歳以上」; "" when unknown.
func AgeBand(age int) string {
	switch {
	case age < 0:
		return ""
	case age < 20:
		return "19歳以下"
	case age >= 65:
		return "65歳以上"
	}
	lo := age / 5 * 5
	return strconv.Itoa(lo) + "〜" + strconv.Itoa(lo+4) + "歳"
}
