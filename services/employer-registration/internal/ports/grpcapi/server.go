// Package grpcapi is the thin gRPC transport of EmployerRegistrationService: each
// handler converts the request into a command or query (convert.go), calls one app
// method and converts the result. No rule and no SQL lives here. Errors are
// *errs.Error values converted by libs/grpcx.
package grpcapi

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// Server implements erv1.EmployerRegistrationServiceServer.
type Server struct {
	erv1.UnimplementedEmployerRegistrationServiceServer
	app *app.App
}

// New returns a Server on a.
func New(a *app.App) *Server { return &Server{app: a} }

// ListOffices lists offices.
func (s *Server) ListOffices(ctx context.Context, r *erv1.ListOfficesRequest) (*erv1.ListOfficesResponse, error) {
	out := &erv1.ListOfficesResponse{}
	for _, o := range s.app.ListOffices(ctx, app.ListOffices{PrefectureCode: r.GetPrefectureCode()}) {
		out.Offices = append(out.Offices, officePB(o))
	}
	return out, nil
}

// ResolveOffice resolves a municipality's office.
func (s *Server) ResolveOffice(ctx context.Context, r *erv1.ResolveOfficeRequest) (*erv1.Office, error) {
	o, err := s.app.ResolveOffice(ctx, app.ResolveOffice{MunicipalityCode: r.GetMunicipalityCode()})
	if err != nil {
		return nil, err
	}
	return officePB(o), nil
}

// CreateProvisionalEstablishment starts OPEN-1.
func (s *Server) CreateProvisionalEstablishment(ctx context.Context, _ *erv1.CreateProvisionalEstablishmentRequest) (*erv1.Establishment, error) {
	return s.est(s.app.CreateProvisional(ctx))
}

// GetMyProvisionalEstablishment returns the caller's provisional registration.
func (s *Server) GetMyProvisionalEstablishment(ctx context.Context, _ *erv1.GetMyProvisionalEstablishmentRequest) (*erv1.Establishment, error) {
	return s.est(s.app.MyProvisional(ctx))
}

// SaveEstablishmentSection saves one section.
func (s *Server) SaveEstablishmentSection(ctx context.Context, r *erv1.SaveEstablishmentSectionRequest) (*erv1.SaveEstablishmentSectionResponse, error) {
	res, err := s.app.SaveSection(ctx, app.SaveSection{EstablishmentID: r.GetEstablishmentId(), Section: sectionOf(r), ConfirmWarnings: r.GetConfirmWarnings()})
	if err != nil {
		return nil, err
	}
	return &erv1.SaveEstablishmentSectionResponse{Establishment: s.estPB(res.Establishment), Saved: res.Saved, Warnings: warningsPB(res.Warnings)}, nil
}

// SubmitProvisionalRegistration submits or resubmits.
func (s *Server) SubmitProvisionalRegistration(ctx context.Context, r *erv1.SubmitProvisionalRegistrationRequest) (*erv1.Establishment, error) {
	return s.est(s.app.Submit(ctx, app.Submit{EstablishmentID: r.GetEstablishmentId()}))
}

// ListRegistrationWorklist lists the office's provisional registrations.
func (s *Server) ListRegistrationWorklist(ctx context.Context, r *erv1.ListRegistrationWorklistRequest) (*erv1.ListRegistrationWorklistResponse, error) {
	page, err := s.app.Worklist(ctx, app.Worklist{Page: pageOf(r.GetPageSize(), r.GetPageToken())})
	if err != nil {
		return nil, err
	}
	out := &erv1.ListRegistrationWorklistResponse{NextPageToken: page.NextPageToken}
	for _, e := range page.Establishments {
		out.Establishments = append(out.Establishments, s.estPB(e))
	}
	return out, nil
}

// AcceptEstablishment accepts a registration.
func (s *Server) AcceptEstablishment(ctx context.Context, r *erv1.AcceptEstablishmentRequest) (*erv1.Establishment, error) {
	return s.est(s.app.Accept(ctx, app.Accept{EstablishmentID: r.GetEstablishmentId(), ExistingNumber: r.GetEstablishmentNumber()}))
}

// ReturnEstablishment returns a registration for correction.
func (s *Server) ReturnEstablishment(ctx context.Context, r *erv1.ReturnEstablishmentRequest) (*erv1.Establishment, error) {
	return s.est(s.app.Return(ctx, app.Return{EstablishmentID: r.GetEstablishmentId(), Message: r.GetMessage()}))
}

