// Package posting is the job-posting (求人) aggregate: the eight sections of its
// content (domain.md §2.5), their checks, and the lifecycle of §2.4 as an explicit
// state machine whose transitions are the methods below (JOB-1 to JOB-5, OPEN-1).
//
// Methods change the posting in memory only; the app layer loads it, calls one method
// inside a transaction, saves it and appends the matching event. A refused step
// returns a *finding.Refusal and leaves the posting unchanged.
package posting

import (
	"slices"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/number"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
)

// State is a lifecycle state (§2.4).
type State string

// States. ACCEPTED, PUBLISHED and HELD are the valid (有効) ones.
const (
	StateDraft       State = "DRAFT"       // 入力中: the wizard, sections saved one by one
	StateProvisional State = "PROVISIONAL" // 申込み中 (仮登録): submitted, waiting for the office
	StateReturned    State = "RETURNED"    // 修正依頼: returned for correction
	StateRejected    State = "REJECTED"    // 不受理
	StateWithdrawn   State = "WITHDRAWN"   // 取下げ by the employer before acceptance
	StateAccepted    State = "ACCEPTED"    // 受理: valid, 求人番号 issued, not (yet) published
	StatePublished   State = "PUBLISHED"   // 公開中
	StateHeld        State = "HELD"        // 公開保留 (below a coming minimum wage)
	StateInvalid     State = "INVALID"     // 無効: expired, stopped or cancelled
)

// States lists every state, for exhaustive tests and listings.
var States = []State{StateDraft, StateProvisional, StateReturned, StateRejected, StateWithdrawn,
	StateAccepted, StatePublished, StateHeld, StateInvalid}

// Valid reports whether the posting is 有効: accepted and before its end.
func (s State) Valid() bool { return s == StateAccepted || s == StatePublished || s == StateHeld }

// InvalidCause says why a posting became invalid.
type InvalidCause string

// Causes.
const (
	CauseExpired   InvalidCause = "EXPIRED"   // 紹介期限日 passed
	CauseStopped   InvalidCause = "STOPPED"   // 募集停止 accepted (充足 etc.)
	CauseCancelled InvalidCause = "CANCELLED" // 取消 accepted
)

// ApplicationKind is a request on a valid posting that the office reviews (JOB-3).
type ApplicationKind string

// Kinds.
const (
	AppChange    ApplicationKind = "CHANGE"    // 変更
	AppStop      ApplicationKind = "STOP"      // 募集停止
	AppCancel    ApplicationKind = "CANCEL"    // 取消
	AppExtension ApplicationKind = "EXTENSION" // 有効期間延長
)

// Application is the one pending request of a valid posting. One at a time keeps the
// office's review simple and the live content unambiguous.
type Application struct {
	Kind        ApplicationKind
	Content     *Content // the proposed content of a change
	Note        string   // ハローワークへの連絡事項
	RequestedBy string
	RequestedAt time.Time
}

// Hold is the publication hold of a valid posting (公開保留, §2.4).
type Hold struct {
	Revision     minwage.Revision // the rate the posting must meet
	Since        time.Time
	WasPublished bool // where Release goes back to
}

// CounterVisit is the duty to come to the office (本登録) by a date (§2.4).
type CounterVisit struct {
	Reasons []VisitReason
	By      time.Time
}

// Posting is the aggregate root.
type Posting struct {
	ID              string
	EstablishmentID string
	OfficeCode      string // jurisdiction office (管轄安定所), 4 digits
	Channel         deadline.Channel
	State           State
	Content         Content

	CreatedBy   string // login account that started the draft
	SubmittedBy string // login account that submitted it (ACC-2: one per department)
	// SubmitterEmail is that account's e-mail at submission: the office's answers
	// (returned, accepted) are mailed there.
	SubmitterEmail string
	ReusedFrom     string // JOB-1 転用 source
	RenewalOf      string // JOB-5: the posting this one renews
	RenewedBy      string // JOB-5: the renewal reserved from this one

	Number           number.JobNumber
	SubmittedAt      time.Time
	PublishBy        time.Time // JOB-2 deadline
	AcceptedOn       time.Time // 受付年月日, a JST date
	PublishedAt      time.Time
	ReferralDeadline time.Time // 紹介期限日, a JST date
	Extended         bool
	ContentVersion   int // 1 on acceptance, +1 on each accepted change (JOB-3)
	Pending          *Application
	Hold             *Hold
	CounterVisit     *CounterVisit
	OfficeMessage    string // the last 修正依頼 / refusal message
	Resubmissions    int
	InvalidCause     InvalidCause
	InvalidFrom      time.Time // first day it was invalid, a JST date
	// RenewalNoticeFor is the 紹介期限日 whose renewal window the employer was told
	// about (JOB-5, NoteRenewalWindow): one notice per 紹介期限日.
	RenewalNoticeFor time.Time

	CreatedAt time.Time
	UpdatedAt time.Time
}

