package app

import (
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// ProfileToProto converts the domain profile to its API/event form.
func ProfileToProto(p establishment.Profile) *erv1.EstablishmentProfile {
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

// ProfileFromProto converts the API form to the domain profile (nil sections stay nil).
func ProfileFromProto(p *erv1.EstablishmentProfile) establishment.Profile {
	var out establishment.Profile
	if p == nil {
		return out
	}
	if c := p.GetCompany(); c != nil {
		out.Company = CompanyFromProto(c)
	}
	if b := p.GetBasic(); b != nil {
		out.Basic = BasicFromProto(b)
	}
	if d := p.GetDetail(); d != nil {
		out.Detail = DetailFromProto(d)
	}
	if w := p.GetWorkplace(); w != nil {
		out.Workplace = WorkplaceFromProto(w)
	}
	if r := p.GetPr(); r != nil {
		out.PR = PRFromProto(r)
	}
	return out
}

// CompanyFromProto converts section 1.
func CompanyFromProto(c *erv1.CompanyBasic) *establishment.Company {
	return &establishment.Company{SoleProprietor: c.GetSoleProprietor(), CorporateNumber: c.GetCorporateNumber(), CompanyName: c.GetCompanyName(),
		CompanyNameKana: c.GetCompanyNameKana(), HeadOfficePostalCode: c.GetHeadOfficePostalCode(), HeadOfficeAddress: c.GetHeadOfficeAddress(),
		EstablishedYear: c.GetEstablishedYear(), CapitalYen: c.GetCapitalYen(), EmployeesCompany: c.GetEmployeesCompany(),
		RepresentativeTitle: c.GetRepresentativeTitle(), RepresentativeName: c.GetRepresentativeName()}
}

// BasicFromProto converts section 2.
func BasicFromProto(b *erv1.EstablishmentBasic) *establishment.Basic {
	return &establishment.Basic{Name: b.GetName(), NameKana: b.GetNameKana(), PostalCode: b.GetPostalCode(), MunicipalityCode: b.GetMunicipalityCode(),
		Address: b.GetAddress(), PhoneNumber: b.GetPhoneNumber(), FaxNumber: b.GetFaxNumber(), HomepageURL: b.GetHomepageUrl(), IndustryCode: b.GetIndustryCode()}
}

// DetailFromProto converts section 3.
func DetailFromProto(d *erv1.EstablishmentDetail) *establishment.Detail {
	return &establishment.Detail{EmployeesAtWorkplace: d.GetEmployeesAtWorkplace(), EmployeesFemale: d.GetEmployeesFemale(),
		EmployeesPartTime: d.GetEmployeesPartTime(), BusinessDescription: d.GetBusinessDescription(), LabourUnion: d.GetLabourUnion(),
		WorkRulesFullTime: d.GetWorkRulesFullTime(), WorkRulesPartTime: d.GetWorkRulesPartTime(), ChildcareLeaveRecord: d.GetChildcareLeaveRecord(),
		NursingCareLeaveRecord: d.GetNursingCareLeaveRecord(), SickChildLeaveRecord: d.GetSickChildLeaveRecord()}
}

// WorkplaceFromProto converts section 4.
func WorkplaceFromProto(w *erv1.Workplace) *establishment.Workplace {
	return &establishment.Workplace{SameAsEstablishment: w.GetSameAsEstablishment(), PostalCode: w.GetPostalCode(), Address: w.GetAddress(),
		NearestStation: w.GetNearestStation(), Access: w.GetAccess()}
}

// PRFromProto converts section 5.
func PRFromProto(r *erv1.EstablishmentPR) *establishment.PR {
	return &establishment.PR{CompanyFeatures: r.GetCompanyFeatures(), PRText: r.GetPrText()}
}
