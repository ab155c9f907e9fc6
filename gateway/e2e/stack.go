// Package e2e runs the suite as it runs in production: every service and the gateway
// as separate processes built from their cmd/ packages, against a real PostgreSQL
// database of the test's own, an embedded nats-server with JetStream, and an SMTP
// server inside the test process that records every mail.
package e2e

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/ports"
	"github.com/hellowork-jp/hellowork/libs/testkit/smtptest"
)

// Binary names a program of the suite and the package that builds it.
type Binary struct {
	Name string // process name, e.g. "identity"
	Pkg  string // package path relative to the repository root, e.g. "services/identity/cmd/identity"
}

// Suite binaries.
var (
	Gateway              = Binary{"gateway", "gateway/cmd/gateway"}
	Identity             = Binary{"identity", "services/identity/cmd/identity"}
	EmployerRegistration = Binary{"employer-registration", "services/employer-registration/cmd/employer-registration"}
	Notification         = Binary{"notification", "services/notification/cmd/notification"}
	// JobPosting needs no settings of its own here: JOB_RENEWAL_LEAD_DAYS and
	// JOB_EXPIRY_POLL_INTERVAL keep their defaults; the gateway learns it from
	// JOB_POSTING_ADDR, which every process of the stack gets.
	JobPosting = Binary{"job-posting", "services/job-posting/cmd/job-posting"}
	// ApplicantSelection serves the employer's applicant routes through the gateway
	// and the seeker portal's gRPC integration API (no route).
	ApplicantSelection = Binary{"applicant-selection", "services/applicant-selection/cmd/applicant-selection"}
)

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
	buildMu   sync.Mutex // tests of the package may start stacks in parallel
	built     = map[string]string{}
)

// RepoRoot is the repository root (the directory holding go.work).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Build compiles the binaries once per test process and returns their paths.
func Build(t testing.TB, bins ...Binary) map[string]string {
	t.Helper()
	buildOnce.Do(func() { buildDir, buildErr = os.MkdirTemp("", "hellowork-e2e-bin-") })
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	out := map[string]string{}
	for _, b := range bins {
		if p, ok := built[b.Name]; ok {
			out[b.Name] = p
			continue
		}
		path := filepath.Join(buildDir, b.Name)
		cmd := exec.Command("go", "build", "-o", path, "./"+b.Pkg)
		cmd.Dir = RepoRoot()
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", b.Pkg, err, msg)
		}
		built[b.Name] = path
		out[b.Name] = path
	}
	return out
}

// Stack is a running suite.
type Stack struct {
	t        testing.TB
	NATS     *natstest.Server
	SMTP     *smtptest.Server
	DBURL    string
	GateURL  string // http://127.0.0.1:port of the gateway
	Env      map[string]string
	addrs    map[string]string
	procs    map[string]*Process
	bins     map[string]string
	mu       sync.Mutex
	logLines []string
}

// Process is one running program.
type Process struct {
	Name string
	cmd  *exec.Cmd
	done chan struct{}
}

// FreeAddr returns a free 127.0.0.1:port, never the same twice in this process.
func FreeAddr(t testing.TB) string {
	t.Helper()
	return fmt.Sprintf("127.0.0.1:%d", ports.Free(t))
}

// Start brings up the dependencies and the given services plus the gateway.
func Start(t testing.TB, services ...Binary) *Stack {
	t.Helper()
	return StartWith(t, nil, services...)
}

// StartWith is Start with extra environment for every process (e.g. higher rate limits).
func StartWith(t testing.TB, env map[string]string, services ...Binary) *Stack {
	t.Helper()
	s := &Stack{t: t, addrs: map[string]string{}, procs: map[string]*Process{}}
	s.bins = Build(t, append([]Binary{Gateway}, services...)...)
	s.NATS = natstest.Run(t)
	s.SMTP = smtptest.Start(t)
	s.DBURL = pgtest.NewDatabase(t)
	gateAddr := FreeAddr(t)
	s.GateURL = "http://" + gateAddr
	seed := make([]byte, ed25519.SeedSize)
	sealing := make([]byte, 32)
	pepper := make([]byte, 32)
	codeKey := make([]byte, 32)
	_, _ = rand.Read(seed)
	_, _ = rand.Read(sealing)
	_, _ = rand.Read(pepper)
	_, _ = rand.Read(codeKey)
	s.Env = map[string]string{
		"DATABASE_URL":      s.DBURL,
		"NATS_URL":          s.NATS.URL(),
		"SMTP_URL":          s.SMTP.URL(),
		"LOG_FORMAT":        "json",
		"LOG_LEVEL":         "info",
		"SHUTDOWN_TIMEOUT":  "10s",
		"EVENT_SEALING_KEY": base64.StdEncoding.EncodeToString(sealing),
		"HASH_PEPPER":       base64.StdEncoding.EncodeToString(pepper),
		"TOKEN_SIGNING_KEY": base64.StdEncoding.EncodeToString(seed),
		"TOKEN_JWKS_URL":    s.GateURL + "/v1/identity/jwks",
		// employer-registration keys the hashes of account creation codes (OPEN-3).
		"CREATION_CODE_HASH_KEY": base64.StdEncoding.EncodeToString(codeKey),
		// Cheaper password hashing keeps the tests fast; production parameters are
		// proven by identity's own tests.
		"ARGON2_MEMORY_KIB": "19456",
		"ARGON2_TIME":       "2",
		"HTTP_ADDR":         gateAddr,
		// Every office's staff and visitor terminals are on loopback here (identity's
		// office allow-list, LOGIN-4 and issue 9 item 8).
		"OFFICE_NETWORKS": "*=127.0.0.0/8,::1",
	}
	for k, v := range env {
		s.Env[k] = v
	}
	for _, b := range services {
		s.addrs[b.Name] = FreeAddr(t)
	}
	for _, b := range services {
		s.StartProcess(b.Name, nil)
	}
	s.StartProcess(Gateway.Name, nil)
	t.Cleanup(s.StopAll)
	s.WaitReady(60 * time.Second)
	return s
}

