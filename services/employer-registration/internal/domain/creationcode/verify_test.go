package creationcode

import (
	"bytes"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// OPEN-3 verification: what matches, what counts a mistake against which code, and
// what the audit trail is told.
func TestAttempt_Check(t *testing.T) {
	issued := time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST)
	inTime := time.Date(2026, 6, 3, 10, 0, 0, 0, clock.JST)
	expired := time.Date(2026, 6, 7, 0, 0, 0, 0, clock.JST)
	right, wrong := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	own := func() *Code { return Issue("own", "est-a", right, "staff", issued) }
	other := func() *Code { return Issue("other", "est-b", wrong, "staff", issued) }
	cases := []struct {
		name             string
		at               time.Time
		owner, phone     bool
		hash             []byte
		byNumber, byHash *Code
		ok               bool
		outcome          Outcome
		charged          []string
	}{
		{"all three right", inTime, true, true, right, own(), nil, true, OutcomeOK, nil},
		{"all three right, found by hash too", inTime, true, true, right, own(), own(), true, OutcomeOK, nil},
		{"wrong code", inTime, true, true, wrong, own(), nil, false, OutcomeMismatch, []string{"own"}},
		{"wrong phone", inTime, true, false, right, own(), own(), false, OutcomeMismatch, []string{"own"}},
		{"malformed code", inTime, true, true, nil, own(), nil, false, OutcomeMismatch, []string{"own"}},
		{"wrong number, right code", inTime, false, false, right, nil, own(), false, OutcomeMismatch, []string{"own"}},
		{"another establishment's code", inTime, true, true, wrong, own(), other(), false, OutcomeMismatch, []string{"own", "other"}},
		{"nothing named", inTime, false, false, wrong, nil, nil, false, OutcomeNoMatch, nil},
		{"no code issued", inTime, true, true, right, nil, nil, false, OutcomeMismatch, nil},
		{"expired code", expired, true, true, right, own(), own(), false, OutcomeExpired, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := Attempt{Hash: tc.hash, Owner: tc.owner, PhoneMatches: tc.phone, ByNumber: tc.byNumber, ByHash: tc.byHash}.Check(tc.at)
			if v.OK != tc.ok || v.Outcome != tc.outcome {
				t.Fatalf("Check = ok %v outcome %s, want %v %s", v.OK, v.Outcome, tc.ok, tc.outcome)
			}
			if v.OK && v.Code != tc.byNumber {
				t.Fatalf("matched code = %v", v.Code)
			}
			var ids []string
			for _, c := range v.Charged {
				ids = append(ids, c.ID)
				if c.Mistakes != 1 {
					t.Errorf("code %s has %d mistakes after one attempt", c.ID, c.Mistakes)
				}
			}
			if len(ids) != len(tc.charged) {
				t.Fatalf("charged %v, want %v", ids, tc.charged)
			}
			for i := range ids {
				if ids[i] != tc.charged[i] {
					t.Fatalf("charged %v, want %v", ids, tc.charged)
				}
			}
			if len(v.Invalidated) != 0 {
				t.Fatalf("one attempt invalidated %v", v.Invalidated)
			}
		})
	}
}

// OPEN-3: the 10th mistake in total invalidates the code, whichever field was wrong;
// the 9th leaves it usable.
func TestAttempt_TenthMistakeInvalidates(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST)
	right, wrong := []byte("right"), []byte("wrong")
	c := Issue("c", "est", right, "staff", now)
	attempts := []Attempt{
		{Hash: wrong, Owner: true, PhoneMatches: true, ByNumber: c},  // wrong code
		{Hash: right, Owner: true, PhoneMatches: false, ByNumber: c}, // wrong phone
		{Hash: right, ByHash: c},                                     // wrong number
	}
	for i := 0; i < MaxMistakes-1; i++ {
		if v := attempts[i%3].Check(now); v.OK || len(v.Invalidated) != 0 {
			t.Fatalf("attempt %d: %+v", i+1, v)
		}
	}
	if v := (Attempt{Hash: right, Owner: true, PhoneMatches: true, ByNumber: c}).Check(now); !v.OK {
		t.Fatal("the right input failed after 9 mistakes")
	}
	v := attempts[0].Check(now)
	if len(v.Invalidated) != 1 || v.Invalidated[0] != c || c.Status != StatusInvalidated || !c.InvalidatedAt.Equal(now) {
		t.Fatalf("10th mistake: %+v, code %+v", v, c)
	}
	if v := (Attempt{Hash: right, Owner: true, PhoneMatches: true, ByNumber: c}).Check(now); v.OK || len(v.Charged) != 0 {
		t.Fatalf("invalidated code still used or charged: %+v", v)
	}
}

func TestCode_ReplaceReportsWhetherItWasUsable(t *testing.T) {
	issued := time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST)
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{issued.Add(time.Hour), true},
		{time.Date(2026, 6, 7, 0, 0, 0, 0, clock.JST), false},
	} {
		c := Issue("c", "est", []byte("h"), "staff", issued)
		if got := c.Replace(tc.at); got != tc.want || c.Status != StatusReplaced {
			t.Errorf("Replace(%s) = %v (status %s), want %v", tc.at, got, c.Status, tc.want)
		}
	}
}
