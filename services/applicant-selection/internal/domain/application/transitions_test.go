package application

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
)

// TestTransitions_EveryActionFromEveryStateAndPhase is the lifecycle of an
// application (APP-2, APP-3): each action is tried from each state in each phase of
// its posting (valid, invalid before its 翌々々月末, past it) against an expected
// table written out here independently of the code. Allowed actions reach the
// expected state; refused ones give the reason listed and change nothing.
func TestTransitions_EveryActionFromEveryStateAndPhase(t *testing.T) {
	const (
		ok      = finding.Reason("")
		already = finding.ResultAlreadyRegistered
		notYet  = finding.ResultNotRegistered
		late    = finding.ResultDeadlinePassed
		notDue  = finding.ReminderNotDue
	)
	phases := []posting.Phase{posting.PhaseValid, posting.PhaseAfterInvalid, posting.PhasePastDeadline}
	// want[action][state] lists the outcome per phase: valid, after invalid, past deadline.
	want := map[Action]map[State][3]finding.Reason{
		ActRegister:       {StateSelecting: {ok, ok, late}, StateDecided: {already, already, already}},
		ActRegisterOffice: {StateSelecting: {ok, ok, ok}, StateDecided: {already, already, already}},
		ActCorrect:        {StateSelecting: {notYet, notYet, notYet}, StateDecided: {ok, ok, late}},
		ActCorrectOffice:  {StateSelecting: {notYet, notYet, notYet}, StateDecided: {ok, ok, ok}},
		ActRemind:         {StateSelecting: {ok, ok, notDue}, StateDecided: {notDue, notDue, notDue}},
	}
	resulting := map[Action]State{ActRegister: StateDecided, ActRegisterOffice: StateDecided,
		ActCorrect: StateDecided, ActCorrectOffice: StateDecided, ActRemind: StateSelecting}
	if len(want) != len(Actions) {
		t.Fatalf("%d actions in the table, %d in the code", len(want), len(Actions))
	}
	// The posting was cancelled on 6/10 (deadline 9/30); "now" picks the phase.
	nowFor := map[posting.Phase]time.Time{
		posting.PhaseValid:        jst(2026, 6, 20),
		posting.PhaseAfterInvalid: jst(2026, 9, 30),
		posting.PhasePastDeadline: jst(2026, 10, 1),
	}
	factsFor := func(ph posting.Phase) posting.Facts {
		if ph == posting.PhaseValid {
			return published()
		}
		return cancelled()
	}
	inState := func(t *testing.T, s State) *Application {
		a := selfApp(t)
		if s == StateDecided {
			if _, err := a.Register(reject(), employer, published(), applied); err != nil {
				t.Fatal(err)
			}
		}
		return a
	}
	for _, act := range Actions {
		for _, s := range States {
			for i, ph := range phases {
				t.Run(string(act)+"/"+string(s)+"/"+ph.String(), func(t *testing.T) {
					a := inState(t, s)
					p, now := factsFor(ph), nowFor[ph]
					if p.PhaseAt(now) != ph {
						t.Fatalf("fixture in phase %s, want %s", p.PhaseAt(now), ph)
					}
					expect := want[act][s][i]
					if got := a.Can(act, p, now); got != (expect == ok) {
						t.Errorf("Can = %v", got)
					}
					results := len(a.Results)
					var err error
					switch act {
					case ActRegister:
						_, err = a.Register(hire(), employer, p, now)
					case ActRegisterOffice:
						_, err = a.Register(hire(), staff, p, now)
					case ActCorrect:
						_, err = a.Correct(hire(), employer, p, now)
					case ActCorrectOffice:
						_, err = a.Correct(hire(), staff, p, now)
					case ActRemind:
						err = a.Remind(DefaultReminderPolicy(), p, now)
					default:
						t.Fatalf("no driver for %s", act)
					}
					if got := finding.ReasonOf(err); got != expect {
						t.Fatalf("got %v, want %q", err, expect)
					}
					mustValid(t, err)
					if expect == ok {
						if a.State != resulting[act] {
							t.Errorf("state %s, want %s", a.State, resulting[act])
						}
						return
					}
					if a.State != s || len(a.Results) != results || a.Reminders != 0 {
						t.Errorf("a refused step changed the application: %s, %d results, %d reminders", a.State, len(a.Results), a.Reminders)
					}
				})
			}
		}
	}
}
