package app

import (
	"context"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
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

// readThread lists the messages and marks the ones addressed to reader read.
func (a *App) readThread(ctx context.Context, ap *application.Application, reader message.Party) (Thread, error) {
	now := a.clk.Now()
	var out Thread
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		t, f, err := a.thread(ctx, ap)
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
	p := principal(ctx)
	if !p.Role.IsEmployer() {
		return nil, ErrNotFound
	}
	now := a.clk.Now()
	var out *message.Message
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		t, f, err := a.thread(ctx, ap)
		if err != nil {
			return err
		}
		s, err := a.seekers.Get(ctx, ap.Seeker)
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
	now := a.clk.Now()
	var out *message.Message
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		t, f, err := a.thread(ctx, ap)
		if err != nil {
			return err
		}
		s, err := a.seekers.Get(ctx, ap.Seeker)
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
		prim, _, err := a.accounts.Primary(ctx, ap.EstablishmentID)
		if err != nil {
			return err
		}
		ev, err := outbox.NewEvent(m.ID, 0, now, &asv1.MessageReceived{MessageId: m.ID, EstablishmentId: ap.EstablishmentID,
			ApplicantId: ap.ID, AccountId: n.Account, PrimaryEmail: prim.Email, SentAt: prototime.Timestamp(now),
			JobNumber: f.JobNumber, Occupation: f.Occupation})
		if err != nil {
			return err
		}
		return a.events.Append(ctx, ev)
	})
	return out, err
}
