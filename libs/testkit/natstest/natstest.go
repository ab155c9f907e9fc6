// Package natstest runs a real, embedded nats-server with JetStream for tests.
//
// The server is the pinned github.com/nats-io/nats-server/v2 (not Debian's 2.9), stores
// JetStream data in a temporary directory with sync_interval: always, and can be
// stopped and restarted on the same port and store to test outages.
//
// It runs with the production permissions: one nkey user per service of
// libs/natsx/natsacl (Seed hands a service its seed; servicetest does so), limited to
// the service's own subjects and streams. A connection without credentials is the
// test's own administrator, so a test can still create any stream and publish any
// event as a producer would.
package natstest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/hellowork-jp/hellowork/libs/natsx/natsacl"
	"github.com/hellowork-jp/hellowork/libs/testkit/ports"
)

// Admin is the user of connections without credentials (tests only).
const Admin = "admin"

// Server is an embedded nats-server.
type Server struct {
	t        testing.TB
	mu       sync.Mutex
	srv      *server.Server
	port     int
	storeDir string
	seeds    map[string]string // service -> nkey seed
	users    []*server.NkeyUser
	adminPw  string
}

// Run starts a JetStream-enabled server and shuts it down when the test ends.
func Run(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, port: ports.Free(t), storeDir: t.TempDir(), seeds: map[string]string{}}
	for _, svc := range natsacl.Services {
		kp, err := nkeys.CreateUser()
		if err != nil {
			t.Fatalf("natstest: nkey: %v", err)
		}
		seed, _ := kp.Seed()
		pub, _ := kp.PublicKey()
		s.seeds[svc.Name] = string(seed)
		s.users = append(s.users, &server.NkeyUser{Nkey: pub, Permissions: ServerPermissions(natsacl.For(svc))})
	}
	pw := make([]byte, 16)
	_, _ = rand.Read(pw)
	s.adminPw = hex.EncodeToString(pw)
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
		Nkeys:      s.users,
		Users:      []*server.User{{Username: Admin, Password: s.adminPw}},
		NoAuthUser: Admin,
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

// Seed is the nkey seed of service's NATS user ("" for a name natsacl does not declare:
// such a process connects as the administrator).
func (s *Server) Seed(service string) string { return s.seeds[service] }

// ConnectAs returns a connection as service's NATS user, with its inbox prefix, closed
// when the test ends.
func (s *Server) ConnectAs(t testing.TB, service string, opts ...nats.Option) *nats.Conn {
	t.Helper()
	kp, err := nkeys.FromSeed([]byte(s.Seed(service)))
	if err != nil {
		t.Fatalf("natstest: no user for %q: %v", service, err)
	}
	pub, _ := kp.PublicKey()
	base := []nats.Option{nats.Nkey(pub, kp.Sign), nats.CustomInboxPrefix(natsacl.InboxPrefix(service)),
		nats.MaxReconnects(-1), nats.ReconnectWait(50 * time.Millisecond)}
	nc, err := nats.Connect(s.URL(), append(base, opts...)...)
	if err != nil {
		t.Fatalf("natstest: connect as %s: %v", service, err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// ServerPermissions converts natsacl permissions to the server's.
func ServerPermissions(p natsacl.Permissions) *server.Permissions {
	return &server.Permissions{
		Publish:   &server.SubjectPermission{Allow: p.Publish},
		Subscribe: &server.SubjectPermission{Allow: p.Subscribe},
	}
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
