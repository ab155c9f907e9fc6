package app

import (
	"context"
	"errors"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/directrequest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
)

// Thread is a thread's messages and what it allows now.
type Thread struct {
	Messages []*message.Message
	Window   message.Window
}

// thread reads an application's thread; without one (no MyPage) messages are refused.
func (a *App) thread(ctx context.Context, ap *application.Application) (*message.Thread, posting.Facts, error) {
	f, err := a.posts.Get(ctx, ap.PostingID)
	if err != nil {
		return nil, posting.Facts{}, err
	}
	if a.msgPol.Purge(f, a.clk.Now()) { // purged, or about to be (MSG-1)
		return nil, f, domainErr(finding.Refuse(finding.MessageThreadClosed))
	}
	t, err := a.msgs.Thread(ctx, ap.ID)
	if err != nil {
		return nil, f, err
	}
	if t == nil {
		return nil, f, domainErr(finding.Refuse(finding.SeekerNoMyPage))
	}
	return t, f, nil
}

// threadLoader reads a thread and its posting inside the caller's transaction.
type threadLoader func(ctx context.Context) (*message.Thread, posting.Facts, error)

// readThread lists the messages and marks the ones addressed to reader read.
func (a *App) readThread(ctx context.Context, ap *application.Application, reader message.Party) (Thread, error) {
	return a.readThreadOf(ctx, func(ctx context.Context) (*message.Thread, posting.Facts, error) { return a.thread(ctx, ap) }, reader)
}

func (a *App) readThreadOf(ctx context.Context, load threadLoader, reader message.Party) (Thread, error) {
	now := a.clk.Now()
	var out Thread
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		t, f, err := load(ctx)
		if err != nil {
			return err
		}
		if err := a.msgPol.CheckReadable(f, now); err != nil {
			return domainErr(err)
		}
		ms, err := a.msgs.List(ctx, t.ID)
		if err != nil {
			return err
		}
		var read []*message.Message
		for _, m := range ms {
			if m.MarkRead(reader, now) {
				read = append(read, m)
			}
		}
		out = Thread{Messages: ms, Window: a.msgPol.WindowAt(f, now)}
		return a.msgs.MarkRead(ctx, read)
	})
	return out, err
}

// EmployerThread is the thread of an applicant of the caller's establishment (MSG-1).
func (a *App) EmployerThread(ctx context.Context, applicantID string) (Thread, error) {
	ap, err := a.load(ctx, applicantID)
	if err != nil {
		return Thread{}, err
	}
	return a.readThread(ctx, ap, message.FromEmployer)
}

// SendEmployerMessage is an employer's message to an applicant (MSG-1): plain text up
// to 2,000 characters, only while the posting is valid, only to a seeker with a MyPage
// and a valid registration. The message belongs to the sending account (ACC-2).
func (a *App) SendEmployerMessage(ctx context.Context, applicantID, body string) (*message.Message, error) {
	ap, err := a.load(ctx, applicantID)
	if err != nil {
		return nil, err
	}
	return a.employerSends(ctx, func(ctx context.Context) (*message.Thread, posting.Facts, error) { return a.thread(ctx, ap) }, body)
}

func (a *App) employerSends(ctx context.Context, load threadLoader, body string) (*message.Message, error) {
	p := principal(ctx)
	if !p.Role.IsEmployer() {
		return nil, ErrNotFound
	}
	now := a.clk.Now()
	var out *message.Message
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		t, f, err := load(ctx)
		if err != nil {
			return err
		}
		s, err := a.seekers.Get(ctx, t.Seeker)
		if err != nil {
			return err
		}
		m, err := a.msgPol.EmployerSends(a.newID(), t, p.AccountID, body, f, s, now)
		if err != nil {
			return domainErr(err)
		}
		out = m
		return a.msgs.Add(ctx, m)
	})
	return out, err
}

// seekerApplication reads an application of the seeker (another seeker's answers NOT_FOUND).
func (a *App) seekerApplication(ctx context.Context, seekerNumber, applicantID string) (*application.Application, error) {
	s, err := a.seekerByNumber(ctx, seekerNumber)
	if err != nil {
		return nil, err
	}
	ap, err := a.apps.Get(ctx, applicantID)
	if err != nil || ap.Seeker != s.Number {
		return nil, ErrNotFound
	}
	return ap, nil
}

// SeekerThread is the seeker's view of a thread (through the portal).
func (a *App) SeekerThread(ctx context.Context, seekerNumber, applicantID string) (Thread, error) {
	ap, err := a.seekerApplication(ctx, seekerNumber, applicantID)
	if err != nil {
		return Thread{}, err
	}
	return a.readThread(ctx, ap, message.FromSeeker)
}

// SendSeekerMessage is the seeker's message (MSG-1): the thread's owner account
// receives it and gets a notification mail without the body (MessageReceived).
func (a *App) SendSeekerMessage(ctx context.Context, seekerNumber, applicantID, body string) (*message.Message, error) {
	ap, err := a.seekerApplication(ctx, seekerNumber, applicantID)
	if err != nil {
		return nil, err
	}
	return a.seekerSends(ctx, func(ctx context.Context) (*message.Thread, posting.Facts, error) { return a.thread(ctx, ap) }, body)
}

