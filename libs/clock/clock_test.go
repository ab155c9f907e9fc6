package clock_test

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

func TestFake_MovesOnlyWhenTold(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, clock.JST)
	f := clock.NewFake(start)
	if !f.Now().Equal(start) {
		t.Fatalf("Now = %v, want %v", f.Now(), start)
	}
	if got := f.Advance(50 * time.Minute); !got.Equal(start.Add(50 * time.Minute)) {
		t.Fatalf("Advance = %v", got)
	}
	f.Set(start)
	if !f.Now().Equal(start) {
		t.Fatalf("Set did not move the clock back")
	}
}

func TestDateJST_CrossesMidnightInJapanNotUTC(t *testing.T) {
	// 2026-11-23 15:30 UTC is 2026-11-24 00:30 in JST.
	got := clock.DateJST(time.Date(2026, 11, 23, 15, 30, 0, 0, time.UTC))
	want := time.Date(2026, 11, 24, 0, 0, 0, 0, clock.JST)
	if !got.Equal(want) {
		t.Fatalf("DateJST = %v, want %v", got, want)
	}
}
