package grpcx_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/hellowork-jp/hellowork/libs/authz"
	"github.com/hellowork-jp/hellowork/libs/authz/authztest"
	authzv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/authz/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// work is a handler that takes 20-100 ms, like a read hitting the database.
type work struct {
	mu      sync.Mutex
	entered map[string]time.Time // request id → when the handler started
}

func (w *work) handle(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	w.mu.Lock()
	w.entered[in.Value] = time.Now()
	w.mu.Unlock()
	time.Sleep(time.Duration(20+rand.IntN(81)) * time.Millisecond) // the simulated work itself
	return in, nil
}

func registerWork(s *grpc.Server, w *work) {
	s.RegisterService(&grpc.ServiceDesc{
		ServiceName: "load.Work",
		HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{{MethodName: "Do", Handler: func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.StringValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			info := &grpc.UnaryServerInfo{Server: srv, FullMethod: "/load.Work/Do"}
			return ic(ctx, in, info, func(ctx context.Context, req any) (any, error) {
				return srv.(*work).handle(ctx, req.(*wrapperspb.StringValue))
			})
		}}},
	}, w)
}

// TestShutdown_GracefulUnderLoad: five clients send 50 calls/s in total to a 20-100 ms handler; the server's context is cancelled (SIGTERM)
// mid-load. Every call the server had accepted completes successfully; calls after the
// cancel fail cleanly with UNAVAILABLE; Serve returns within the shutdown timeout.
func TestShutdown_GracefulUnderLoad(t *testing.T) {
	const (
		clients         = 5
		perClientRate   = 10 // calls/s → 50 calls/s in total
		shutdownTimeout = 5 * time.Second
	)
	w := &work{entered: map[string]time.Time{}}
	authztest.RegisterService(t, "load.Work", map[string]*authzv1.Policy{"Do": authz.Public()})
	srv, err := grpcx.NewServer(grpcx.Options{Name: "load", ShutdownTimeout: shutdownTimeout})
	if err != nil {
		t.Fatal(err)
	}
	registerWork(srv.GRPC(), w)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, sigterm := context.WithCancel(context.Background())
	defer sigterm()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, lis) }()

	type result struct {
		id        string
		sent      time.Time
		code      codes.Code
		errString string
	}
	var (
		mu      sync.Mutex
		results []result
		calls   sync.WaitGroup
		stop    atomic.Bool
	)
	var loaders sync.WaitGroup
	for c := range clients {
		conn, err := grpcx.Dial(lis.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		loaders.Add(1)
		go func() {
			defer loaders.Done()
			tick := time.NewTicker(time.Second / perClientRate) // open loop: fixed rate, not waiting for replies
			defer tick.Stop()
			for n := 0; !stop.Load(); n++ {
				<-tick.C
				id := fmt.Sprintf("c%d-%d", c, n)
				calls.Add(1)
				go func() {
					defer calls.Done()
					cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					sent := time.Now()
					err := conn.Invoke(cctx, "/load.Work/Do", wrapperspb.String(id), new(wrapperspb.StringValue))
					mu.Lock()
					results = append(results, result{id: id, sent: sent, code: status.Code(err), errString: fmt.Sprint(err)})
					mu.Unlock()
				}()
			}
		}()
	}

	time.Sleep(1500 * time.Millisecond) // let the load reach steady state
	cancelAt := time.Now()
	sigterm()
	var exit time.Duration
	select {
	case err := <-served:
		exit = time.Since(cancelAt)
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(shutdownTimeout + 5*time.Second):
		t.Fatal("Serve did not return within the shutdown timeout")
	}
	time.Sleep(300 * time.Millisecond) // keep the load on after the exit: late calls must fail cleanly
	stop.Store(true)
	loaders.Wait()
	calls.Wait()

	var inFlight, inFlightFailed, before, after, afterRejected, unclean int
	w.mu.Lock()
	for _, r := range results {
		enteredAt, accepted := w.entered[r.id]
		switch {
		case accepted && enteredAt.Before(cancelAt):
			inFlight++
			if r.code != codes.OK {
				inFlightFailed++
				t.Errorf("in-flight call %s failed: %s", r.id, r.errString)
			}
		case accepted:
			// Accepted on a connection still open during the drain: must succeed too.
			after++
			if r.code != codes.OK {
				inFlightFailed++
				t.Errorf("call %s accepted during the drain failed: %s", r.id, r.errString)
			}
		default:
			if r.sent.Before(cancelAt) {
				before++ // sent just before the cancel, reached the server after it closed
			}
			afterRejected++
			if r.code != codes.Unavailable {
				unclean++
				t.Errorf("rejected call %s: code %v (%s), want UNAVAILABLE", r.id, r.code, r.errString)
			}
		}
	}
	w.mu.Unlock()
	if inFlight < 20 {
		t.Errorf("only %d calls were in flight or completed before the cancel; the load did not run", inFlight)
	}
	if afterRejected == 0 {
		t.Error("no call was sent after the shutdown: the test did not exercise rejection")
	}
	if exit > shutdownTimeout {
		t.Errorf("exit took %v > shutdown timeout %v", exit, shutdownTimeout)
	}
	t.Logf("METRIC shutdown_under_load calls=%d accepted_before_cancel=%d accepted_during_drain=%d failed_in_flight=%d rejected_unavailable=%d rejected_sent_before_cancel=%d unclean_rejections=%d exit_ms=%d",
		len(results), inFlight, after, inFlightFailed, afterRejected-unclean, before, unclean, exit.Milliseconds())
}
