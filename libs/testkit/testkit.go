// Package testkit holds the helpers every hellowork test shares; its subpackages start
// the real dependencies (pgtest, natstest, smtptest) and whole services (servicetest).
package testkit

import (
	"fmt"
	"testing"
	"time"
)

// Eventually polls cond until it returns true, and fails the test with the message if
// timeout passes first. It is the one way tests wait for asynchronous work (a consumer,
// the relay, a background loop); it must never stand in for a rule's time, which tests
// move with the fake clock.
//
// msgAndArgs is an optional fmt format and its arguments describing what is awaited.
// The poll starts at 1 ms and backs off to 50 ms, so fast conditions cost little and
// slow ones do not spin.
func Eventually(t testing.TB, timeout time.Duration, cond func() bool, msgAndArgs ...any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	wait := time.Millisecond
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, describe(msgAndArgs))
			return // only reached with a testing.TB whose Fatalf does not stop the goroutine
		}
		time.Sleep(wait)
		if wait *= 2; wait > 50*time.Millisecond {
			wait = 50 * time.Millisecond
		}
	}
}

func describe(msgAndArgs []any) string {
	if len(msgAndArgs) == 0 {
		return "the condition"
	}
	if format, ok := msgAndArgs[0].(string); ok {
		return fmt.Sprintf(format, msgAndArgs[1:]...)
	}
	return fmt.Sprint(msgAndArgs...)
}
