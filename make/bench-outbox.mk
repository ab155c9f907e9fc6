## make/bench-outbox.mk: outbox pipeline figures, recorded in docs/benchmarks.md ("Outbox pipeline").
# libs/outbox/bench needs PostgreSQL (TEST_DATABASE_URL, else the one deploy/local/deps.sh
# finds or starts); it creates and drops its own database and embeds a nats-server with
# sync_interval: always. Bounded: about one minute. Extra flags: BENCH_OUTBOX_FLAGS.
BENCH_OUTBOX_FLAGS ?=

.PHONY: bench-outbox

# Outbox pipeline: raw write ceiling, committed→handled events/s, commit→handled p50/p99 at 500 and 2,000 events/s.
bench-outbox:
	@env=$$(BIN='$(BIN)' deploy/local/deps.sh postgres) && eval "$$env"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  go -C libs run ./outbox/bench $(BENCH_OUTBOX_FLAGS)

bench: bench-outbox