// NewDraft starts a posting from scratch (JOB-1). A provisional account (OPEN-1) may do
// this right after its establishment; who may is the app's authorisation.
func NewDraft(id, establishmentID, officeCode, accountID string, ch deadline.Channel, now time.Time) *Posting {
	return &Posting{ID: id, EstablishmentID: establishmentID, OfficeCode: officeCode, Channel: ch,
		State: StateDraft, CreatedBy: accountID, CreatedAt: now, UpdatedAt: now}
}

// Action names a transition, for refusals and the exhaustive transition test.
type Action string

// Actions.
const (
	ActSave         Action = "save_section"
	ActSubmit       Action = "submit"
	ActResubmit     Action = "resubmit"
	ActWithdraw     Action = "withdraw"
	ActReturn       Action = "return"
	ActReject       Action = "reject"
	ActAccept       Action = "accept"
	ActPublish      Action = "publish"
	ActHold         Action = "hold"
	ActRelease      Action = "release"
	ActRequest      Action = "request" // change, stop, cancel, extension
	ActDecide       Action = "decide"  // accept or refuse the pending application
	ActBringForward Action = "bring_forward"
	ActReserveRenew Action = "reserve_renewal"
	ActReuse        Action = "reuse"
	ActInvalidate   Action = "invalidate"
)

var valid = []State{StateAccepted, StatePublished, StateHeld}

// from is the state table: which states each action starts from.
var from = map[Action][]State{
	ActSave:         {StateDraft, StateReturned},
	ActSubmit:       {StateDraft},
	ActResubmit:     {StateReturned},
	ActWithdraw:     {StateProvisional, StateReturned},
	ActReturn:       {StateProvisional},
	ActReject:       {StateProvisional, StateReturned},
	ActAccept:       {StateProvisional},
	ActPublish:      {StateAccepted},
	ActHold:         {StateAccepted, StatePublished},
	ActRelease:      {StateHeld},
	ActRequest:      valid,
	ActDecide:       valid,
	ActBringForward: valid,
	ActReserveRenew: valid,
	ActReuse:        {StateProvisional, StateReturned, StateRejected, StateWithdrawn, StateAccepted, StatePublished, StateHeld, StateInvalid},
	ActInvalidate:   valid,
}

// Can reports whether the action may start from the posting's state.
func (p *Posting) Can(a Action) bool { return slices.Contains(from[a], p.State) }

func (p *Posting) require(a Action, rule string) error {
	if p.Can(a) {
		return nil
	}
	return finding.Refuse(finding.InvalidState).WithRule(rule)
}

func (p *Posting) touch(now time.Time) { p.UpdatedAt = now }

// Editable reports whether the employer may save sections (a draft, or returned).
func (p *Posting) Editable() bool { return p.Can(ActSave) }

// SaveSection stores one section as the employer entered it and returns its findings.
// Errors refuse the save (VALIDATION_FAILED with the findings); warnings are returned
// and only need confirming at submission.
func (p *Posting) SaveSection(c Content, s SectionID, now time.Time) (finding.Findings, error) {
	if err := p.require(ActSave, "JOB-1"); err != nil {
		return finding.Findings{}, err
	}
	next := p.Content.Clone()
	next.set(s, c.Clone())
	fs := next.CheckSection(s)
	if fs.Blocking() {
		return fs, &finding.Refusal{Reason: finding.ValidationFailed, Findings: fs}
	}
	p.Content = next
	p.touch(now)
	return fs, nil
}