func (a *App) seekerSends(ctx context.Context, load threadLoader, body string) (*message.Message, error) {
	now := a.clk.Now()
	var out *message.Message
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		t, f, err := load(ctx)
		if err != nil {
			return err
		}
		s, err := a.seekers.Get(ctx, t.Seeker)
		if err != nil {
			return err
		}
		m, n, err := a.msgPol.SeekerSends(a.newID(), t, body, f, s, now)
		if err != nil {
			return domainErr(err)
		}
		if err := a.msgs.Add(ctx, m); err != nil {
			return err
		}
		out = m
		prim, _, err := a.accounts.Primary(ctx, t.EstablishmentID)
		if err != nil {
			return err
		}
		ev, err := outbox.NewEvent(m.ID, 0, now, &asv1.MessageReceived{MessageId: m.ID, EstablishmentId: t.EstablishmentID,
			ApplicantId: t.ApplicationID, DirectRequestId: t.DirectRequestID, AccountId: n.Account, PrimaryEmail: prim.Email,
			SentAt: prototime.Timestamp(now), JobNumber: f.JobNumber, Occupation: f.Occupation})
		if err != nil {
			return err
		}
		return a.events.Append(ctx, ev)
	})
	return out, err
}

// ---- the thread of a 直接リクエスト (MSG-1, SEEK-1) ----

// requestThread reads a direct request's thread and its posting; a purged (or
// purgeable) one is closed.
func (a *App) requestThread(ctx context.Context, r *directrequest.Request) (*message.Thread, posting.Facts, error) {
	f, err := a.posts.Get(ctx, r.PostingID)
	if err != nil {
		return nil, posting.Facts{}, err
	}
	if a.msgPol.Purge(f, a.clk.Now()) {
		return nil, f, domainErr(finding.Refuse(finding.MessageThreadClosed))
	}
	t, err := a.msgs.ThreadOfDirectRequest(ctx, r.ID)
	if err != nil {
		return nil, f, err
	}
	if t == nil {
		return nil, f, domainErr(finding.Refuse(finding.MessageThreadClosed))
	}
	return t, f, nil
}

// employerRequest reads a request of the caller's establishment (another's answers
// NOT_FOUND).
func (a *App) employerRequest(ctx context.Context, id string) (*directrequest.Request, error) {
	est, _, err := searcher(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.drs.Get(ctx, id)
	if errors.Is(err, ErrNoSuchDirectRequest) || (err == nil && r.EstablishmentID != est) {
		return nil, ErrNotFound
	}
	return r, err
}

// EmployerDirectRequestThread is the thread of one of the establishment's direct requests.
func (a *App) EmployerDirectRequestThread(ctx context.Context, requestID string) (Thread, error) {
	r, err := a.employerRequest(ctx, requestID)
	if err != nil {
		return Thread{}, err
	}
	return a.readThreadOf(ctx, func(ctx context.Context) (*message.Thread, posting.Facts, error) { return a.requestThread(ctx, r) },
		message.FromEmployer)
}

// SendEmployerDirectRequestMessage is an employer's message in a direct request's
// thread: as to an applicant, and only while the seeker still publishes the profile.
func (a *App) SendEmployerDirectRequestMessage(ctx context.Context, requestID, body string) (*message.Message, error) {
	r, err := a.employerRequest(ctx, requestID)
	if err != nil {
		return nil, err
	}
	return a.employerSends(ctx, func(ctx context.Context) (*message.Thread, posting.Facts, error) { return a.requestThread(ctx, r) }, body)
}

// seekerRequest reads a request sent to the seeker (another seeker's answers NOT_FOUND).
func (a *App) seekerRequest(ctx context.Context, seekerNumber, id string) (*directrequest.Request, error) {
	s, err := a.seekerByNumber(ctx, seekerNumber)
	if err != nil {
		return nil, err
	}
	r, err := a.drs.Get(ctx, id)
	if errors.Is(err, ErrNoSuchDirectRequest) || (err == nil && r.Seeker != s.Number) {
		return nil, ErrNotFound
	}
	return r, err
}

// SeekerDirectRequestThread is the seeker's view of a direct request's thread.
func (a *App) SeekerDirectRequestThread(ctx context.Context, seekerNumber, requestID string) (Thread, error) {
	r, err := a.seekerRequest(ctx, seekerNumber, requestID)
	if err != nil {
		return Thread{}, err
	}
	return a.readThreadOf(ctx, func(ctx context.Context) (*message.Thread, posting.Facts, error) { return a.requestThread(ctx, r) },
		message.FromSeeker)
}

// SendSeekerDirectRequestMessage is the seeker's answer in a direct request's thread:
// received by the account that sent the request, with the mail notice.
func (a *App) SendSeekerDirectRequestMessage(ctx context.Context, seekerNumber, requestID, body string) (*message.Message, error) {
	r, err := a.seekerRequest(ctx, seekerNumber, requestID)
	if err != nil {
		return nil, err
	}
	return a.seekerSends(ctx, func(ctx context.Context) (*message.Thread, posting.Facts, error) { return a.requestThread(ctx, r) }, body)
}
