package application

import (
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// §3.1 and APP-4: who may arrive through which channel, to which posting.
func TestIntake_EligibilityPerChannel(t *testing.T) {
	offer := &Offer{PostingID: "p-1", Office: shinjuku, OfferedAt: jst(2026, 5, 30)}
	withStatus := func(s posting.Status) posting.Facts { p := published(); p.Status = s; return p }
	scope := func(s posting.Scope) posting.Facts { p := published(); p.Scope = s; return p }
	noSelf := published()
	noSelf.AcceptsSelfApplication = false
	expiredSeeker := person(seeker.KindRegistered, true)
	expiredSeeker.ValidUntil = jst(2026, 5, 31)

	counter := func(p posting.Facts, s *seeker.Seeker) error {
		_, err := ReferAtCounter(CounterReferral{ID: "x", Office: shinjuku}, p, s, nil, applied)
		return err
	}
	online := func(o *Offer) func(posting.Facts, *seeker.Seeker) error {
		return func(p posting.Facts, s *seeker.Seeker) error {
			_, err := ApplyOnlineReferral(OnlineReferral{ID: "x", Offer: o}, p, s, nil, applied)
			return err
		}
	}
	self := func(p posting.Facts, s *seeker.Seeker) error {
		_, err := SelfApply(SelfApplication{ID: "x", Motivation: "よろしくお願いします"}, p, s, nil, applied)
		return err
	}
	cases := []struct {
		name string
		do   func(posting.Facts, *seeker.Seeker) error
		p    posting.Facts
		s    *seeker.Seeker
		want finding.Reason
	}{
		{"counter referral to a published posting", counter, published(), person(seeker.KindRegistered, false), ""},
		{"counter referral to a scope-4 posting (never published)", counter, func() posting.Facts {
			p := scope(posting.ScopeNotPublished)
			p.Status = posting.StatusAccepted
			return p
		}(), person(seeker.KindRegistered, false), ""},
		{"counter referral of an オンライン登録者 at the counter", counter, published(), person(seeker.KindOnline, false), ""},
		{"counter referral to a held posting", counter, withStatus(posting.StatusHeld), person(seeker.KindRegistered, false), finding.PostingNotAcceptingApplicants},
		{"counter referral to an invalid posting", counter, expired(), person(seeker.KindRegistered, false), finding.PostingNotAcceptingApplicants},
		{"counter referral of an expired registration", counter, published(), expiredSeeker, finding.SeekerRegistrationExpired},

		{"online referral of a 利用登録者 after the office's offer", online(offer), published(), person(seeker.KindRegistered, true), ""},
		{"online referral of an オンライン登録者", online(offer), published(), person(seeker.KindOnline, true), finding.OnlineReferralNotRegistered},
		{"online referral without the office's offer", online(nil), published(), person(seeker.KindRegistered, true), finding.OnlineReferralNotOffered},
		{"online referral with an offer of another posting", online(&Offer{PostingID: "p-9", Office: shinjuku}), published(), person(seeker.KindRegistered, true), finding.OnlineReferralNotOffered},
		{"online referral without a MyPage", online(offer), published(), person(seeker.KindRegistered, false), finding.SeekerNoMyPage},
		{"online referral of an expired registration", online(offer), published(), expiredSeeker, finding.SeekerRegistrationExpired},
		{"online referral to an invalid posting", online(offer), cancelled(), person(seeker.KindRegistered, true), finding.PostingNotAcceptingApplicants},

		{"self-application of an オンライン登録者", self, published(), person(seeker.KindOnline, true), ""},
		{"self-application of a 利用登録者", self, published(), person(seeker.KindRegistered, true), ""},
		{"self-application to scope 2", self, scope(posting.ScopeSeekersOnly), person(seeker.KindOnline, true), ""},
		{"self-application to scope 3", self, scope(posting.ScopeAnonymous), person(seeker.KindOnline, true), finding.SelfApplicationNotAccepted},
		{"self-application to a posting that does not accept it", self, noSelf, person(seeker.KindOnline, true), finding.SelfApplicationNotAccepted},
		{"self-application to an accepted, unpublished posting", self, withStatus(posting.StatusAccepted), person(seeker.KindOnline, true), finding.SelfApplicationNotAccepted},
		{"self-application to a held posting", self, withStatus(posting.StatusHeld), person(seeker.KindOnline, true), finding.SelfApplicationNotAccepted},
		{"self-application to an invalid posting", self, expired(), person(seeker.KindOnline, true), finding.PostingNotAcceptingApplicants},
		{"self-application without a MyPage", self, published(), person(seeker.KindOnline, false), finding.SeekerNoMyPage},
		{"self-application of an expired registration", self, published(), expiredSeeker, finding.SeekerRegistrationExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.do(c.p, c.s)
			if got := finding.ReasonOf(err); got != c.want {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			mustValid(t, err)
		})
	}
}

func TestIntake_RecordsTheFactsOfTheApplication(t *testing.T) {
	a := selfApp(t)
	if a.Channel != ChannelSelf || a.State != StateSelecting || a.PostingVersion != 2 || a.EstablishmentID != "est-1" ||
		a.Letter != nil || a.Motivation == "" || !a.AppliedAt.Equal(applied) || !a.SeekerHasMyPage ||
		a.ContactOffice() != iidabashi {
		t.Errorf("%+v", a)
	}
	c := counterApp(t)
	if c.Channel != ChannelCounter || c.Letter == nil || c.ReferringOffice != shinjuku || c.ContactOffice() != shinjuku {
		t.Errorf("%+v", c)
	}
	o, err := ApplyOnlineReferral(OnlineReferral{ID: "a-3", LetterNo: "L-2", Offer: &Offer{PostingID: "p-1", Office: shinjuku}},
		published(), person(seeker.KindRegistered, true), nil, applied)
	if err != nil || o.Letter == nil || o.Letter.Channel != ChannelOnlineReferral || o.ContactOffice() != shinjuku {
		t.Errorf("%+v %v", o, err)
	}
}

func TestIntake_OneOpenApplicationPerSeekerAndPosting(t *testing.T) {
	first := selfApp(t)
	s := person(seeker.KindRegistered, true)
	_, err := ReferAtCounter(CounterReferral{ID: "x", Office: shinjuku}, published(), s, []*Application{first}, applied)
	if finding.ReasonOf(err) != finding.ApplicationDuplicate {
		t.Fatalf("got %v", err)
	}
	other := published()
	other.ID = "p-2"
	if _, err := SelfApply(SelfApplication{ID: "y", Motivation: "別の求人"}, other, s, []*Application{first}, applied); err != nil {
		t.Errorf("another posting refused: %v", err)
	}
	if _, err := first.Register(reject(), employer, published(), applied); err != nil {
		t.Fatal(err)
	}
	if _, err := ReferAtCounter(CounterReferral{ID: "x", Office: shinjuku}, published(), s, []*Application{first}, applied); err != nil {
		t.Errorf("after a result the office may refer again: %v", err)
	}
}

func TestIntake_ChecksTheTexts(t *testing.T) {
	cases := []struct {
		name  string
		do    func() error
		field string
		want  finding.Reason
	}{
		{"self-application needs a motivation", func() error {
			_, err := SelfApply(SelfApplication{ID: "x", Motivation: "  \n "}, published(), person(seeker.KindOnline, true), nil, applied)
			return err
		}, "motivation", finding.Required},
		{"motivation of 2,001 characters", func() error {
			_, err := SelfApply(SelfApplication{ID: "x", Motivation: strings.Repeat("志", 2001)}, published(), person(seeker.KindOnline, true), nil, applied)
			return err
		}, "motivation", finding.TooLong},
		{"counter referral without the office's name", func() error {
			_, err := ReferAtCounter(CounterReferral{ID: "x", Office: seeker.Office{Code: "1302"}}, published(), person(seeker.KindOnline, true), nil, applied)
			return err
		}, "office.name", finding.Required},
		{"interview appointment in the past", func() error {
			_, err := ReferAtCounter(CounterReferral{ID: "x", Office: shinjuku, Selection: Selection{InterviewAt: jst(2026, 5, 31)}}, published(), person(seeker.KindOnline, true), nil, applied)
			return err
		}, "selection.interview_at", finding.DateInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.do()
			r, ok := err.(*finding.Refusal)
			if !ok || r.Reason != finding.ValidationFailed {
				t.Fatalf("got %v", err)
			}
			if fs := r.Findings.On(c.field); len(fs) != 1 || fs[0].Reason != c.want {
				t.Errorf("%v", r.Findings.All())
			}
			mustValid(t, err)
		})
	}
}

