package prototime

import (
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	at := time.Date(2026, 4, 1, 9, 0, 0, 123, time.FixedZone("JST", 9*3600))
	if got := Time(Timestamp(at)); !got.Equal(at) || got.Location() != time.UTC {
		t.Fatalf("round trip = %v", got)
	}
	if Timestamp(time.Time{}) != nil || TimestampPtr(nil) != nil || TimestampPtr(&time.Time{}) != nil {
		t.Fatal("zero or nil time must be an unset field")
	}
	if !Time(nil).IsZero() || TimePtr(nil) != nil {
		t.Fatal("an unset field must read as the zero time / nil, not 1970")
	}
	if p := TimePtr(Timestamp(at)); p == nil || !p.Equal(at) {
		t.Fatalf("TimePtr = %v", p)
	}
	if p := TimestampPtr(&at); !p.AsTime().Equal(at) {
		t.Fatal("TimestampPtr lost the time")
	}
}
