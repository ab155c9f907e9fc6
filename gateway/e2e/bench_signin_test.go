package e2e_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/crypto/argon2"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
)

// Identity sign-in benchmark (make bench-identity; figures in docs/benchmarks.md,
// "Identity sign-in"). One run, one machine:
//
//  1. the hash-bound ceiling: raw argon2id with identity's production parameters
//     (19456 KiB, t=2, p=1, 16-byte salt, 32-byte key) at concurrency GOMAXPROCS, in this
//     process while the suite idles, right before and right after phase 2 (mean of
//     both). A complete sign-in needs exactly one such hash (the password step); the
//     OTP step is an HMAC.
//  2. throughput: complete sign-ins (password step, then the OTP step) over REST
//     through the real gateway process in front of the real identity process, 16
//     clients in a closed loop. The OTP is read as notification reads it: from
//     identity's OneTimePasswordIssued events in JetStream, unsealed with the sealing key.
//  3. latency: the same sign-ins at a fixed rate of 70 % of the mean ceiling (open loop, latency measured from each sign-in's scheduled start, so
//     queueing counts).
//
// It also prints the CPU time per sign-in of identity, the gateway and PostgreSQL
// against the CPU time of one raw hash: on a shared machine that ratio moves far less
// than the wall-clock one.
//
// Knobs (environment): BENCH_SIGNIN_CEILING (default 8s), BENCH_SIGNIN_THROUGHPUT (20s),
// BENCH_SIGNIN_LATENCY (20s), BENCH_SIGNIN_CONCURRENCY (16). BENCH_SIGNIN_NO_HASH=1 runs
// identity with the cheapest argon2id parameters (m 8 KiB, t 1): the CPU per sign-in it
// prints is then everything BUT the hash (identity, gateway, PostgreSQL), measured directly
// instead of as a difference of two noisy figures; its ratios mean nothing.

const (
	benchPassword = "Bench#2026pass"
	benchAccounts = 64
)

func benchEnvDuration(name string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func benchEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchHashCeiling runs argon2id with the production parameters on workers goroutines for d
// and returns hashes per second.
func benchHashCeiling(workers int, d time.Duration) float64 {
	var n atomic.Int64
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			salt := make([]byte, 16)
			for time.Now().Before(deadline) {
				salt[0]++
				_ = argon2.IDKey([]byte(benchPassword), salt, 2, 19456, 1, 32)
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds()
}

// benchMailbox receives identity's sealed secrets from JetStream, as notification would, and
// hands them to whoever waits for them (auth keys by e-mail, OTPs by login attempt).
type benchMailbox struct {
	mu    sync.Mutex
	got   map[string]string
	waits map[string]chan string
}

func (m *benchMailbox) put(key, secret string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ch, ok := m.waits[key]; ok {
		delete(m.waits, key)
		ch <- secret
		return
	}
	m.got[key] = secret
}

func (m *benchMailbox) wait(key string, timeout time.Duration) (string, error) {
	m.mu.Lock()
	if s, ok := m.got[key]; ok {
		delete(m.got, key)
		m.mu.Unlock()
		return s, nil
	}
	ch := make(chan string, 1)
	m.waits[key] = ch
	m.mu.Unlock()
	select {
	case s := <-ch:
		return s, nil
	case <-time.After(timeout):
		m.mu.Lock()
		delete(m.waits, key)
		m.mu.Unlock()
		return "", fmt.Errorf("no secret for %s within %v", key, timeout)
	}
}

// benchReadMail follows identity's stream and fills box until ctx ends.
func benchReadMail(ctx context.Context, b *testing.B, natsURL string, box *sealbox.Box, mb *benchMailbox) {
	nc, err := nats.Connect(natsURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(nc.Close)
	js, _ := jetstream.New(nc)
	otpSubject := string((&identityv1.OneTimePasswordIssued{}).ProtoReflect().Descriptor().FullName())
	keySubject := string((&identityv1.AuthKeyIssued{}).ProtoReflect().Descriptor().FullName())
	var cons jetstream.Consumer
	for deadline := time.Now().Add(30 * time.Second); ; {
		s, err := js.Stream(ctx, outbox.StreamName("identity"))
		if err == nil {
			cons, err = s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: []string{otpSubject, keySubject}})
		}
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("identity's stream: %v", err)
		}
		time.Sleep(100 * time.Millisecond) // waiting for identity to declare its stream
	}
	cc, err := cons.Consume(func(msg jetstream.Msg) {
		id := msg.Headers().Get(outbox.HeaderMsgID)
		switch msg.Subject() {
		case otpSubject:
			var ev identityv1.OneTimePasswordIssued
			if proto.Unmarshal(msg.Data(), &ev) == nil {
				if s, err := box.Open(ev.GetSealedSecret(), []byte(id)); err == nil {
					mb.put("otp:"+ev.GetLoginAttemptId(), string(s))
				}
			}
		case keySubject:
			var ev identityv1.AuthKeyIssued
			if proto.Unmarshal(msg.Data(), &ev) == nil {
				if s, err := box.Open(ev.GetSealedSecret(), []byte(id)); err == nil {
					mb.put("key:"+ev.GetEmail(), string(s))
				}
			}
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	go func() { <-ctx.Done(); cc.Stop() }()
}

// benchRestClient posts JSON to the gateway as a same-origin browser page would.
type benchRestClient struct {
	base string
	http *http.Client
}

func (c *benchRestClient) post(ctx context.Context, path string, body any, out any) (*http.Response, error) {
	raw, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return resp, fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return resp, fmt.Errorf("POST %s: %w", path, err)
		}
	}
	return resp, nil
}

// benchRegister opens a provisional OPEN-1 account over REST (the sign-in path is the same
// for every role).
func benchRegister(ctx context.Context, c *benchRestClient, mb *benchMailbox, email string) error {
	if _, err := c.post(ctx, "/v1/identity/registrations:start", map[string]any{"email": email, "email_confirmation": email,
		"agreed_to_privacy_policy": true, "agreed_to_terms": true}, nil); err != nil {
		return err
	}
	key, err := mb.wait("key:"+email, 30*time.Second)
	if err != nil {
		return err
	}
	_, err = c.post(ctx, "/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": benchPassword, "password_confirmation": benchPassword}, nil)
	return err
}