// APP-1: the 紹介状 holds the referring office, 求人番号, 職種, the seeker, the
// referral date and the selection; who may see it.
func TestLetter_ContentsAndWhoSeesIt(t *testing.T) {
	a := counterApp(t)
	l, err := a.LetterFor(Viewer{Role: RoleEmployer, EstablishmentID: "est-1"})
	if err != nil {
		t.Fatal(err)
	}
	if l.ReferringOffice != shinjuku || l.JobNumber != "13010-00000001" || l.Occupation != "一般事務" ||
		l.SeekerName != "デモ 求職者七" || l.SeekerNumber.String() != "13020-00000007" || l.SeekerAge != 30 ||
		!l.ReferredOn.Equal(jst(2026, 6, 1)) || l.Selection.Method != "面接" || l.Documents != "履歴書" || l.PostingVersion != 2 {
		t.Errorf("%+v", l)
	}
	if l.ReferringStaff != "" {
		t.Error("the employer sees the referring staff member")
	}
	cases := []struct {
		name string
		v    Viewer
		want finding.Reason
	}{
		{"the establishment's employer", Viewer{Role: RoleEmployer, EstablishmentID: "est-1"}, ""},
		{"another establishment", Viewer{Role: RoleEmployer, EstablishmentID: "est-2"}, finding.ResourceAccessDenied},
		{"an employer without establishment", Viewer{Role: RoleEmployer}, finding.ResourceAccessDenied},
		{"staff of the referring office", Viewer{Role: RoleStaff, OfficeCode: "1302"}, ""},
		{"staff of the posting's office", Viewer{Role: RoleStaff, OfficeCode: "1301"}, ""},
		{"staff of another office", Viewer{Role: RoleStaff, OfficeCode: "2701"}, finding.ResourceAccessDenied},
		{"the seeker portal", Viewer{Role: RoleSeekerPortal}, ""},
		{"no role", Viewer{}, finding.ResourceAccessDenied},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := a.LetterFor(c.v)
			if got := finding.ReasonOf(err); got != c.want {
				t.Fatalf("got %v", err)
			}
			if c.v.Role == RoleStaff && err == nil && l.ReferringStaff != "staff-9" {
				t.Error("staff see the letter in full")
			}
		})
	}
	if _, err := selfApp(t).LetterFor(Viewer{Role: RoleEmployer, EstablishmentID: "est-1"}); finding.ReasonOf(err) != finding.NoReferralLetter {
		t.Errorf("self-application letter: %v", err)
	}
	if _, err := selfApp(t).LetterFor(Viewer{Role: RoleEmployer, EstablishmentID: "est-2"}); finding.ReasonOf(err) != finding.ResourceAccessDenied {
		t.Errorf("another establishment learns there is no letter: %v", err)
	}
}
