package grpcapi

import (
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/office"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
)

// Conversions between the API's messages and the application's commands and results.

// profilePB is the same mapping as the EstablishmentChangeApplied event's profile.
func profilePB(p establishment.Profile) *erv1.EstablishmentProfile { return app.ProfilePayload(p) }

// sectionOf converts the one section a SaveEstablishmentSection request carries.
func sectionOf(r *erv1.SaveEstablishmentSectionRequest) establishment.Profile {
	var p establishment.Profile
	switch sec := r.GetSection().(type) {
	case *erv1.SaveEstablishmentSectionRequest_Company:
		p.Company = companyFromPB(sec.Company)
	case *erv1.SaveEstablishmentSectionRequest_Basic:
		p.Basic = basicFromPB(sec.Basic)
	case *erv1.SaveEstablishmentSectionRequest_Detail:
		p.Detail = detailFromPB(sec.Detail)
	case *erv1.SaveEstablishmentSectionRequest_Workplace:
		p.Workplace = workplaceFromPB(sec.Workplace)
	case *erv1.SaveEstablishmentSectionRequest_Pr:
		p.PR = prFromPB(sec.Pr)
	}
	return p
}

func pageOf(size int32, token string) app.Page { return app.Page{Size: size, Token: token} }

// profileFromPB converts the API form to the domain profile (nil sections stay nil).
func profileFromPB(p *erv1.EstablishmentProfile) establishment.Profile {
	var out establishment.Profile
	if p == nil {
		return out
	}
	if c := p.GetCompany(); c != nil {
		out.Company = companyFromPB(c)
	}
	if b := p.GetBasic(); b != nil {
		out.Basic = basicFromPB(b)
	}
	if d := p.GetDetail(); d != nil {
		out.Detail = detailFromPB(d)
	}
	if w := p.GetWorkplace(); w != nil {
		out.Workplace = workplaceFromPB(w)
	}
	if r := p.GetPr(); r != nil {
		out.PR = prFromPB(r)
	}
	return out
}

// companyFromPB converts section 1.
func companyFromPB(c *erv1.CompanyBasic) *establishment.Company {
	return &establishment.Company{SoleProprietor: c.GetSoleProprietor(), CorporateNumber: c.GetCorporateNumber(), CompanyName: c.GetCompanyName(),
		CompanyNameKana: c.GetCompanyNameKana(), HeadOfficePostalCode: c.GetHeadOfficePostalCode(), HeadOfficeAddress: c.GetHeadOfficeAddress(),
		EstablishedYear: c.GetEstablishedYear(), CapitalYen: c.GetCapitalYen(), EmployeesCompany: c.GetEmployeesCompany(),
		RepresentativeTitle: c.GetRepresentativeTitle(), RepresentativeName: c.GetRepresentativeName()}
}

// basicFromPB converts section 2.
func basicFromPB(b *erv1.EstablishmentBasic) *establishment.Basic {
	return &establishment.Basic{Name: b.GetName(), NameKana: b.GetNameKana(), PostalCode: b.GetPostalCode(), MunicipalityCode: b.GetMunicipalityCode(),
		Address: b.GetAddress(), PhoneNumber: b.GetPhoneNumber(), FaxNumber: b.GetFaxNumber(), HomepageURL: b.GetHomepageUrl(), IndustryCode: b.GetIndustryCode()}
}

// detailFromPB converts section 3.
func detailFromPB(d *erv1.EstablishmentDetail) *establishment.Detail {
	return &establishment.Detail{EmployeesAtWorkplace: d.GetEmployeesAtWorkplace(), EmployeesFemale: d.GetEmployeesFemale(),
		EmployeesPartTime: d.GetEmployeesPartTime(), BusinessDescription: d.GetBusinessDescription(), LabourUnion: d.GetLabourUnion(),
		WorkRulesFullTime: d.GetWorkRulesFullTime(), WorkRulesPartTime: d.GetWorkRulesPartTime(), ChildcareLeaveRecord: d.GetChildcareLeaveRecord(),
		NursingCareLeaveRecord: d.GetNursingCareLeaveRecord(), SickChildLeaveRecord: d.GetSickChildLeaveRecord()}
}

// workplaceFromPB converts section 4.
func workplaceFromPB(w *erv1.Workplace) *establishment.Workplace {
	return &establishment.Workplace{SameAsEstablishment: w.GetSameAsEstablishment(), PostalCode: w.GetPostalCode(), Address: w.GetAddress(),
		NearestStation: w.GetNearestStation(), Access: w.GetAccess()}
}

