package seeker

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

var today = time.Date(2026, 6, 15, 10, 0, 0, 0, clock.JST)

func profile() *Profile {
	return &Profile{
		DesiredOccupations:    []Occupation{{Code: "05-101", Name: "一般事務"}, {Code: "09-201", Name: "調理補助"}},
		DesiredPrefectures:    []int{13, 14},
		EmploymentForms:       []int{1, 5},
		DesiredWage:           &Wage{Form: WageMonthly, Yen: 220_000},
		Licences:              []string{"普通自動車第一種運転免許", "日商簿記２級"},
		Education:             EduUniversity,
		Experience:            []Experience{{Occupation: Occupation{Code: "05-101", Name: "経理事務"}, Years: 5}},
		PR:                    "会計ソフトの操作に慣れています。\nエクセルも得意です。",
		ResidencePrefecture:   13,
		ResidenceMunicipality: "新宿区",
	}
}

func registration() Registration {
	return Registration{
		Number: "13010-00001234", Kind: KindRegistered, ValidUntil: jst(2026, 8, 31), HasMyPage: true,
		ContactOffice: Office{Code: "1301", Name: "ハローワーク飯田橋"},
		Personal: Personal{Name: "デモ 求職者一", Kana: "デモ キュウショクシャイチ", BirthDate: jst(1991, 6, 16),
			Phone: "090-0000-0001", Email: "demo1@example.invalid", Address: "西新宿2-8-1"},
		Profile: profile(),
	}
}

func mustRegister(t *testing.T, r Registration) *Seeker {
	t.Helper()
	s, err := Register(r, today)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// §2.7: the 求職番号 is 5 + 8 digits, written NNNNN-NNNNNNNN.
func TestParseNumber_FivePlusEightDigits(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"13010-00001234", "13010-00001234"},
		{"1301000001234", "13010-00001234"},
		{" 13010-00001234 ", "13010-00001234"},
		{"13010-1234", ""},
		{"1301-000001234", ""},
		{"13010-0000123a", ""},
		{"13010_00001234", ""},
		{"１３０１０-００００１２３４", ""},
		{"", ""},
	}
	for _, c := range cases {
		n, err := ParseNumber(c.in)
		if c.want == "" {
			if finding.ReasonOf(err) != finding.SeekerNumberInvalid || !n.IsZero() {
				t.Errorf("%q: %v %v", c.in, n, err)
			}
			continue
		}
		if err != nil || n.String() != c.want {
			t.Errorf("%q → %q %v, want %q", c.in, n, err, c.want)
		}
	}
}

func TestRegister_ChecksWhatThePortalSends(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Registration)
		field string
		want  finding.Reason
	}{
		{"bad 求職番号", func(r *Registration) { r.Number = "123" }, "number", finding.SeekerNumberInvalid},
		{"unknown kind", func(r *Registration) { r.Kind = 3 }, "kind", finding.CodeInvalid},
		{"no validity", func(r *Registration) { r.ValidUntil = time.Time{} }, "valid_until", finding.Required},
		{"office code not 4 digits", func(r *Registration) { r.ContactOffice.Code = "130" }, "contact_office.code", finding.CodeInvalid},
		{"office without a name", func(r *Registration) { r.ContactOffice.Name = " " }, "contact_office.name", finding.Required},
		{"no name", func(r *Registration) { r.Personal.Name = "" }, "personal.name", finding.Required},
		{"birth date today", func(r *Registration) { r.Personal.BirthDate = jst(2026, 6, 15) }, "personal.birth_date", finding.DateInvalid},
		{"profile without desired occupation", func(r *Registration) { r.Profile.DesiredOccupations = nil }, "profile.desired_occupations", finding.Required},
		{"profile with a prefecture twice", func(r *Registration) { r.Profile.DesiredPrefectures = []int{13, 13} }, "profile.desired_prefectures", finding.CodeInvalid},
		{"profile with prefecture 48", func(r *Registration) { r.Profile.DesiredPrefectures = []int{48} }, "profile.desired_prefectures", finding.CodeInvalid},
		{"profile with employment form 8", func(r *Registration) { r.Profile.EmploymentForms = []int{8} }, "profile.employment_forms", finding.CodeInvalid},
		{"profile with wage 0", func(r *Registration) { r.Profile.DesiredWage.Yen = 0 }, "profile.desired_wage.yen", finding.OutOfRange},
		{"profile PR over 2,000 characters", func(r *Registration) { r.Profile.PR = strings.Repeat("あ", 2001) }, "profile.pr", finding.TooLong},
		{"profile without residence prefecture", func(r *Registration) { r.Profile.ResidencePrefecture = 0 }, "profile.residence_prefecture", finding.CodeInvalid},
		{"profile with 61 years of experience", func(r *Registration) { r.Profile.Experience[0].Years = 61 }, "profile.experience.0.years", finding.OutOfRange},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := registration()
			r.Profile = profile()
			c.edit(&r)
			_, err := Register(r, today)
			ref, ok := err.(*finding.Refusal)
			if !ok || ref.Reason != finding.ValidationFailed {
				t.Fatalf("got %v", err)
			}
			if fs := ref.Findings.On(c.field); len(fs) != 1 || fs[0].Reason != c.want {
				t.Fatalf("findings %v", ref.Findings.All())
			}
			if err := ref.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
	r := registration()
	r.Profile.PR = strings.Repeat("あ", 2000)
	if _, err := Register(r, today); err != nil {
		t.Errorf("2,000 characters refused: %v", err)
	}
}