func (c *Content) set(s SectionID, src Content) {
	switch s {
	case SecCategory:
		c.Category = src.Category
	case SecWorkplace:
		c.Workplace = src.Workplace
	case SecJob:
		c.Job = src.Job
	case SecWage:
		c.Wage = src.Wage
	case SecHours:
		c.Hours = src.Hours
	case SecBenefits:
		c.Benefits = src.Benefits
	case SecPR:
		c.PR = src.PR
	case SecSelection:
		c.Selection = src.Selection
	}
}

// Submission carries what submitting needs besides the posting.
type Submission struct {
	By        string    // login account
	Email     string    // its e-mail (the token's), for the office's answers
	At        time.Time // the clock's now
	Confirmed []string  // codes of the warnings the employer confirmed
	Rates     minwage.Table
	Policy    deadline.Policy
	Visit     VisitFacts
}

// checkContent validates content as a whole; errors and unconfirmed warnings refuse.
func checkContent(c Content, s Submission) (finding.Findings, error) {
	fs := c.CheckAll(s.At, s.Rates)
	if fs.Blocking() {
		return fs, &finding.Refusal{Reason: finding.ValidationFailed, Findings: fs}
	}
	if un := fs.Unconfirmed(s.Confirmed); len(un) > 0 {
		var pending finding.Findings
		pending.Add(un...)
		return fs, &finding.Refusal{Reason: finding.WarningsNotConfirmed, Findings: pending}
	}
	return fs, nil
}

// Submit sends the draft to the office (完了 on section 8): the whole content is
// checked, the posting becomes 申込み中 and gets its publication deadline (JOB-2) and,
// where §2.4's cases apply, a counter-visit deadline. The app sends 求人情報仮登録完了通知.
func (p *Posting) Submit(s Submission) (finding.Findings, error) {
	if err := p.require(ActSubmit, "JOB-1"); err != nil {
		return finding.Findings{}, err
	}
	fs, err := checkContent(p.Content, s)
	if err != nil {
		return fs, err
	}
	p.submitted(s)
	// The counter visit follows an application entered through the MyPage (§2.4); one
	// entered by staff was made at the office.
	if rs := VisitReasons(s.Visit, p.Content); len(rs) > 0 && p.Channel == deadline.ChannelMyPage {
		p.CounterVisit = &CounterVisit{Reasons: rs, By: s.Policy.CounterVisitBy(s.At)}
	}
	return fs, nil
}

// Resubmit sends a returned posting back after the employer's corrections. The
// publication deadline counts again from the day of resubmission; the counter-visit
// deadline stays the one set at first submission.
func (p *Posting) Resubmit(s Submission) (finding.Findings, error) {
	if err := p.require(ActResubmit, "JOB-1"); err != nil {
		return finding.Findings{}, err
	}
	fs, err := checkContent(p.Content, s)
	if err != nil {
		return fs, err
	}
	p.Resubmissions++
	p.submitted(s)
	return fs, nil
}

func (p *Posting) submitted(s Submission) {
	p.State = StateProvisional
	p.SubmittedBy = s.By
	p.SubmitterEmail = s.Email
	p.SubmittedAt = s.At
	p.PublishBy = s.Policy.PublishBy(s.At, p.Channel)
	p.touch(s.At)
}

// Withdraw takes back an application not yet accepted (employer).
func (p *Posting) Withdraw(now time.Time) error {
	if err := p.require(ActWithdraw, "JOB-1"); err != nil {
		return err
	}
	p.State = StateWithdrawn
	p.touch(now)
	return nil
}

// Return sends the application back for correction with the office's message (修正依頼).
func (p *Posting) Return(message string, now time.Time) error {
	if err := p.require(ActReturn, "JOB-2"); err != nil {
		return err
	}
	if message == "" {
		return finding.Refuse(finding.OfficeMessageRequired)
	}
	p.State = StateReturned
	p.OfficeMessage = message
	p.touch(now)
	return nil
}

