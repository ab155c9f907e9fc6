// Package seeker is the job seeker (求職者) as the seeker portal's integration API
// describes them: the 求職番号, the kind of registration (オンライン登録者 or
// 利用登録者), its validity, whether the seeker has a 求職者マイページ, the Hello Work
// office to contact, and the profile the seeker chose to publish to employers (or its
// withdrawal). It also holds the safe projection of that profile and the search of
// SEEK-1 (domain.md §3.1, §5).
//
// The seeker system (求職者マイページ) owns these facts; this service keeps the last
// state it was sent and never edits it otherwise.
package seeker

import (
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
)

// Kind is the kind of registration (§3.1, [S8]).
type Kind int

// Kinds.
const (
	// KindOnline is オンライン登録者: registered online only, not checked by an office;
	// no オンラインハローワーク紹介.
	KindOnline Kind = 1
	// KindRegistered is 利用登録者: the office checked the registration in a
	// consultation; every function.
	KindRegistered Kind = 2
)

var kindLabels = map[Kind]string{KindOnline: "オンライン登録者", KindRegistered: "利用登録者"}

// Label is the Japanese name.
func (k Kind) Label() string { return kindLabels[k] }

// Office is a Hello Work office.
type Office struct {
	Code string // 4 digits
	Name string // e.g. ハローワーク飯田橋
}

// Personal is what identifies the seeker. It reaches an employer only on a 紹介状 and
// an applicant's detail (name and age, APP-1, §3.2), never through the search (SEEK-1).
type Personal struct {
	Name      string    // 氏名
	Kana      string    // 氏名カナ
	BirthDate time.Time // shown to employers only as an age or an age band
	Phone     string    // never shown to employers
	Email     string    // never shown to employers
	Address   string    // below the municipality; never shown to employers
}

// Seeker is one job seeker.
type Seeker struct {
	Number        Number
	Kind          Kind
	ValidUntil    time.Time // last day of the registration's validity, a JST date
	HasMyPage     bool      // 求職者マイページ opened: messages and online notices (MSG-1)
	ContactOffice Office    // the office in charge of the seeker (SEEK-1: the employer contacts it)
	Personal      Personal
	Profile       *Profile // the published profile; nil when not published or withdrawn
	UpdatedAt     time.Time
}

// Registration is what the seeker portal sends to register or update a seeker.
type Registration struct {
	Number        string
	Kind          Kind
	ValidUntil    time.Time
	HasMyPage     bool
	ContactOffice Office
	Personal      Personal
	Profile       *Profile // nil withdraws a published profile
}

// Max lengths of the registration's texts (ours: the sources give none).
const (
	MaxNameLength       = 60
	MaxOfficeNameLength = 60
)

// Register checks a registration and builds the seeker it describes. The portal's
// state replaces ours as a whole, so Register also serves an update; Diff tells the
// app what changed (a withdrawn profile, a lost MyPage).
func Register(r Registration, now time.Time) (*Seeker, error) {
	var fs finding.Findings
	n, err := ParseNumber(r.Number)
	if err != nil {
		fs.Err("number", finding.SeekerNumberInvalid)
	}
	if r.Kind != KindOnline && r.Kind != KindRegistered {
		fs.Err("kind", finding.CodeInvalid, "label", "登録区分")
	}
	if r.ValidUntil.IsZero() {
		fs.Err("valid_until", finding.Required, "label", "有効期限")
	}
	if !fourDigits(r.ContactOffice.Code) {
		fs.Err("contact_office.code", finding.CodeInvalid, "label", "担当ハローワーク")
	}
	finding.Text{Label: "担当ハローワーク名", Max: MaxOfficeNameLength, Required: true}.Check(&fs, "contact_office.name", finding.Clean(r.ContactOffice.Name))
	finding.Text{Label: "氏名", Max: MaxNameLength, Required: true}.Check(&fs, "personal.name", finding.Clean(r.Personal.Name))
	finding.Text{Label: "氏名（カナ）", Max: MaxNameLength}.Check(&fs, "personal.kana", finding.Clean(r.Personal.Kana))
	if !r.Personal.BirthDate.IsZero() && !clock.DateJST(r.Personal.BirthDate).Before(clock.DateJST(now)) {
		fs.Err("personal.birth_date", finding.DateInvalid, "label", "生年月日")
	}
	var p *Profile
	if r.Profile != nil {
		c := r.Profile.clean()
		fs.Merge("profile", c.Check())
		p = &c
	}
	if err := fs.Refusal(); err != nil {
		return nil, err
	}
	pers := r.Personal
	pers.Name, pers.Kana = finding.Clean(pers.Name), finding.Clean(pers.Kana)
	if !pers.BirthDate.IsZero() {
		pers.BirthDate = clock.DateJST(pers.BirthDate)
	}
	return &Seeker{
		Number: n, Kind: r.Kind, ValidUntil: clock.DateJST(r.ValidUntil), HasMyPage: r.HasMyPage,
		ContactOffice: Office{Code: r.ContactOffice.Code, Name: finding.Clean(r.ContactOffice.Name)},
		Personal:      pers, Profile: p, UpdatedAt: now,
	}, nil
}

