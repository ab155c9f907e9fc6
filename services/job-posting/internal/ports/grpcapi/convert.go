package grpcapi

import (
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/clock"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/app"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/worktime"
)

// ints converts a list of proto enums to their domain codes: the enums' numbers are the
// codes (codes.proto), so a cast suffices.
func ints[T ~int, E ~int32](in []E) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = T(v)
	}
	return out
}

func rangeIn(r *jobpostingv1.Range) wage.Range {
	return wage.Range{Lower: int(r.GetLower()), Upper: int(r.GetUpper())}
}

func rangeOut(r wage.Range) *jobpostingv1.Range {
	return &jobpostingv1.Range{Lower: int32(r.Lower), Upper: int32(r.Upper)}
}

func payIn(p *jobpostingv1.Pay) wage.Pay {
	out := wage.Pay{Form: codes.PayForm(p.GetForm()), Base: rangeIn(p.GetBase())}
	for _, a := range p.GetAllowances() {
		out.Allowances = append(out.Allowances, wage.Allowance{Name: a.GetName(), Kind: wage.AllowanceKind(a.GetKind()), Amount: rangeIn(a.GetAmount())})
	}
	if f := p.GetFixedOvertime(); f != nil {
		out.FixedOvertime = &wage.FixedOvertime{Amount: rangeIn(f.GetAmount()), Hours: int(f.GetHours()), ExcessNote: f.GetExcessNote()}
	}
	return out
}

func incIn(i *jobpostingv1.Increment) wage.Increment {
	return wage.Increment{System: i.GetSystem(), LastYear: i.GetLastYear(), TimesAYear: int(i.GetTimesAYear()), Description: i.GetDescription()}
}