// Addr is the gRPC address of a service of the stack ("" when not started).
func (s *Stack) Addr(service string) string { return s.addrs[service] }

func envName(service string) string {
	return strings.ToUpper(strings.ReplaceAll(service, "-", "_")) + "_ADDR"
}

// StartProcess starts (or restarts) one program with the stack's environment plus extra.
func (s *Stack) StartProcess(name string, extra map[string]string) *Process {
	s.t.Helper()
	env := os.Environ()
	for k, v := range s.Env {
		env = append(env, k+"="+v)
	}
	for svc, addr := range s.addrs {
		env = append(env, envName(svc)+"="+addr)
	}
	if addr, ok := s.addrs[name]; ok {
		env = append(env, "GRPC_ADDR="+addr, "SERVICE_NAME="+name)
	}
	// As in production: the service's own NATS user (natsacl permissions) and identity's
	// keys from identity's gRPC port.
	if seed := s.NATS.Seed(name); seed != "" {
		env = append(env, "NATS_NKEY_SEED="+seed)
	}
	if addr, ok := s.addrs["identity"]; ok && name != "identity" {
		env = append(env, "TOKEN_JWKS_ADDR="+addr)
	}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	cmd := exec.Command(s.bins[name])
	cmd.Env = env
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start %s: %v", name, err)
	}
	p := &Process{Name: name, cmd: cmd, done: make(chan struct{})}
	go s.collect(name, stdout)
	go func() { _ = cmd.Wait(); close(p.done) }()
	s.mu.Lock()
	s.procs[name] = p
	s.mu.Unlock()
	return p
}

func (s *Stack) collect(name string, r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		s.mu.Lock()
		s.logLines = append(s.logLines, name+" | "+sc.Text())
		s.mu.Unlock()
	}
}

// Logs returns every line the processes wrote so far.
func (s *Stack) Logs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.logLines...)
}

// Command runs a suite binary once (a subcommand such as identity's bootstrap-staff)
// with the stack's environment plus extra, and returns its combined output.
func (s *Stack) Command(name string, extra map[string]string, args ...string) ([]byte, error) {
	s.t.Helper()
	env := os.Environ()
	for k, v := range s.Env {
		env = append(env, k+"="+v)
	}
	for svc, addr := range s.addrs {
		env = append(env, envName(svc)+"="+addr)
	}
	// The services' configuration insists on a listen address even for subcommands
	// that serve nothing.
	env = append(env, "GRPC_ADDR=127.0.0.1:0", "SERVICE_NAME="+name)
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.bins[name], args...)
	cmd.Env = env
	return cmd.CombinedOutput()
}

// Kill stops a program abruptly (SIGKILL), like a crash.
func (s *Stack) Kill(name string) {
	s.signal(name, syscall.SIGKILL)
}

// Stop stops a program gracefully (SIGTERM) and waits for it.
func (s *Stack) Stop(name string) {
	s.signal(name, syscall.SIGTERM)
}

func (s *Stack) signal(name string, sig syscall.Signal) {
	s.mu.Lock()
	p := s.procs[name]
	s.mu.Unlock()
	if p == nil {
		return
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// StopAll stops every program gracefully; on failure it prints their logs.
func (s *Stack) StopAll() {
	s.mu.Lock()
	names := make([]string, 0, len(s.procs))
	for n := range s.procs {
		names = append(names, n)
	}
	s.mu.Unlock()
	for _, n := range names {
		s.Stop(n)
	}
	if s.t.Failed() {
		for _, l := range s.Logs() {
			s.t.Log(l)
		}
	}
}

// WaitReady waits until the gateway's /readyz reports every service ready.
func (s *Stack) WaitReady(timeout time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		if name := s.exited(); name != "" {
			for _, l := range s.Logs() {
				s.t.Log(l)
			}
			s.t.Fatalf("%s exited during start-up (its output is above)", name)
		}
		resp, err := http.Get(s.GateURL + "/readyz")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = fmt.Sprintf("%d %s", resp.StatusCode, b)
			if resp.StatusCode == 200 {
				return
			}
		} else {
			last = err.Error()
		}
		time.Sleep(100 * time.Millisecond) // polling start-up, not a rule
	}
	for _, l := range s.Logs() {
		s.t.Log(l)
	}
	s.t.Fatalf("suite not ready after %v: %s", timeout, last)
}

// exited names a program that has already ended, or "".
func (s *Stack) exited() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, p := range s.procs {
		select {
		case <-p.done:
			return name
		default:
		}
	}
	return ""
}

// Ctx is a context bounded for one test step.
func Ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
