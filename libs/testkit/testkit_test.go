package testkit

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeT records Fatalf instead of stopping the real test.
type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.msg = strings.TrimSpace(sprintf(format, args...))
}

func sprintf(format string, args ...any) string { return describe(append([]any{format}, args...)) }

func TestEventually_ReturnsOnceTrue(t *testing.T) {
	var n atomic.Int32
	Eventually(t, time.Second, func() bool { return n.Add(1) >= 3 }, "three calls")
	if n.Load() != 3 {
		t.Fatalf("cond called %d times", n.Load())
	}
}

func TestEventually_FailsWithMessage(t *testing.T) {
	ft := &fakeT{TB: t}
	start := time.Now()
	Eventually(ft, 30*time.Millisecond, func() bool { return false }, "row %s of %d", "x", 2)
	if time.Since(start) < 30*time.Millisecond {
		t.Fatal("gave up before the timeout")
	}
	if !strings.Contains(ft.msg, "waiting for row x of 2") {
		t.Fatalf("message = %q", ft.msg)
	}
	ft.msg = ""
	Eventually(ft, time.Millisecond, func() bool { return false })
	if !strings.Contains(ft.msg, "the condition") {
		t.Fatalf("message without msgAndArgs = %q", ft.msg)
	}
}
