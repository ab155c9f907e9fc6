package grpcx_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// serve starts a server with opts and returns its address.
func serve(t *testing.T, opts grpcx.Options) (string, *grpcx.Server) {
	t.Helper()
	opts.Name, opts.ErrorDomain, opts.Log, opts.ShutdownTimeout = "exposure", "exposure.hellowork.example", zap.NewNop(), time.Second
	srv, err := grpcx.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = srv.Serve(ctx, lis); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return lis.Addr().String(), srv
}

func listServices(t *testing.T, addr string) error {
	t.Helper()
	conn, err := grpcx.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return err
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil && err != io.EOF {
		return err // io.EOF: the server ended the stream; Recv tells why
	}
	_, err = stream.Recv()
	return err
}

// L8: server reflection hands the whole API surface to anyone reaching the port, so it
// is off unless asked for (GRPC_REFLECTION=true, local debugging).
func TestServer_ReflectionOffByDefault(t *testing.T) {
	off, _ := serve(t, grpcx.Options{})
	if err := listServices(t, off); status.Code(err) != codes.Unimplemented {
		t.Fatalf("reflection by default: %v, want Unimplemented", err)
	}
	on, _ := serve(t, grpcx.Options{Reflection: true})
	if err := listServices(t, on); err != nil {
		t.Fatalf("reflection when asked for: %v", err)
	}
}

// L8: /metrics is served on the metrics port only; the gRPC port answers no HTTP/1
// request at all.
func TestServer_MetricsOnlyOnTheMetricsPort(t *testing.T) {
	grpcAddr, srv := serve(t, grpcx.Options{})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := lis.Addr().String()
	lis.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = grpcx.ServeMetrics(ctx, metricsAddr, srv.Registry()) }()

	client := &http.Client{Timeout: 2 * time.Second}
	var body string
	testkit.Eventually(t, 5*time.Second, func() bool {
		resp, err := client.Get("http://" + metricsAddr + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body = string(b)
		return resp.StatusCode == http.StatusOK
	}, "metrics port to serve /metrics")
	if !strings.Contains(body, "hellowork_dependency_up") && !strings.Contains(body, "grpc_server") {
		t.Errorf("metrics port serves no hellowork metrics:\n%.300s", body)
	}
	resp, err := client.Get("http://" + grpcAddr + "/metrics")
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK || strings.Contains(string(b), "# HELP") {
			t.Fatalf("the gRPC port serves /metrics: %d %.200s", resp.StatusCode, b)
		}
	}
}