// sectionIn converts the one section of an update request.
func sectionIn(req *jobpostingv1.UpdatePostingSectionRequest) (posting.SectionID, posting.Content) {
	var c posting.Content
	switch s := req.GetSection().(type) {
	case *jobpostingv1.UpdatePostingSectionRequest_Category:
		v := s.Category
		c.Category = &posting.CategorySection{Category: codes.Category(v.GetCategory()), TimeClass: codes.TimeClass(v.GetTimeClass()),
			Scope: codes.Scope(v.GetScope()), Online: codes.OnlineApplication(v.GetOnlineApplication()),
			TrialEmployment: v.GetTrialEmployment(), Openings: int(v.GetOpenings()), RecruitmentReason: v.GetRecruitmentReason()}
		return posting.SecCategory, c
	case *jobpostingv1.UpdatePostingSectionRequest_Workplace:
		v := s.Workplace
		c.Workplace = &posting.WorkplaceSection{PostalCode: v.GetPostalCode(), Municipality: v.GetMunicipality(), Address: v.GetAddress(),
			NearestStation: v.GetNearestStation(), Transport: v.GetTransport(), TravelMinutes: int(v.GetTravelMinutes()),
			SmokingMeasure: v.GetSmokingMeasure(), SmokingNote: v.GetSmokingNote(), CarCommute: v.GetCarCommute(),
			Parking: v.GetParking(), Transfer: v.GetTransfer(), TransferScope: v.GetTransferScope(), RemoteWork: v.GetRemoteWork()}
		return posting.SecWorkplace, c
	case *jobpostingv1.UpdatePostingSectionRequest_Job:
		v := s.Job
		j := &posting.JobSection{Occupation: v.GetOccupation(), Description: v.GetDescription(), Form: codes.EmploymentForm(v.GetEmploymentForm()),
			NonRegularName: v.GetNonRegularName(), Dispatch: codes.DispatchContract(v.GetDispatch()), FixedTerm: v.GetFixedTerm(),
			TermMonths: int(v.GetTermMonths()), Renewal: codes.ContractRenewal(v.GetRenewal()), RenewalConditions: v.GetRenewalConditions(),
			Age: posting.AgeLimit{Limited: v.GetAge().GetLimited(), Min: int(v.GetAge().GetMin()), Max: int(v.GetAge().GetMax()),
				Exception: codes.AgeException(v.GetAge().GetException()), Reason: v.GetAge().GetReason()},
			Education: codes.Requirement(v.GetEducation()), EducationDetail: v.GetEducationDetail(),
			Experience: codes.Requirement(v.GetExperience()), ExperienceDetail: v.GetExperienceDetail(),
			Licences: codes.Requirement(v.GetLicences()), LicenceDetail: v.GetLicenceDetail(), DriverLicence: codes.DriverLicence(v.GetDriverLicence()),
			Trial: posting.TrialPeriod{Has: v.GetTrial().GetHas(), Months: int(v.GetTrial().GetMonths()),
				SameConditions: v.GetTrial().GetSameConditions(), Conditions: v.GetTrial().GetConditions()}}
		if p := v.GetTrial().GetPay(); p != nil {
			pay := payIn(p)
			j.Trial.Pay = &pay
		}
		c.Job = j
		return posting.SecJob, c
	case *jobpostingv1.UpdatePostingSectionRequest_Wage:
		v := s.Wage
		c.Wage = &wage.Section{Pay: payIn(v.GetPay()), OtherNote: v.GetOtherNote(), MonthlyWorkDays: wage.Tenths(v.GetMonthlyWorkDaysTenths()),
			CommuteAllowance: v.GetCommuteAllowance(), CommuteMonthlyMax: int(v.GetCommuteMonthlyMax()), ClosingDay: int(v.GetClosingDay()),
			PayMonth: int(v.GetPayMonth()), PayDay: int(v.GetPayDay()), Raise: incIn(v.GetRaise()), Bonus: incIn(v.GetBonus())}
		return posting.SecWage, c
	case *jobpostingv1.UpdatePostingSectionRequest_Hours:
		v := s.Hours
		h := &worktime.Section{ShiftNote: v.GetShiftNote(), BreakMinutes: int(v.GetBreakMinutes()), WeeklyMinutes: int(v.GetWeeklyMinutes()),
			Systems: ints[codes.WorkingTimeSystem](v.GetSystems()), Overtime: v.GetOvertime(), MonthlyOvertimeHours: int(v.GetMonthlyOvertimeHours()),
			SpecialClause36: v.GetSpecialClause_36(), AnnualHolidays: int(v.GetAnnualHolidays()), DaysOff: ints[codes.Weekday](v.GetDaysOff()),
			TwoDaysOff: codes.WeeklyTwoDaysOff(v.GetTwoDaysOff()), PaidLeaveAfter6M: int(v.GetPaidLeaveAfter_6M())}
		for _, sh := range v.GetShifts() {
			h.Shifts = append(h.Shifts, worktime.Shift{Start: int(sh.GetStart()), End: int(sh.GetEnd())})
		}
		c.Hours = h
		return posting.SecHours, c
	case *jobpostingv1.UpdatePostingSectionRequest_Benefits:
		v := s.Benefits
		c.Benefits = &posting.BenefitsSection{Insurances: ints[codes.Insurance](v.GetInsurances()), RetirementAge: int(v.GetRetirementAge()),
			Reemployment: v.GetReemployment(), ReemploymentUpTo: int(v.GetReemploymentUpTo()), ExtendedEmployment: v.GetExtendedEmployment(),
			Housing: ints[codes.HousingType](v.GetHousing()), Childcare: v.GetChildcare(), Training: v.GetTraining()}
		return posting.SecBenefits, c
	case *jobpostingv1.UpdatePostingSectionRequest_Pr:
		v := s.Pr
		c.PR = &posting.PRSection{SpecialNotes: v.GetSpecialNotes(), Features: ints[codes.Feature](v.GetFeatures()), PR: v.GetPr()}
		return posting.SecPR, c
	case *jobpostingv1.UpdatePostingSectionRequest_Selection:
		v := s.Selection
		c.Selection = &posting.SelectionSection{Methods: ints[codes.SelectionMethod](v.GetMethods()), ResultDays: int(v.GetResultDays()),
			Documents: v.GetDocuments(), DocumentUpload: v.DocumentUpload, Supplement: v.GetSupplement(),
			Contact: posting.Contact{Title: v.GetContact().GetTitle(), Name: v.GetContact().GetName(), Phone: v.GetContact().GetPhone(), Email: v.GetContact().GetEmail()}}
		return posting.SecSelection, c
	}
	return 0, c
}

func dateOut(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.JST).Format(time.DateOnly)
}

var states = map[posting.State]jobpostingv1.PostingState{
	posting.StateDraft: jobpostingv1.PostingState_POSTING_STATE_DRAFT, posting.StateProvisional: jobpostingv1.PostingState_POSTING_STATE_PROVISIONAL,
	posting.StateReturned: jobpostingv1.PostingState_POSTING_STATE_RETURNED, posting.StateRejected: jobpostingv1.PostingState_POSTING_STATE_REJECTED,
	posting.StateWithdrawn: jobpostingv1.PostingState_POSTING_STATE_WITHDRAWN, posting.StateAccepted: jobpostingv1.PostingState_POSTING_STATE_ACCEPTED,
	posting.StatePublished: jobpostingv1.PostingState_POSTING_STATE_PUBLISHED, posting.StateHeld: jobpostingv1.PostingState_POSTING_STATE_HELD,
	posting.StateInvalid: jobpostingv1.PostingState_POSTING_STATE_INVALID,
}

