## make/run.mk: the local stack. `make run` = services + gateway as plain processes,
## with postgres, nats-server and maildev brought up by deploy/local/deps.sh (no Docker:
## there is no container engine on the development and CI machines).
## See deploy/local/README.md for ports and data.

LOCAL_DIR := deploy/local
# Every <module>/cmd/<name>/ that holds Go files: gateway/cmd/gateway, services/<svc>/cmd/<svc>, ...
RUN_CMD_DIRS = $(sort $(patsubst %/,%,$(dir $(foreach m,$(MODULES),$(wildcard $(m)/cmd/*/*.go)))))
RUN_MODULES  = $(sort $(patsubst %/cmd/,%,$(dir $(RUN_CMD_DIRS))))
RUN_NAMES    = $(notdir $(RUN_CMD_DIRS))
# deploy/local/tools (pins nats-server, outside go.work) is tidied by `make tidy` / `make verify`.
GEN_TOOL_MODULES += deploy/local/tools

.PHONY: run run-build deps stop-deps

# Build the gateway and services, start postgres/nats/maildev, run everything (Ctrl-C stops).
run: run-build
	@if [[ -z '$(RUN_NAMES)' ]]; then \
	  echo "make run: no <module>/cmd/<name>/*.go yet, nothing to run (make deps starts the dependencies)" >&2; exit 1; fi
	@BIN='$(BIN)' $(LOCAL_DIR)/run.sh $(RUN_NAMES)

# Build every <module>/cmd/<name> into bin/<name>.
run-build:
	@$(foreach m,$(RUN_MODULES),echo "go -C $(m) build -o bin/ ./cmd/..." && go -C $(m) build -o $(BIN)/ ./cmd/... && ) true

# Start (or reuse) postgres, nats and maildev; print `export` lines: eval "$(make -s deps)".
deps:
	@BIN='$(BIN)' $(LOCAL_DIR)/deps.sh all

# Stop the postgres/nats/maildev that deps.sh started (data stays in .data/).
stop-deps:
	@$(LOCAL_DIR)/deps.sh stop