// benchSignInTiming is one complete sign-in.
type benchSignInTiming struct {
	password, otpWait, otp time.Duration
}

// benchSignIn runs the password step, waits for the mailed OTP and runs the OTP step; it
// checks that the session cookie is set.
func benchSignIn(ctx context.Context, c *benchRestClient, mb *benchMailbox, email string) (benchSignInTiming, error) {
	var t benchSignInTiming
	t0 := time.Now()
	var res struct {
		OneTimePasswordRequired bool   `json:"one_time_password_required"`
		LoginAttemptID          string `json:"login_attempt_id"`
	}
	if _, err := c.post(ctx, "/v1/identity/sessions:signIn", map[string]any{"email": email, "password": benchPassword}, &res); err != nil {
		return t, err
	}
	t.password = time.Since(t0)
	if !res.OneTimePasswordRequired || res.LoginAttemptID == "" {
		return t, fmt.Errorf("sign-in did not ask for the OTP: %+v", res)
	}
	t1 := time.Now()
	otp, err := mb.wait("otp:"+res.LoginAttemptID, 30*time.Second)
	if err != nil {
		return t, err
	}
	t.otpWait = time.Since(t1)
	t2 := time.Now()
	resp, err := c.post(ctx, "/v1/identity/sessions:verifyOneTimePassword", map[string]any{"login_attempt_id": res.LoginAttemptID,
		"one_time_password": otp}, nil)
	if err != nil {
		return t, err
	}
	t.otp = time.Since(t2)
	for _, ck := range resp.Cookies() {
		if ck.Name == "__Host-hw_session" && ck.Value != "" && ck.HttpOnly && ck.Secure {
			return t, nil
		}
	}
	return t, fmt.Errorf("no session cookie after the OTP step")
}

// benchCPU reads the CPU time (user+system) of processes from /proc, so the cost of a
// sign-in can be attributed to identity, the gateway and PostgreSQL even on a machine
// others share (wall-clock rates there move with their load; CPU time per sign-in
// hardly does).
type benchCPU struct {
	exe   map[string]string // name -> binary path
	dbURL string            // PostgreSQL backends serving this database count as "postgres"
}

func benchTicks(pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ = 100
}

// snapshot returns CPU time per process, keyed "name/pid".
func (c *benchCPU) snapshot(ctx context.Context) map[string]time.Duration {
	out := map[string]time.Duration{}
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		exe, err := os.Readlink("/proc/" + d.Name() + "/exe")
		if err != nil {
			continue
		}
		for name, path := range c.exe {
			if exe == path {
				out[name+"/"+d.Name()] = benchTicks(pid)
			}
		}
	}
	if conn, err := pgx.Connect(ctx, c.dbURL); err == nil {
		rows, _ := conn.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
		pids, _ := pgx.CollectRows(rows, pgx.RowTo[int32])
		_ = conn.Close(ctx)
		for _, pid := range pids {
			out[fmt.Sprintf("postgres/%d", pid)] = benchTicks(int(pid))
		}
	}
	return out
}

