// Package natstest runs a real, embedded nats-server with JetStream for tests.
//
// The server is the pinned github.com/nats-io/nats-server/v2 (not Debian's 2.9), stores
// JetStream data in a temporary directory with sync_interval: always, and can be
// stopped and restarted on the same port and store to test outages.
package natstest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/hellowork-jp/hellowork/libs/testkit/ports"
)

// Server is an embedded nats-server.
type Server struct {
	t        testing.TB
	mu       sync.Mutex
	srv      *server.Server
	port     int
	storeDir string
}

// Run starts a JetStream-enabled server and shuts it down when the test ends.
func Run(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, port: ports.Free(t), storeDir: t.TempDir()}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// URL is the client URL (stable across restarts).
func (s *Server) URL() string { return fmt.Sprintf("nats://127.0.0.1:%d", s.port) }

// Start starts the server if it is stopped.
func (s *Server) Start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return
	}
	opts := &server.Options{
		Host:       "127.0.0.1",
		Port:       s.port,
		JetStream:  true,
		StoreDir:   s.storeDir,
		SyncAlways: true,
		NoLog:      true,
		NoSigs:     true,
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		s.t.Fatalf("natstest: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		s.t.Fatalf("natstest: server not ready on %s", s.URL())
	}
	s.srv = srv
}

// Stop shuts the server down (like a crash of the broker; JetStream data is kept).
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv == nil {
		return
	}
	s.srv.Shutdown()
	s.srv.WaitForShutdown()
	s.srv = nil
}

// Restart stops and starts the server.
func (s *Server) Restart() {
	s.Stop()
	s.Start()
}

// Connect returns a client connection that reconnects forever and is closed when the
// test ends.
func (s *Server) Connect(t testing.TB) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(s.URL(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond),
		nats.RetryOnFailedConnect(true))
	if err != nil {
		t.Fatalf("natstest: connect: %v", err)
	}
	t.Cleanup(nc.Close)
	return nc
}
