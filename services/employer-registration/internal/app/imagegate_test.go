package app

import (
	"context"
	"errors"
	"testing"
	"time"
)

// IMG-1 (H2): at most `slots` decodes run at once; a caller waits for a slot no longer
// than its own context or the gate's wait, and gets one as soon as a slot is released.
func TestDecodeGate_CapsConcurrentDecodesAndWaitsBounded(t *testing.T) {
	g := newDecodeGate(2, time.Hour)
	ctx := context.Background()
	r1, err1 := g.acquire(ctx)
	r2, err2 := g.acquire(ctx)
	if err1 != nil || err2 != nil {
		t.Fatalf("the first two decodes: %v, %v", err1, err2)
	}

	// A third caller waits; its own cancellation ends the wait with its context error.
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := g.acquire(cctx)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter: %v, want context.Canceled", err)
	}

	// A waiter gets the slot a finished decode releases.
	got := make(chan error, 1)
	go func() {
		r, err := g.acquire(ctx)
		if err == nil {
			r()
		}
		got <- err
	}()
	r1()
	if err := <-got; err != nil {
		t.Fatalf("waiter after a release: %v", err)
	}

	// The gate's own wait running out is IMAGE_PROCESSING_BUSY, not a hang.
	short := newDecodeGate(1, time.Millisecond)
	r, err := short.acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := short.acquire(ctx); !errors.Is(err, ErrImageBusy) {
		t.Fatalf("busy gate: %v, want %v", err, ErrImageBusy)
	}
	r()
	r2()
}

// Zero settings take the defaults rather than an unbounded or closed gate.
func TestDecodeGate_ZeroSettingsTakeTheDefaults(t *testing.T) {
	g := newDecodeGate(0, 0)
	if g.wait != DefaultDecodeWait {
		t.Fatalf("wait = %v", g.wait)
	}
	var releases []func()
	for i := 0; i < DefaultDecodeConcurrency; i++ {
		r, err := g.acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	if g.sem.TryAcquire(1) {
		t.Fatalf("more than %d slots", DefaultDecodeConcurrency)
	}
	for _, r := range releases {
		r()
	}
}
