package application

import (
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Max lengths of the intake texts (ours: the sources give none).
const (
	MaxMotivationLength = 2000
	MaxMethodLength     = 200
	MaxPlaceLength      = 200
	MaxDocumentsLength  = 500
)

// Selection is how the employer selects, as the office writes it on the 紹介状.
type Selection struct {
	Method      string    // 選考方法 (面接, 書類選考 ...)
	InterviewAt time.Time // 面接予定日時, zero when not arranged
	Place       string    // 面接場所
}

// CounterReferral is a 窓口紹介 recorded by office staff (§3.1 item 1).
type CounterReferral struct {
	ID        string
	LetterNo  string        // the 紹介状's number, allocated by the app
	Office    seeker.Office // the referring office: any office, for a posting of any office
	StaffID   string
	Selection Selection
	Documents string // 持参書類
}

// OnlineReferral is an オンラインハローワーク紹介 (§3.1 item 2): the office sent the
// posting to the seeker's MyPage (Offer) and the seeker pressed 応募.
type OnlineReferral struct {
	ID         string
	LetterNo   string
	Offer      *Offer // nil: the office never sent this posting to the seeker
	Motivation string // 志望動機, optional
}

// Offer is the office's referral of a posting to a seeker's MyPage, as the portal
// reports it.
type Offer struct {
	PostingID string
	Office    seeker.Office
	OfferedAt time.Time
}

// SelfApplication is an オンライン自主応募 (§3.1 item 3, APP-4), possibly answering a
// 直接リクエスト.
type SelfApplication struct {
	ID              string
	Motivation      string // 志望動機, required
	DirectRequestID string
}

// ReferAtCounter records a counter referral and issues its 紹介状. Any office may refer
// to a valid posting that is not held, whatever its scope (scope-4 postings are
// referred only at the counter). The seeker's registration must be valid.
func ReferAtCounter(in CounterReferral, p posting.Facts, s *seeker.Seeker, earlier []*Application, now time.Time) (*Application, error) {
	p = p.At(now)
	var fs finding.Findings
	if !seeker.IsOfficeCode(in.Office.Code) {
		fs.Err("office.code", finding.CodeInvalid, "label", "紹介安定所")
	}
	finding.Text{Label: "紹介安定所名", Max: 60, Required: true}.Check(&fs, "office.name", in.Office.Name)
	checkSelection(&fs, in.Selection, now)
	finding.Text{Label: "持参書類", Max: MaxDocumentsLength, Multiline: true}.Check(&fs, "documents", finding.Clean(in.Documents))
	if err := fs.Refusal(); err != nil {
		return nil, err
	}
	if !p.TakesReferrals() {
		return nil, finding.Refuse(finding.PostingNotAcceptingApplicants)
	}
	if !s.RegistrationValid(now) {
		return nil, finding.Refuse(finding.SeekerRegistrationExpired)
	}
	if err := checkDuplicate(p, s, earlier); err != nil {
		return nil, err
	}
	a := newApplication(in.ID, ChannelCounter, p, s, now)
	a.ReferringOffice = in.Office
	a.Letter = newLetter(in.LetterNo, ChannelCounter, in.Office, in.StaffID, p, s, in.Selection, finding.Clean(in.Documents), now)
	return a, nil
}

// ApplyOnlineReferral records an オンラインハローワーク紹介: only a 利用登録者, only after
// the office sent this posting to the seeker, only through a MyPage, only to a
// posting that takes referrals. It counts as a Hello Work referral and has a 紹介状.
func ApplyOnlineReferral(in OnlineReferral, p posting.Facts, s *seeker.Seeker, earlier []*Application, now time.Time) (*Application, error) {
	p = p.At(now)
	var fs finding.Findings
	motivation := finding.Clean(in.Motivation)
	finding.Text{Label: "志望動機", Max: MaxMotivationLength, Multiline: true}.Check(&fs, "motivation", motivation)
	if err := fs.Refusal(); err != nil {
		return nil, err
	}
	if !p.TakesReferrals() {
		return nil, finding.Refuse(finding.PostingNotAcceptingApplicants)
	}
	if s.Kind != seeker.KindRegistered {
		return nil, finding.Refuse(finding.OnlineReferralNotRegistered)
	}
	if in.Offer == nil || in.Offer.PostingID != p.ID {
		return nil, finding.Refuse(finding.OnlineReferralNotOffered)
	}
	if err := s.CheckReachable(now); err != nil {
		return nil, err
	}
	if err := checkDuplicate(p, s, earlier); err != nil {
		return nil, err
	}
	a := newApplication(in.ID, ChannelOnlineReferral, p, s, now)
	a.ReferringOffice = in.Offer.Office
	a.Motivation = motivation
	a.Letter = newLetter(in.LetterNo, ChannelOnlineReferral, in.Offer.Office, "", p, s, Selection{}, "", now)
	return a, nil
}

// SelfApply records an オンライン自主応募 (APP-4): either kind of seeker, through a
// MyPage, with a motivation text, only to a published posting that accepts it and
// whose scope is 1 or 2.
func SelfApply(in SelfApplication, p posting.Facts, s *seeker.Seeker, earlier []*Application, now time.Time) (*Application, error) {
	p = p.At(now)
	var fs finding.Findings
	motivation := finding.Clean(in.Motivation)
	finding.Text{Label: "志望動機", Max: MaxMotivationLength, Required: true, Multiline: true}.Check(&fs, "motivation", motivation)
	if err := fs.Refusal(); err != nil {
		return nil, err
	}
	if !p.Valid() {
		return nil, finding.Refuse(finding.PostingNotAcceptingApplicants)
	}
	if !p.TakesSelfApplications() {
		return nil, finding.Refuse(finding.SelfApplicationNotAccepted)
	}
	if err := s.CheckReachable(now); err != nil {
		return nil, err
	}
	if err := checkDuplicate(p, s, earlier); err != nil {
		return nil, err
	}
	a := newApplication(in.ID, ChannelSelf, p, s, now)
	a.Motivation = motivation
	a.DirectRequestID = in.DirectRequestID
	return a, nil
}

// checkDuplicate refuses a second application of the same seeker to the same posting
// while an earlier one has no result (INFERENCE: after a result, a new referral is
// the office's call).
func checkDuplicate(p posting.Facts, s *seeker.Seeker, earlier []*Application) error {
	for _, e := range earlier {
		if e.PostingID == p.ID && e.Seeker == s.Number && e.State == StateSelecting {
			return finding.Refuse(finding.ApplicationDuplicate)
		}
	}
	return nil
}

func checkSelection(fs *finding.Findings, sel Selection, now time.Time) {
	finding.Text{Label: "選考方法", Max: MaxMethodLength}.Check(fs, "selection.method", finding.Clean(sel.Method))
	finding.Text{Label: "面接場所", Max: MaxPlaceLength}.Check(fs, "selection.place", finding.Clean(sel.Place))
	if !sel.InterviewAt.IsZero() && clock.DateJST(sel.InterviewAt).Before(clock.DateJST(now)) {
		fs.Err("selection.interview_at", finding.DateInvalid, "label", "面接予定日時")
	}
}

func newApplication(id string, ch Channel, p posting.Facts, s *seeker.Seeker, now time.Time) *Application {
	return &Application{
		ID: id, EstablishmentID: p.EstablishmentID, PostingID: p.ID, PostingVersion: p.Version,
		PostingOffice: seeker.Office{Code: p.OfficeCode, Name: p.OfficeName}, Category: p.Category,
		Seeker: s.Number, SeekerHasMyPage: s.HasMyPage, Channel: ch, AppliedAt: now, State: StateSelecting,
	}
}
