package grpcapi

import (
	"context"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Portal implements SeekerPortalServiceServer (the seeker portal's credential only,
// declared in the proto and enforced by libs/grpcx).
type Portal struct {
	asv1.UnimplementedSeekerPortalServiceServer
	app *app.App
}

// NewPortal returns the integration server.
func NewPortal(a *app.App) *Portal { return &Portal{app: a} }

func registrationIn(req *asv1.RegisterSeekerRequest) (seeker.Registration, error) {
	valid, err := dateIn("valid_until", req.GetValidUntil())
	if err != nil {
		return seeker.Registration{}, err
	}
	birth, err := dateIn("birth_date", req.GetBirthDate())
	if err != nil {
		return seeker.Registration{}, err
	}
	r := seeker.Registration{Number: req.GetSeekerNumber(), Kind: seeker.Kind(req.GetKind()), ValidUntil: valid, HasMyPage: req.GetHasMypage(),
		ContactOffice: seeker.Office{Code: req.GetContactOffice().GetCode(), Name: req.GetContactOffice().GetName()},
		Personal: seeker.Personal{Name: req.GetName(), Kana: req.GetKana(), BirthDate: birth, Phone: req.GetPhone(), Email: req.GetEmail(),
			Address: req.GetAddress()}}
	if p := req.GetProfile(); p != nil {
		pr := &seeker.Profile{DesiredPrefectures: ints(p.GetDesiredPrefectures()), EmploymentForms: ints(p.GetEmploymentForms()),
			Licences: p.GetLicences(), Education: seeker.Education(p.GetEducation()), PR: p.GetPr(),
			ResidencePrefecture: int(p.GetResidencePrefecture()), ResidenceMunicipality: p.GetResidenceMunicipality()}
		for _, o := range p.GetDesiredOccupations() {
			pr.DesiredOccupations = append(pr.DesiredOccupations, seeker.Occupation{Code: o.GetCode(), Name: o.GetName()})
		}
		if w := p.GetDesiredWage(); w != nil {
			pr.DesiredWage = &seeker.Wage{Form: seeker.WageForm(w.GetForm()), Yen: int(w.GetYen())}
		}
		for _, e := range p.GetExperience() {
			pr.Experience = append(pr.Experience, seeker.Experience{Occupation: seeker.Occupation{Code: e.GetOccupation().GetCode(),
				Name: e.GetOccupation().GetName()}, Years: int(e.GetYears())})
		}
		r.Profile = pr
	}
	return r, nil
}

// ints converts wire codes (int32 or an enum with the same numbers) to the domain's.
func ints[T ~int32](in []T) []int {
	out := make([]int, len(in))
	for i, v := range in {
		out[i] = int(v)
	}
	return out
}

// RegisterSeeker implements the RPC.
func (p *Portal) RegisterSeeker(ctx context.Context, req *asv1.RegisterSeekerRequest) (*asv1.RegisterSeekerResponse, error) {
	r, err := registrationIn(req)
	if err != nil {
		return nil, err
	}
	res, err := p.app.RegisterSeeker(ctx, r)
	if err != nil {
		return nil, err
	}
	return &asv1.RegisterSeekerResponse{SeekerNumber: res.Seeker.Number.String(), Searchable: res.Searchable}, nil
}

// ApplyOnline implements the RPC.
func (p *Portal) ApplyOnline(ctx context.Context, req *asv1.ApplyOnlineRequest) (*asv1.ApplyOnlineResponse, error) {
	ap, err := p.app.ApplyOnline(ctx, app.ApplyOnline{SeekerNumber: req.GetSeekerNumber(), PostingID: req.GetPostingId(),
		Channel: channelIn(req.GetChannel()), Motivation: req.GetMotivation(), DirectRequestID: req.GetDirectRequestId()})
	if err != nil {
		return nil, err
	}
	return &asv1.ApplyOnlineResponse{ApplicantId: ap.ID, Letter: letterOut(ap.Letter)}, nil
}

// ListSeekerMessages implements the RPC.
func (p *Portal) ListSeekerMessages(ctx context.Context, req *asv1.ListSeekerMessagesRequest) (*asv1.ListSeekerMessagesResponse, error) {
	t, err := p.app.SeekerThread(ctx, req.GetSeekerNumber(), req.GetApplicantId())
	if err != nil {
		return nil, err
	}
	out := &asv1.ListSeekerMessagesResponse{}
	for _, m := range t.Messages {
		out.Messages = append(out.Messages, messageOut(m))
	}
	return out, nil
}

// SendSeekerMessage implements the RPC.
func (p *Portal) SendSeekerMessage(ctx context.Context, req *asv1.SendSeekerMessageRequest) (*asv1.Message, error) {
	m, err := p.app.SendSeekerMessage(ctx, req.GetSeekerNumber(), req.GetApplicantId(), req.GetBody())
	if err != nil {
		return nil, err
	}
	return messageOut(m), nil
}

// ListSeekerDirectRequestMessages implements the RPC.
func (p *Portal) ListSeekerDirectRequestMessages(ctx context.Context, req *asv1.ListSeekerDirectRequestMessagesRequest) (*asv1.ListSeekerDirectRequestMessagesResponse, error) {
	t, err := p.app.SeekerDirectRequestThread(ctx, req.GetSeekerNumber(), req.GetDirectRequestId())
	if err != nil {
		return nil, err
	}
	out := &asv1.ListSeekerDirectRequestMessagesResponse{}
	for _, m := range t.Messages {
		out.Messages = append(out.Messages, messageOut(m))
	}
	return out, nil
}

// SendSeekerDirectRequestMessage implements the RPC.
func (p *Portal) SendSeekerDirectRequestMessage(ctx context.Context, req *asv1.SendSeekerDirectRequestMessageRequest) (*asv1.Message, error) {
	m, err := p.app.SendSeekerDirectRequestMessage(ctx, req.GetSeekerNumber(), req.GetDirectRequestId(), req.GetBody())
	if err != nil {
		return nil, err
	}
	return messageOut(m), nil
}

// ListSelectionNotices implements the RPC.
func (p *Portal) ListSelectionNotices(ctx context.Context, req *asv1.ListSelectionNoticesRequest) (*asv1.ListSelectionNoticesResponse, error) {
	ns, err := p.app.SelectionNotices(ctx, req.GetSeekerNumber())
	if err != nil {
		return nil, err
	}
	out := &asv1.ListSelectionNoticesResponse{}
	for _, n := range ns {
		out.Notices = append(out.Notices, &asv1.SelectionNotice{ApplicantId: n.ApplicationID, JobNumber: n.JobNumber, Occupation: n.Occupation,
			Decision: decisions[n.Decision], HireDate: dateOut(n.HireDate), At: timeOut(n.At)})
	}
	return out, nil
}
