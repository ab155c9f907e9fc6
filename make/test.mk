## make/test.mk: tests and benchmarks of every module.

# Module patterns (`./...` does not work at a go.work root without a module).
TEST_PATTERNS = $(shell go list -m -f '{{.Path}}/...')
TEST_FLAGS ?= -race -count=1 -timeout 20m

.PHONY: test bench test-db

# Run every module's tests with the race detector against real PostgreSQL and NATS.
test:
	@env=$$(BIN='$(BIN)' deploy/local/deps.sh postgres) && eval "$$env"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  echo "tests use PostgreSQL $${TEST_DATABASE_URL%%\?*} and an embedded nats-server"; \
	  go test $(TEST_FLAGS) $(TEST_PATTERNS)

# Print the performance figures (outbox pipeline, sign-in, mail delivery); see docs/benchmarks.md.
# Print the performance figures of every area (each make/bench-<area>.mk adds `bench: bench-<area>`).
bench:
	@echo "benchmarks done; record figures in docs/benchmarks.md"