func wageOut(c posting.Content) *jobpostingv1.WageDisplay {
	if c.Wage == nil {
		return nil
	}
	d := wage.Show(c.Wage.Pay, c.Basis())
	return &jobpostingv1.WageDisplay{Form: d.Form.Label(), Total: rangeOut(d.Total), MonthlyEquivalent: rangeOut(d.MonthlyEquivalent)}
}

// postingOut is the employer's and the office's view.
func postingOut(p *posting.Posting, renewalLead int) *jobpostingv1.Posting {
	card := p.Card(renewalLead)
	out := &jobpostingv1.Posting{PostingId: p.ID, EstablishmentId: p.EstablishmentID, OfficeCode: p.OfficeCode, State: states[p.State],
		StatusLabel: card.Status, List: jobpostingv1.PostingList(card.List), JobNumber: card.Number, Content: app.ContentProto(p.Content),
		CreatedBy: p.CreatedBy, SubmittedBy: p.SubmittedBy, ReusedFrom: p.ReusedFrom, RenewalOf: p.RenewalOf, RenewedBy: p.RenewedBy,
		SubmittedAt: prototime.Timestamp(p.SubmittedAt), PublishBy: dateOut(p.PublishBy), AcceptedOn: dateOut(p.AcceptedOn),
		PublishedAt: prototime.Timestamp(p.PublishedAt), ReferralDeadline: dateOut(p.ReferralDeadline), OfficeMessage: p.OfficeMessage,
		CounterVisitBy: dateOut(card.CounterVisitBy), InvalidFrom: dateOut(p.InvalidFrom), RenewalOpensOn: dateOut(card.RenewalOpensOn),
		ContentVersion: int32(p.ContentVersion), Wage: wageOut(p.Content),
		CreateTime: prototime.Timestamp(p.CreatedAt), UpdateTime: prototime.Timestamp(p.UpdatedAt)}
	out.Extended = p.Extended
	out.Channel = jobpostingv1.PostingChannel(p.Channel) // deadline.Channel values are the enum numbers
	if a := p.Pending; a != nil {
		out.PendingApplication, out.PendingNote = string(a.Kind), a.Note
		if a.Content != nil {
			out.PendingContent = app.ContentProto(*a.Content)
		}
	}
	if p.CounterVisit != nil {
		for _, r := range p.CounterVisit.Reasons {
			out.CounterVisitReasons = append(out.CounterVisitReasons, r.Label())
		}
	}
	return out
}

func warningsOut(ws []app.Warning) []*jobpostingv1.ValidationWarning {
	out := make([]*jobpostingv1.ValidationWarning, 0, len(ws))
	for _, w := range ws {
		out = append(out, &jobpostingv1.ValidationWarning{Reason: w.Reason, Field: w.Field, Code: w.Code, Message: w.Message})
	}
	return out
}

func searchIn(req *jobpostingv1.SearchPublishedPostingsRequest) app.Search {
	return app.Search{PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken(), Filter: app.SearchFilter{
		Keyword: req.GetKeyword(), Categories: ints[int](req.GetCategories()), TimeClass: int(req.GetTimeClass()),
		Forms: ints[int](req.GetEmploymentForms()), Prefecture: req.GetPrefecture(), Municipalities: req.GetMunicipalities(),
		OfficeCode: req.GetOfficeCode(), MinMonthly: int(req.GetMinMonthlyWage()), MinHourly: int(req.GetMinHourlyWage()),
		Features: ints[int](req.GetFeatures()), Order: int(req.GetOrder()), TwoDaysOff: req.GetTwoDaysOffEveryWeek(),
		NoEducation: req.GetEducationNotRequired(), NoExperience: req.GetExperienceNotRequired(),
		Full: req.GetView() == jobpostingv1.PublicPostingView_PUBLIC_POSTING_VIEW_FULL}}
}

// CardVersion is the version of Card's rendering: raise it whenever publicOut or
// jsonLD change what a search card shows, and the service renders every stored card
// again when it starts.
const CardVersion = 1

// Card renders the two views the search answers for a published posting (AIP-157):
// the BASIC list card and the FULL posting, stored with the posting
// (search_postings.card, card_full) so a search only ships bytes.
func Card(it app.PublicItem) (basic, full []byte, err error) {
	o := proto.MarshalOptions{Deterministic: true}
	p := publicOut(it)
	if full, err = o.Marshal(p); err != nil {
		return nil, nil, err
	}
	basic, err = o.Marshal(basicOut(p))
	return basic, full, err
}

