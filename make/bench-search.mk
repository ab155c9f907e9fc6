## make/bench-search.mk: public job search figures, recorded in docs/benchmarks.md ("Public job search").
# gateway/e2e's BenchmarkJobPosting_SearchREST needs PostgreSQL (TEST_DATABASE_URL, else
# the one deploy/local/deps.sh finds or starts); it builds and runs the gateway, identity
# and job-posting, loads 100,000 published postings and takes about three minutes.
# Knobs: BENCH_SEARCH_ROWS, BENCH_SEARCH_CONCURRENCY, BENCH_SEARCH_DURATION, BENCH_SEARCH_CEILING.
# Then job-posting's own benchmarks: the same mix over gRPC straight to the service (with
# the plans of the keyword queries under -v), and a posting submission's throughput
# beside the row+outbox transaction ceiling.

.PHONY: bench-search

# Public job search through the REST edge: p50/p95/p99 and queries/s beside the gateway ceiling; submissions/s beside row+outbox.
bench-search:
	@env=$$(BIN='$(BIN)' deploy/local/deps.sh postgres) && eval "$$env"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  go -C gateway test -run '^$$' -bench '^BenchmarkJobPosting_SearchREST$$' -benchtime 1x -count=1 -timeout 20m ./e2e && \
	  go -C services/job-posting test -run '^$$' -bench '^BenchmarkJobPosting_Submit$$' -benchtime 1x -count=1 -timeout 10m ./internal/service

bench: bench-search
