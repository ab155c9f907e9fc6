package app

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/clock"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
)

// ExpireDue invalidates every valid posting whose 紹介期限日 has passed on the
// clock's JST date, one transaction and one PostingInvalidated event each, and returns
// how many it ended.
func (a *App) ExpireDue(ctx context.Context) (int, error) {
	now := a.clk.Now()
	n := 0
	for {
		ids, err := a.posts.ExpiredIDs(ctx, clock.DateJST(now), 100)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		for _, id := range ids {
			err := a.tx.InTx(ctx, func(ctx context.Context) error {
				var ev outbox.Event
				err := a.update(ctx, id, func(p *posting.Posting) error {
					if err := p.Invalidate(now); err != nil {
						return domainErr(err)
					}
					var err error
					ev, err = outbox.NewEvent(p.ID, 0, now, &jobpostingv1.PostingInvalidated{PostingId: p.ID,
						EstablishmentId: p.EstablishmentID, JobNumber: p.Number.String(), Cause: string(p.InvalidCause),
						InvalidFrom: date(p.InvalidFrom)})
					return err
				})
				if err != nil {
					return err
				}
				return a.events.Append(ctx, ev)
			})
			if err != nil {
				return n, err
			}
			n++
		}
	}
}

// PublishAccepted is the nightly publication batch (JOB-2): what staff accepted on an
// earlier JST day and did not publish from the worklist is published now, so that no
// accepted posting waits past its day of acceptance. Scope 4 is never published; a
// held posting waits for its release.
func (a *App) PublishAccepted(ctx context.Context) (int, error) {
	now := a.clk.Now()
	ids, err := a.posts.PublishableIDs(ctx, clock.DateJST(now), 500)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := a.tx.InTx(ctx, func(ctx context.Context) error {
			var ev outbox.Event
			err := a.update(ctx, id, func(p *posting.Posting) error {
				if err := p.Publish(now); err != nil {
					return domainErr(err)
				}
				var err error
				ev, err = outbox.NewEvent(p.ID, 0, now, &jobpostingv1.PostingPublished{PostingId: p.ID, EstablishmentId: p.EstablishmentID,
					JobNumber: p.Number.String(), Scope: jobpostingv1.Scope(p.Content.Category.Scope), PublishedAt: prototime.Timestamp(now)})
				return err
			})
			if err != nil {
				return err
			}
			return a.events.Append(ctx, ev)
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// AnnounceRenewalWindows tells the employer of every valid posting whose renewal
// window opened on the clock's JST date or before (JOB-5: RenewalLeadDays before its
// 紹介期限日) and was not announced yet: one transaction and one
// PostingRenewalWindowOpened event (notification's mail) each, once per 紹介期限日.
func (a *App) AnnounceRenewalWindows(ctx context.Context) (int, error) {
	now := a.clk.Now()
	n := 0
	for {
		ids, err := a.posts.RenewalNoticeIDs(ctx, clock.DateJST(now).AddDate(0, 0, a.policy.RenewalLeadDays), 100)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		for _, id := range ids {
			err := a.tx.InTx(ctx, func(ctx context.Context) error {
				var ev *outbox.Event
				err := a.update(ctx, id, func(p *posting.Posting) error {
					if !p.NoteRenewalWindow(a.policy, now) {
						return nil
					}
					est, _, err := a.ests.Get(ctx, p.EstablishmentID)
					if err != nil {
						return err
					}
					e, err := outbox.NewEvent(p.ID, 0, now, &jobpostingv1.PostingRenewalWindowOpened{PostingId: p.ID,
						EstablishmentId: p.EstablishmentID, OfficeCode: p.OfficeCode, JobNumber: p.Number.String(),
						Occupation: p.Content.Job.Occupation, ReferralDeadline: date(p.ReferralDeadline),
						RenewalOpensOn: date(a.policy.RenewalOpens(p.ReferralDeadline)), SubmittedByEmail: p.SubmitterEmail,
						EstablishmentName: est.Name, OfficeName: est.OfficeName, SubmittedBy: p.SubmittedBy})
					ev = &e
					return err
				})
				if err != nil || ev == nil {
					return err
				}
				return a.events.Append(ctx, *ev)
			})
			if err != nil {
				return n, err
			}
			n++
		}
	}
}

// HoldBelowComing is the publication-hold check (公開保留, §2.4): for every minimum
// wage revision taking effect within the coming week, it holds the accepted and
// published postings of that prefecture whose main or trial pay falls below the coming
// rate, one transaction and one PostingHeld event each. Already held postings and those
// meeting the rate are left as they are, so the check can run as often as needed.
func (a *App) HoldBelowComing(ctx context.Context) (int, error) {
	now := a.clk.Now()
	n := 0
	for _, rev := range a.rates.Coming(now, 7) {
		ids, err := a.posts.HoldableIDs(ctx, rev.Prefecture.Code())
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			held := false
			err := a.tx.InTx(ctx, func(ctx context.Context) error {
				var ev outbox.Event
				err := a.update(ctx, id, func(p *posting.Posting) error {
					var err error
					if held, err = p.HoldIfBelow(rev, now); err != nil || !held {
						return domainErr(err)
					}
					ev, err = outbox.NewEvent(p.ID, 0, now, &jobpostingv1.PostingHeld{PostingId: p.ID, EstablishmentId: p.EstablishmentID,
						JobNumber: p.Number.String(), Prefecture: rev.Prefecture.Code(), Rate: int32(rev.Yen), EffectiveFrom: date(rev.From)})
					return err
				})
				if err != nil || !held {
					return err
				}
				return a.events.Append(ctx, ev)
			})
			if err != nil {
				return n, err
			}
			if held {
				n++
			}
		}
	}
	return n, nil
}

// JobLock runs a scheduled job in one replica at a time (libs/pgkit.JobLock): every
// replica runs RunScheduled against the same schema, and a run that finds the job's lock
// taken is skipped, the holder doing the work.
type JobLock interface {
	Run(ctx context.Context, job string, fn func(ctx context.Context) error) (ran bool, err error)
}

// Names of the scheduled jobs' locks.
const (
	JobExpire         = "expire-postings"
	JobPublishBatch   = "publication-batch"
	JobRenewalNotices = "renewal-window-notices"
	JobHoldCheck      = "publication-hold-check"
	JobRenderCards    = "render-stale-cards"
)

// RunScheduled is the scheduled job: expiry, the publication batch, the renewal-window
// notices, then (once a JST day) the publication-hold check, at start
// and then every poll interval (wall time) until ctx ends. What is due is decided on
// the injected clock, so a test moves the fake clock past a date and waits. Each job
// runs under its JobLock, so of several replicas one runs it at a time and each
// posting is expired, published, announced or held once.
func (a *App) RunScheduled(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	var holdCheckedOn time.Time
	for {
		// scheduled logs a failure; the next tick runs the job again.
		_, _ = a.scheduled(ctx, JobExpire, "postings expired", "expiry job failed", a.ExpireDue)
		_, _ = a.scheduled(ctx, JobPublishBatch, "accepted postings published by the batch", "publication batch failed", a.PublishAccepted)
		_, _ = a.scheduled(ctx, JobRenewalNotices, "renewal windows announced", "renewal-window notices failed", a.AnnounceRenewalWindows)
		// The hold check reads every valid posting of the prefectures concerned: once a
		// JST day (the nightly check of §2.4), again after a failure. A run skipped
		// because another replica holds it counts: that replica checks today.
		if today := clock.DateJST(a.clk.Now()); !today.Equal(holdCheckedOn) {
			if _, err := a.scheduled(ctx, JobHoldCheck, "postings held below a coming minimum wage", "publication-hold check failed", a.HoldBelowComing); err == nil {
				holdCheckedOn = today
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// RenderStaleCardsOnce runs RenderStaleCards under its JobLock (one replica renders;
// the others skip) and reports whether this replica ran it.
func (a *App) RenderStaleCardsOnce(ctx context.Context) (ran bool, n int, err error) {
	ran, err = a.jobs.Run(ctx, JobRenderCards, func(ctx context.Context) (err error) {
		n, err = a.RenderStaleCards(ctx)
		return err
	})
	return ran, n, err
}

// scheduled runs one job under its lock and logs the outcome: done with the count of
// what it changed, failed with the error (not when ctx ended: shutdown).
func (a *App) scheduled(ctx context.Context, job, done, failed string, fn func(context.Context) (int, error)) (ran bool, err error) {
	var n int
	ran, err = a.jobs.Run(ctx, job, func(ctx context.Context) (err error) {
		n, err = fn(ctx)
		return err
	})
	switch {
	case err != nil:
		if ctx.Err() == nil {
			a.log.Error(failed, zap.String("job", job), zap.Error(err))
		}
	case n > 0:
		a.log.Info(done, zap.String("job", job), zap.Int("count", n))
	}
	return ran, err
}

// RecordEstablishment updates the read model of an establishment from
// employer-registration's events (in the consumer's inbox transaction).
func (a *App) RecordEstablishment(ctx context.Context, e Establishment) error {
	if err := a.ests.Upsert(ctx, e, a.clk.Now()); err != nil {
		return err
	}
	if e.Name == "" {
		return nil
	}
	// The search cards of scope 1 and 2 carry the name: render them again in the same
	// transaction.
	return a.RefreshCards(ctx, e.ID)
}
