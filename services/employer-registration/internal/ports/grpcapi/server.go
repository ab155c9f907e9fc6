// Package grpcapi is the thin gRPC transport of EmployerRegistrationService: each
// handler converts the request, calls one app method and converts the result. Errors
// are *errs.Error values converted by libs/grpcx.
package grpcapi

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/office"
)

// Server implements erv1.EmployerRegistrationServiceServer.
type Server struct {
	erv1.UnimplementedEmployerRegistrationServiceServer
	app *app.Service
}

// New returns a Server on a.
func New(a *app.Service) *Server { return &Server{app: a} }

// ListOffices lists offices.
func (s *Server) ListOffices(_ context.Context, r *erv1.ListOfficesRequest) (*erv1.ListOfficesResponse, error) {
	out := &erv1.ListOfficesResponse{}
	for _, o := range s.app.Offices().List(r.GetPrefectureCode()) {
		out.Offices = append(out.Offices, officePB(o))
	}
	return out, nil
}

// ResolveOffice resolves a municipality's office.
func (s *Server) ResolveOffice(_ context.Context, r *erv1.ResolveOfficeRequest) (*erv1.Office, error) {
	o, err := s.app.Offices().Resolve(r.GetMunicipalityCode())
	if err != nil {
		return nil, err
	}
	return officePB(o), nil
}

// CreateProvisionalEstablishment starts OPEN-1.
func (s *Server) CreateProvisionalEstablishment(ctx context.Context, _ *erv1.CreateProvisionalEstablishmentRequest) (*erv1.Establishment, error) {
	e, err := s.app.CreateProvisional(ctx)
	return s.est(e, err)
}

// GetMyProvisionalEstablishment returns the caller's provisional registration.
func (s *Server) GetMyProvisionalEstablishment(ctx context.Context, _ *erv1.GetMyProvisionalEstablishmentRequest) (*erv1.Establishment, error) {
	e, err := s.app.MyProvisional(ctx)
	return s.est(e, err)
}

// SaveEstablishmentSection saves one section.
func (s *Server) SaveEstablishmentSection(ctx context.Context, r *erv1.SaveEstablishmentSectionRequest) (*erv1.SaveEstablishmentSectionResponse, error) {
	var p establishment.Profile
	switch sec := r.GetSection().(type) {
	case *erv1.SaveEstablishmentSectionRequest_Company:
		p.Company = app.CompanyFromProto(sec.Company)
	case *erv1.SaveEstablishmentSectionRequest_Basic:
		p.Basic = app.BasicFromProto(sec.Basic)
	case *erv1.SaveEstablishmentSectionRequest_Detail:
		p.Detail = app.DetailFromProto(sec.Detail)
	case *erv1.SaveEstablishmentSectionRequest_Workplace:
		p.Workplace = app.WorkplaceFromProto(sec.Workplace)
	case *erv1.SaveEstablishmentSectionRequest_Pr:
		p.PR = app.PRFromProto(sec.Pr)
	}
	res, err := s.app.SaveSection(ctx, r.GetEstablishmentId(), p, r.GetConfirmWarnings())
	if err != nil {
		return nil, err
	}
	return &erv1.SaveEstablishmentSectionResponse{Establishment: s.estPB(res.Establishment), Saved: res.Saved, Warnings: warningsPB(res.Warnings)}, nil
}

// SubmitProvisionalRegistration submits or resubmits.
func (s *Server) SubmitProvisionalRegistration(ctx context.Context, r *erv1.SubmitProvisionalRegistrationRequest) (*erv1.Establishment, error) {
	e, err := s.app.Submit(ctx, r.GetEstablishmentId())
	return s.est(e, err)
}

// ListRegistrationWorklist lists the office's provisional registrations.
func (s *Server) ListRegistrationWorklist(ctx context.Context, r *erv1.ListRegistrationWorklistRequest) (*erv1.ListRegistrationWorklistResponse, error) {
	page := app.PageOf(r.GetPageSize(), r.GetPageToken())
	list, err := s.app.Worklist(ctx, page)
	if err != nil {
		return nil, err
	}
	out := &erv1.ListRegistrationWorklistResponse{NextPageToken: app.NextToken(page, len(list))}
	for _, e := range list {
		out.Establishments = append(out.Establishments, s.estPB(e))
	}
	return out, nil
}

