## make/bench-identity.mk: identity sign-in figures, recorded in docs/benchmarks.md ("Identity sign-in").

.PHONY: bench-identity

# Sign-in: argon2id hash ceiling, complete sign-ins/s over REST at concurrency 16 and their ratio, p50/p99 at 70 % of the ceiling.
bench-identity:
	@env=$$(BIN='$(BIN)' deploy/local/deps.sh postgres) && eval "$$env"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  go -C gateway test -run '^$$' -bench '^BenchmarkIdentity_SignIn$$' -benchtime 1x -count=1 -timeout 10m ./e2e

bench: bench-identity
