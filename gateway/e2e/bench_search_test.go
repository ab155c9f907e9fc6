package e2e_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
)

// Public job search benchmark (make bench-search; figures in docs/benchmarks.md, "Public
// job search"). One run, one machine:
//
//  1. data: 100,000 published postings (BENCH_SEARCH_ROWS) written straight into the
//     job-posting schema by services/job-posting/internal/benchdata (the rows and search
//     cards the service's own repository derives; eight occupations, 23 municipalities,
//     two employment forms, 200 wages, every tenth posting scope 3);
//  2. the gateway ceilings, 16 clients (BENCH_SEARCH_CONCURRENCY) in a closed loop for
//     BENCH_SEARCH_CEILING each: "edge" = a /v1/ request the gateway answers itself (the
//     REST mux's 404, through the same middleware as every API call), "edge+gRPC" = the
//     public detail of an unknown posting (gateway, one gRPC call, a primary-key miss);
//  3. each query of the mix alone (sequential, 5 times), then the mix through the REST
//     edge at the same concurrency for BENCH_SEARCH_DURATION after a warm-up:
//     p50/p95/p99 and queries/s, and the CPU time per search of the gateway,
//     job-posting and PostgreSQL (on a shared machine that moves far less than the
//     wall-clock figures).
var benchSearchMix = []url.Values{
	{"keyword": {"介護"}},
	{"keyword": {"事務"}, "prefecture": {"13"}},
	{"keyword": {"営業"}, "min_monthly_wage": {"300000"}},
	{"municipalities": {"13101", "13102", "13103"}},
	{"employment_forms": {"EMPLOYMENT_FORM_REGULAR"}, "time_class": {"TIME_CLASS_FULL_TIME"}, "order": {"SEARCH_ORDER_WAGE"}},
	{"office_code": {"1301"}, "features": {"FEATURE_SMOKING_MEASURES"}},
	{"keyword": {"システム 設計"}},
	{},
}

var jobPostingBenchLoad = e2e.Binary{Name: "job-posting-benchload", Pkg: "services/job-posting/internal/benchdata/benchload"}

type benchLoop struct {
	lat     []time.Duration
	n, fail atomic.Int64
	mu      sync.Mutex
}

// run sends requests from clients goroutines until the deadline; req(i) is the i-th
// request's path. It returns the completed requests per second.
func (l *benchLoop) run(b *testing.B, c *http.Client, base string, clients int, d time.Duration, record bool, path func(i int64) string) float64 {
	var wg sync.WaitGroup
	var seq atomic.Int64
	start := time.Now()
	until := start.Add(d)
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(until) {
				p := path(seq.Add(1))
				t0 := time.Now()
				resp, err := c.Get(base + p)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				el := time.Since(t0)
				if err != nil || resp.StatusCode >= 500 || (record && resp.StatusCode != 200) {
					if l.fail.Add(1) <= 3 {
						b.Logf("GET %s: %v %v", p, err, resp)
					}
					continue
				}
				l.n.Add(1)
				if record {
					mine = append(mine, el)
				}
			}
			l.mu.Lock()
			l.lat = append(l.lat, mine...)
			l.mu.Unlock()
		})
	}
	wg.Wait()
	return float64(l.n.Load()) / time.Since(start).Seconds()
}