// basicOut is the list card of a public posting (the BASIC view): its top-level
// fields, without the content and the JSON-LD of the detail.
func basicOut(p *jobpostingv1.PublicPosting) *jobpostingv1.PublicPosting {
	out := proto.CloneOf(p)
	out.Content, out.JsonLd = nil, ""
	return out
}

func publicOut(it app.PublicItem) *jobpostingv1.PublicPosting {
	p := it.Posting
	out := &jobpostingv1.PublicPosting{PostingId: p.ID, JobNumber: p.Number.String(), EstablishmentName: it.EstablishmentName,
		Content: app.ContentProto(it.Content), Wage: wageOut(it.Content), AcceptedOn: dateOut(p.AcceptedOn),
		ReferralDeadline: dateOut(p.ReferralDeadline), PublishedAt: prototime.Timestamp(p.PublishedAt)}
	if c := it.Content.Category; c != nil {
		out.CategoryLabel, out.TimeClassLabel, out.Openings = c.Category.Label(), c.TimeClass.Label(), int32(c.Openings)
	}
	if j := it.Content.Job; j != nil {
		out.EmploymentFormLabel, out.Occupation = j.Form.Label(), j.Occupation
	}
	if w := it.Content.Workplace; w != nil {
		out.Prefecture, out.Municipality, out.NearestStation = w.Prefecture().Label(), w.Municipality, w.NearestStation
	}
	if pr := it.Content.PR; pr != nil {
		for _, f := range pr.Features {
			out.Features = append(out.Features, jobpostingv1.Feature(f))
		}
	}
	out.JsonLd = jsonLD(it)
	return out
}

// contentIn converts a whole content: each set section as if it were saved alone.
func contentIn(c *jobpostingv1.Content) posting.Content {
	var out posting.Content
	reqs := []*jobpostingv1.UpdatePostingSectionRequest{}
	add := func(set bool, r *jobpostingv1.UpdatePostingSectionRequest) {
		if set {
			reqs = append(reqs, r)
		}
	}
	add(c.GetCategory() != nil, &jobpostingv1.UpdatePostingSectionRequest{Section: &jobpostingv1.UpdatePostingSectionRequest_Category{Category: c.GetCategory()}})
	add(c.GetWorkplace() != nil, &jobpostingv1.UpdatePostingSectionRequest{Section: &jobpostingv1.UpdatePostingSectionRequest_Workplace{Workplace: c.GetWorkplace()}})
	add(c.GetJob() != nil, &jobpostingv1.UpdatePostingSectionRequest{Section: &jobpostingv1.UpdatePostingSectionRequest_Job{Job: c.GetJob()}})
	add(c.GetWage() != nil, &jobpostingv1.UpdatePostingSectionRequest{Section: &jobpostingv1.UpdatePostingSectionRequest_Wage{Wage: c.GetWage()}})
	add(c.GetHours() != nil, &jobpostingv1.UpdatePostingSectionRequest{Section: &jobpostingv1.UpdatePostingSectionRequest_Hours{Hours: c.GetHours()}})
	add(c.GetBenefits() != nil, &jobpostingv1.UpdatePostingSectionRequest{Section: &jobpostingv1.UpdatePostingSectionRequest_Benefits{Benefits: c.GetBenefits()}})
	add(c.GetPr() != nil, &jobpostingv1.UpdatePostingSectionRequest{Section: &jobpostingv1.UpdatePostingSectionRequest_Pr{Pr: c.GetPr()}})
	add(c.GetSelection() != nil, &jobpostingv1.UpdatePostingSectionRequest{Section: &jobpostingv1.UpdatePostingSectionRequest_Selection{Selection: c.GetSelection()}})
	for _, r := range reqs {
		_, one := sectionIn(r)
		out = merge(out, one)
	}
	return out
}

func merge(a, b posting.Content) posting.Content {
	if b.Category != nil {
		a.Category = b.Category
	}
	if b.Workplace != nil {
		a.Workplace = b.Workplace
	}
	if b.Job != nil {
		a.Job = b.Job
	}
	if b.Wage != nil {
		a.Wage = b.Wage
	}
	if b.Hours != nil {
		a.Hours = b.Hours
	}
	if b.Benefits != nil {
		a.Benefits = b.Benefits
	}
	if b.PR != nil {
		a.PR = b.PR
	}
	if b.Selection != nil {
		a.Selection = b.Selection
	}
	return a
}
