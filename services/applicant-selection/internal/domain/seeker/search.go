package seeker

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
)

// SearchAllowed refuses the seeker search to an establishment without a valid
// posting (SEEK-1: 「有効中の求人がある場合に利用できます」).
func SearchAllowed(validPostings int) error {
	if validPostings < 1 {
		return finding.Refuse(finding.SeekerSearchNeedsValidPosting)
	}
	return nil
}

// Query is the filters of the seeker search (SEEK-1, issue 11): desired occupation,
// prefecture, employment form, wage, licences and a keyword in Japanese. Empty
// filters match everyone searchable.
type Query struct {
	Occupation     string // a desired occupation's code, or a prefix of it (a class)
	Prefecture     int    // a desired place of work, 1..47
	EmploymentForm int    // a desired 雇用形態, 1..7
	// Offered is the pay the employer offers: seekers whose desired minimum of the
	// same form is above it are left out; a seeker without a desired wage of that form
	// stays in.
	Offered  *Wage
	Licences []string // the seeker holds every one (exact names, after folding)
	Keyword  string   // space-separated terms, all must appear
}

// Limits of a query (ours).
const (
	MaxKeywordLength = 100
	MaxQueryLicences = 5
	MaxKeywordTerms  = 10
)

// Check returns the field violations of a query.
func (q Query) Check() finding.Findings {
	var fs finding.Findings
	if q.Prefecture != 0 && (q.Prefecture < 1 || q.Prefecture > 47) {
		fs.Err("prefecture", finding.CodeInvalid, "label", "希望勤務地")
	}
	if q.EmploymentForm != 0 && (q.EmploymentForm < 1 || q.EmploymentForm > 7) {
		fs.Err("employment_form", finding.CodeInvalid, "label", "雇用形態")
	}
	if w := q.Offered; w != nil {
		if w.Form.Label() == "" {
			fs.Err("offered.form", finding.CodeInvalid, "label", "賃金形態")
		}
		if w.Yen < 1 || w.Yen > 99_999_999 {
			fs.Err("offered.yen", finding.OutOfRange, "label", "賃金", "min", "1", "max", "99999999")
		}
	}
	if len(q.Licences) > MaxQueryLicences {
		fs.Err("licences", finding.OutOfRange, "label", "資格の数", "min", "0", "max", strconv.Itoa(MaxQueryLicences))
	}
	finding.Text{Label: "キーワード", Max: MaxKeywordLength}.Check(&fs, "keyword", strings.TrimSpace(q.Keyword))
	if len(Terms(q.Keyword)) > MaxKeywordTerms {
		fs.Err("keyword", finding.OutOfRange, "label", "キーワードの数", "min", "0", "max", strconv.Itoa(MaxKeywordTerms))
	}
	return fs
}

// Matches reports whether the seeker is searchable on the JST date of now and meets
// every filter. It is the rule; the adapter's SQL search answers the same set from the
// profile's Index (TestSeekerIndex_SQLAnswersLikeMatches).
func (q Query) Matches(s *Seeker, now time.Time) bool {
	if !s.Searchable(now) {
		return false
	}
	p := s.Profile
	ix := p.Index()
	if q.Occupation != "" && !slices.Contains(ix.OccupationPrefixes, q.Occupation) {
		return false
	}
	if q.Prefecture != 0 && !slices.Contains(p.DesiredPrefectures, q.Prefecture) {
		return false
	}
	if q.EmploymentForm != 0 && !slices.Contains(p.EmploymentForms, q.EmploymentForm) {
		return false
	}
	if w := q.Offered; w != nil && p.DesiredWage != nil && p.DesiredWage.Form == w.Form && p.DesiredWage.Yen > w.Yen {
		return false
	}
	for _, l := range q.FoldedLicences() {
		if !slices.Contains(ix.Licences, l) {
			return false
		}
	}
	for _, t := range Terms(q.Keyword) {
		if !strings.Contains(ix.Text, t) {
			return false
		}
	}
	return true
}

// FoldedLicences is the query's licences as the index holds them.
func (q Query) FoldedLicences() []string {
	out := make([]string, 0, len(q.Licences))
	for _, l := range q.Licences {
		out = append(out, Fold(l))
	}
	return out
}

// Index is what the search compares of a published profile (SEEK-1): every prefix of
// every desired occupation's code (a query's occupation is a code or a class, i.e. a
// prefix), the licences folded, and the folded text a keyword is looked for in. The
// adapter stores it beside the seeker so that the search runs in the database.
type Index struct {
	OccupationPrefixes []string
	Licences           []string
	Text               string
}

// Index derives the profile's search terms.
func (p *Profile) Index() Index {
	var ix Index
	for _, o := range p.DesiredOccupations {
		rs := []rune(o.Code)
		for i := 1; i <= len(rs); i++ {
			if pre := string(rs[:i]); !slices.Contains(ix.OccupationPrefixes, pre) {
				ix.OccupationPrefixes = append(ix.OccupationPrefixes, pre)
			}
		}
	}
	for _, l := range p.Licences {
		ix.Licences = append(ix.Licences, Fold(l))
	}
	ix.Text = Fold(searchText(p))
	return ix
}

// searchText is what the keyword looks in: the published texts and names, never the
// personal data (which is not in the profile anyway).
func searchText(p *Profile) string {
	var b strings.Builder
	for _, o := range p.DesiredOccupations {
		b.WriteString(o.Name + "\n")
	}
	for _, e := range p.Experience {
		b.WriteString(e.Occupation.Name + "\n")
	}
	for _, l := range p.Licences {
		b.WriteString(l + "\n")
	}
	b.WriteString(p.Education.Label() + "\n")
	b.WriteString(p.ResidenceMunicipality + "\n")
	b.WriteString(p.PR)
	return b.String()
}

// Terms splits a keyword into folded terms on half- and full-width spaces.
func Terms(kw string) []string {
	return strings.Fields(Fold(kw))
}

// Fold makes Japanese text comparable the way a searcher expects: full-width ASCII
// letters, digits and symbols become half-width, the ideographic space a space,
// hiragana become katakana, half-width katakana become full-width, and Latin letters
// lower case. (Plain stdlib; the search index of the adapter should fold the same
// way.)
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\u3000':
			r = ' '
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r >= 0x3041 && r <= 0x3096:
			r += 0x60
		case r >= 0xFF61 && r <= 0xFF9F:
			r = halfKana(rs, &i)
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r != utf8.RuneError {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// halfKana maps a half-width katakana (with a following (han)dakuten) to full width.
func halfKana(rs []rune, i *int) rune {
	base := []rune("。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜")
	r := base[rs[*i]-0xFF61]
	if *i+1 < len(rs) {
		switch rs[*i+1] {
		case 0xFF9E: // ﾞ
			if (r >= 'カ' && r <= 'ト') || (r >= 'ハ' && r <= 'ホ') {
				*i++
				return r + 1
			}
			if r == 'ウ' {
				*i++
				return 'ヴ'
			}
		case 0xFF9F: // ﾟ
			if r >= 'ハ' && r <= 'ホ' {
				*i++
				return r + 2
			}
		}
	}
	return r
}
