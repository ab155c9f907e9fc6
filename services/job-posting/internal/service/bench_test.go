package service

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/adapters/postgres"
)

// Run with
//
//	go -C services/job-posting test -run '^$' -bench '^BenchmarkJobPosting_' -benchtime 1x -count=1 -timeout 20m ./internal/service
//
// Each part prints "METRIC name=value" lines.

// BenchmarkJobPosting_Search: the public search over 100,000 published postings
// (one posting published through the API, copied in SQL with varied occupation, text,
// municipality, employment form and wage), a mix of keyword and filter queries from 16
// concurrent gRPC clients straight to the service (the REST edge is not in this figure).
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
	occupations := []string{"介護職員 特別養護老人ホームでの介護業務", "一般事務 書類作成と電話応対", "法人営業 既存顧客への提案営業",
		"調理補助 社員食堂での調理と盛り付け", "倉庫内作業 ピッキングと検品", "看護師 外来での診療補助",
		"システムエンジニア 業務システムの設計開発", "販売スタッフ 店舗での接客とレジ"}
	var texts, grams []string
	for _, o := range occupations {
		texts = append(texts, o)
		grams = append(grams, "{"+strings.Join(postgres.Bigrams(o), ",")+"}")
	}
	start := time.Now()
	_, err := h.Pool.Exec(b.Context(), `
		INSERT INTO postings (id, establishment_id, office_code, state, list, job_number, publish_by, referral_deadline, published_at,
			scope, category, time_class, employment_form, municipality, prefecture, pay_form, wage_lower, features,
			search_text, search_grams, doc, created_at, updated_at)
		SELECT 'bench-' || i, establishment_id, office_code, state, list, NULL, publish_by, referral_deadline,
			published_at - make_interval(secs => i), CASE WHEN i % 10 = 0 THEN 3 ELSE 1 END, category, time_class,
			1 + i % 2, '131' || lpad((1 + i % 23)::text, 2, '0'), prefecture, pay_form, 180000 + (i % 200) * 1000, features,
			($1::text[])[1 + i % 8], ($2::text[])[1 + i % 8]::text[], jsonb_set(doc, '{ID}', to_jsonb('bench-' || i)), created_at, updated_at
		FROM postings, generate_series(1, $3) AS i WHERE id = $4`, texts, grams, rows-1, p.GetPostingId())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := h.Pool.Exec(b.Context(), `ANALYZE postings`); err != nil {
		b.Fatal(err)
	}
	b.Logf("METRIC job_posting_search_rows=%d load_seconds=%.1f", rows, time.Since(start).Seconds())

	mix := []*jpv1.SearchPublishedPostingsRequest{
		{Keyword: "介護"},
		{Keyword: "事務", Prefecture: "13"},
		{Keyword: "営業", MinMonthlyWage: 300_000},
		{Municipalities: []string{"13101", "13102", "13103"}},
		{EmploymentForms: []int32{1}, TimeClass: 1, Order: jpv1.SearchOrder_SEARCH_ORDER_WAGE},
		{OfficeCode: "1301", Features: []int32{7}},
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
	if testing.Verbose() { // the plan of the slowest query of the mix
		rows, _ := h.Pool.Query(b.Context(), `EXPLAIN ANALYZE SELECT doc, job_number FROM postings WHERE state = 'PUBLISHED' AND scope IN (1, 3)
			AND search_grams @> '{シス,ステ,テム}' AND strpos(lower(search_text), 'システム') > 0 AND search_grams @> '{設計}' AND strpos(lower(search_text), '設計') > 0 ORDER BY published_at DESC, id DESC LIMIT 31`)
		for rows.Next() {
			var line string
			_ = rows.Scan(&line)
			b.Log(line)
		}
		rows.Close()
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
