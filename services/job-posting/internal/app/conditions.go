package app

import (
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
)

// conditions are the facts and the content version applicant-selection keeps
// (PostingConditions in PostingAccepted and PostingChangeApplied).
func conditions(p *posting.Posting, officeName string) *jobpostingv1.PostingConditions {
	c := &jobpostingv1.PostingConditions{OfficeCode: p.OfficeCode, OfficeName: officeName, JobNumber: p.Number.String(),
		SubmittedBy: p.SubmittedBy, ContentVersion: int32(p.ContentVersion), ReferralDeadline: date(p.ReferralDeadline),
		Content: ContentProto(p.Content), State: stateProto[p.State]}
	if p.Content.Job != nil {
		c.Occupation = p.Content.Job.Occupation
	}
	if cat := p.Content.Category; cat != nil {
		c.Category, c.Scope = jobpostingv1.Category(cat.Category), jobpostingv1.Scope(cat.Scope)
		c.AcceptsSelfApplication = cat.Online == codes.OnlineAccepted
	}
	return c
}

var stateProto = map[posting.State]jobpostingv1.PostingState{
	posting.StateAccepted: jobpostingv1.PostingState_POSTING_STATE_ACCEPTED, posting.StatePublished: jobpostingv1.PostingState_POSTING_STATE_PUBLISHED,
	posting.StateHeld: jobpostingv1.PostingState_POSTING_STATE_HELD, posting.StateInvalid: jobpostingv1.PostingState_POSTING_STATE_INVALID,
}

