package app

import (
	"context"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Defaults of the image decoding bounds (IMG-1, H2); see Deps.
const (
	DefaultDecodeConcurrency = 2
	DefaultDecodeWait        = 10 * time.Second
	DefaultUploadsPerWindow  = 30
	DefaultUploadWindow      = time.Hour
)

// ErrImageBusy: every decoding slot stayed busy for the configured wait.
var ErrImageBusy = errs.New(errs.KindUnavailable, "IMAGE_PROCESSING_BUSY",
	"every image decoding slot stayed busy").WithRule("IMG-1")

// ErrUploadRateLimited: the account uploaded too many images in the current window.
var ErrUploadRateLimited = errs.New(errs.KindResourceExhausted, "IMAGE_UPLOAD_RATE_LIMITED",
	"too many image uploads by this account").WithRule("IMG-1")

// decodeGate caps the image decodes that run at once in the process: each may
// allocate up to the decode budget (image.Limits), so slots × budget bounds the memory
// of all of them, whatever the number of callers.
type decodeGate struct {
	sem  *semaphore.Weighted
	wait time.Duration
}

func newDecodeGate(slots int, wait time.Duration) *decodeGate {
	if slots <= 0 {
		slots = DefaultDecodeConcurrency
	}
	if wait <= 0 {
		wait = DefaultDecodeWait
	}
	return &decodeGate{sem: semaphore.NewWeighted(int64(slots)), wait: wait}
}

// acquire waits for a slot as long as the caller's context and the gate's wait allow:
// the caller's own cancellation or deadline is returned as is, the gate's wait running
// out as ErrImageBusy. release must be called once the decoded pixels are dropped.
func (g *decodeGate) acquire(ctx context.Context) (release func(), err error) {
	wctx, cancel := context.WithTimeout(ctx, g.wait)
	defer cancel()
	if err := g.sem.Acquire(wctx, 1); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, ErrImageBusy
	}
	return func() { g.sem.Release(1) }, nil
}
