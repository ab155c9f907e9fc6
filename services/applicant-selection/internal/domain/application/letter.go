package application

import (
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// ReferralLetter is the 紹介状 of a referral (APP-1, §3.2): the referring office, the
// 求人番号 and 職種, the seeker, the referral date, the selection method and
// appointment. It is fixed when issued: later changes of the seeker or the posting do
// not rewrite it.
type ReferralLetter struct {
	LetterNo        string
	Channel         Channel
	ReferredOn      time.Time // a JST date
	ReferringOffice seeker.Office
	ReferringStaff  string // staff ID; for the office's own records, never shown to the employer
	JobNumber       string
	Occupation      string
	PostingVersion  int
	SeekerNumber    seeker.Number
	SeekerName      string
	SeekerKana      string
	SeekerAge       int // age on the referral date, -1 when unknown; never the birth date
	Selection       Selection
	Documents       string
}

func newLetter(no string, ch Channel, office seeker.Office, staff string, p posting.Facts, s *seeker.Seeker, sel Selection, docs string, now time.Time) *ReferralLetter {
	sel.Method, sel.Place = finding.Clean(sel.Method), finding.Clean(sel.Place)
	return &ReferralLetter{
		LetterNo: no, Channel: ch, ReferredOn: clock.DateJST(now), ReferringOffice: office, ReferringStaff: staff,
		JobNumber: p.JobNumber, Occupation: p.Occupation, PostingVersion: p.Version,
		SeekerNumber: s.Number, SeekerName: s.Personal.Name, SeekerKana: s.Personal.Kana, SeekerAge: s.AgeOn(now),
		Selection: sel, Documents: docs,
	}
}

// Role is who asks to see something.
type Role int

// Roles.
const (
	RoleEmployer     Role = 1 // a login account of an establishment
	RoleStaff        Role = 2 // office staff
	RoleSeekerPortal Role = 3 // the seeker portal's service credential
)

// Viewer is the caller, as the app knows it from its principal.
type Viewer struct {
	Role            Role
	EstablishmentID string // RoleEmployer
	OfficeCode      string // RoleStaff
}

// LetterFor returns the 紹介状 as viewer may see it (APP-1):
//   - the employer of the application's establishment, without the referring staff;
//   - staff of the referring office or of the posting's jurisdiction office, in full;
//   - the seeker portal (the seeker's own letter), without the referring staff.
//
// A self-application has no letter (NO_REFERRAL_LETTER); anyone else gets
// RESOURCE_ACCESS_DENIED, whether or not a letter exists.
func (a *Application) LetterFor(v Viewer) (*ReferralLetter, error) {
	allowed := false
	switch v.Role {
	case RoleEmployer:
		allowed = v.EstablishmentID != "" && v.EstablishmentID == a.EstablishmentID
	case RoleStaff:
		allowed = v.OfficeCode != "" && (v.OfficeCode == a.ReferringOffice.Code || v.OfficeCode == a.PostingOffice.Code)
	case RoleSeekerPortal:
		allowed = true
	}
	if !allowed {
		return nil, finding.Refuse(finding.ResourceAccessDenied)
	}
	if a.Letter == nil {
		return nil, finding.Refuse(finding.NoReferralLetter)
	}
	l := *a.Letter
	if v.Role != RoleStaff {
		l.ReferringStaff = ""
	}
	return &l, nil
}