// RejectEstablishment rejects a registration.
func (s *Server) RejectEstablishment(ctx context.Context, r *erv1.RejectEstablishmentRequest) (*erv1.Establishment, error) {
	return s.est(s.app.Reject(ctx, app.Reject{EstablishmentID: r.GetEstablishmentId(), Message: r.GetMessage()}))
}

// TransferEstablishment moves an establishment to another office.
func (s *Server) TransferEstablishment(ctx context.Context, r *erv1.TransferEstablishmentRequest) (*erv1.Establishment, error) {
	return s.est(s.app.Transfer(ctx, app.Transfer{EstablishmentID: r.GetEstablishmentId(), OfficeCode: r.GetOfficeCode()}))
}

// RegisterEstablishmentAtCounter registers at the counter (OPEN-2).
func (s *Server) RegisterEstablishmentAtCounter(ctx context.Context, r *erv1.RegisterEstablishmentAtCounterRequest) (*erv1.Establishment, error) {
	return s.est(s.app.RegisterAtCounter(ctx, app.RegisterAtCounter{Profile: profileFromPB(r.GetProfile()), LoginEmail: r.GetLoginEmail(),
		ExistingNumber: r.GetEstablishmentNumber()}))
}

// AddLoginEmail adds a login e-mail (OPEN-2).
func (s *Server) AddLoginEmail(ctx context.Context, r *erv1.AddLoginEmailRequest) (*erv1.AddLoginEmailResponse, error) {
	res, err := s.app.AddLoginEmail(ctx, app.AddLoginEmail{EstablishmentID: r.GetEstablishmentId(), LoginEmail: r.GetLoginEmail()})
	if err != nil {
		return nil, err
	}
	return &erv1.AddLoginEmailResponse{Establishment: s.estPB(res.Establishment), LoginEmail: res.LoginEmail}, nil
}

// LookupEstablishment finds an establishment by number.
func (s *Server) LookupEstablishment(ctx context.Context, r *erv1.LookupEstablishmentRequest) (*erv1.Establishment, error) {
	return s.est(s.app.Lookup(ctx, app.Lookup{EstablishmentNumber: r.GetEstablishmentNumber()}))
}

// IssueAccountCreationCode issues a code (OPEN-3).
func (s *Server) IssueAccountCreationCode(ctx context.Context, r *erv1.IssueAccountCreationCodeRequest) (*erv1.IssueAccountCreationCodeResponse, error) {
	c, err := s.app.IssueCode(ctx, app.IssueCode{EstablishmentID: r.GetEstablishmentId()})
	if err != nil {
		return nil, err
	}
	return &erv1.IssueAccountCreationCodeResponse{Code: c.Code, ExpiresOn: c.ExpiresOn.Format(time.DateOnly),
		IssueTime: timestamppb.New(c.IssuedAt), EstablishmentNumber: string(c.EstablishmentNumber)}, nil
}

// VerifyAccountCreationCode verifies a code for identity (OPEN-3).
func (s *Server) VerifyAccountCreationCode(ctx context.Context, r *erv1.VerifyAccountCreationCodeRequest) (*erv1.VerifyAccountCreationCodeResponse, error) {
	v, err := s.app.VerifyCode(ctx, app.VerifyCode{EstablishmentNumber: r.GetEstablishmentNumber(), PhoneNumber: r.GetPhoneNumber(), Code: r.GetCode()})
	if err != nil {
		return nil, err
	}
	return &erv1.VerifyAccountCreationCodeResponse{EstablishmentId: v.EstablishmentID, OfficeCode: v.OfficeCode}, nil
}

// GetEstablishment returns an establishment (EST-1).
func (s *Server) GetEstablishment(ctx context.Context, r *erv1.GetEstablishmentRequest) (*erv1.Establishment, error) {
	return s.est(s.app.GetEstablishment(ctx, app.GetEstablishment{EstablishmentID: r.GetEstablishmentId()}))
}

// GetHomeSummary returns the home data (LOGIN-6).
func (s *Server) GetHomeSummary(ctx context.Context, r *erv1.GetHomeSummaryRequest) (*erv1.HomeSummary, error) {
	h, err := s.app.HomeSummary(ctx, app.HomeSummary{EstablishmentID: r.GetEstablishmentId()})
	if err != nil {
		return nil, err
	}
	return &erv1.HomeSummary{EstablishmentId: h.EstablishmentID, EstablishmentName: h.EstablishmentName,
		EstablishmentNumber: h.EstablishmentNumber, OfficeCode: h.OfficeCode, OfficeName: h.OfficeName}, nil
}