// AcceptEstablishment accepts a registration.
func (s *Server) AcceptEstablishment(ctx context.Context, r *erv1.AcceptEstablishmentRequest) (*erv1.Establishment, error) {
	e, err := s.app.Accept(ctx, r.GetEstablishmentId(), r.GetEstablishmentNumber())
	return s.est(e, err)
}

// ReturnEstablishment returns a registration for correction.
func (s *Server) ReturnEstablishment(ctx context.Context, r *erv1.ReturnEstablishmentRequest) (*erv1.Establishment, error) {
	e, err := s.app.Return(ctx, r.GetEstablishmentId(), r.GetMessage())
	return s.est(e, err)
}

// RejectEstablishment rejects a registration.
func (s *Server) RejectEstablishment(ctx context.Context, r *erv1.RejectEstablishmentRequest) (*erv1.Establishment, error) {
	e, err := s.app.Reject(ctx, r.GetEstablishmentId(), r.GetMessage())
	return s.est(e, err)
}

// TransferEstablishment moves an establishment to another office.
func (s *Server) TransferEstablishment(ctx context.Context, r *erv1.TransferEstablishmentRequest) (*erv1.Establishment, error) {
	e, err := s.app.Transfer(ctx, r.GetEstablishmentId(), r.GetOfficeCode())
	return s.est(e, err)
}

// RegisterEstablishmentAtCounter registers at the counter (OPEN-2).
func (s *Server) RegisterEstablishmentAtCounter(ctx context.Context, r *erv1.RegisterEstablishmentAtCounterRequest) (*erv1.Establishment, error) {
	e, _, err := s.app.RegisterAtCounter(ctx, app.ProfileFromProto(r.GetProfile()), r.GetLoginEmail(), r.GetEstablishmentNumber())
	return s.est(e, err)
}

// AddLoginEmail adds a login e-mail (OPEN-2).
func (s *Server) AddLoginEmail(ctx context.Context, r *erv1.AddLoginEmailRequest) (*erv1.AddLoginEmailResponse, error) {
	e, email, err := s.app.AddLoginEmail(ctx, r.GetEstablishmentId(), r.GetLoginEmail())
	if err != nil {
		return nil, err
	}
	return &erv1.AddLoginEmailResponse{Establishment: s.estPB(e), LoginEmail: email}, nil
}

// LookupEstablishment finds an establishment by number.
func (s *Server) LookupEstablishment(ctx context.Context, r *erv1.LookupEstablishmentRequest) (*erv1.Establishment, error) {
	e, err := s.app.Lookup(ctx, r.GetEstablishmentNumber())
	return s.est(e, err)
}

// IssueAccountCreationCode issues a code (OPEN-3).
func (s *Server) IssueAccountCreationCode(ctx context.Context, r *erv1.IssueAccountCreationCodeRequest) (*erv1.IssueAccountCreationCodeResponse, error) {
	c, err := s.app.IssueCode(ctx, r.GetEstablishmentId())
	if err != nil {
		return nil, err
	}
	return &erv1.IssueAccountCreationCodeResponse{Code: c.Code, ExpiresOn: c.ExpiresOn.Format(time.DateOnly),
		IssueTime: timestamppb.New(c.IssuedAt), EstablishmentNumber: string(c.EstablishmentNumber)}, nil
}

// VerifyAccountCreationCode verifies a code for identity (OPEN-3).
func (s *Server) VerifyAccountCreationCode(ctx context.Context, r *erv1.VerifyAccountCreationCodeRequest) (*erv1.VerifyAccountCreationCodeResponse, error) {
	v, err := s.app.VerifyCode(ctx, r.GetEstablishmentNumber(), r.GetPhoneNumber(), r.GetCode())
	if err != nil {
		return nil, err
	}
	return &erv1.VerifyAccountCreationCodeResponse{EstablishmentId: v.EstablishmentID, OfficeCode: v.OfficeCode}, nil
}