// ContentProto converts the eight sections to their proto (the API's view and the
// content carried by PostingConditions in the events).
func ContentProto(c posting.Content) *jobpostingv1.Content {
	out := &jobpostingv1.Content{}
	if v := c.Category; v != nil {
		out.Category = &jobpostingv1.CategorySection{Category: jobpostingv1.Category(v.Category), TimeClass: jobpostingv1.TimeClass(v.TimeClass), Scope: jobpostingv1.Scope(v.Scope),
			OnlineApplication: jobpostingv1.OnlineApplication(v.Online), TrialEmployment: v.TrialEmployment, Openings: int32(v.Openings), RecruitmentReason: v.RecruitmentReason}
	}
	if v := c.Workplace; v != nil {
		out.Workplace = &jobpostingv1.WorkplaceSection{PostalCode: v.PostalCode, Municipality: v.Municipality, Address: v.Address,
			NearestStation: v.NearestStation, Transport: v.Transport, TravelMinutes: int32(v.TravelMinutes), SmokingMeasure: v.SmokingMeasure,
			SmokingNote: v.SmokingNote, CarCommute: v.CarCommute, Parking: v.Parking, Transfer: v.Transfer, TransferScope: v.TransferScope, RemoteWork: v.RemoteWork}
	}
	if v := c.Job; v != nil {
		j := &jobpostingv1.JobSection{Occupation: v.Occupation, Description: v.Description, EmploymentForm: jobpostingv1.EmploymentForm(v.Form), NonRegularName: v.NonRegularName,
			Dispatch: jobpostingv1.DispatchContract(v.Dispatch), FixedTerm: v.FixedTerm, TermMonths: int32(v.TermMonths), Renewal: jobpostingv1.ContractRenewal(v.Renewal), RenewalConditions: v.RenewalConditions,
			Age:       &jobpostingv1.AgeLimit{Limited: v.Age.Limited, Min: int32(v.Age.Min), Max: int32(v.Age.Max), Exception: jobpostingv1.AgeException(v.Age.Exception), Reason: v.Age.Reason},
			Education: jobpostingv1.Requirement(v.Education), EducationDetail: v.EducationDetail, Experience: jobpostingv1.Requirement(v.Experience), ExperienceDetail: v.ExperienceDetail,
			Licences: jobpostingv1.Requirement(v.Licences), LicenceDetail: v.LicenceDetail, DriverLicence: jobpostingv1.DriverLicence(v.DriverLicence),
			Trial: &jobpostingv1.TrialPeriod{Has: v.Trial.Has, Months: int32(v.Trial.Months), SameConditions: v.Trial.SameConditions, Conditions: v.Trial.Conditions}}
		if v.Trial.Pay != nil {
			j.Trial.Pay = payOut(*v.Trial.Pay)
		}
		out.Job = j
	}
	if v := c.Wage; v != nil {
		out.Wage = &jobpostingv1.WageSection{Pay: payOut(v.Pay), OtherNote: v.OtherNote, MonthlyWorkDaysTenths: int32(v.MonthlyWorkDays),
			CommuteAllowance: v.CommuteAllowance, CommuteMonthlyMax: int32(v.CommuteMonthlyMax), ClosingDay: int32(v.ClosingDay),
			PayMonth: int32(v.PayMonth), PayDay: int32(v.PayDay), Raise: incOut(v.Raise), Bonus: incOut(v.Bonus)}
	}
	if v := c.Hours; v != nil {
		h := &jobpostingv1.HoursSection{ShiftNote: v.ShiftNote, BreakMinutes: int32(v.BreakMinutes), WeeklyMinutes: int32(v.WeeklyMinutes),
			Systems: enums[jobpostingv1.WorkingTimeSystem](v.Systems), Overtime: v.Overtime, MonthlyOvertimeHours: int32(v.MonthlyOvertimeHours), SpecialClause_36: v.SpecialClause36,
			AnnualHolidays: int32(v.AnnualHolidays), DaysOff: enums[jobpostingv1.Weekday](v.DaysOff), TwoDaysOff: jobpostingv1.WeeklyTwoDaysOff(v.TwoDaysOff), PaidLeaveAfter_6M: int32(v.PaidLeaveAfter6M)}
		for _, sh := range v.Shifts {
			h.Shifts = append(h.Shifts, &jobpostingv1.Shift{Start: int32(sh.Start), End: int32(sh.End)})
		}
		out.Hours = h
	}
	if v := c.Benefits; v != nil {
		out.Benefits = &jobpostingv1.BenefitsSection{Insurances: enums[jobpostingv1.Insurance](v.Insurances), RetirementAge: int32(v.RetirementAge), Reemployment: v.Reemployment,
			ReemploymentUpTo: int32(v.ReemploymentUpTo), ExtendedEmployment: v.ExtendedEmployment, Housing: enums[jobpostingv1.HousingType](v.Housing), Childcare: v.Childcare, Training: v.Training}
	}
	if v := c.PR; v != nil {
		out.Pr = &jobpostingv1.PRSection{SpecialNotes: v.SpecialNotes, Features: enums[jobpostingv1.Feature](v.Features), Pr: v.PR}
	}
	if v := c.Selection; v != nil {
		out.Selection = &jobpostingv1.SelectionSection{Methods: enums[jobpostingv1.SelectionMethod](v.Methods), ResultDays: int32(v.ResultDays), Documents: v.Documents,
			DocumentUpload: v.DocumentUpload, Supplement: v.Supplement,
			Contact: &jobpostingv1.Contact{Title: v.Contact.Title, Name: v.Contact.Name, Phone: v.Contact.Phone, Email: v.Contact.Email}}
	}
	return out
}

func payOut(p wage.Pay) *jobpostingv1.Pay {
	out := &jobpostingv1.Pay{Form: jobpostingv1.PayForm(p.Form), Base: rangeProto(p.Base)}
	for _, a := range p.Allowances {
		out.Allowances = append(out.Allowances, &jobpostingv1.Allowance{Name: a.Name, Kind: jobpostingv1.AllowanceKind(a.Kind), Amount: rangeProto(a.Amount)})
	}
	if f := p.FixedOvertime; f != nil {
		out.FixedOvertime = &jobpostingv1.FixedOvertime{Amount: rangeProto(f.Amount), Hours: int32(f.Hours), ExcessNote: f.ExcessNote}
	}
	return out
}

func incOut(i wage.Increment) *jobpostingv1.Increment {
	return &jobpostingv1.Increment{System: i.System, LastYear: i.LastYear, TimesAYear: int32(i.TimesAYear), Description: i.Description}
}

func rangeProto(r wage.Range) *jobpostingv1.Range {
	return &jobpostingv1.Range{Lower: int32(r.Lower), Upper: int32(r.Upper)}
}

// enums converts a list of domain codes to their proto enum: the enums' numbers are the
// codes (codes.proto), so a cast suffices.
func enums[E ~int32, T ~int](in []T) []E {
	if in == nil {
		return nil
	}
	out := make([]E, len(in))
	for i, v := range in {
		out[i] = E(v)
	}
	return out
}
