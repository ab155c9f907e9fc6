package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// ReferAtCounter is a staff member's counter referral (窓口紹介, APP-1).
type ReferAtCounter struct {
	PostingID    string
	SeekerNumber string
	OfficeName   string // the referring office's name; the code is the staff member's
	Selection    application.Selection
	Documents    string
}

// OfferOnlineReferral is the office sending a posting to a 利用登録者.
type OfferOnlineReferral struct {
	PostingID    string
	SeekerNumber string
	OfficeName   string
}

// ApplyOnline is an application from the seeker portal.
type ApplyOnline struct {
	SeekerNumber string
	PostingID    string
	Channel      application.Channel // ChannelOnlineReferral or ChannelSelf
	Motivation   string
}

// postingFor reads a posting for intake, locked, and answers an unknown one as not
// accepting applicants (a foreign office's posting is still referable: any office
// may refer to any office's posting).
func (a *App) postingFor(ctx context.Context, id string) (posting.Facts, error) {
	f, err := a.posts.Lock(ctx, id)
	if errors.Is(err, ErrNoSuchPosting) {
		return posting.Facts{}, ErrNotFound
	}
	return f, err
}

// ReferAtCounter records a counter referral and issues its 紹介状 (APP-1): any office's
// staff, to a valid posting of any office, for a seeker whose registration is valid.
func (a *App) ReferAtCounter(ctx context.Context, cmd ReferAtCounter) (*application.Application, error) {
	p := principal(ctx)
	if p.Role != authn.RoleStaff || p.OfficeCode == "" {
		return nil, ErrNotFound
	}
	now := a.clk.Now()
	var out *application.Application
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		f, err := a.postingFor(ctx, cmd.PostingID)
		if err != nil {
			return err
		}
		s, err := a.seekerByNumber(ctx, cmd.SeekerNumber)
		if err != nil {
			return err
		}
		earlier, err := a.apps.OfSeeker(ctx, s.Number)
		if err != nil {
			return err
		}
		no, err := a.letterNo(ctx, p.OfficeCode)
		if err != nil {
			return err
		}
		ap, err := application.ReferAtCounter(application.CounterReferral{ID: a.newID(), LetterNo: no,
			Office: seeker.Office{Code: p.OfficeCode, Name: cmd.OfficeName}, StaffID: p.AccountID,
			Selection: cmd.Selection, Documents: cmd.Documents}, f, s, earlier, now)
		if err != nil {
			return domainErr(err)
		}
		if err := a.intake(ctx, ap, f, s); err != nil {
			return err
		}
		out = ap
		return a.audit.Record(ctx, audit.Entry{At: now, Action: "applicant.refer", Actor: audit.ActorFrom(p),
			EstablishmentID: ap.EstablishmentID, SubjectID: ap.ID, Outcome: audit.OK})
	})
	return out, err
}

// OfferOnlineReferral records that the staff member's office sent a posting to a seeker,
// who may then apply to it by オンラインハローワーク紹介 (the domain checks the kind and
// the posting when the seeker applies).
func (a *App) OfferOnlineReferral(ctx context.Context, cmd OfferOnlineReferral) error {
	p := principal(ctx)
	if p.Role != authn.RoleStaff || p.OfficeCode == "" {
		return ErrNotFound
	}
	now := a.clk.Now()
	return a.tx.InTx(ctx, func(ctx context.Context) error {
		f, err := a.postingFor(ctx, cmd.PostingID)
		if err != nil {
			return err
		}
		s, err := a.seekerByNumber(ctx, cmd.SeekerNumber)
		if err != nil {
			return err
		}
		if !f.At(now).TakesReferrals() {
			return domainErr(finding.Refuse(finding.PostingNotAcceptingApplicants))
		}
		if err := a.seekers.PutOffer(ctx, s.Number, application.Offer{PostingID: f.ID,
			Office: seeker.Office{Code: p.OfficeCode, Name: cmd.OfficeName}, OfferedAt: now}); err != nil {
			return err
		}
		return a.audit.Record(ctx, audit.Entry{At: now, Action: "applicant.offer", Actor: audit.ActorFrom(p),
			EstablishmentID: f.EstablishmentID, SubjectID: f.ID, Outcome: audit.OK})
	})
}