// Reject refuses the application (不受理) with a message: illegal content, no
// employment relationship, missing required conditions (§2.1).
func (p *Posting) Reject(message string, now time.Time) error {
	if err := p.require(ActReject, "JOB-2"); err != nil {
		return err
	}
	if message == "" {
		return finding.Refuse(finding.OfficeMessageRequired)
	}
	p.State = StateRejected
	p.OfficeMessage = message
	p.touch(now)
	return nil
}

// Accept accepts the application (受理) under the 求人番号 the app allocated for the
// accepting office: 受付年月日 is today's JST date and the 紹介期限日 follows the
// category's validity policy. The first accepted content is version 1.
func (p *Posting) Accept(n number.JobNumber, policy deadline.Policy, now time.Time) error {
	if err := p.require(ActAccept, "JOB-2"); err != nil {
		return err
	}
	if n.IsZero() {
		return finding.Refuse(finding.JobNumberInvalid)
	}
	if n.OfficeCode() != p.OfficeCode {
		return finding.Refuse(finding.JobNumberOfficeMismatch)
	}
	p.Number = n
	p.State = StateAccepted
	p.AcceptedOn = clock.DateJST(now)
	p.ReferralDeadline = policy.ReferralDeadline(p.Content.Category.Category, now)
	p.ContentVersion = 1
	p.OfficeMessage = ""
	p.touch(now)
	return nil
}

// Publish makes an accepted posting visible per its 公開範囲 (JOB-2). Scope 4 is never
// published, and a held posting waits for its release.
func (p *Posting) Publish(now time.Time) error {
	if p.State == StateHeld {
		return finding.Refuse(finding.PublicationHeld)
	}
	if err := p.require(ActPublish, "JOB-2"); err != nil {
		return err
	}
	if !p.Content.Category.Scope.Publishable() {
		return finding.Refuse(finding.PublicationScopePrivate)
	}
	p.State = StatePublished
	p.PublishedAt = now
	p.touch(now)
	return nil
}

// PublishOverdue reports whether an application waiting for acceptance or publication
// has passed its JOB-2 deadline on the JST date of now (the staff worklist flag).
func (p *Posting) PublishOverdue(now time.Time) bool {
	waiting := p.State == StateProvisional ||
		(p.State == StateAccepted && p.Content.Category != nil && p.Content.Category.Scope.Publishable())
	return waiting && !p.PublishBy.IsZero() && deadline.Overdue(p.PublishBy, now)
}

// HoldIfBelow holds the posting when the minimum wage of its place of work is about to
// rise to rev and a pay of the posting falls below it (公開保留, §2.4). It reports
// whether it held; a posting of another prefecture, one already held or one that
// meets the rate is left as it is.
func (p *Posting) HoldIfBelow(rev minwage.Revision, now time.Time) (bool, error) {
	if p.State == StateHeld {
		return false, nil
	}
	if err := p.require(ActHold, ""); err != nil {
		return false, err
	}
	if p.Content.Workplace.Prefecture() != rev.Prefecture || !p.below(rev) {
		return false, nil
	}
	p.Hold = &Hold{Revision: rev, Since: now, WasPublished: p.State == StatePublished}
	p.State = StateHeld
	p.touch(now)
	return true, nil
}

func (p *Posting) below(rev minwage.Revision) bool {
	b := p.Content.Basis()
	for _, pay := range p.Content.Pays() {
		if wage.BelowComing(pay, b, rev) {
			return true
		}
	}
	return false
}

// Release lifts the hold once every pay meets the rate the posting was held for; the
// posting goes back to published, or to accepted if it was not published yet.
func (p *Posting) Release(now time.Time) error {
	if err := p.require(ActRelease, ""); err != nil {
		return err
	}
	if p.below(p.Hold.Revision) {
		return finding.Refuse(finding.PublicationHeld)
	}
	p.State = StateAccepted
	if p.Hold.WasPublished {
		p.State = StatePublished
	}
	p.Hold = nil
	p.touch(now)
	return nil
}

