package app

import (
	"context"
	"strconv"
	"time"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/audit"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
)

// RemindDue sends every 選考結果未入力通知 due on the clock (APP-3): one transaction per
// applicant, which locks its row, records the reminder (application.Remind) and appends
// SelectionReminderDue, so a restart or a second replica never sends it twice. Rows
// that are no longer due (a result came in, the deadline passed) leave the index.
func (a *App) RemindDue(ctx context.Context) (int, error) {
	now := a.clk.Now()
	n := 0
	for {
		ids, err := a.apps.DueReminders(ctx, now, 100)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		for _, id := range ids {
			sent, stale := false, false
			err := a.tx.InTx(ctx, func(ctx context.Context) error {
				var ev outbox.Event
				err := a.apps.Update(ctx, id, func(ap *application.Application) error {
					f, err := a.posts.Get(ctx, ap.PostingID)
					if err != nil {
						return err
					}
					if err := ap.Remind(a.remind, f, now); err != nil {
						if finding.ReasonOf(err) != "" {
							stale = true // not due any more (past the deadline): leaves the index below
							return nil
						}
						return err
					}
					prim, _, err := a.accounts.Primary(ctx, ap.EstablishmentID)
					if err != nil {
						return err
					}
					sent = true
					ev, err = outbox.NewEvent(ap.ID, int64(ap.Reminders), now, &asv1.SelectionReminderDue{ApplicantId: ap.ID,
						EstablishmentId: ap.EstablishmentID, JobNumber: f.JobNumber, Occupation: f.Occupation, PrimaryEmail: prim.Email,
						AppliedAt: prototime.Timestamp(ap.AppliedAt), Reminder: int32(ap.Reminders)})
					return err
				})
				if err != nil || stale {
					if err == nil {
						err = a.apps.ClearReminder(ctx, id)
					}
					return err
				}
				if !sent {
					return nil
				}
				return a.events.Append(ctx, ev)
			})
			if err != nil {
				return n, err
			}
			if sent {
				n++
			}
		}
		if len(ids) < 100 {
			return n, nil
		}
	}
}

// JobLock runs a scheduled job in one replica at a time (libs/pgkit.JobLock): every
// replica runs RunScheduled against the same schema, and a run that finds the job's lock
// taken is skipped, the holder doing the work.
type JobLock interface {
	Run(ctx context.Context, job string, fn func(ctx context.Context) error) (ran bool, err error)
}

// The scheduled jobs' lock names.
const (
	JobReminders    = "selection-result-reminders"
	JobMessagePurge = "message-purge"
)

// PurgeMessages deletes the threads (and their messages) of every posting whose
// read-only window is over on the clock (MSG-1: the selection-result deadline plus the
// configured retention), in one transaction. RunScheduled runs it under the job lock
// JobMessagePurge, once across replicas; deleting is idempotent anyway. It returns how
// many messages went.
func (a *App) PurgeMessages(ctx context.Context) (int, error) {
	now := a.clk.Now()
	n := 0
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		n = 0
		ids, err := a.msgs.ThreadPostings(ctx)
		if err != nil || len(ids) == 0 {
			return err
		}
		posts, err := a.posts.ByIDs(ctx, ids)
		if err != nil {
			return err
		}
		purged := 0
		for _, id := range ids {
			f, ok := posts[id]
			if !ok || !a.msgPol.Purge(f, now) {
				continue
			}
			k, err := a.msgs.PurgePosting(ctx, id)
			if err != nil {
				return err
			}
			n += k
			purged++
			if err := a.audit.Record(ctx, audit.Entry{At: now, Action: "messages.purge", Actor: audit.Actor{ID: "applicant-selection", Role: "service"},
				EstablishmentID: f.EstablishmentID, SubjectID: id, Outcome: audit.OK,
				Detail: map[string]string{"messages": strconv.Itoa(k)}}); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// RunScheduled runs the scheduled jobs at start and then every interval (wall time)
// until ctx ends: the message purge (MSG-1), then the reminders (APP-3); what is due is
// decided on the injected clock. Each run holds its job's JobLock: of several replicas
// one runs it at a time, so a replica never finds an applicant the other just reminded
// (which it would take for a stale one and drop from the index, losing APP-3's repeated
// reminders).
func (a *App) RunScheduled(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		var purged int
		if _, err := a.jobs.Run(ctx, JobMessagePurge, func(ctx context.Context) (err error) {
			purged, err = a.PurgeMessages(ctx)
			return err
		}); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			a.log.Error("message purge failed", zap.Error(err))
		} else if purged > 0 {
			a.log.Info("messages purged after the result deadline", zap.Int("messages", purged))
		}
		var n int
		if _, err := a.jobs.Run(ctx, JobReminders, func(ctx context.Context) (err error) {
			n, err = a.RemindDue(ctx)
			return err
		}); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			a.log.Error("reminder job failed", zap.Error(err))
		} else if n > 0 {
			a.log.Info("selection result reminders due", zap.Int("count", n))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