// ApplyOnline records an online application from the seeker portal: an
// オンラインハローワーク紹介 (with its 紹介状 and the 応募通知 in the thread) or an
// オンライン自主応募 (APP-4).
func (a *App) ApplyOnline(ctx context.Context, cmd ApplyOnline) (*application.Application, error) {
	now := a.clk.Now()
	var out *application.Application
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		f, err := a.postingFor(ctx, cmd.PostingID)
		if err != nil {
			return err
		}
		s, err := a.seekerByNumber(ctx, cmd.SeekerNumber)
		if err != nil {
			return err
		}
		earlier, err := a.apps.OfSeeker(ctx, s.Number)
		if err != nil {
			return err
		}
		var ap *application.Application
		switch cmd.Channel {
		case application.ChannelOnlineReferral:
			offer, err := a.seekers.Offer(ctx, s.Number, f.ID)
			if err != nil {
				return err
			}
			no := ""
			if offer != nil {
				if no, err = a.letterNo(ctx, offer.Office.Code); err != nil {
					return err
				}
			}
			ap, err = application.ApplyOnlineReferral(application.OnlineReferral{ID: a.newID(), LetterNo: no, Offer: offer,
				Motivation: cmd.Motivation}, f, s, earlier, now)
			if err != nil {
				return domainErr(err)
			}
		case application.ChannelSelf:
			ap, err = application.SelfApply(application.SelfApplication{ID: a.newID(), Motivation: cmd.Motivation}, f, s, earlier, now)
			if err != nil {
				return domainErr(err)
			}
		default:
			return ErrNotFound
		}
		out = ap
		return a.intake(ctx, ap, f, s)
	})
	return out, err
}

// intake stores a new application with its reminder index, opens its message thread
// when the seeker has a MyPage (with the 応募通知 of an online referral), and appends
// ApplicationReceived.
func (a *App) intake(ctx context.Context, ap *application.Application, f posting.Facts, s *seeker.Seeker) error {
	now := ap.AppliedAt
	var next *time.Time
	if at, ok := ap.NextReminderAt(a.remind); ok {
		next = &at
	}
	if err := a.apps.Create(ctx, ap, next); err != nil {
		return err
	}
	prim, _, err := a.accounts.Primary(ctx, ap.EstablishmentID)
	if err != nil {
		return err
	}
	if s.HasMyPage {
		t, err := message.OpenForApplication(a.newID(), ap, f, prim.AccountID, now)
		if err == nil {
			if err := a.msgs.CreateThread(ctx, t); err != nil {
				return err
			}
			if ap.Channel == application.ChannelOnlineReferral && ap.Letter != nil {
				if err := a.msgs.Add(ctx, message.System(a.newID(), t, message.ApplicationNotice(ap.Letter), now)); err != nil {
					return err
				}
			}
		}
	}
	ev, err := outbox.NewEvent(ap.ID, 0, now, &asv1.ApplicationReceived{ApplicantId: ap.ID, EstablishmentId: ap.EstablishmentID,
		PostingId: ap.PostingID, JobNumber: f.JobNumber, Occupation: f.Occupation, Channel: string(ap.Channel),
		ReferringOfficeCode: ap.ReferringOffice.Code, AppliedAt: prototime.Timestamp(now), PrimaryEmail: prim.Email})
	if err != nil {
		return err
	}
	return a.events.Append(ctx, ev)
}

// letterNo allocates a 紹介状 number: the referring office's code and a serial.
func (a *App) letterNo(ctx context.Context, office string) (string, error) {
	n, err := a.apps.NextLetterNo(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s-%08d", office, n), nil
}