// RequestChange applies for a change of the content (JOB-3). The proposed content is
// checked like a submission; the live content stays until the office accepts. The
// fields that define a posting (§2.1: 求人区分, full/part, 雇用形態, 就業場所) cannot
// change: that is a new posting (INFERENCE).
func (p *Posting) RequestChange(c Content, note string, s Submission) (finding.Findings, error) {
	if err := p.request(); err != nil {
		return finding.Findings{}, err
	}
	c = c.Clone()
	fs, err := checkContent(c, s)
	if err != nil {
		return fs, err
	}
	if !sameIdentity(p.Content, c) {
		return fs, finding.Refuse(finding.ChangeNeedsNewPosting)
	}
	p.Pending = &Application{Kind: AppChange, Content: &c, Note: note, RequestedBy: s.By, RequestedAt: s.At}
	p.touch(s.At)
	return fs, nil
}

func sameIdentity(a, b Content) bool {
	return a.Category.Category == b.Category.Category && a.Category.TimeClass == b.Category.TimeClass &&
		a.Job.Form == b.Job.Form && a.Workplace.Municipality == b.Workplace.Municipality
}

// RequestStop applies for 募集停止 (JOB-3). The app first checks that the selection
// results of the posting's applicants are registered (§2.4, S17).
func (p *Posting) RequestStop(note, by string, now time.Time) error {
	return p.requestSimple(AppStop, note, by, now)
}

// RequestCancel applies for 取消 (JOB-3), with the same precondition as RequestStop.
func (p *Posting) RequestCancel(note, by string, now time.Time) error {
	return p.requestSimple(AppCancel, note, by, now)
}

// RequestExtension applies for 有効期間延長: once per posting, by one month (JOB-3).
func (p *Posting) RequestExtension(note, by string, now time.Time) error {
	if err := p.request(); err != nil {
		return err
	}
	if p.Extended {
		return finding.Refuse(finding.ExtensionAlreadyUsed)
	}
	return p.requestSimple(AppExtension, note, by, now)
}

func (p *Posting) request() error {
	if err := p.require(ActRequest, "JOB-3"); err != nil {
		return err
	}
	if p.Pending != nil {
		return finding.Refuse(finding.PostingApplicationPending)
	}
	return nil
}

func (p *Posting) requestSimple(k ApplicationKind, note, by string, now time.Time) error {
	if err := p.request(); err != nil {
		return err
	}
	p.Pending = &Application{Kind: k, Note: note, RequestedBy: by, RequestedAt: now}
	p.touch(now)
	return nil
}

// Decision is what accepting an application did.
type Decision struct {
	Kind     ApplicationKind
	Previous *Content // a change: the content replaced, to keep as its version
	Released bool     // a change lifted the publication hold
}

// AcceptApplication accepts the pending application (JOB-3): a change becomes the live
// content as a new version (and lifts a hold when it now meets the rate); 募集停止 and
// 取消 make the posting invalid from today; an extension moves the 紹介期限日 by a month.
func (p *Posting) AcceptApplication(now time.Time) (Decision, error) {
	if err := p.decide(); err != nil {
		return Decision{}, err
	}
	a := p.Pending
	d := Decision{Kind: a.Kind}
	switch a.Kind {
	case AppChange:
		prev := p.Content
		d.Previous = &prev
		p.Content = *a.Content
		p.ContentVersion++
		if p.State == StateHeld && !p.below(p.Hold.Revision) {
			p.State = StateAccepted
			if p.Hold.WasPublished {
				p.State = StatePublished
			}
			p.Hold = nil
			d.Released = true
		}
	case AppStop:
		p.invalidate(CauseStopped, clock.DateJST(now))
	case AppCancel:
		p.invalidate(CauseCancelled, clock.DateJST(now))
	case AppExtension:
		p.ReferralDeadline = deadline.Extended(p.ReferralDeadline)
		p.Extended = true
	}
	p.Pending = nil
	p.OfficeMessage = ""
	p.touch(now)
	return d, nil
}

// RefuseApplication refuses the pending application with the office's message; the
// posting stays as it was.
func (p *Posting) RefuseApplication(message string, now time.Time) error {
	if err := p.decide(); err != nil {
		return err
	}
	if message == "" {
		return finding.Refuse(finding.OfficeMessageRequired)
	}
	p.Pending = nil
	p.OfficeMessage = message
	p.touch(now)
	return nil
}

