package grpcapi

import (
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

var channels = map[application.Channel]asv1.Channel{
	application.ChannelCounter: asv1.Channel_CHANNEL_COUNTER_REFERRAL, application.ChannelOnlineReferral: asv1.Channel_CHANNEL_ONLINE_REFERRAL,
	application.ChannelSelf: asv1.Channel_CHANNEL_ONLINE_SELF,
}

func channelIn(c asv1.Channel) application.Channel {
	for k, v := range channels {
		if v == c {
			return k
		}
	}
	return ""
}

var decisions = map[application.Decision]asv1.Decision{
	application.Hired: asv1.Decision_DECISION_HIRED, application.NotHired: asv1.Decision_DECISION_NOT_HIRED,
	application.Declined: asv1.Decision_DECISION_DECLINED,
}

func decisionIn(d asv1.Decision) application.Decision {
	for k, v := range decisions {
		if v == d {
			return k
		}
	}
	return ""
}

func dateOut(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.JST).Format(time.DateOnly)
}

func timeOut(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// dateIn parses a YYYY-MM-DD JST date ("" is the zero time).
func dateIn(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, clock.JST)
	if err != nil {
		return time.Time{}, errs.New(errs.KindInvalidArgument, "VALIDATION_FAILED", "bad date").
			WithField(errs.Field(field, "DATE_INVALID", "bad date", "label", field))
	}
	return t, nil
}

func timeIn(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errs.New(errs.KindInvalidArgument, "VALIDATION_FAILED", "bad time").
			WithField(errs.Field(field, "DATE_INVALID", "bad time", "label", field))
	}
	return t, nil
}

func officeOut(o seeker.Office) *asv1.Office {
	if o.Code == "" {
		return nil
	}
	return &asv1.Office{Code: o.Code, Name: o.Name}
}

func applicantOut(it app.Applicant) *asv1.Applicant {
	a := it.App
	out := &asv1.Applicant{ApplicantId: a.ID, PostingId: a.PostingID, JobNumber: it.Posting.JobNumber, Occupation: it.Posting.Occupation,
		Channel: channels[a.Channel], SeekerNumber: a.Seeker.String(), SeekerName: it.SeekerName, SeekerAge: int32(it.SeekerAge),
		AppliedAt: timeOut(a.AppliedAt), PostingVersion: int32(a.PostingVersion), SeekerHasMypage: a.SeekerHasMyPage,
		ResultDeadline: dateOut(it.ResultDeadline), EstablishmentId: a.EstablishmentID, UnreadMessages: int32(it.UnreadMessages)}
	if c := a.Current(); c != nil {
		out.Decision = decisions[c.Decision]
	}
	return out
}

func selectionOut(s application.Selection) *asv1.Selection {
	return &asv1.Selection{Method: s.Method, InterviewAt: timeOut(s.InterviewAt), Place: s.Place}
}

func letterOut(l *application.ReferralLetter) *asv1.ReferralLetter {
	if l == nil {
		return nil
	}
	return &asv1.ReferralLetter{LetterNumber: l.LetterNo, Channel: channels[l.Channel], ReferredOn: dateOut(l.ReferredOn),
		ReferringOffice: officeOut(l.ReferringOffice), ReferringStaff: l.ReferringStaff, JobNumber: l.JobNumber, Occupation: l.Occupation,
		PostingVersion: int32(l.PostingVersion), SeekerNumber: l.SeekerNumber.String(), SeekerName: l.SeekerName, SeekerKana: l.SeekerKana,
		SeekerAge: int32(l.SeekerAge), Selection: selectionOut(l.Selection), Documents: l.Documents}
}

func resultInputOut(r application.ResultInput) *asv1.SelectionResultInput {
	return &asv1.SelectionResultInput{Decision: decisions[r.Decision], ConditionMismatch: r.ConditionMismatch, MismatchDetail: r.MismatchDetail,
		HireDate: dateOut(r.HireDate), EmploymentForm: jobpostingv1.EmploymentForm(r.EmploymentForm), NotHiredReason: r.NotHiredReason, Note: r.Note}
}

func resultIn(r *asv1.SelectionResultInput) (application.ResultInput, error) {
	hire, err := dateIn("result.hire_date", r.GetHireDate())
	if err != nil {
		return application.ResultInput{}, err
	}
	return application.ResultInput{Decision: decisionIn(r.GetDecision()), ConditionMismatch: r.ConditionMismatch,
		MismatchDetail: r.GetMismatchDetail(), HireDate: hire, EmploymentForm: int(r.GetEmploymentForm()),
		NotHiredReason: r.GetNotHiredReason(), Note: r.GetNote()}, nil
}

var roleNames = map[application.Role]string{application.RoleEmployer: "EMPLOYER", application.RoleStaff: "STAFF"}

func detailOut(d app.ApplicantDetail) (*asv1.ApplicantDetail, error) {
	out := &asv1.ApplicantDetail{Applicant: applicantOut(d.Applicant), Motivation: d.App.Motivation, Letter: letterOut(d.Letter),
		ContactOffice: officeOut(d.App.ContactOffice())}
	for _, r := range d.App.Results {
		out.Results = append(out.Results, &asv1.SelectionResult{Version: int32(r.Version), Kind: string(r.Kind),
			Result: resultInputOut(r.ResultInput), RegisteredByRole: roleNames[r.By.Role], RegisteredAt: timeOut(r.At)})
	}
	if len(d.Content) > 0 {
		var c jobpostingv1.Content
		if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(d.Content, &c); err != nil {
			return nil, errs.Internalf("applicant-selection: posting version: %v", err)
		}
		out.PostingVersion = &asv1.PostingVersion{Version: int32(d.App.PostingVersion), Content: &c}
	}
	return out, nil
}

func messageOut(m *message.Message) *asv1.Message {
	return &asv1.Message{MessageId: m.ID, From: string(m.From), Body: m.Body, SentAt: timeOut(m.SentAt), ReadAt: timeOut(m.ReadAt)}
}

var windows = map[message.Window]string{message.WindowOpen: "SEND", message.WindowReadOnly: "READ_ONLY", message.WindowPurge: "CLOSED"}
