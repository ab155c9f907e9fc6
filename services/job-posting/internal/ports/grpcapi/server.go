// Package grpcapi serves job_posting.v1.JobPostingService: proto → command
// (convert.go), call app, result → proto. Authentication, authorization (the policies
// declared in the proto), validation (protovalidate) and error conversion are done by
// the libs/grpcx interceptors; resource checks are the app's.
package grpcapi

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"

	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/app"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
)

// Server implements JobPostingServiceServer.
type Server struct {
	jobpostingv1.UnimplementedJobPostingServiceServer
	app *app.App
}

// New returns the gRPC server.
func New(a *app.App) *Server { return &Server{app: a} }

func (s *Server) out(p *posting.Posting) *jobpostingv1.Posting {
	return postingOut(p, s.app.Policy().RenewalLeadDays)
}

// CreatePosting implements the RPC.
func (s *Server) CreatePosting(ctx context.Context, req *jobpostingv1.CreatePostingRequest) (*jobpostingv1.Posting, error) {
	p, err := s.app.CreatePosting(ctx, app.CreatePosting{ReuseOf: req.GetReuseOf(), RenewalOf: req.GetRenewalOf()})
	if err != nil {
		return nil, err
	}
	return s.out(p), nil
}

// UpdatePostingSection implements the RPC.
func (s *Server) UpdatePostingSection(ctx context.Context, req *jobpostingv1.UpdatePostingSectionRequest) (*jobpostingv1.UpdatePostingSectionResponse, error) {
	id, c := sectionIn(req)
	res, err := s.app.UpdateSection(ctx, app.UpdateSection{PostingID: req.GetPostingId(), Section: id, Content: c})
	if err != nil {
		return nil, err
	}
	return &jobpostingv1.UpdatePostingSectionResponse{Posting: s.out(res.Posting), Warnings: warningsOut(res.Warnings)}, nil
}

// GetPosting implements the RPC.
func (s *Server) GetPosting(ctx context.Context, req *jobpostingv1.GetPostingRequest) (*jobpostingv1.Posting, error) {
	p, err := s.app.GetPosting(ctx, req.GetPostingId())
	if err != nil {
		return nil, err
	}
	return s.out(p), nil
}

// ListPostings implements the RPC.
func (s *Server) ListPostings(ctx context.Context, req *jobpostingv1.ListPostingsRequest) (*jobpostingv1.ListPostingsResponse, error) {
	page, err := s.app.ListPostings(ctx, app.ListPostings{List: posting.List(req.GetList()), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &jobpostingv1.ListPostingsResponse{NextPageToken: page.NextPageToken}
	for _, p := range page.Postings {
		out.Postings = append(out.Postings, s.out(p))
	}
	for _, g := range []codes.HomeGroup{codes.GroupGeneral, codes.GroupGraduate, codes.GroupDisability} {
		out.Counts = append(out.Counts, &jobpostingv1.CategoryCount{Group: g.Label(), Valid: int32(page.Counts[g])})
	}
	return out, nil
}

// SubmitPosting implements the RPC.
func (s *Server) SubmitPosting(ctx context.Context, req *jobpostingv1.SubmitPostingRequest) (*jobpostingv1.SubmitPostingResponse, error) {
	res, err := s.app.SubmitPosting(ctx, app.SubmitPosting{PostingID: req.GetPostingId(), Confirmed: req.GetConfirmedWarnings()})
	if err != nil {
		return nil, err
	}
	return &jobpostingv1.SubmitPostingResponse{Posting: s.out(res.Posting), Warnings: warningsOut(res.Warnings)}, nil
}

// ListPostingWorklist implements the RPC.
func (s *Server) ListPostingWorklist(ctx context.Context, req *jobpostingv1.ListPostingWorklistRequest) (*jobpostingv1.ListPostingWorklistResponse, error) {
	page, err := s.app.ListWorklist(ctx, app.Worklist{PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &jobpostingv1.ListPostingWorklistResponse{NextPageToken: page.NextPageToken}
	for _, it := range page.Items {
		out.Items = append(out.Items, &jobpostingv1.WorklistItem{Posting: s.out(it.Posting), EstablishmentName: it.EstablishmentName,
			Overdue: it.Overdue, EstablishmentProvisional: it.EstablishmentProvisional})
	}
	return out, nil
}

// CreateCounterPosting implements the RPC.
func (s *Server) CreateCounterPosting(ctx context.Context, req *jobpostingv1.CreateCounterPostingRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.CreateCounterPosting(ctx, req.GetEstablishmentId()))
}

// ListOfficePostings implements the RPC.
func (s *Server) ListOfficePostings(ctx context.Context, req *jobpostingv1.ListOfficePostingsRequest) (*jobpostingv1.ListOfficePostingsResponse, error) {
	page, err := s.app.ListOfficePostings(ctx, app.OfficeLookup{JobNumber: req.GetJobNumber(), EstablishmentID: req.GetEstablishmentId(),
		PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &jobpostingv1.ListOfficePostingsResponse{NextPageToken: page.NextPageToken}
	for _, p := range page.Postings {
		out.Postings = append(out.Postings, s.out(p))
	}
	return out, nil
}

// AcceptPosting implements the RPC.
func (s *Server) AcceptPosting(ctx context.Context, req *jobpostingv1.AcceptPostingRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.AcceptPosting(ctx, app.StaffDecision{PostingID: req.GetPostingId()}))
}

// ReturnPosting implements the RPC.
func (s *Server) ReturnPosting(ctx context.Context, req *jobpostingv1.ReturnPostingRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.ReturnPosting(ctx, app.StaffDecision{PostingID: req.GetPostingId(), Message: req.GetMessage()}))
}

// RejectPosting implements the RPC.
func (s *Server) RejectPosting(ctx context.Context, req *jobpostingv1.RejectPostingRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.RejectPosting(ctx, app.StaffDecision{PostingID: req.GetPostingId(), Message: req.GetMessage()}))
}

// PublishPosting implements the RPC.
func (s *Server) PublishPosting(ctx context.Context, req *jobpostingv1.PublishPostingRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.PublishPosting(ctx, app.StaffDecision{PostingID: req.GetPostingId()}))
}

func (s *Server) decided(p *posting.Posting, err error) (*jobpostingv1.Posting, error) {
	if err != nil {
		return nil, err
	}
	return s.out(p), nil
}

// WithdrawPosting implements the RPC.
func (s *Server) WithdrawPosting(ctx context.Context, req *jobpostingv1.WithdrawPostingRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.WithdrawPosting(ctx, req.GetPostingId()))
}