// Change is what an update changed that other parts of the service act on.
type Change struct {
	ProfileWithdrawn bool // SEEK-1: disappears from the search; direct requests stop
	ProfilePublished bool
	MyPageClosed     bool // MSG-1: no more messages to the seeker
	KindChanged      bool
}

// Diff compares the stored seeker (nil when new) with the updated one.
func Diff(before, after *Seeker) Change {
	if before == nil {
		return Change{ProfilePublished: after.Profile != nil}
	}
	return Change{
		ProfileWithdrawn: before.Profile != nil && after.Profile == nil,
		ProfilePublished: before.Profile == nil && after.Profile != nil,
		MyPageClosed:     before.HasMyPage && !after.HasMyPage,
		KindChanged:      before.Kind != after.Kind,
	}
}

// RegistrationValid reports whether the registration is 有効 on the JST date of now
// (the validity's last day included). Once 無効 most functions stop (§3.1).
func (s *Seeker) RegistrationValid(now time.Time) bool {
	return !clock.DateJST(now).After(s.ValidUntil)
}

// Publishes reports whether the seeker publishes a profile to employers (SEEK-1).
func (s *Seeker) Publishes() bool { return s.Profile != nil }

// Searchable reports whether employers may find the seeker (SEEK-1): the profile is
// published and the registration valid.
func (s *Seeker) Searchable(now time.Time) bool { return s.Publishes() && s.RegistrationValid(now) }

// CheckReachable refuses contact through the seeker's MyPage (a message, a direct
// request, an online application) when there is none or the registration is no
// longer valid (§4: block sending to a seeker whose registration became 無効).
func (s *Seeker) CheckReachable(now time.Time) error {
	if !s.HasMyPage {
		return finding.Refuse(finding.SeekerNoMyPage)
	}
	if !s.RegistrationValid(now) {
		return finding.Refuse(finding.SeekerRegistrationExpired)
	}
	return nil
}

// AgeOn is the seeker's age in whole years on the JST date of now, or -1 when the
// birth date is unknown.
func (s *Seeker) AgeOn(now time.Time) int { return s.Personal.AgeOn(now) }

// AgeOn is the age on the JST date of now; -1 without a birth date.
func (p Personal) AgeOn(now time.Time) int { return ageOn(p.BirthDate, now) }

func ageOn(birth, now time.Time) int {
	if birth.IsZero() {
		return -1
	}
	b, n := clock.DateJST(birth), clock.DateJST(now)
	age := n.Year() - b.Year()
	if n.Month() < b.Month() || (n.Month() == b.Month() && n.Day() < b.Day()) {
		age--
	}
	return age
}

func fourDigits(s string) bool { return len(s) == 4 && digits(s) }

// IsOfficeCode reports whether s is a 4-digit office code.
func IsOfficeCode(s string) bool { return fourDigits(s) }
