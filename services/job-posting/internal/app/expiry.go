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
					JobNumber: p.Number.String(), Scope: int32(p.Content.Category.Scope), PublishedAt: prototime.Timestamp(now)})
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

// RunScheduled is the scheduled job: expiry, the publication batch, the renewal-window
// notices, then (once a JST day) the publication-hold check, at start
// and then every poll interval (wall time) until ctx ends. What is due is decided on
// the injected clock, so a test moves the fake clock past a date and waits.
func (a *App) RunScheduled(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	var holdCheckedOn time.Time
	for {
		if n, err := a.ExpireDue(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			a.log.Error("expiry job failed", zap.Error(err))
		} else if n > 0 {
			a.log.Info("postings expired", zap.Int("count", n))
		}
		if n, err := a.PublishAccepted(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			a.log.Error("publication batch failed", zap.Error(err))
		} else if n > 0 {
			a.log.Info("accepted postings published by the batch", zap.Int("count", n))
		}
		if n, err := a.AnnounceRenewalWindows(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			a.log.Error("renewal-window notices failed", zap.Error(err))
		} else if n > 0 {
			a.log.Info("renewal windows announced", zap.Int("count", n))
		}
		// The hold check reads every valid posting of the prefectures concerned: once a
		// JST day (the nightly check of §2.4), again after a failure.
		if today := clock.DateJST(a.clk.Now()); !today.Equal(holdCheckedOn) {
			if n, err := a.HoldBelowComing(ctx); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				a.log.Error("publication-hold check failed", zap.Error(err))
			} else {
				holdCheckedOn = today
				if n > 0 {
					a.log.Info("postings held below a coming minimum wage", zap.Int("count", n))
				}
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
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
