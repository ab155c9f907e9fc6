## make/bench-notification.mk: mail delivery figures, recorded in docs/benchmarks.md ("Notification").

.PHONY: bench-notification

# Mail delivery: raw SMTP send ceiling, sustained mails/s end to end, event-to-mail p50/p99 at 100 events/s.
bench-notification:
	@eval "$$(BIN='$(BIN)' deploy/local/deps.sh postgres)"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  go -C services/notification test -run '^$$' -bench '^BenchmarkNotification_' -benchtime 1x -count=1 -timeout 10m ./internal/service

bench: bench-notification