func (p *Posting) decide() error {
	if err := p.require(ActDecide, "JOB-3"); err != nil {
		return err
	}
	if p.Pending == nil {
		return finding.Refuse(finding.PostingApplicationNotPending)
	}
	return nil
}

// BringForward moves the 紹介期限日 earlier (staff: an early close when many apply,
// §2.4). The new date is today or later and before the current one.
func (p *Posting) BringForward(to, now time.Time) error {
	if err := p.require(ActBringForward, ""); err != nil {
		return err
	}
	to = clock.DateJST(to)
	if to.Before(clock.DateJST(now)) || !to.Before(p.ReferralDeadline) {
		return finding.Refuse(finding.ReferralDeadlineInvalid, "current", deadline.JapaneseDate(p.ReferralDeadline))
	}
	p.ReferralDeadline = to
	p.touch(now)
	return nil
}

// ReserveRenewal reserves the renewal (更新) of a valid posting within the window of
// JOB-5 and returns the new application: a draft with the old content, which gets its
// own 求人番号 on acceptance. Only one renewal per posting.
func (p *Posting) ReserveRenewal(newID, accountID string, policy deadline.Policy, now time.Time) (*Posting, error) {
	if err := p.require(ActReserveRenew, "JOB-5"); err != nil {
		return nil, err
	}
	if p.RenewedBy != "" {
		return nil, finding.Refuse(finding.RenewalAlreadyReserved)
	}
	if err := policy.CheckRenewal(p.ReferralDeadline, now); err != nil {
		return nil, err
	}
	n := p.copyAsDraft(newID, accountID, now)
	n.RenewalOf = p.ID
	p.RenewedBy = newID
	p.touch(now)
	return n, nil
}

// NoteRenewalWindow reports whether the employer is to be told now that the renewal
// of this posting can be reserved (JOB-5): a valid posting without a reserved renewal,
// from the first day of the window (RenewalLeadDays before its 紹介期限日), once per
// 紹介期限日 (an extension opens a new window); it records the notice.
func (p *Posting) NoteRenewalWindow(policy deadline.Policy, now time.Time) bool {
	if !p.State.Valid() || p.RenewedBy != "" || p.ReferralDeadline.IsZero() || p.RenewalNoticeFor.Equal(p.ReferralDeadline) {
		return false
	}
	if clock.DateJST(now).Before(policy.RenewalOpens(p.ReferralDeadline)) {
		return false
	}
	p.RenewalNoticeFor = p.ReferralDeadline
	p.touch(now)
	return true
}

// Reuse starts a new draft from this posting's content (転用, JOB-1): any posting
// submitted before, valid or not, may be the source.
func (p *Posting) Reuse(newID, accountID string, now time.Time) (*Posting, error) {
	if err := p.require(ActReuse, "JOB-1"); err != nil {
		return nil, err
	}
	n := p.copyAsDraft(newID, accountID, now)
	n.ReusedFrom = p.ID
	return n, nil
}

func (p *Posting) copyAsDraft(id, accountID string, now time.Time) *Posting {
	n := NewDraft(id, p.EstablishmentID, p.OfficeCode, accountID, deadline.ChannelMyPage, now)
	n.Content = p.Content.Clone()
	return n
}

// Invalidate ends a valid posting whose 紹介期限日 has passed (the scheduled job on the
// injected clock). It is invalid from the day after the 紹介期限日.
func (p *Posting) Invalidate(now time.Time) error {
	if err := p.require(ActInvalidate, ""); err != nil {
		return err
	}
	if !clock.DateJST(now).After(p.ReferralDeadline) {
		return finding.Refuse(finding.ReferralDeadlineNotPassed)
	}
	p.invalidate(CauseExpired, p.ReferralDeadline.AddDate(0, 0, 1))
	p.touch(now)
	return nil
}

func (p *Posting) invalidate(c InvalidCause, from time.Time) {
	p.State = StateInvalid
	p.InvalidCause = c
	p.InvalidFrom = from
	p.Pending = nil
	p.Hold = nil
}

// Category is the posting's 求人区分, or 0 before section 1.
func (p *Posting) Category() codes.Category {
	if p.Content.Category == nil {
		return 0
	}
	return p.Content.Category.Category
}