// prFromPB converts section 5.
func prFromPB(r *erv1.EstablishmentPR) *establishment.PR {
	return &establishment.PR{CompanyFeatures: r.GetCompanyFeatures(), PRText: r.GetPrText()}
}

var states = map[establishment.State]erv1.EstablishmentState{
	establishment.StateDraft: erv1.EstablishmentState_ESTABLISHMENT_STATE_DRAFT, establishment.StateProvisional: erv1.EstablishmentState_ESTABLISHMENT_STATE_PROVISIONAL,
	establishment.StateReturned: erv1.EstablishmentState_ESTABLISHMENT_STATE_RETURNED, establishment.StateRegistered: erv1.EstablishmentState_ESTABLISHMENT_STATE_REGISTERED,
	establishment.StateRejected: erv1.EstablishmentState_ESTABLISHMENT_STATE_REJECTED,
}

func (s *Server) estPB(e *establishment.Establishment) *erv1.Establishment {
	if e == nil {
		return nil
	}
	out := &erv1.Establishment{EstablishmentId: e.ID, EstablishmentNumber: string(e.Number), State: states[e.State], OfficeCode: e.OfficeCode,
		OfficeName: s.app.OfficeName(e.OfficeCode), Profile: profilePB(e.Profile), OfficeMessage: e.OfficeMessage,
		SubmittedAt: prototime.Timestamp(e.SubmittedAt), RegisteredAt: prototime.Timestamp(e.RegisteredAt), Version: e.Version,
		CreateTime: prototime.Timestamp(e.CreatedAt), UpdateTime: prototime.Timestamp(e.UpdatedAt)}
	for _, n := range e.CompletedSections() {
		out.CompletedSections = append(out.CompletedSections, int32(n))
	}
	return out
}

func warningsPB(in []establishment.Issue) []*erv1.ValidationWarning {
	var out []*erv1.ValidationWarning
	for _, w := range in {
		out = append(out, &erv1.ValidationWarning{Field: w.Field, Reason: w.Reason, MessageJa: w.MessageJA})
	}
	return out
}

var changeStates = map[establishment.ChangeState]erv1.ChangeState{establishment.ChangePending: erv1.ChangeState_CHANGE_STATE_PENDING,
	establishment.ChangeApproved: erv1.ChangeState_CHANGE_STATE_APPROVED, establishment.ChangeRejected: erv1.ChangeState_CHANGE_STATE_REJECTED}

func changePB(c *establishment.Change) *erv1.EstablishmentChange {
	out := &erv1.EstablishmentChange{ChangeId: c.ID, EstablishmentId: c.EstablishmentID, State: changeStates[c.State],
		Proposed: profilePB(c.Proposed), ReviewMessage: c.ReviewMessage, CreateTime: prototime.Timestamp(c.CreatedAt),
		ReviewTime: prototime.Timestamp(c.ReviewedAt),
		Warnings:   warningsPB(c.Warnings)}
	for _, n := range c.Proposed.Sections() {
		out.Sections = append(out.Sections, int32(n))
	}
	return out
}

var imageStates = map[image.State]erv1.ImageState{image.StatePending: erv1.ImageState_IMAGE_STATE_PENDING_REVIEW,
	image.StatePublished: erv1.ImageState_IMAGE_STATE_PUBLISHED, image.StateRejected: erv1.ImageState_IMAGE_STATE_REJECTED}

func imagePB(i *image.Image) *erv1.Image {
	return &erv1.Image{ImageId: i.ID, EstablishmentId: i.EstablishmentID, ContentType: i.ContentType, SizeBytes: i.SizeBytes,
		Width: int32(i.Width), Height: int32(i.Height), Caption: i.Caption, State: imageStates[i.State], ReviewMessage: i.ReviewMessage,
		CreateTime: prototime.Timestamp(i.CreatedAt), UpdateTime: prototime.Timestamp(i.UpdatedAt), Etag: i.SHA256}
}

func officePB(o office.Office) *erv1.Office {
	return &erv1.Office{OfficeCode: o.Code, Name: o.Name, PrefectureCode: o.PrefectureCode, PrefectureName: o.PrefectureName,
		ParentOfficeCode: o.ParentCode, IsBranch: o.IsBranch, CodeIsSynthetic: o.CodeIsSynthetic, MunicipalityCodes: o.MunicipalityCodes,
		LabourBureau: o.LabourBureau, OpeningHours: o.OpeningHours}
}
