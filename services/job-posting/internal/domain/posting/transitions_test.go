package posting

import (
	"slices"
	"testing"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/number"
)

var (
	tokyoAbove = minwage.Revision{Prefecture: 13, Yen: 5000, From: jst(2026, 10, 1)} // every fixture pay is below it
	tokyoBelow = minwage.Revision{Prefecture: 13, Yen: 1000, From: jst(2026, 10, 1)} // every fixture pay meets it
)

// inState builds the fixture in s by walking the lifecycle, so the helper itself uses
// the transitions under test.
func inState(t *testing.T, s State) *Posting {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("building %s: %v", s, err)
		}
	}
	provisional := func() *Posting {
		p := draft(content())
		_, err := p.Submit(submission(jst(2026, 3, 30)))
		must(err)
		return p
	}
	switch s {
	case StateDraft:
		return draft(content())
	case StateProvisional:
		return provisional()
	case StateReturned:
		p := provisional()
		must(p.Return("賃金欄を確認してください", jst(2026, 3, 31)))
		return p
	case StateRejected:
		p := provisional()
		must(p.Reject("雇用関係ではありません", jst(2026, 3, 31)))
		return p
	case StateWithdrawn:
		p := provisional()
		must(p.Withdraw(jst(2026, 3, 31)))
		return p
	case StateAccepted:
		return accepted(t)
	case StatePublished:
		return published(t)
	case StateHeld:
		p := published(t)
		held, err := p.HoldIfBelow(tokyoAbove, jst(2026, 9, 24))
		must(err)
		if !held {
			t.Fatal("fixture not held")
		}
		return p
	case StateInvalid:
		p := accepted(t)
		must(p.RequestStop("充足", "acc-1", jst(2026, 5, 1)))
		_, err := p.AcceptApplication(jst(2026, 5, 2))
		must(err)
		return p
	}
	t.Fatalf("no fixture for %s", s)
	return nil
}

// TestTransitions_EveryActionFromEveryState is the state machine of domain.md §2.4:
// each action is tried from each of the nine states; the allowed ones reach the
// expected state, all others are refused with INVALID_STATE (or the more precise
// reason listed) and leave the posting unchanged.
func TestTransitions_EveryActionFromEveryState(t *testing.T) {
	now := jst(2026, 6, 20) // inside the renewal window of 2026-06-30
	validStates := []State{StateAccepted, StatePublished, StateHeld}
	same := func(s State) State { return s }
	to := func(s State) func(State) State { return func(State) State { return s } }
	cases := []struct {
		act     Action
		allowed []State
		special map[State]finding.Reason // refused with this reason instead of INVALID_STATE
		noop    []State                  // allowed but nothing happens
		result  func(State) State
		run     func(p *Posting) error
	}{
		{ActSave, []State{StateDraft, StateReturned}, nil, nil, same, func(p *Posting) error {
			_, err := p.SaveSection(content(), SecPR, now)
			return err
		}},
		{ActSubmit, []State{StateDraft}, nil, nil, to(StateProvisional), func(p *Posting) error {
			_, err := p.Submit(submission(now))
			return err
		}},
		{ActResubmit, []State{StateReturned}, nil, nil, to(StateProvisional), func(p *Posting) error {
			_, err := p.Resubmit(submission(now))
			return err
		}},
		{ActWithdraw, []State{StateProvisional, StateReturned}, nil, nil, to(StateWithdrawn), func(p *Posting) error {
			return p.Withdraw(now)
		}},
		{ActReturn, []State{StateProvisional}, nil, nil, to(StateReturned), func(p *Posting) error {
			return p.Return("就業時間を確認してください", now)
		}},
		{ActReject, []State{StateProvisional, StateReturned}, nil, nil, to(StateRejected), func(p *Posting) error {
			return p.Reject("受理できない内容です", now)
		}},
		{ActAccept, []State{StateProvisional}, nil, nil, to(StateAccepted), func(p *Posting) error {
			n, _ := number.Parse("13010-00000099")
			return p.Accept(n, deadline.DefaultPolicy(), now)
		}},
		{ActPublish, []State{StateAccepted}, map[State]finding.Reason{StateHeld: finding.PublicationHeld}, nil, to(StatePublished),
			func(p *Posting) error { return p.Publish(now) }},
		{ActHold, []State{StateAccepted, StatePublished}, nil, []State{StateHeld}, to(StateHeld), func(p *Posting) error {
			_, err := p.HoldIfBelow(tokyoAbove, now)
			return err
		}},
		{ActRelease, []State{StateHeld}, nil, nil, to(StatePublished), func(p *Posting) error {
			if p.Hold != nil {
				p.Hold.Revision = tokyoBelow
			}
			return p.Release(now)
		}},
		{ActRequest, validStates, nil, nil, same, func(p *Posting) error {
			return p.RequestStop("充足のため", "acc-1", now)
		}},
		{ActDecide, validStates, nil, nil, to(StateInvalid), func(p *Posting) error {
			p.Pending = &Application{Kind: AppStop, RequestedAt: now}
			_, err := p.AcceptApplication(now)
			return err
		}},
		{ActBringForward, validStates, nil, nil, same, func(p *Posting) error {
			return p.BringForward(jst(2026, 6, 25), now)
		}},
		{ActReserveRenew, validStates, nil, nil, same, func(p *Posting) error {
			_, err := p.ReserveRenewal("p-2", "acc-1", deadline.DefaultPolicy(), now)
			return err
		}},
		{ActReuse, []State{StateProvisional, StateReturned, StateRejected, StateWithdrawn, StateAccepted, StatePublished, StateHeld, StateInvalid},
			nil, nil, same, func(p *Posting) error {
				_, err := p.Reuse("p-3", "acc-1", now)
				return err
			}},
		{ActInvalidate, validStates, nil, nil, to(StateInvalid), func(p *Posting) error {
			return p.Invalidate(jst(2026, 7, 1))
		}},
	}
	if len(cases) != len(from) {
		t.Fatalf("%d actions tested, %d in the state table", len(cases), len(from))
	}
	for _, c := range cases {
		for _, s := range States {
			t.Run(string(c.act)+"/from_"+string(s), func(t *testing.T) {
				p := inState(t, s)
				if got := p.Can(c.act); got != slices.Contains(c.allowed, s) {
					t.Errorf("Can(%s) from %s = %v", c.act, s, got)
				}
				err := c.run(p)
				switch {
				case slices.Contains(c.noop, s):
					if err != nil || p.State != s {
						t.Fatalf("no-op expected, got state %s, %v", p.State, err)
					}
				case slices.Contains(c.allowed, s):
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					if want := c.result(s); p.State != want {
						t.Fatalf("state %s, want %s", p.State, want)
					}
				default:
					want := finding.InvalidState
					if r, ok := c.special[s]; ok {
						want = r
					}
					if got := reasonOf(err); got != want {
						t.Fatalf("got %v, want %s", err, want)
					}
					if verr := err.(*finding.Refusal).Validate(); verr != nil {
						t.Error(verr)
					}
					if p.State != s {
						t.Fatalf("a refused step moved the posting to %s", p.State)
					}
				}
			})
		}
	}
}
