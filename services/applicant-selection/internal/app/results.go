package app

import (
	"context"
	"errors"
	"sort"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
)

// RecordResult registers or corrects a selection result (APP-2).
type RecordResult struct {
	ApplicantID string
	Result      application.ResultInput
	Correct     bool
}

// RecordResult registers (or corrects) 採用 / 不採用 / 辞退: the employer of the
// establishment until 翌々々月末 of the posting's invalidation (refused afterwards with
// the office to contact), staff of the posting's or the referring office at any time.
// The result is reported to the office (SelectionResultRecorded) and, with a MyPage,
// shown to the seeker; every registration and correction is kept.
func (a *App) RecordResult(ctx context.Context, cmd RecordResult) (ApplicantDetail, error) {
	p := principal(ctx)
	by := application.Registrar{AccountID: p.AccountID}
	switch {
	case p.Role.IsEmployer():
		by.Role = application.RoleEmployer
	case p.Role == authn.RoleStaff:
		by.Role, by.OfficeCode = application.RoleStaff, p.OfficeCode
	default:
		return ApplicantDetail{}, ErrNotFound
	}
	action := "selection_result.register"
	if cmd.Correct {
		action = "selection_result.correct"
	}
	now := a.clk.Now()
	var (
		out   *application.Application
		estID string
	)
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		var ev outbox.Event
		err := a.apps.Update(ctx, cmd.ApplicantID, func(ap *application.Application) error {
			if mayRead(p, ap) != nil {
				return ErrNotFound
			}
			estID = ap.EstablishmentID
			f, err := a.posts.Get(ctx, ap.PostingID)
			if err != nil {
				return err
			}
			var n application.Notice
			if cmd.Correct {
				n, err = ap.Correct(cmd.Result, by, f, now)
			} else {
				n, err = ap.Register(cmd.Result, by, f, now)
			}
			if err != nil {
				return domainErr(err)
			}
			out = ap
			ev, err = outbox.NewEvent(ap.ID, int64(n.Result.Version), now, &asv1.SelectionResultRecorded{ApplicantId: ap.ID,
				EstablishmentId: ap.EstablishmentID, PostingId: ap.PostingID, JobNumber: f.JobNumber, Decision: string(n.Result.Decision),
				Kind: string(n.Result.Kind), Version: int32(n.Result.Version), ReportToOfficeCode: n.ReportTo.Code,
				NotifySeeker: n.NotifySeeker, RecordedAt: prototime.Timestamp(now)})
			return err
		})
		if errors.Is(err, ErrNoSuchApplication) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := a.events.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit.Record(ctx, audit.Entry{At: now, Action: action, Actor: audit.ActorFrom(p), EstablishmentID: estID,
			SubjectID: cmd.ApplicantID, Outcome: audit.OK})
	})
	if err != nil {
		if estID != "" { // the caller's own applicant: a refused registration is recorded too
			e := audit.Entry{At: now, Action: action, Actor: audit.ActorFrom(p), EstablishmentID: estID, SubjectID: cmd.ApplicantID}.WithResult(err)
			if rerr := a.audit.Record(ctx, e); rerr != nil {
				a.log.Warn("audit record failed")
			}
		}
		return ApplicantDetail{}, err
	}
	return a.detail(ctx, out)
}

// SelectionNotices lists what the seeker portal shows a seeker with a MyPage
// (選考結果連絡): 求人番号, 職種, decision and hire date only, newest first.
func (a *App) SelectionNotices(ctx context.Context, seekerNumber string) ([]application.SeekerNotice, error) {
	s, err := a.seekerByNumber(ctx, seekerNumber)
	if err != nil {
		return nil, err
	}
	apps, err := a.apps.OfSeeker(ctx, s.Number)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(apps))
	for _, ap := range apps {
		ids = append(ids, ap.PostingID)
	}
	posts, err := a.posts.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []application.SeekerNotice
	for _, ap := range apps {
		if n, ok := ap.NoticeForSeeker(posts[ap.PostingID]); ok {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}

// HomeCounts are LOGIN-6's counts.
type HomeCounts struct {
	Hires       map[posting.HomeGroup]int
	NewMessages int
}

// GetHomeCounts counts the establishment's hires per category group (results in force
// 採用, while the posting's applicant management is open) and its unread messages.
func (a *App) GetHomeCounts(ctx context.Context) (HomeCounts, error) {
	p := principal(ctx)
	if !p.Role.IsEmployer() || p.EstablishmentID == "" {
		return HomeCounts{}, ErrNotFound
	}
	decided, err := a.apps.Decided(ctx, p.EstablishmentID)
	if err != nil {
		return HomeCounts{}, err
	}
	ids := make([]string, 0, len(decided))
	for _, ap := range decided {
		ids = append(ids, ap.PostingID)
	}
	posts, err := a.posts.ByIDs(ctx, ids)
	if err != nil {
		return HomeCounts{}, err
	}
	unread, err := a.msgs.Unread(ctx, p.EstablishmentID)
	if err != nil {
		return HomeCounts{}, err
	}
	return HomeCounts{Hires: application.CountHires(decided, posts, a.clk.Now()), NewMessages: unread}, nil
}

// CountPendingSelfApplications answers identity's ACC-3 question.
func (a *App) CountPendingSelfApplications(ctx context.Context, establishmentID string) (int, error) {
	return a.apps.CountPendingSelf(ctx, establishmentID)
}

// CountUnresolvedApplicants is how many applicants of the posting have no selection
// result (domain.md §2.4: a stop, a cancellation or fewer openings need them all
// first). Counted within the caller's establishment, so another establishment's
// posting counts 0 and confirms nothing.
func (a *App) CountUnresolvedApplicants(ctx context.Context, postingID string) (int, error) {
	p := principal(ctx)
	if p.EstablishmentID == "" {
		return 0, ErrNotFound
	}
	return a.apps.CountUnresolved(ctx, p.EstablishmentID, postingID)
}
