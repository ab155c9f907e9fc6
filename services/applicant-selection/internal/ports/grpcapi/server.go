// Package grpcapi serves applicant_selection.v1: ApplicantSelectionService (employers,
// staff, identity) and SeekerPortalService (the seeker portal's credential only).
// proto → command (convert.go), call app, result → proto. Authentication, the
// policies declared in the proto, validation and error conversion are libs/grpcx's;
// resource checks are the app's.
package grpcapi

import (
	"context"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
)

// Server implements ApplicantSelectionServiceServer.
type Server struct {
	asv1.UnimplementedApplicantSelectionServiceServer
	app *app.App
}

// New returns the employer and staff server.
func New(a *app.App) *Server { return &Server{app: a} }

// CountPendingSelfApplications implements the RPC (ACC-3, identity only).
func (s *Server) CountPendingSelfApplications(ctx context.Context, req *asv1.CountPendingSelfApplicationsRequest) (*asv1.CountPendingSelfApplicationsResponse, error) {
	n, err := s.app.CountPendingSelfApplications(ctx, req.GetEstablishmentId())
	if err != nil {
		return nil, err
	}
	return &asv1.CountPendingSelfApplicationsResponse{Count: int32(n)}, nil
}

// CountUnresolvedApplicants implements the RPC (domain.md §2.4; job-posting on behalf
// of the employer).
func (s *Server) CountUnresolvedApplicants(ctx context.Context, req *asv1.CountUnresolvedApplicantsRequest) (*asv1.CountUnresolvedApplicantsResponse, error) {
	n, err := s.app.CountUnresolvedApplicants(ctx, req.GetPostingId())
	if err != nil {
		return nil, err
	}
	return &asv1.CountUnresolvedApplicantsResponse{Count: int32(n)}, nil
}

// ReferAtCounter implements the RPC.
func (s *Server) ReferAtCounter(ctx context.Context, req *asv1.ReferAtCounterRequest) (*asv1.Applicant, error) {
	at, err := timeIn("selection.interview_at", req.GetSelection().GetInterviewAt())
	if err != nil {
		return nil, err
	}
	ap, err := s.app.ReferAtCounter(ctx, app.ReferAtCounter{PostingID: req.GetPostingId(), SeekerNumber: req.GetSeekerNumber(),
		OfficeName: req.GetOfficeName(), Documents: req.GetDocuments(),
		Selection: application.Selection{Method: req.GetSelection().GetMethod(), InterviewAt: at, Place: req.GetSelection().GetPlace()}})
	if err != nil {
		return nil, err
	}
	d, err := s.app.GetApplicant(ctx, ap.ID)
	if err != nil {
		return nil, err
	}
	return applicantOut(d.Applicant), nil
}

// OfferOnlineReferral implements the RPC.
func (s *Server) OfferOnlineReferral(ctx context.Context, req *asv1.OfferOnlineReferralRequest) (*asv1.OfferOnlineReferralResponse, error) {
	err := s.app.OfferOnlineReferral(ctx, app.OfferOnlineReferral{PostingID: req.GetPostingId(), SeekerNumber: req.GetSeekerNumber(),
		OfficeName: req.GetOfficeName()})
	if err != nil {
		return nil, err
	}
	return &asv1.OfferOnlineReferralResponse{}, nil
}

