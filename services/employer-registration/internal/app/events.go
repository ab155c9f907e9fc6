package app

import (
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// ProfilePayload converts the domain profile to the EstablishmentProfile message of
// the EstablishmentChangeApplied event. The API answers with the same message, so the
// gRPC port reuses this one mapping instead of keeping a second copy.
func ProfilePayload(p establishment.Profile) *erv1.EstablishmentProfile {
	out := &erv1.EstablishmentProfile{}
	if c := p.Company; c != nil {
		out.Company = &erv1.CompanyBasic{SoleProprietor: c.SoleProprietor, CorporateNumber: c.CorporateNumber, CompanyName: c.CompanyName,
			CompanyNameKana: c.CompanyNameKana, HeadOfficePostalCode: c.HeadOfficePostalCode, HeadOfficeAddress: c.HeadOfficeAddress,
			EstablishedYear: c.EstablishedYear, CapitalYen: c.CapitalYen, EmployeesCompany: c.EmployeesCompany,
			RepresentativeTitle: c.RepresentativeTitle, RepresentativeName: c.RepresentativeName}
	}
	if b := p.Basic; b != nil {
		out.Basic = &erv1.EstablishmentBasic{Name: b.Name, NameKana: b.NameKana, PostalCode: b.PostalCode, MunicipalityCode: b.MunicipalityCode,
			Address: b.Address, PhoneNumber: b.PhoneNumber, FaxNumber: b.FaxNumber, HomepageUrl: b.HomepageURL, IndustryCode: b.IndustryCode}
	}
	if d := p.Detail; d != nil {
		out.Detail = &erv1.EstablishmentDetail{EmployeesAtWorkplace: d.EmployeesAtWorkplace, EmployeesFemale: d.EmployeesFemale,
			EmployeesPartTime: d.EmployeesPartTime, BusinessDescription: d.BusinessDescription, LabourUnion: d.LabourUnion,
			WorkRulesFullTime: d.WorkRulesFullTime, WorkRulesPartTime: d.WorkRulesPartTime, ChildcareLeaveRecord: d.ChildcareLeaveRecord,
			NursingCareLeaveRecord: d.NursingCareLeaveRecord, SickChildLeaveRecord: d.SickChildLeaveRecord}
	}
	if w := p.Workplace; w != nil {
		out.Workplace = &erv1.Workplace{SameAsEstablishment: w.SameAsEstablishment, PostalCode: w.PostalCode, Address: w.Address,
			NearestStation: w.NearestStation, Access: w.Access}
	}
	if r := p.PR; r != nil {
		out.Pr = &erv1.EstablishmentPR{CompanyFeatures: r.CompanyFeatures, PrText: r.PRText}
	}
	return out
}
