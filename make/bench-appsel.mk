## make/bench-appsel.mk: applicant-selection figures, recorded in docs/benchmarks.md ("Applicant selection").
# gateway/e2e's BenchmarkApplicantSelection_REST needs PostgreSQL (TEST_DATABASE_URL, else
# the one deploy/local/deps.sh finds or starts); it builds and runs the gateway, identity,
# employer-registration, job-posting and applicant-selection, signs an employer in over
# REST, loads 100,000 seekers and 10,000 applicants of its establishment and takes about
# three minutes. Knobs: BENCH_APPSEL_SEEKERS, BENCH_APPSEL_APPLICANTS,
# BENCH_APPSEL_CONCURRENCY, BENCH_APPSEL_DURATION, BENCH_APPSEL_CEILING.

.PHONY: bench-appsel

# Seeker search and applicant list through the REST edge: p50/p95/p99 and requests/s beside the gateway echo ceiling.
bench-appsel:
	@env=$$(BIN='$(BIN)' deploy/local/deps.sh postgres) && eval "$$env"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  go -C gateway test -run '^$$' -bench '^BenchmarkApplicantSelection_REST$$' -benchtime 1x -count=1 -timeout 20m ./e2e

bench: bench-appsel