// §3.1: the registration is valid through its last day (JST), then 無効.
func TestRegistrationValid_ThroughTheLastDay(t *testing.T) {
	s := mustRegister(t, registration())
	for _, c := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 8, 31, 23, 59, 0, 0, clock.JST), true},
		{jst(2026, 9, 1), false},
		{time.Date(2026, 8, 31, 15, 0, 0, 0, time.UTC), false}, // 9/1 00:00 JST
	} {
		if got := s.RegistrationValid(c.at); got != c.want {
			t.Errorf("at %s: %v", c.at, got)
		}
	}
}

// MSG-1, §4: contact through the MyPage needs one, and a valid registration.
func TestCheckReachable_NeedsAMyPageAndAValidRegistration(t *testing.T) {
	s := mustRegister(t, registration())
	if err := s.CheckReachable(today); err != nil {
		t.Error(err)
	}
	s.HasMyPage = false
	if finding.ReasonOf(s.CheckReachable(today)) != finding.SeekerNoMyPage {
		t.Error("no MyPage accepted")
	}
	s.HasMyPage = true
	if finding.ReasonOf(s.CheckReachable(jst(2026, 9, 1))) != finding.SeekerRegistrationExpired {
		t.Error("expired registration accepted")
	}
}

func TestDiff_WithdrawalAndLostMyPage(t *testing.T) {
	before := mustRegister(t, registration())
	r := registration()
	r.Profile, r.HasMyPage, r.Kind = nil, false, KindOnline
	after := mustRegister(t, r)
	if got := Diff(before, after); got != (Change{ProfileWithdrawn: true, MyPageClosed: true, KindChanged: true}) {
		t.Errorf("%+v", got)
	}
	if got := Diff(after, before); got != (Change{ProfilePublished: true, KindChanged: true}) {
		t.Errorf("%+v", got)
	}
	if got := Diff(nil, before); !got.ProfilePublished {
		t.Errorf("%+v", got)
	}
}

// SEEK-1: the projection never carries the name, contact data, the address below the
// municipality, the birth date or the 求職番号; it names the office to contact.
func TestPublic_CarriesNothingThatIdentifiesTheSeeker(t *testing.T) {
	s := mustRegister(t, registration())
	p, ok := s.Public("ref-1", today)
	if !ok {
		t.Fatal("not public")
	}
	dump := reflectString(p)
	for _, secret := range []string{"デモ 求職者一", "キュウショクシャイチ", "090-0000-0001", "demo1@example.invalid", "西新宿", "1991", "13010-00001234"} {
		if strings.Contains(dump, secret) {
			t.Errorf("projection carries %q: %s", secret, dump)
		}
	}
	if p.AgeBand != "30〜34歳" || p.ContactOffice.Name != "ハローワーク飯田橋" || p.ResidenceMunicipality != "新宿区" || p.Ref != "ref-1" || p.Education != "大学" {
		t.Errorf("%+v", p)
	}
	// a copy: editing the projection does not touch the seeker
	p.Licences[0] = "x"
	p.DesiredWage.Yen = 1
	if s.Profile.Licences[0] == "x" || s.Profile.DesiredWage.Yen == 1 {
		t.Error("projection shares the profile's slices")
	}
}

func reflectString(v any) string {
	var b strings.Builder
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.String:
			b.WriteString(v.String() + "|")
		case reflect.Int:
			b.WriteString(strconv.Itoa(int(v.Int())) + "|")
		}
	}
	walk(reflect.ValueOf(v))
	return b.String()
}

func TestPublic_HiddenWhenWithdrawnOrExpired(t *testing.T) {
	s := mustRegister(t, registration())
	if _, ok := s.Public("r", jst(2026, 9, 1)); ok {
		t.Error("expired registration is public")
	}
	s.Profile = nil
	if _, ok := s.Public("r", today); ok {
		t.Error("withdrawn profile is public")
	}
}

func TestAgeBand_FiveYearBands(t *testing.T) {
	for age, want := range map[int]string{-1: "", 15: "19歳以下", 19: "19歳以下", 20: "20〜24歳", 24: "20〜24歳", 25: "25〜29歳", 64: "60〜64歳", 65: "65歳以上", 80: "65歳以上"} {
		if got := AgeBand(age); got != want {
			t.Errorf("%d → %q, want %q", age, got, want)
		}
	}
	s := &Seeker{Personal: Personal{BirthDate: jst(1991, 6, 16)}}
	if s.AgeOn(jst(2026, 6, 15)) != 34 || s.AgeOn(jst(2026, 6, 16)) != 35 {
		t.Error("age changes on the birthday")
	}
}