// BenchmarkJobPosting_SearchREST measures the public search through the REST edge once
// (run with -benchtime 1x).
func BenchmarkJobPosting_SearchREST(b *testing.B) {
	rows := benchEnvInt("BENCH_SEARCH_ROWS", 100_000)
	clients := benchEnvInt("BENCH_SEARCH_CONCURRENCY", 16)
	duration := benchEnvDuration("BENCH_SEARCH_DURATION", 20*time.Second)
	ceilingFor := benchEnvDuration("BENCH_SEARCH_CEILING", 5*time.Second)
	st := e2e.StartWith(b, map[string]string{
		"RATE_LIMIT_IP_PER_MINUTE": "10000000",
		"LOG_LEVEL":                "warn",
	}, e2e.Identity, e2e.JobPosting)
	bins := e2e.Build(b, jobPostingBenchLoad, e2e.Gateway, e2e.JobPosting)
	load := exec.Command(bins[jobPostingBenchLoad.Name], "-database-url", st.DBURL, "-n", fmt.Sprint(rows))
	out, err := load.CombinedOutput()
	if err != nil {
		b.Fatalf("benchload: %v\n%s", err, out)
	}
	b.Logf("METRIC search_rows=%d (%s)", rows, strings.TrimSpace(string(out)))
	c := &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}}
	ctx := context.Background()
	cpu := &benchCPU{exe: map[string]string{"job-posting": bins["job-posting"], "gateway": bins["gateway"]}, dbURL: st.DBURL}
	b.ResetTimer()

	// Ceilings of the edge.
	edge := &benchLoop{}
	edgeRate := edge.run(b, c, st.GateURL, clients, ceilingFor, false, func(int64) string { return "/v1/bench-echo" })
	grpcHop := &benchLoop{}
	grpcRate := grpcHop.run(b, c, st.GateURL, clients, ceilingFor, false, func(i int64) string { return fmt.Sprintf("/v1/public/postings/missing-%d", i) })
	b.Logf("METRIC gateway_ceiling_per_s edge=%.0f edge_grpc=%.0f clients=%d failed=%d/%d", edgeRate, grpcRate, clients, edge.fail.Load(), grpcHop.fail.Load())

	// Each query alone.
	var alone []string
	for i, q := range benchSearchMix {
		var lat []time.Duration
		for range 5 {
			t0 := time.Now()
			resp, err := c.Get(st.GateURL + "/v1/public/postings?" + q.Encode())
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			lat = append(lat, time.Since(t0))
			if resp.StatusCode != 200 || !strings.Contains(string(body), `"posting_id"`) {
				b.Fatalf("%s: %d %.300s", q.Encode(), resp.StatusCode, body)
			}
		}
		alone = append(alone, fmt.Sprintf("q%d=%.1f", i, benchMsf(benchQuantile(lat, 0.5))))
	}
	b.Logf("METRIC search_alone_p50_ms %s (q0 介護, q1 事務+東京都, q2 営業+月給30万円以上, q3 三市区町村, q4 フルタイム+正社員 by wage, q5 安定所+こだわり, q6 システム 設計, q7 no filter)",
		strings.Join(alone, " "))

	// The mix at concurrency.
	path := func(i int64) string {
		return "/v1/public/postings?" + benchSearchMix[i%int64(len(benchSearchMix))].Encode()
	}
	(&benchLoop{}).run(b, c, st.GateURL, clients, 3*time.Second, false, path)
	cpu0 := cpu.snapshot(ctx)
	mix := &benchLoop{}
	qps := mix.run(b, c, st.GateURL, clients, duration, true, path)
	used := benchCPUDelta(cpu0, cpu.snapshot(ctx))
	b.StopTimer()
	n := float64(max(mix.n.Load(), 1))
	b.Logf("METRIC search_rest p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f qps=%.0f clients=%d searches=%d failed=%d (target p95 <= 50 ms)",
		benchMsf(benchQuantile(mix.lat, 0.5)), benchMsf(benchQuantile(mix.lat, 0.95)), benchMsf(benchQuantile(mix.lat, 0.99)),
		qps, clients, mix.n.Load(), mix.fail.Load())
	gw, jp, pg := benchMsf(used["gateway"])/n, benchMsf(used["job-posting"])/n, benchMsf(used["postgres"])/n
	b.Logf("METRIC cpu_ms_per_search gateway=%.2f job_posting=%.2f postgres=%.2f total=%.2f", gw, jp, pg, gw+jp+pg)
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("machine: %d CPUs, load average %s", runtime.NumCPU(), strings.TrimSpace(string(l)))
	}
	b.ReportMetric(benchMsf(benchQuantile(mix.lat, 0.95)), "p95-ms")
	b.ReportMetric(qps, "searches/s")
	if mix.fail.Load() > 0 {
		b.Errorf("%d searches failed", mix.fail.Load())
	}
}
