## make/bench-identity.mk: identity sign-in figures, recorded in docs/benchmarks.md ("Identity sign-in").

.PHONY: bench-identity

# Sign-in: argon2id hash ceiling, complete sign-ins/s over REST at concurrency 16 and their ratio, p50/p99 at 70 % of the ceiling;
# then the CPU of a sign-in besides the hash, measured directly with the cheapest argon2id parameters (BENCH_SIGNIN_NO_HASH).
bench-identity:
	@env=$$(BIN='$(BIN)' deploy/local/deps.sh postgres) && eval "$$env"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  go -C gateway test -run '^$$' -bench '^BenchmarkIdentity_SignIn$$' -benchtime 1x -count=1 -timeout 10m ./e2e && \
	  BENCH_SIGNIN_NO_HASH=1 BENCH_SIGNIN_CEILING=2s BENCH_SIGNIN_THROUGHPUT=15s BENCH_SIGNIN_LATENCY=2s \
	  go -C gateway test -run '^$$' -bench '^BenchmarkIdentity_SignIn$$' -benchtime 1x -count=1 -timeout 10m ./e2e

bench: bench-identity