// ListApplicants implements the RPC.
func (s *Server) ListApplicants(ctx context.Context, req *asv1.ListApplicantsRequest) (*asv1.ListApplicantsResponse, error) {
	f := application.Filter{PendingOnly: req.GetPendingOnly()}
	for _, c := range req.GetChannels() {
		f.Channels = append(f.Channels, channelIn(c))
	}
	page, err := s.app.ListApplicants(ctx, app.ListApplicants{PostingID: req.GetPostingId(), EstablishmentID: req.GetEstablishmentId(),
		Filter: f, PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &asv1.ListApplicantsResponse{NextPageToken: page.NextPageToken}
	for _, it := range page.Applicants {
		out.Applicants = append(out.Applicants, applicantOut(it))
	}
	return out, nil
}

// GetApplicant implements the RPC.
func (s *Server) GetApplicant(ctx context.Context, req *asv1.GetApplicantRequest) (*asv1.ApplicantDetail, error) {
	d, err := s.app.GetApplicant(ctx, req.GetApplicantId())
	if err != nil {
		return nil, err
	}
	return detailOut(d)
}

func (s *Server) record(ctx context.Context, applicantID string, result *asv1.SelectionResultInput, correct bool) (*asv1.ApplicantDetail, error) {
	in, err := resultIn(result)
	if err != nil {
		return nil, err
	}
	d, err := s.app.RecordResult(ctx, app.RecordResult{ApplicantID: applicantID, Result: in, Correct: correct})
	if err != nil {
		return nil, err
	}
	return detailOut(d)
}

// RegisterSelectionResult implements the RPC.
func (s *Server) RegisterSelectionResult(ctx context.Context, req *asv1.RegisterSelectionResultRequest) (*asv1.ApplicantDetail, error) {
	return s.record(ctx, req.GetApplicantId(), req.GetResult(), false)
}

// CorrectSelectionResult implements the RPC.
func (s *Server) CorrectSelectionResult(ctx context.Context, req *asv1.CorrectSelectionResultRequest) (*asv1.ApplicantDetail, error) {
	return s.record(ctx, req.GetApplicantId(), req.GetResult(), true)
}

// ListApplicantMessages implements the RPC.
func (s *Server) ListApplicantMessages(ctx context.Context, req *asv1.ListApplicantMessagesRequest) (*asv1.ListApplicantMessagesResponse, error) {
	t, err := s.app.EmployerThread(ctx, req.GetApplicantId())
	if err != nil {
		return nil, err
	}
	out := &asv1.ListApplicantMessagesResponse{Window: windows[t.Window]}
	for _, m := range t.Messages {
		out.Messages = append(out.Messages, messageOut(m))
	}
	return out, nil
}

// SendApplicantMessage implements the RPC.
func (s *Server) SendApplicantMessage(ctx context.Context, req *asv1.SendApplicantMessageRequest) (*asv1.Message, error) {
	m, err := s.app.SendEmployerMessage(ctx, req.GetApplicantId(), req.GetBody())
	if err != nil {
		return nil, err
	}
	return messageOut(m), nil
}

// ListDirectRequestMessages implements the RPC.
func (s *Server) ListDirectRequestMessages(ctx context.Context, req *asv1.ListDirectRequestMessagesRequest) (*asv1.ListDirectRequestMessagesResponse, error) {
	t, err := s.app.EmployerDirectRequestThread(ctx, req.GetDirectRequestId())
	if err != nil {
		return nil, err
	}
	out := &asv1.ListDirectRequestMessagesResponse{Window: windows[t.Window]}
	for _, m := range t.Messages {
		out.Messages = append(out.Messages, messageOut(m))
	}
	return out, nil
}

// SendDirectRequestMessage implements the RPC.
func (s *Server) SendDirectRequestMessage(ctx context.Context, req *asv1.SendDirectRequestMessageRequest) (*asv1.Message, error) {
	m, err := s.app.SendEmployerDirectRequestMessage(ctx, req.GetDirectRequestId(), req.GetBody())
	if err != nil {
		return nil, err
	}
	return messageOut(m), nil
}

// GetHomeCounts implements the RPC.
func (s *Server) GetHomeCounts(ctx context.Context, _ *asv1.GetHomeCountsRequest) (*asv1.GetHomeCountsResponse, error) {
	c, err := s.app.GetHomeCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := &asv1.GetHomeCountsResponse{NewMessages: int32(c.NewMessages)}
	for _, g := range posting.Groups {
		out.Hires = append(out.Hires, &asv1.HireCount{Group: g.Label(), Hired: int32(c.Hires[g])})
	}
	return out, nil
}