// RequestPostingChange implements the RPC.
func (s *Server) RequestPostingChange(ctx context.Context, req *jobpostingv1.RequestPostingChangeRequest) (*jobpostingv1.RequestPostingChangeResponse, error) {
	res, err := s.app.RequestChange(ctx, app.RequestChange{PostingID: req.GetPostingId(), Content: contentIn(req.GetContent()),
		Note: req.GetNote(), Confirmed: req.GetConfirmedWarnings()})
	if err != nil {
		return nil, err
	}
	return &jobpostingv1.RequestPostingChangeResponse{Posting: s.out(res.Posting), Warnings: warningsOut(res.Warnings)}, nil
}

// RequestPostingStop implements the RPC.
func (s *Server) RequestPostingStop(ctx context.Context, req *jobpostingv1.RequestPostingStopRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.RequestApplication(ctx, app.RequestSimple{PostingID: req.GetPostingId(), Kind: posting.AppStop, Note: req.GetNote()}))
}

// RequestPostingCancellation implements the RPC.
func (s *Server) RequestPostingCancellation(ctx context.Context, req *jobpostingv1.RequestPostingCancellationRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.RequestApplication(ctx, app.RequestSimple{PostingID: req.GetPostingId(), Kind: posting.AppCancel, Note: req.GetNote()}))
}

// RequestPostingExtension implements the RPC.
func (s *Server) RequestPostingExtension(ctx context.Context, req *jobpostingv1.RequestPostingExtensionRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.RequestApplication(ctx, app.RequestSimple{PostingID: req.GetPostingId(), Kind: posting.AppExtension, Note: req.GetNote()}))
}

// AcceptPostingApplication implements the RPC.
func (s *Server) AcceptPostingApplication(ctx context.Context, req *jobpostingv1.AcceptPostingApplicationRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.AcceptApplication(ctx, app.StaffDecision{PostingID: req.GetPostingId()}))
}

// RefusePostingApplication implements the RPC.
func (s *Server) RefusePostingApplication(ctx context.Context, req *jobpostingv1.RefusePostingApplicationRequest) (*jobpostingv1.Posting, error) {
	return s.decided(s.app.RefuseApplication(ctx, app.StaffDecision{PostingID: req.GetPostingId(), Message: req.GetMessage()}))
}

// BringForwardReferralDeadline implements the RPC.
func (s *Server) BringForwardReferralDeadline(ctx context.Context, req *jobpostingv1.BringForwardReferralDeadlineRequest) (*jobpostingv1.Posting, error) {
	to, err := time.ParseInLocation(time.DateOnly, req.GetReferralDeadline(), clock.JST)
	if err != nil {
		return nil, errs.Invalid(errs.Field("referral_deadline", "INVALID_ARGUMENT", "not a date"))
	}
	return s.decided(s.app.BringForwardReferralDeadline(ctx, app.BringForward{PostingID: req.GetPostingId(), To: to}))
}

// GetPublishedPosting implements the RPC.
func (s *Server) GetPublishedPosting(ctx context.Context, req *jobpostingv1.GetPublishedPostingRequest) (*jobpostingv1.PublicPosting, error) {
	it, err := s.app.GetPublished(ctx, req.GetPostingId())
	if err != nil {
		return nil, err
	}
	return publicOut(it), nil
}

// SearchPublishedPostings implements the RPC.
func (s *Server) SearchPublishedPostings(ctx context.Context, req *jobpostingv1.SearchPublishedPostingsRequest) (*jobpostingv1.SearchPublishedPostingsResponse, error) {
	page, err := s.app.SearchPublished(ctx, searchIn(req))
	if err != nil {
		return nil, err
	}
	out := &jobpostingv1.SearchPublishedPostingsResponse{NextPageToken: page.NextPageToken,
		Postings: make([]*jobpostingv1.PublicPosting, 0, len(page.Cards))}
	for _, c := range page.Cards {
		card := &jobpostingv1.PublicPosting{}
		if err := proto.Unmarshal(c.Body, card); err != nil {
			return nil, fmt.Errorf("search card %s: %w", c.ID, err)
		}
		out.Postings = append(out.Postings, card)
	}
	return out, nil
}
