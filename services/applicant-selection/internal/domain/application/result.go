package application

import (
	"strconv"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Decision is the 選考結果 (§3.3). 選考中 is no decision: the application's
// StateSelecting.
type Decision string

// Decisions. 辞退 (本人辞退) is not in the official field list, which is cut off; paper
// forms have it (§3.3 INFERENCE). It is a result (the selection is over, ACC-3 no
// longer waits for it) but never a hire.
const (
	Hired    Decision = "HIRED"     // 採用
	NotHired Decision = "NOT_HIRED" // 不採用
	Declined Decision = "DECLINED"  // 辞退
)

// Decisions lists every decision.
var Decisions = []Decision{Hired, NotHired, Declined}

var decisionLabels = map[Decision]string{Hired: "採用", NotHired: "不採用", Declined: "辞退"}

// Label is the Japanese name.
func (d Decision) Label() string { return decisionLabels[d] }

// Max lengths of the result's texts (ours: the sources give none).
const (
	MaxMismatchLength = 500
	MaxReasonLength   = 200
	MaxNoteLength     = 500
)

// ResultInput is what the 選考結果登録 screen sends (§3.3).
type ResultInput struct {
	Decision Decision
	// ConditionMismatch is 「求人票の労働条件と採用条件の相違」: mandatory for 採用
	// (nil: not answered), not applicable otherwise.
	ConditionMismatch *bool
	MismatchDetail    string    // required when ConditionMismatch is true; dropped when false
	HireDate          time.Time // 採用（予定）年月日, 採用 only, optional
	EmploymentForm    int       // 雇用形態 1..7 of the hire, 採用 only, optional
	NotHiredReason    string    // 不採用 only, optional
	Note              string    // 備考, optional
}

// Registrar is who registers a result.
type Registrar struct {
	Role       Role   // RoleEmployer or RoleStaff
	AccountID  string // the login account or the staff member
	OfficeCode string // staff: their office
}

// ResultKind says whether an entry of the history is the first registration.
type ResultKind string

// Kinds.
const (
	Registered ResultKind = "REGISTERED"
	Corrected  ResultKind = "CORRECTED"
)

// Result is one entry of the history: the input as registered, who and when.
type Result struct {
	ResultInput
	Kind    ResultKind
	Version int // 1 for the registration, +1 per correction
	By      Registrar
	At      time.Time
}

// Notice is what registering a result sets off (APP-2, §3.3): the report to the
// office (an event the office's systems consume) and, when the seeker has a MyPage,
// the online result notice (選考結果連絡).
type Notice struct {
	Result       Result
	ReportTo     seeker.Office // the referring office, or the posting's office for a self-application
	NotifySeeker bool
}

// clean normalises the texts and drops what does not apply, so two inputs meaning the
// same compare equal.
func (in ResultInput) clean() ResultInput {
	in.MismatchDetail = finding.Clean(in.MismatchDetail)
	in.NotHiredReason = finding.Clean(in.NotHiredReason)
	in.Note = finding.Clean(in.Note)
	if in.ConditionMismatch != nil {
		b := *in.ConditionMismatch
		in.ConditionMismatch = &b
		if !b {
			in.MismatchDetail = ""
		}
	}
	if !in.HireDate.IsZero() {
		in.HireDate = clock.DateJST(in.HireDate)
	}
	return in
}

// Check returns the field violations of a result for an application made on applied.
func (in ResultInput) Check(applied time.Time) finding.Findings {
	var fs finding.Findings
	switch in.Decision {
	case "":
		fs.Err("decision", finding.Required, "label", "選考結果")
		return fs
	case Hired, NotHired, Declined:
	default:
		fs.Err("decision", finding.CodeInvalid, "label", "選考結果")
		return fs
	}
	notApplicable := func(field, label string) {
		fs.Err(field, finding.ResultFieldNotApplicable, "label", label)
	}
	if in.Decision == Hired {
		if in.ConditionMismatch == nil {
			fs.Err("condition_mismatch", finding.Required, "label", "求人票の労働条件と採用条件の相違")
		} else if *in.ConditionMismatch {
			finding.Text{Label: "相違の内容", Max: MaxMismatchLength, Required: true, Multiline: true}.Check(&fs, "mismatch_detail", in.MismatchDetail)
		}
		if !in.HireDate.IsZero() && clock.DateJST(in.HireDate).Before(clock.DateJST(applied)) {
			fs.Err("hire_date", finding.HireDateBeforeApplication)
		}
		if in.EmploymentForm != 0 && (in.EmploymentForm < 1 || in.EmploymentForm > 7) {
			fs.Err("employment_form", finding.CodeInvalid, "label", "雇用形態")
		}
		if in.NotHiredReason != "" {
			fs.Err("not_hired_reason", finding.ResultFieldNotApplicable, "label", "不採用の理由")
		}
	} else {
		if in.ConditionMismatch != nil {
			notApplicable("condition_mismatch", "求人票の労働条件と採用条件の相違")
		}
		if !in.HireDate.IsZero() {
			notApplicable("hire_date", "採用（予定）年月日")
		}
		if in.EmploymentForm != 0 {
			notApplicable("employment_form", "雇用形態")
		}
		if in.Decision == Declined && in.NotHiredReason != "" {
			fs.Err("not_hired_reason", finding.ResultFieldNotApplicable, "label", "不採用の理由")
		}
		finding.Text{Label: "不採用の理由", Max: MaxReasonLength}.Check(&fs, "not_hired_reason", in.NotHiredReason)
	}
	finding.Text{Label: "備考", Max: MaxNoteLength, Multiline: true}.Check(&fs, "note", in.Note)
	return fs
}

func (in ResultInput) equal(o ResultInput) bool {
	mb := func(b *bool) int {
		if b == nil {
			return 0
		}
		if *b {
			return 2
		}
		return 1
	}
	return in.Decision == o.Decision && mb(in.ConditionMismatch) == mb(o.ConditionMismatch) &&
		in.MismatchDetail == o.MismatchDetail && in.HireDate.Equal(o.HireDate) &&
		in.EmploymentForm == o.EmploymentForm && in.NotHiredReason == o.NotHiredReason && in.Note == o.Note
}

func actFor(by Registrar, correct bool) Action {
	switch {
	case by.Role == RoleStaff && correct:
		return ActCorrectOffice
	case by.Role == RoleStaff:
		return ActRegisterOffice
	case correct:
		return ActCorrect
	}
	return ActRegister
}

// Register records the selection result (APP-2). The employer may do it until the
// posting's 翌々々月末; after that only the office can (the refusal names the office
// to contact). It reports to the office and, with a MyPage, notifies the seeker.
func (a *Application) Register(in ResultInput, by Registrar, p posting.Facts, now time.Time) (Notice, error) {
	return a.record(in, by, p, now, false)
}

// Correct replaces the result in force, keeping the earlier ones (APP-2: a result can
// be corrected until the deadline; every registration and correction is kept). A
// correction equal to the result in force is refused.
func (a *Application) Correct(in ResultInput, by Registrar, p posting.Facts, now time.Time) (Notice, error) {
	return a.record(in, by, p, now, true)
}

// mayRecord is who may register: an employer (the app has checked that the account
// belongs to the application's establishment), or staff of the posting's office or
// of the referring office (issue 11: staff see the results of their office's postings
// and of their referrals).
func (a *Application) mayRecord(by Registrar) bool {
	switch by.Role {
	case RoleEmployer:
		return true
	case RoleStaff:
		return by.OfficeCode != "" && (by.OfficeCode == a.PostingOffice.Code || by.OfficeCode == a.ReferringOffice.Code)
	}
	return false
}

func (a *Application) record(in ResultInput, by Registrar, p posting.Facts, now time.Time, correct bool) (Notice, error) {
	if !a.mayRecord(by) {
		return Notice{}, finding.Refuse(finding.ResourceAccessDenied)
	}
	if err := a.check(actFor(by, correct), p, now); err != nil {
		return Notice{}, err
	}
	in = in.clean()
	if err := in.Check(a.AppliedAt).Refusal(); err != nil {
		return Notice{}, err
	}
	kind := Registered
	if correct {
		kind = Corrected
		if a.Current().equal(in) {
			return Notice{}, finding.Refuse(finding.ResultUnchanged)
		}
	}
	r := Result{ResultInput: in, Kind: kind, Version: len(a.Results) + 1, By: by, At: now}
	a.Results = append(a.Results, r)
	a.State = StateDecided
	return Notice{Result: r, ReportTo: a.ContactOffice(), NotifySeeker: a.SeekerHasMyPage}, nil
}

// String is for logs and test names.
func (r Result) String() string {
	return string(r.Kind) + " v" + strconv.Itoa(r.Version) + " " + r.Decision.Label()
}

// SeekerNotice is the online result notice (選考結果連絡) the seeker portal reads: the
// posting and the decision, with the hire date of a 採用. The condition mismatch, the
// not-hired reason and the note are the employer's report to the office and stay out.
type SeekerNotice struct {
	ApplicationID string
	JobNumber     string
	Occupation    string
	Decision      Decision
	HireDate      time.Time
	At            time.Time
}

// NoticeForSeeker is the notice of the result in force, or false when there is none
// or the seeker has no MyPage (the employer tells them directly, APP-2).
func (a *Application) NoticeForSeeker(p posting.Facts) (SeekerNotice, bool) {
	c := a.Current()
	if c == nil || !a.SeekerHasMyPage {
		return SeekerNotice{}, false
	}
	return SeekerNotice{ApplicationID: a.ID, JobNumber: p.JobNumber, Occupation: p.Occupation,
		Decision: c.Decision, HireDate: c.HireDate, At: c.At}, true
}

// SeekerUpdated keeps what the application knows of the seeker in step with the
// portal (a MyPage opened or closed later).
func (a *Application) SeekerUpdated(s *seeker.Seeker) {
	if s.Number == a.Seeker {
		a.SeekerHasMyPage = s.HasMyPage
	}
}
