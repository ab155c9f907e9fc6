package posting

import (
	"slices"
	"strconv"
	"time"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/worktime"
)

// Card is what one posting shows in the employer's lists (JOB-4, domain.md §7). The
// establishment's name comes from employer-registration and is added by the app.
type Card struct {
	ID               string
	List             List
	Status           string // 「公開中」「非公開」…
	Number           string // 求人番号, "" before acceptance
	AcceptedOn       time.Time
	ReferralDeadline time.Time
	Category         codes.Category
	TimeClass        codes.TimeClass
	Scope            codes.Scope
	Occupation       string
	Description      string
	Prefecture       codes.Prefecture
	Municipality     string
	Address          string
	Form             codes.EmploymentForm
	Wage             wage.Display
	Shifts           []worktime.Shift
	DaysOff          []codes.Weekday
	Age              string // 「不問」「59歳以下」…
	Features         []codes.Feature
	Openings         int // 「求人数：N名」
	CounterVisitBy   time.Time
	RenewalOpensOn   time.Time // zero unless valid
}

// Card builds the list card; sections not saved yet leave their fields empty.
// renewalLead is the JOB-5 lead time in days, for the "renewal window open" badge.
func (p *Posting) Card(renewalLead int) Card {
	c := Card{ID: p.ID, List: p.List(), Status: p.StatusLabel(), Number: p.Number.String(),
		AcceptedOn: p.AcceptedOn, ReferralDeadline: p.ReferralDeadline}
	ct := p.Content
	if s := ct.Category; s != nil {
		c.Category, c.TimeClass, c.Scope, c.Openings = s.Category, s.TimeClass, s.Scope, s.Openings
	}
	if s := ct.Workplace; s != nil {
		c.Prefecture, c.Municipality, c.Address = s.Prefecture(), s.Municipality, s.Address
	}
	if s := ct.Job; s != nil {
		c.Occupation, c.Description, c.Form, c.Age = s.Occupation, s.Description, s.Form, s.Age.Label()
	}
	if ct.Wage != nil {
		c.Wage = wage.Show(ct.Wage.Pay, ct.Basis())
	}
	if s := ct.Hours; s != nil {
		c.Shifts, c.DaysOff = slices.Clone(s.Shifts), slices.Clone(s.DaysOff)
	}
	if s := ct.PR; s != nil {
		c.Features = slices.Clone(s.Features)
	}
	if p.CounterVisit != nil {
		c.CounterVisitBy = p.CounterVisit.By
	}
	if p.State.Valid() {
		c.RenewalOpensOn = p.ReferralDeadline.AddDate(0, 0, -renewalLead)
	}
	return c
}

// Label is the 年齢 of the 求人票: 不問 unless limited.
func (a AgeLimit) Label() string {
	switch {
	case !a.Limited:
		return "不問"
	case a.Min != 0 && a.Max != 0:
		return strconv.Itoa(a.Min) + "歳〜" + strconv.Itoa(a.Max) + "歳"
	case a.Max != 0:
		return strconv.Itoa(a.Max) + "歳以下"
	default:
		return strconv.Itoa(a.Min) + "歳以上"
	}
}

// Audience is who reads the public job search.
type Audience int

// Audiences.
const (
	AudiencePublic       Audience = 1 // anyone, without signing in
	AudienceSeekerPortal Audience = 2 // the seeker portal, with its service credential
)

// VisibleTo reports whether a search by a shows the posting (§2.3, JOB-2): only
// published postings; scope 2 only to the seeker portal; scope 4 never (it is never
// published).
func (p *Posting) VisibleTo(a Audience) bool {
	if p.State != StatePublished || p.Content.Category == nil {
		return false
	}
	return ScopeVisibleTo(p.Content.Category.Scope, a)
}

// ScopeVisibleTo is the scope part of VisibleTo, for a published posting known only
// by its search card: scope 1 and 3 to everyone, 2 only to the seeker portal, 4 never.
func ScopeVisibleTo(s codes.Scope, a Audience) bool {
	switch s {
	case codes.ScopeFull, codes.ScopeAnonymous:
		return true
	case codes.ScopeSeekersOnly:
		return a == AudienceSeekerPortal
	}
	return false
}

// PublicContent is the content the search shows. Scope 3 shows nothing that
// identifies the establishment (§2.3: 事業所名, 代表者名, 法人番号, 所在地 below the
// municipality, 電話番号): the place of work keeps its municipality and station, and the
// contact person is left out. The establishment's own data are the app's to leave out.
func (p *Posting) PublicContent() Content {
	c := p.Content.Clone()
	if c.Category != nil && !c.Category.Scope.ShowsEstablishment() {
		if c.Workplace != nil {
			c.Workplace.PostalCode, c.Workplace.Address = "", ""
		}
		if c.Selection != nil {
			c.Selection.Contact = Contact{}
		}
	}
	return c
}
