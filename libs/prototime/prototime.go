// Package prototime converts between time.Time and protobuf Timestamps the one way every
// service does: a zero or absent time is an unset field, in both directions.
//
// Why not timestamppb directly: timestamppb.New(time.Time{}) is year 1, not "unset",
// and a nil Timestamp's AsTime() is 1970-01-01, not the zero time, so an absent field
// would silently read as a real instant.
package prototime

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"
)

// Timestamp returns t as a Timestamp, nil for the zero time.
func Timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

// TimestampPtr returns *t as a Timestamp, nil for nil or the zero time.
func TimestampPtr(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return Timestamp(*t)
}

// Time returns ts as a UTC time, the zero time for nil.
func Time(ts *timestamppb.Timestamp) time.Time {
	if ts == nil {
		return time.Time{}
	}
	return ts.AsTime()
}

// TimePtr returns ts as a *time.Time, nil for nil.
func TimePtr(ts *timestamppb.Timestamp) *time.Time {
	if ts == nil {
		return nil
	}
	t := ts.AsTime()
	return &t
}
