package grpcapi

import (
	"context"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// SearchSeekers implements the RPC (SEEK-1).
func (s *Server) SearchSeekers(ctx context.Context, req *asv1.SearchSeekersRequest) (*asv1.SearchSeekersResponse, error) {
	q := seeker.Query{Occupation: req.GetOccupation(), Prefecture: int(req.GetPrefecture()), EmploymentForm: int(req.GetEmploymentForm()),
		Licences: req.GetLicences(), Keyword: req.GetKeyword()}
	if w := req.GetOfferedWage(); w != nil {
		q.Offered = &seeker.Wage{Form: seeker.WageForm(w.GetForm()), Yen: int(w.GetYen())}
	}
	page, err := s.app.SearchSeekers(ctx, app.SearchSeekers{Query: q, PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &asv1.SearchSeekersResponse{NextPageToken: page.NextPageToken}
	for _, p := range page.Seekers {
		out.Seekers = append(out.Seekers, profileOut(p))
	}
	return out, nil
}

// GetSeekerProfile implements the RPC (SEEK-1).
func (s *Server) GetSeekerProfile(ctx context.Context, req *asv1.GetSeekerProfileRequest) (*asv1.SeekerProfile, error) {
	p, err := s.app.GetSeekerProfile(ctx, req.GetSeekerRef())
	if err != nil {
		return nil, err
	}
	return profileOut(p), nil
}

// SendDirectRequest implements the RPC (SEEK-1).
func (s *Server) SendDirectRequest(ctx context.Context, req *asv1.SendDirectRequestRequest) (*asv1.DirectRequest, error) {
	v, err := s.app.SendDirectRequest(ctx, app.SendDirectRequest{SeekerRef: req.GetSeekerRef(), PostingID: req.GetPostingId(),
		Message: req.GetMessage()})
	if err != nil {
		return nil, err
	}
	return directRequestOut(v), nil
}

// ListDirectRequests implements the RPC (SEEK-1).
func (s *Server) ListDirectRequests(ctx context.Context, req *asv1.ListDirectRequestsRequest) (*asv1.ListDirectRequestsResponse, error) {
	vs, remaining, err := s.app.ListDirectRequests(ctx, req.GetPostingId())
	if err != nil {
		return nil, err
	}
	out := &asv1.ListDirectRequestsResponse{Remaining: int32(remaining)}
	for _, v := range vs {
		out.DirectRequests = append(out.DirectRequests, directRequestOut(v))
	}
	return out, nil
}

// ListSeekerDirectRequests implements the RPC (the seeker's side of SEEK-1).
func (p *Portal) ListSeekerDirectRequests(ctx context.Context, req *asv1.ListSeekerDirectRequestsRequest) (*asv1.ListSeekerDirectRequestsResponse, error) {
	rs, err := p.app.ListSeekerDirectRequests(ctx, req.GetSeekerNumber())
	if err != nil {
		return nil, err
	}
	out := &asv1.ListSeekerDirectRequestsResponse{}
	for _, r := range rs {
		out.DirectRequests = append(out.DirectRequests, &asv1.SeekerDirectRequest{DirectRequestId: r.Request.ID, PostingId: r.Request.PostingID,
			JobNumber: r.Posting.JobNumber, Occupation: r.Posting.Occupation, Message: r.Request.Message,
			SentAt: timeOut(r.Request.SentAt), Status: string(r.Request.Status)})
	}
	return out, nil
}

func directRequestOut(v app.DirectRequestView) *asv1.DirectRequest {
	r := v.Request
	return &asv1.DirectRequest{DirectRequestId: r.ID, PostingId: r.PostingID, SeekerRef: v.SeekerRef, Message: r.Message,
		SentAt: timeOut(r.SentAt), Status: string(r.Status), ApplicantId: r.ApplicationID}
}

// profileOut is the safe projection on the wire: every field of seeker.PublicProfile,
// nothing else (TestSearch_ProjectionCarriesNoPersonalData walks the response).
func profileOut(p seeker.PublicProfile) *asv1.SeekerProfile {
	out := &asv1.SeekerProfile{SeekerRef: p.Ref, AgeBand: p.AgeBand, ResidencePrefecture: int32(p.ResidencePrefecture),
		ResidenceMunicipality: p.ResidenceMunicipality, DesiredPrefectures: int32s[int32](p.DesiredPrefectures),
		EmploymentForms: int32s[jobpostingv1.EmploymentForm](p.EmploymentForms), Licences: p.Licences, Education: p.Education, Pr: p.PR,
		ContactOffice: officeOut(p.ContactOffice)}
	for _, o := range p.DesiredOccupations {
		out.DesiredOccupations = append(out.DesiredOccupations, &asv1.Occupation{Code: o.Code, Name: o.Name})
	}
	if w := p.DesiredWage; w != nil {
		out.DesiredWage = &asv1.DesiredWage{Form: jobpostingv1.PayForm(w.Form), Yen: int32(w.Yen)}
	}
	for _, e := range p.Experience {
		out.Experience = append(out.Experience, &asv1.Experience{Occupation: &asv1.Occupation{Code: e.Occupation.Code,
			Name: e.Occupation.Name}, Years: int32(e.Years)})
	}
	return out
}

// int32s converts codes to their wire type: int32 or an enum with the same numbers.
func int32s[T ~int32](in []int) []T {
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = T(v)
	}
	return out
}
