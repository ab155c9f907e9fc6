package e2e_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
)

// Applicant-selection benchmark (make bench-appsel; figures in docs/benchmarks.md,
// "Applicant selection"). One run, one machine:
//
//  1. an employer signs in over REST (OPEN-2: staff bootstrapped with identity's
//     bootstrap-staff register the establishment at the counter, the employer sets a
//     password with the mailed auth key and signs in with the OTP, both read from
//     identity's sealed events in JetStream as notification would);
//  2. data: 100,000 generated seekers (BENCH_APPSEL_SEEKERS; nine in ten publish a
//     profile), one valid posting of the employer's establishment and its 10,000
//     applicants (BENCH_APPSEL_APPLICANTS), written straight into applicant-selection's
//     schema by services/applicant-selection/internal/benchdata (the rows and search
//     columns the repository derives);
//  3. the gateway ceilings, 16 clients (BENCH_APPSEL_CONCURRENCY) in a closed loop for
//     BENCH_APPSEL_CEILING each: "echo" = a /v1/ request the gateway answers itself (the
//     REST mux's 404, through the same middleware as every API call), "session" = the
//     employer's GET /v1/identity/account (the session check plus one gRPC call);
//  4. the seeker search mix (GET /v1/seekers, SEEK-1) and then the applicant list mix
//     (GET /v1/applicants, APP-1) through the REST edge at the same concurrency for
//     BENCH_APPSEL_DURATION each after a warm-up: p50/p95/p99, requests/s and the CPU
//     time per request of the gateway, identity, applicant-selection and PostgreSQL.
var benchSeekerMix = []url.Values{
	{"keyword": {"介護"}},
	{"keyword": {"事務"}, "prefecture": {"13"}},
	{"occupation": {"25"}},
	{"employment_form": {"EMPLOYMENT_FORM_REGULAR"}, "prefecture": {"14"}},
	{"offered_wage.form": {"PAY_FORM_MONTHLY"}, "offered_wage.yen": {"200000"}},
	{"licences": {"介護福祉士"}, "keyword": {"特別養護"}},
	{"keyword": {"システム 設計"}},
	{},
}

var appselBenchLoad = e2e.Binary{Name: "applicant-selection-benchload", Pkg: "services/applicant-selection/internal/benchdata/benchload"}

// benchSession is a signed-in browser for the benchmark: it sends the gateway's
// __Host- cookies (over http://127.0.0.1, which Go's cookiejar would refuse) and the
// same-origin header a page sends.
type benchSession struct {
	base    string
	cookies map[string]string
}

func (s *benchSession) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	for k, v := range s.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := benchTransport.RoundTrip(req)
	if err == nil {
		for _, c := range resp.Cookies() {
			if c.MaxAge < 0 {
				delete(s.cookies, c.Name)
			} else {
				s.cookies[c.Name] = c.Value
			}
		}
	}
	return resp, err
}

var benchTransport = &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}

func (s *benchSession) client() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: s}
}

// call sends a JSON request and decodes a 200 answer into out.
func (s *benchSession) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// signIn runs the password step and the OTP step (the OTP read from identity's event).
func (s *benchSession) signIn(ctx context.Context, mb *benchMailbox, email string) error {
	var res struct {
		LoginAttemptID string `json:"login_attempt_id"`
	}
	if err := s.call(ctx, http.MethodPost, "/v1/identity/sessions:signIn", map[string]any{"email": email, "password": benchPassword}, &res); err != nil {
		return err
	}
	otp, err := mb.wait("otp:"+res.LoginAttemptID, 30*time.Second)
	if err != nil {
		return err
	}
	if err := s.call(ctx, http.MethodPost, "/v1/identity/sessions:verifyOneTimePassword",
		map[string]any{"login_attempt_id": res.LoginAttemptID, "one_time_password": otp}, nil); err != nil {
		return err
	}
	if s.cookies[sessionCookie] == "" {
		return fmt.Errorf("no session cookie for %s", email)
	}
	return nil
}