// GetEstablishment returns an establishment (EST-1).
func (s *Server) GetEstablishment(ctx context.Context, r *erv1.GetEstablishmentRequest) (*erv1.Establishment, error) {
	e, err := s.app.Get(ctx, r.GetEstablishmentId())
	return s.est(e, err)
}

// GetHomeSummary returns the home data (LOGIN-6).
func (s *Server) GetHomeSummary(ctx context.Context, r *erv1.GetHomeSummaryRequest) (*erv1.HomeSummary, error) {
	h, err := s.app.HomeSummary(ctx, r.GetEstablishmentId())
	if err != nil {
		return nil, err
	}
	return &erv1.HomeSummary{EstablishmentId: h.EstablishmentID, EstablishmentName: h.EstablishmentName,
		EstablishmentNumber: h.EstablishmentNumber, OfficeCode: h.OfficeCode, OfficeName: h.OfficeName}, nil
}

// ApplyEstablishmentChange applies for a change (EST-1).
func (s *Server) ApplyEstablishmentChange(ctx context.Context, r *erv1.ApplyEstablishmentChangeRequest) (*erv1.EstablishmentChange, error) {
	c, _, err := s.app.ApplyChange(ctx, r.GetEstablishmentId(), app.ProfileFromProto(r.GetProposed()), r.GetConfirmWarnings())
	if err != nil {
		return nil, err
	}
	return changePB(c), nil
}

// ListEstablishmentChanges lists change applications.
func (s *Server) ListEstablishmentChanges(ctx context.Context, r *erv1.ListEstablishmentChangesRequest) (*erv1.ListEstablishmentChangesResponse, error) {
	page := app.PageOf(r.GetPageSize(), r.GetPageToken())
	list, err := s.app.ListChanges(ctx, r.GetEstablishmentId(), page)
	if err != nil {
		return nil, err
	}
	out := &erv1.ListEstablishmentChangesResponse{NextPageToken: app.NextToken(page, len(list))}
	for _, c := range list {
		out.Changes = append(out.Changes, changePB(c))
	}
	return out, nil
}

// ApproveEstablishmentChange approves a change.
func (s *Server) ApproveEstablishmentChange(ctx context.Context, r *erv1.ApproveEstablishmentChangeRequest) (*erv1.EstablishmentChange, error) {
	c, err := s.app.ReviewChange(ctx, r.GetChangeId(), true, "")
	if err != nil {
		return nil, err
	}
	return changePB(c), nil
}

// RejectEstablishmentChange rejects a change.
func (s *Server) RejectEstablishmentChange(ctx context.Context, r *erv1.RejectEstablishmentChangeRequest) (*erv1.EstablishmentChange, error) {
	c, err := s.app.ReviewChange(ctx, r.GetChangeId(), false, r.GetMessage())
	if err != nil {
		return nil, err
	}
	return changePB(c), nil
}

// UploadImage uploads an image (IMG-1).
func (s *Server) UploadImage(ctx context.Context, r *erv1.UploadImageRequest) (*erv1.Image, error) {
	i, err := s.app.UploadImage(ctx, app.Upload{EstablishmentID: r.GetEstablishmentId(), Filename: r.GetFilename(),
		DeclaredType: r.GetDeclaredContentType(), Content: r.GetContent(), Caption: r.GetCaption(), ReplaceImageID: r.GetReplaceImageId()})
	if err != nil {
		return nil, err
	}
	return imagePB(i), nil
}

// ListImages lists images.
func (s *Server) ListImages(ctx context.Context, r *erv1.ListImagesRequest) (*erv1.ListImagesResponse, error) {
	list, err := s.app.ListImages(ctx, r.GetEstablishmentId())
	if err != nil {
		return nil, err
	}
	out := &erv1.ListImagesResponse{}
	for _, i := range list {
		out.Images = append(out.Images, imagePB(i))
	}
	return out, nil
}

