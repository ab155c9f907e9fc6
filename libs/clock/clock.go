// Package clock gives every duration-based rule one source of time that tests control.
//
// Rules such as the 50-minute auth key (AUTHKEY-1), the 30-minute lock (LOGIN-1) or the
// 30-day restore (ACC-4) must never call time.Now directly: they read a Clock, and the
// tests inject a Fake that they move by hand instead of sleeping.
package clock

import (
	"sync"
	"time"
)

// JST is Japan Standard Time (UTC+9, no daylight saving). Dates that rules count in
// days ("5 days from the day after issuance", OPEN-3) are calendar dates in JST.
var JST = time.FixedZone("JST", 9*60*60)

// Clock tells the current time.
type Clock interface {
	Now() time.Time
}

// Real is the wall clock.
type Real struct{}

// Now returns the current wall-clock time.
func (Real) Now() time.Time { return time.Now() }

// Fake is a clock that only moves when told to. It is safe for concurrent use.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a fake clock reading t.
func NewFake(t time.Time) *Fake { return &Fake{now: t} }

// Now returns the fake's current time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Set moves the fake clock to t (backwards too).
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
}

// Advance moves the fake clock forward by d and returns the new time.
func (f *Fake) Advance(d time.Duration) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	return f.now
}

// DateJST returns the calendar date of t in JST, as midnight JST.
func DateJST(t time.Time) time.Time {
	y, m, d := t.In(JST).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, JST)
}