// benchCPUDelta sums after-before per process name (a process absent before started
// during the phase).
func benchCPUDelta(before, after map[string]time.Duration) map[string]time.Duration {
	out := map[string]time.Duration{}
	for k, v := range after {
		out[k[:strings.IndexByte(k, '/')]] += v - before[k]
	}
	return out
}

// benchSelfCPU is this process's CPU time.
func benchSelfCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchQuantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(q*float64(len(s))+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

func benchMsf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkIdentity_SignIn measures the sign-in figures once (run with -benchtime 1x).
func BenchmarkIdentity_SignIn(b *testing.B) {
	ceilingFor := benchEnvDuration("BENCH_SIGNIN_CEILING", 8*time.Second)
	throughputFor := benchEnvDuration("BENCH_SIGNIN_THROUGHPUT", 20*time.Second)
	latencyFor := benchEnvDuration("BENCH_SIGNIN_LATENCY", 20*time.Second)
	concurrency := benchEnvInt("BENCH_SIGNIN_CONCURRENCY", 16)
	// Production argon2 parameters (the stack's default); only the limits that a
	// benchmark from one IP would trip are raised.
	env := map[string]string{
		"RATE_LIMIT_IP_PER_MINUTE":      "10000000",
		"RATE_LIMIT_ACCOUNT_PER_MINUTE": "10000000",
		"OTP_HOURLY_CAP":                "10000000",
		"LOG_LEVEL":                     "warn",
	}
	noHash := os.Getenv("BENCH_SIGNIN_NO_HASH") == "1"
	if noHash {
		env["ARGON2_MEMORY_KIB"], env["ARGON2_TIME"], env["ARGON2_ALLOW_WEAK"] = "8", "1", "true"
		b.Logf("BENCH_SIGNIN_NO_HASH: argon2id m=8 KiB, t=1; the CPU per sign-in below is everything but the hash")
	}
	st := e2e.StartWith(b, env, e2e.Identity)
	sealing, err := base64.StdEncoding.DecodeString(st.Env["EVENT_SEALING_KEY"])
	if err != nil {
		b.Fatal(err)
	}
	box, err := sealbox.New(sealing)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	mb := &benchMailbox{got: map[string]string{}, waits: map[string]chan string{}}
	benchReadMail(ctx, b, st.NATS.URL(), box, mb)
	c := &benchRestClient{base: st.GateURL, http: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}}}

	// Accounts, 8 registrations at a time.
	emails := make([]string, benchAccounts)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	errs := make(chan error, benchAccounts)
	for i := range emails {
		emails[i] = fmt.Sprintf("bench-%03d@example.jp", i)
		wg.Add(1)
		sem <- struct{}{}
		go func(email string) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := benchRegister(ctx, c, mb, email); err != nil {
				errs <- err
			}
		}(emails[i])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	// One account is signed in by at most one client at a time: a new sign-in of an
	// account supersedes its pending OTP (LOGIN-2).
	free := make(chan string, benchAccounts)
	for _, e := range emails {
		free <- e
	}

	bins := e2e.Build(b, e2e.Gateway, e2e.Identity)
	cpu := &benchCPU{exe: map[string]string{"identity": bins["identity"], "gateway": bins["gateway"]}, dbURL: st.DBURL}

	b.ResetTimer()
	procs := runtime.GOMAXPROCS(0)
	// The ceiling is taken before and after the throughput phase (the machine is shared;
	// their mean is the reference, both are printed).
	self0, hashes0 := benchSelfCPU(), time.Now()
	ceilingBefore := benchHashCeiling(procs, ceilingFor/2)
	hashCPU := benchSelfCPU() - self0
	hashCount := ceilingBefore * time.Since(hashes0).Seconds()

	// Throughput: closed loop, after a short warm-up.
	run := func(until time.Time, count bool, done *atomic.Int64, failed *atomic.Int64) {
		var wg sync.WaitGroup
		for w := 0; w < concurrency; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(until) {
					email := <-free
					_, err := benchSignIn(ctx, c, mb, email)
					free <- email
					if !count {
						continue
					}
					if err != nil {
						if failed.Add(1) <= 3 {
							b.Logf("sign-in failed: %v", err)
						}
						continue
					}
					done.Add(1)
				}
			}()
		}
		wg.Wait()
	}
	var done, failed atomic.Int64
	run(time.Now().Add(3*time.Second), false, nil, nil)
	cpu0 := cpu.snapshot(ctx)
	t0 := time.Now()
	run(t0.Add(throughputFor), true, &done, &failed)
	rate := float64(done.Load()) / time.Since(t0).Seconds()
	used := benchCPUDelta(cpu0, cpu.snapshot(ctx))
	ceilingAfter := benchHashCeiling(procs, ceilingFor/2)
	ceiling := (ceilingBefore + ceilingAfter) / 2
	b.Logf("METRIC argon2id_hashes_per_s=%.1f before=%.1f after=%.1f concurrency=%d params=m19456,t2,p1",
		ceiling, ceilingBefore, ceilingAfter, procs)
	ratio := rate / ceiling
	b.Logf("METRIC signins_per_s=%.1f ratio_to_ceiling=%.2f concurrency=%d completed=%d failed=%d (target ratio >= 0.85)",
		rate, ratio, concurrency, done.Load(), failed.Load())
	// Load-independent view: CPU per complete sign-in against CPU per raw hash. On a
	// machine of our own, throughput / ceiling ≈ hash CPU / sign-in CPU.
	perHash := benchMsf(hashCPU) / hashCount
	signins := float64(max(done.Load(), 1))
	idCPU, gwCPU, pgCPU := benchMsf(used["identity"])/signins, benchMsf(used["gateway"])/signins, benchMsf(used["postgres"])/signins
	b.Logf("METRIC cpu_ms_per_signin identity=%.1f gateway=%.1f postgres=%.1f total=%.1f argon2id_cpu_ms_per_hash=%.1f cpu_ratio=%.2f",
		idCPU, gwCPU, pgCPU, idCPU+gwCPU+pgCPU, perHash, perHash/(idCPU+gwCPU+pgCPU))
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("machine: %d CPUs, load average %s", runtime.NumCPU(), strings.TrimSpace(string(l)))
	}

	// Latency at a fixed rate of 70 % of the ceiling: the same mean ceiling the ratio
	// uses (the higher of two samples can exceed what sign-ins can reach and would
	// measure an overloaded queue instead of the service).
	target := 0.7 * ceiling
	interval := time.Duration(float64(time.Second) / target)
	n := int(latencyFor / interval)
	var mu sync.Mutex
	var total, e2eTotal, pw, otp []time.Duration
	var lfailed atomic.Int64
	var lwg sync.WaitGroup
	start := time.Now().Add(50 * time.Millisecond)
	for i := 0; i < n; i++ {
		scheduled := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(scheduled)) // pacing the open loop, not waiting for a rule
		lwg.Add(1)
		go func() {
			defer lwg.Done()
			email := <-free
			t, err := benchSignIn(ctx, c, mb, email)
			free <- email
			if err != nil {
				if lfailed.Add(1) <= 3 {
					b.Logf("sign-in failed: %v", err)
				}
				return
			}
			// Server-side time the user waits: from the scheduled start to the answer
			// of the password step (queueing included), plus the OTP step; the mail's
			// delivery (a human reading it) is reported apart.
			queued := time.Since(scheduled) - t.password - t.otpWait - t.otp
			mu.Lock()
			total = append(total, queued+t.password+t.otp)
			e2eTotal = append(e2eTotal, time.Since(scheduled))
			pw = append(pw, queued+t.password)
			otp = append(otp, t.otp)
			mu.Unlock()
		}()
	}
	lwg.Wait()
	b.StopTimer()
	p99 := benchQuantile(total, 0.99)
	b.Logf("METRIC fixed_rate_per_s=%.1f signins=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f (target p99 < 250 ms)",
		target, len(total), lfailed.Load(), benchMsf(benchQuantile(total, 0.5)), benchMsf(p99), benchMsf(benchQuantile(total, 1)))
	b.Logf("METRIC password_step_p50_ms=%.1f p99_ms=%.1f otp_step_p50_ms=%.1f p99_ms=%.1f with_otp_delivery_p50_ms=%.1f p99_ms=%.1f",
		benchMsf(benchQuantile(pw, 0.5)), benchMsf(benchQuantile(pw, 0.99)), benchMsf(benchQuantile(otp, 0.5)), benchMsf(benchQuantile(otp, 0.99)),
		benchMsf(benchQuantile(e2eTotal, 0.5)), benchMsf(benchQuantile(e2eTotal, 0.99)))
	b.ReportMetric(ceiling, "hashes/s")
	b.ReportMetric(rate, "signins/s")
	b.ReportMetric(ratio, "ratio")
	b.ReportMetric(benchMsf(p99), "p99-ms")
	if failed.Load() > 0 || lfailed.Load() > 0 {
		b.Errorf("%d + %d sign-ins failed", failed.Load(), lfailed.Load())
	}
}