// GetImage returns an image's bytes.
func (s *Server) GetImage(ctx context.Context, r *erv1.GetImageRequest) (*erv1.GetImageResponse, error) {
	i, err := s.app.GetImage(ctx, r.GetEstablishmentId(), r.GetImageId())
	if err != nil {
		return nil, err
	}
	return &erv1.GetImageResponse{Image: imagePB(i), Content: i.Content}, nil
}

// DeleteImage deletes an image.
func (s *Server) DeleteImage(ctx context.Context, r *erv1.DeleteImageRequest) (*erv1.DeleteImageResponse, error) {
	if err := s.app.DeleteImage(ctx, r.GetEstablishmentId(), r.GetImageId()); err != nil {
		return nil, err
	}
	return &erv1.DeleteImageResponse{}, nil
}

// ListImageWorklist lists images waiting for review.
func (s *Server) ListImageWorklist(ctx context.Context, r *erv1.ListImageWorklistRequest) (*erv1.ListImageWorklistResponse, error) {
	page := app.PageOf(r.GetPageSize(), r.GetPageToken())
	list, err := s.app.ImageWorklist(ctx, page)
	if err != nil {
		return nil, err
	}
	out := &erv1.ListImageWorklistResponse{NextPageToken: app.NextToken(page, len(list))}
	for _, i := range list {
		out.Images = append(out.Images, imagePB(i))
	}
	return out, nil
}

// ReviewImage publishes or rejects an image.
func (s *Server) ReviewImage(ctx context.Context, r *erv1.ReviewImageRequest) (*erv1.Image, error) {
	i, err := s.app.ReviewImage(ctx, r.GetImageId(), r.GetApprove(), r.GetMessage())
	if err != nil {
		return nil, err
	}
	return imagePB(i), nil
}

func (s *Server) est(e *establishment.Establishment, err error) (*erv1.Establishment, error) {
	if err != nil {
		return nil, err
	}
	return s.estPB(e), nil
}

var states = map[establishment.State]erv1.EstablishmentState{
	establishment.StateDraft: erv1.EstablishmentState_ESTABLISHMENT_STATE_DRAFT, establishment.StateProvisional: erv1.EstablishmentState_ESTABLISHMENT_STATE_PROVISIONAL,
	establishment.StateReturned: erv1.EstablishmentState_ESTABLISHMENT_STATE_RETURNED, establishment.StateRegistered: erv1.EstablishmentState_ESTABLISHMENT_STATE_REGISTERED,
	establishment.StateRejected: erv1.EstablishmentState_ESTABLISHMENT_STATE_REJECTED,
}

func ts(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

func (s *Server) estPB(e *establishment.Establishment) *erv1.Establishment {
	if e == nil {
		return nil
	}
	out := &erv1.Establishment{EstablishmentId: e.ID, EstablishmentNumber: string(e.Number), State: states[e.State], OfficeCode: e.OfficeCode,
		OfficeName: s.app.OfficeName(e.OfficeCode), Profile: app.ProfileToProto(e.Profile), OfficeMessage: e.OfficeMessage,
		SubmittedAt: ts(e.SubmittedAt), RegisteredAt: ts(e.RegisteredAt), Version: e.Version, CreateTime: ts(e.CreatedAt), UpdateTime: ts(e.UpdatedAt)}
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
		Proposed: app.ProfileToProto(c.Proposed), ReviewMessage: c.ReviewMessage, CreateTime: ts(c.CreatedAt), ReviewTime: ts(c.ReviewedAt),
		Warnings: warningsPB(c.Warnings)}
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
		CreateTime: ts(i.CreatedAt), UpdateTime: ts(i.UpdatedAt), Etag: i.SHA256}
}

func officePB(o office.Office) *erv1.Office {
	return &erv1.Office{OfficeCode: o.Code, Name: o.Name, PrefectureCode: o.PrefectureCode, PrefectureName: o.PrefectureName,
		ParentOfficeCode: o.ParentCode, IsBranch: o.IsBranch, CodeIsSynthetic: o.CodeIsSynthetic, MunicipalityCodes: o.MunicipalityCodes,
		LabourBureau: o.LabourBureau, OpeningHours: o.OpeningHours}
}
