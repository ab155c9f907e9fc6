package app

import (
	"context"
	"errors"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// RegisterSeekerResult is the stored seeker.
type RegisterSeekerResult struct {
	Seeker     *seeker.Seeker
	Searchable bool
}

// RegisterSeeker registers or replaces a seeker from the portal (a full replacement:
// a missing profile withdraws it). A MyPage opened or closed is carried to the
// seeker's applications (MSG-1: no messages without one).
func (a *App) RegisterSeeker(ctx context.Context, r seeker.Registration) (RegisterSeekerResult, error) {
	now := a.clk.Now()
	s, err := seeker.Register(r, now)
	if err != nil {
		return RegisterSeekerResult{}, domainErr(err)
	}
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		before, err := a.seekers.Lock(ctx, s.Number)
		if err != nil {
			return err
		}
		if err := a.seekers.Save(ctx, s); err != nil {
			return err
		}
		if before == nil || before.HasMyPage == s.HasMyPage {
			return nil
		}
		apps, err := a.apps.OfSeeker(ctx, s.Number)
		if err != nil {
			return err
		}
		for _, ap := range apps {
			if err := a.apps.Update(ctx, ap.ID, func(x *application.Application) error { x.SeekerUpdated(s); return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return RegisterSeekerResult{}, err
	}
	return RegisterSeekerResult{Seeker: s, Searchable: s.Searchable(now)}, nil
}

// seekerByNumber parses a 求職番号 and reads the seeker; an unknown one is NOT_FOUND.
func (a *App) seekerByNumber(ctx context.Context, number string) (*seeker.Seeker, error) {
	n, err := seeker.ParseNumber(number)
	if err != nil {
		return nil, domainErr(err)
	}
	s, err := a.seekers.Get(ctx, n)
	if errors.Is(err, ErrNoSuchSeeker) {
		return nil, ErrNotFound
	}
	return s, err
}
