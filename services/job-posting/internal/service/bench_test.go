package service

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/benchdata"
)

// Run with
//
//	go -C services/job-posting test -run '^$' -bench '^BenchmarkJobPosting_' -benchtime 1x -count=1 -timeout 20m ./internal/service
//
// Each part prints "METRIC name=value" lines.

// BenchmarkJobPosting_Search: the public search over 100,000 published postings
// (one posting published through the API, copied by internal/benchdata with varied
// occupation, text, municipality, employment form, wage and scope), a mix of keyword
// and filter queries from 16 concurrent gRPC clients straight to the service. The
// figure through the REST edge is gateway/e2e's BenchmarkJobPosting_SearchREST
// (make bench-search).
func BenchmarkJobPosting_Search(b *testing.B) {
	const rows, clients, requests = 100_000, 16, 3200
	h := newHarness(b, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	p := h.submitted(emp, nil)
	if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
		b.Fatal(err)
	}
	if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: p.GetPostingId()}); err != nil {
		b.Fatal(err)
	}
	took, err := benchdata.Load(b.Context(), h.Pool, p.GetPostingId(), rows-1)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("METRIC job_posting_search_rows=%d load_seconds=%.1f", rows, took.Seconds())

	mix := []*jpv1.SearchPublishedPostingsRequest{
		{Keyword: "介護"},
		{Keyword: "事務", Prefecture: "13"},
		{Keyword: "営業", MinMonthlyWage: 300_000},
		{Municipalities: []string{"13101", "13102", "13103"}},
		{EmploymentForms: []jpv1.EmploymentForm{jpv1.EmploymentForm_EMPLOYMENT_FORM_REGULAR}, TimeClass: jpv1.TimeClass_TIME_CLASS_FULL_TIME, Order: jpv1.SearchOrder_SEARCH_ORDER_WAGE},
		{OfficeCode: "1301", Features: []jpv1.Feature{jpv1.Feature_FEATURE_SMOKING_MEASURES}},
		{Keyword: "システム 設計"},
		{},
	}
	for i, q := range mix { // one sequential round: the cost of each query alone
		s := time.Now()
		for range 3 {
			if _, err := h.client.SearchPublishedPostings(b.Context(), q); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("METRIC job_posting_search_query%d_ms=%.1f (%v)", i, float64(time.Since(s).Microseconds())/3000, q)
	}
	if testing.Verbose() { // the plans of the keyword queries: frequent keywords walk the publication order
		for _, q := range []string{
			`SELECT id, card FROM search_postings WHERE scope IN (1, 3) AND strpos(lower(search_text), 'システム') > 0
				AND strpos(lower(search_text), '設計') > 0 ORDER BY published_at DESC, id DESC LIMIT 31`,
			`SELECT id, card FROM search_postings WHERE scope IN (1, 3) AND search_grams @> '{シス,ステ,テム}'
				AND strpos(lower(search_text), 'システム') > 0 AND search_grams @> '{設計}' AND strpos(lower(search_text), '設計') > 0
				ORDER BY published_at DESC, id DESC LIMIT 31`,
		} {
			rows, _ := h.Pool.Query(b.Context(), `EXPLAIN (ANALYZE, BUFFERS) `+q)
			for rows.Next() {
				var line string
				_ = rows.Scan(&line)
				b.Log(line)
			}
			rows.Close()
		}
	}
	lat := make([]time.Duration, requests)
	var wg sync.WaitGroup
	b.ResetTimer()
	t0 := time.Now()
	for c := range clients {
		wg.Go(func() {
			for i := c; i < requests; i += clients {
				q := mix[i%len(mix)]
				s := time.Now()
				res, err := h.client.SearchPublishedPostings(b.Context(), q)
				lat[i] = time.Since(s)
				if err != nil || len(res.GetPostings()) == 0 {
					b.Errorf("query %v: %v (%d results)", q, err, len(res.GetPostings()))
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(t0)
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) string {
		return fmt.Sprintf("%.1f", float64(lat[int(p*float64(len(lat)-1))].Microseconds())/1000)
	}
	b.Logf("METRIC job_posting_search_p50_ms=%s p95_ms=%s p99_ms=%s qps=%.0f clients=%d requests=%d",
		pct(0.50), pct(0.95), pct(0.99), float64(requests)/elapsed.Seconds(), clients, requests)
}

// BenchmarkJobPosting_Submit: a posting submission's throughput (SubmitPosting of a
// complete draft, warnings confirmed: the checks, the counter-visit history, the row
// and PostingProvisionallyRegistered in the outbox) from 16 concurrent gRPC clients,
// beside the ceiling of the same writes without the service: 16 writers each
// committing a transaction that rewrites a posting row of the same size and appends an
// event of the same size to the outbox.
func BenchmarkJobPosting_Submit(b *testing.B) {
	const clients, drafts = 16, 4000
	runFor := 10 * time.Second
	h := newHarness(b, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp := h.as(employer("est-1"))
	tpl := h.draft(emp, nil)
	if _, err := h.Pool.Exec(b.Context(), `INSERT INTO postings (`+postgres.PostingColumns+`)
		SELECT 'draft-' || i, establishment_id, office_code, state, list, job_number, publish_by, referral_deadline, published_at,
			scope, category, prefecture, jsonb_set(doc, '{ID}', to_jsonb('draft-' || i)), created_at, updated_at, renewal_noticed_for
		FROM postings, generate_series(1, $1) AS i WHERE id = $2`, drafts, tpl.GetPostingId()); err != nil {
		b.Fatal(err)
	}
	// The ceiling rewrites rows of its own.
	if _, err := h.Pool.Exec(b.Context(), `INSERT INTO postings (`+postgres.PostingColumns+`)
		SELECT 'ceiling-' || id, establishment_id, office_code, state, list, NULL, publish_by, referral_deadline, published_at,
			scope, category, prefecture, doc, created_at, updated_at, renewal_noticed_for FROM postings WHERE id LIKE 'draft-%'`); err != nil {
		b.Fatal(err)
	}
	// The warnings to confirm, from a submission of the template (a refused one, unless
	// it has none).
	var confirm []string
	if _, err := h.client.SubmitPosting(emp, &jpv1.SubmitPostingRequest{PostingId: tpl.GetPostingId()}); err != nil {
		for _, v := range fieldViolations(err) {
			confirm = append(confirm, v.GetReason()+"@"+v.GetField())
		}
	}
	var doc []byte
	if err := h.Pool.QueryRow(b.Context(), `SELECT doc FROM postings WHERE id = $1`, tpl.GetPostingId()).Scan(&doc); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()

	// Ceiling: row + outbox, no service.
	var writes atomic.Int64
	var wg sync.WaitGroup
	t0 := time.Now()
	for c := range clients {
		wg.Go(func() {
			ev, _ := outbox.NewEvent("draft-1", 1, time.Now(), &jpv1.PostingProvisionallyRegistered{PostingId: "draft-1",
				EstablishmentId: "est-1", OfficeCode: "1301", SubmittedBy: "acc-est-1", SubmittedByEmail: "est-1@example.co.jp",
				Occupation: "一般事務", PublishBy: "2026-04-03", EstablishmentName: "一の会社", OfficeName: "飯田橋"})
			for i := 0; time.Since(t0) < runFor/2; i++ {
				id := fmt.Sprintf("ceiling-draft-%d", 1+(c+i*clients)%drafts)
				err := pgx.BeginFunc(b.Context(), h.Pool, func(tx pgx.Tx) error {
					if _, err := tx.Exec(b.Context(), `UPDATE postings SET doc = $2, updated_at = now() WHERE id = $1`, id, doc); err != nil {
						return err
					}
					return outbox.Append(b.Context(), tx, ev)
				})
				if err != nil {
					b.Error(err)
					return
				}
				writes.Add(1)
			}
		})
	}
	wg.Wait()
	ceiling := float64(writes.Load()) / time.Since(t0).Seconds()

	// Submissions through the service.
	var done, failed atomic.Int64
	var next atomic.Int64
	t1 := time.Now()
	for range clients {
		wg.Go(func() {
			for time.Since(t1) < runFor {
				i := next.Add(1)
				if i > drafts {
					return
				}
				_, err := h.client.SubmitPosting(emp, &jpv1.SubmitPostingRequest{PostingId: fmt.Sprintf("draft-%d", i), ConfirmedWarnings: confirm})
				if err != nil {
					if failed.Add(1) <= 3 {
						b.Logf("submit: %v", err)
					}
					continue
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	rate := float64(done.Load()) / time.Since(t1).Seconds()
	b.StopTimer()
	b.Logf("METRIC job_posting_submit_per_s=%.1f row_outbox_ceiling_per_s=%.1f ratio=%.2f clients=%d submitted=%d failed=%d",
		rate, ceiling, rate/ceiling, clients, done.Load(), failed.Load())
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("machine: %d CPUs, load average %s", runtime.NumCPU(), strings.TrimSpace(string(l)))
	}
	if failed.Load() > 0 {
		b.Errorf("%d submissions failed", failed.Load())
	}
}