// benchEmployer opens an establishment at the counter (OPEN-2) and signs its primary
// account in; it returns the session and the establishment's id.
func benchEmployer(ctx context.Context, b *testing.B, st *e2e.Stack, mb *benchMailbox) (*benchSession, string) {
	staffEmail, email := "bench-staff-1301@example.jp", "bench-employer@example.jp"
	if out, err := st.Command(e2e.Identity.Name, map[string]string{"IDENTITY_BOOTSTRAP_PASSWORD": benchPassword},
		"bootstrap-staff", "-office", "1301", "-email", staffEmail); err != nil {
		b.Fatalf("bootstrap-staff: %v\n%s", err, out)
	}
	staff := &benchSession{base: st.GateURL, cookies: map[string]string{}}
	if err := staff.signIn(ctx, mb, staffEmail); err != nil {
		b.Fatal(err)
	}
	var est struct {
		ID     string `json:"establishment_id"`
		Number string `json:"establishment_number"`
	}
	if err := staff.call(ctx, http.MethodPost, "/v1/staff/establishments", map[string]any{
		"profile": profile("ベンチ商事 本社", "03-4999-0001"), "login_email": email}, &est); err != nil {
		b.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); ; { // identity consumes employer-registration's event
		if staff.call(ctx, http.MethodGet, "/v1/identity/staff/establishments/"+est.Number+"/primaryLoginId", nil, nil) == nil {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("identity never learnt the login e-mail of %s", est.Number)
		}
		time.Sleep(200 * time.Millisecond) // polling another process's consumer
	}
	employer := &benchSession{base: st.GateURL, cookies: map[string]string{}}
	if err := employer.call(ctx, http.MethodPost, "/v1/identity/passwordRegistrations:request",
		map[string]any{"email": email, "email_confirmation": email, "agreed_to_terms": true}, nil); err != nil {
		b.Fatal(err)
	}
	key, err := mb.wait("key:"+email, 30*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	if err := employer.call(ctx, http.MethodPost, "/v1/identity/passwordRegistrations:complete", map[string]any{"email": email,
		"auth_key": key, "password": benchPassword, "password_confirmation": benchPassword}, nil); err != nil {
		b.Fatal(err)
	}
	if err := employer.signIn(ctx, mb, email); err != nil {
		b.Fatal(err)
	}
	return employer, est.ID
}

// benchMix runs one mix through the REST edge and prints its figures.
func benchMix(ctx context.Context, b *testing.B, c *http.Client, base string, clients int, d time.Duration, cpu *benchCPU,
	name string, paths []string) (p95 time.Duration, rps float64) {
	var alone []string
	for i, p := range paths { // each request alone, and a check that it answers
		var lat []time.Duration
		for range 5 {
			t0 := time.Now()
			resp, err := c.Get(base + p)
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			lat = append(lat, time.Since(t0))
			if resp.StatusCode != 200 || len(body) < 100 {
				b.Fatalf("%s: %d %.300s", p, resp.StatusCode, body)
			}
		}
		alone = append(alone, fmt.Sprintf("q%d=%.1f", i, benchMsf(benchQuantile(lat, 0.5))))
	}
	b.Logf("METRIC %s_alone_p50_ms %s", name, strings.Join(alone, " "))
	path := func(i int64) string { return paths[i%int64(len(paths))] }
	(&benchLoop{}).run(b, c, base, clients, 3*time.Second, false, path)
	cpu0 := cpu.snapshot(ctx)
	mix := &benchLoop{}
	rps = mix.run(b, c, base, clients, d, true, path)
	used := benchCPUDelta(cpu0, cpu.snapshot(ctx))
	n := float64(max(mix.n.Load(), 1))
	p95 = benchQuantile(mix.lat, 0.95)
	b.Logf("METRIC %s_rest p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f rps=%.0f clients=%d requests=%d failed=%d (target p95 <= 50 ms)",
		name, benchMsf(benchQuantile(mix.lat, 0.5)), benchMsf(p95), benchMsf(benchQuantile(mix.lat, 0.99)), rps, clients, mix.n.Load(), mix.fail.Load())
	gw, id, as, pg := benchMsf(used["gateway"])/n, benchMsf(used["identity"])/n, benchMsf(used["applicant-selection"])/n, benchMsf(used["postgres"])/n
	b.Logf("METRIC %s_cpu_ms_per_request gateway=%.2f identity=%.2f applicant_selection=%.2f postgres=%.2f total=%.2f",
		name, gw, id, as, pg, gw+id+as+pg)
	if mix.fail.Load() > 0 {
		b.Errorf("%s: %d requests failed", name, mix.fail.Load())
	}
	return p95, rps
}

// BenchmarkApplicantSelection_REST measures the seeker search and the applicant list
// through the REST edge once (run with -benchtime 1x).
func BenchmarkApplicantSelection_REST(b *testing.B) {
	seekers := benchEnvInt("BENCH_APPSEL_SEEKERS", 100_000)
	applicants := benchEnvInt("BENCH_APPSEL_APPLICANTS", 10_000)
	clients := benchEnvInt("BENCH_APPSEL_CONCURRENCY", 16)
	duration := benchEnvDuration("BENCH_APPSEL_DURATION", 20*time.Second)
	ceilingFor := benchEnvDuration("BENCH_APPSEL_CEILING", 5*time.Second)
	// (A benchmark's log keeps its first ten lines: one line per figure.)
	loadAvg := func() string {
		l, _ := os.ReadFile("/proc/loadavg")
		return strings.Join(strings.Fields(string(l))[:min(3, len(strings.Fields(string(l))))], " ")
	}
	startLoad := loadAvg()
	st := e2e.StartWith(b, map[string]string{
		"RATE_LIMIT_IP_PER_MINUTE": "10000000",
		"LOG_LEVEL":                "warn",
	}, e2e.Identity, e2e.EmployerRegistration, e2e.JobPosting, e2e.ApplicantSelection)
	bins := e2e.Build(b, appselBenchLoad, e2e.Gateway, e2e.Identity, e2e.ApplicantSelection)
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
	employer, est := benchEmployer(ctx, b, st, mb)

	load := exec.Command(bins[appselBenchLoad.Name], "-database-url", st.DBURL, "-establishment", est,
		"-seekers", fmt.Sprint(seekers), "-applicants", fmt.Sprint(applicants))
	out, err := load.CombinedOutput()
	if err != nil {
		b.Fatalf("benchload: %v\n%s", err, out)
	}
	b.Logf("METRIC appsel_data %s", strings.TrimSpace(string(out)))
	c := employer.client()
	cpu := &benchCPU{exe: map[string]string{"gateway": bins["gateway"], "identity": bins["identity"],
		"applicant-selection": bins["applicant-selection"]}, dbURL: st.DBURL}

	// The applicant list's pages: the first, a later one, and the filters.
	var first struct {
		Next string `json:"next_page_token"`
	}
	if err := employer.call(ctx, http.MethodGet, "/v1/applicants?page_size=50", nil, &first); err != nil || first.Next == "" {
		b.Fatalf("the applicant list: %v %+v", err, first)
	}
	applicantMix := []string{
		"/v1/applicants",
		"/v1/applicants?page_size=50&page_token=" + url.QueryEscape(first.Next),
		"/v1/applicants?pending_only=true",
		"/v1/applicants?channels=CHANNEL_ONLINE_SELF",
		"/v1/applicants?posting_id=bench-posting&channels=CHANNEL_COUNTER_REFERRAL&pending_only=true",
	}
	seekerMix := make([]string, len(benchSeekerMix))
	for i, q := range benchSeekerMix {
		seekerMix[i] = "/v1/seekers?" + q.Encode()
	}
	b.ResetTimer()

	echo := &benchLoop{} // without the session cookie, as job-posting's public search measures it
	echoRate := echo.run(b, &http.Client{Timeout: 30 * time.Second, Transport: benchTransport}, st.GateURL, clients, ceilingFor, false,
		func(int64) string { return "/v1/bench-echo" })
	sess := &benchLoop{}
	sessRate := sess.run(b, c, st.GateURL, clients, ceilingFor, false, func(int64) string { return "/v1/identity/account" })
	b.Logf("METRIC gateway_ceiling_per_s echo=%.0f session=%.0f clients=%d failed=%d/%d", echoRate, sessRate, clients,
		echo.fail.Load(), sess.fail.Load())
	mixLoad := loadAvg()
	sp95, srps := benchMix(ctx, b, c, st.GateURL, clients, duration, cpu, "seeker_search", seekerMix)
	ap95, arps := benchMix(ctx, b, c, st.GateURL, clients, duration, cpu, "applicant_list", applicantMix)
	b.StopTimer()
	b.Logf("machine: %d CPUs; load average (1, 5, 15 min) at start %s, before the mixes %s, at the end %s",
		runtime.NumCPU(), startLoad, mixLoad, loadAvg())
	b.ReportMetric(benchMsf(sp95), "search-p95-ms")
	b.ReportMetric(srps, "searches/s")
	b.ReportMetric(benchMsf(ap95), "list-p95-ms")
	b.ReportMetric(arps, "lists/s")
}