// ApplyEstablishmentChange applies for a change (EST-1).
func (s *Server) ApplyEstablishmentChange(ctx context.Context, r *erv1.ApplyEstablishmentChangeRequest) (*erv1.EstablishmentChange, error) {
	return change(s.app.ApplyChange(ctx, app.ApplyChange{EstablishmentID: r.GetEstablishmentId(), Proposed: profileFromPB(r.GetProposed()),
		ConfirmWarnings: r.GetConfirmWarnings()}))
}

// ListEstablishmentChanges lists change applications.
func (s *Server) ListEstablishmentChanges(ctx context.Context, r *erv1.ListEstablishmentChangesRequest) (*erv1.ListEstablishmentChangesResponse, error) {
	page, err := s.app.ListChanges(ctx, app.ListChanges{EstablishmentID: r.GetEstablishmentId(), Page: pageOf(r.GetPageSize(), r.GetPageToken())})
	if err != nil {
		return nil, err
	}
	out := &erv1.ListEstablishmentChangesResponse{NextPageToken: page.NextPageToken}
	for _, c := range page.Changes {
		out.Changes = append(out.Changes, changePB(c))
	}
	return out, nil
}

// ApproveEstablishmentChange approves a change.
func (s *Server) ApproveEstablishmentChange(ctx context.Context, r *erv1.ApproveEstablishmentChangeRequest) (*erv1.EstablishmentChange, error) {
	return change(s.app.ReviewChange(ctx, app.ReviewChange{ChangeID: r.GetChangeId(), Approve: true}))
}

// RejectEstablishmentChange rejects a change.
func (s *Server) RejectEstablishmentChange(ctx context.Context, r *erv1.RejectEstablishmentChangeRequest) (*erv1.EstablishmentChange, error) {
	return change(s.app.ReviewChange(ctx, app.ReviewChange{ChangeID: r.GetChangeId(), Message: r.GetMessage()}))
}

// UploadImage uploads an image (IMG-1).
func (s *Server) UploadImage(ctx context.Context, r *erv1.UploadImageRequest) (*erv1.Image, error) {
	i, err := s.app.UploadImage(ctx, app.UploadImage{EstablishmentID: r.GetEstablishmentId(), Filename: r.GetFilename(),
		DeclaredType: r.GetDeclaredContentType(), Content: r.GetContent(), Caption: r.GetCaption(), ReplaceImageID: r.GetReplaceImageId()})
	if err != nil {
		return nil, err
	}
	return imagePB(i), nil
}

// ListImages lists images.
func (s *Server) ListImages(ctx context.Context, r *erv1.ListImagesRequest) (*erv1.ListImagesResponse, error) {
	list, err := s.app.ListImages(ctx, app.ListImages{EstablishmentID: r.GetEstablishmentId()})
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
	i, err := s.app.GetImage(ctx, app.GetImage{EstablishmentID: r.GetEstablishmentId(), ImageID: r.GetImageId()})
	if err != nil {
		return nil, err
	}
	return &erv1.GetImageResponse{Image: imagePB(i), Content: i.Content}, nil
}

// DeleteImage deletes an image.
func (s *Server) DeleteImage(ctx context.Context, r *erv1.DeleteImageRequest) (*erv1.DeleteImageResponse, error) {
	if err := s.app.DeleteImage(ctx, app.DeleteImage{EstablishmentID: r.GetEstablishmentId(), ImageID: r.GetImageId()}); err != nil {
		return nil, err
	}
	return &erv1.DeleteImageResponse{}, nil
}

// ListImageWorklist lists images waiting for review.
func (s *Server) ListImageWorklist(ctx context.Context, r *erv1.ListImageWorklistRequest) (*erv1.ListImageWorklistResponse, error) {
	page, err := s.app.ImageWorklist(ctx, app.ImageWorklist{Page: pageOf(r.GetPageSize(), r.GetPageToken())})
	if err != nil {
		return nil, err
	}
	out := &erv1.ListImageWorklistResponse{NextPageToken: page.NextPageToken}
	for _, i := range page.Images {
		out.Images = append(out.Images, imagePB(i))
	}
	return out, nil
}

// ReviewImage publishes or rejects an image.
func (s *Server) ReviewImage(ctx context.Context, r *erv1.ReviewImageRequest) (*erv1.Image, error) {
	i, err := s.app.ReviewImage(ctx, app.ReviewImage{ImageID: r.GetImageId(), Approve: r.GetApprove(), Message: r.GetMessage()})
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

func change(c *establishment.Change, err error) (*erv1.EstablishmentChange, error) {
	if err != nil {
		return nil, err
	}
	return changePB(c), nil
}
