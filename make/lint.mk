## make/lint.mk: go vet and golangci-lint over every workspace module (docs/lint.md).
## golangci-lint is a Go `tool` of libs/tools/lint (outside go.work, like the code
## generators), built into bin/ once per go.mod/go.sum hash by gen_build_tool.

GOLANGCI_LINT    := $(BIN)/golangci-lint
GOLANGCI_CONFIG  := $(ROOT)/.golangci.yml
GEN_TOOL_MODULES += libs/tools/lint
# Directory patterns of the workspace modules that hold Go code; at the go.work root
# `./libs/...` works because libs is a module, while `./...` does not.
LINT_PATTERNS     = $(foreach m,$(MODULES),$(if $(shell find $(ROOT)/$(m) -name '*.go' -print -quit),./$(m)/...))
# The self-test plants packages here and expects the linter to refuse them.
LINT_SELFTEST_SVC := identity

.PHONY: lint lint-tools lint-selftest vet

tools: lint-tools

lint-tools:
	@$(GEN_LOCK) $(call gen_build_tool,lint,golangci-lint,tool,)

# Run go vet on every workspace module.
vet:
	@cd $(ROOT); go vet $(LINT_PATTERNS)

# Lint every module with golangci-lint and .golangci.yml (layering, vet, staticcheck, errcheck, ...).
lint: lint-tools
	@cd $(ROOT); missing=0; for d in services/*/; do s=$$(basename $$d); \
	  for r in module domain app; do \
	    grep -q "^        $$s-$$r:" $(GOLANGCI_CONFIG) || { \
	      echo "lint: .golangci.yml has no depguard rule '$$s-$$r' for services/$$s; copy another service's three rules (docs/lint.md)" >&2; missing=1; }; \
	  done; done; (( missing == 0 ))
	@cd $(ROOT); start=$$(date +%s); \
	$(GOLANGCI_LINT) run --config $(GOLANGCI_CONFIG) $(LINT_PATTERNS) \
	  || { echo "lint: golangci-lint found problems (above); rules and their reasons: docs/lint.md" >&2; exit 1; }; \
	echo "lint: golangci-lint passed in $$(( $$(date +%s) - start )) s"

# Prove the layering rules bite: plant known-bad packages in a domain and an app package, expect refusals.
lint-selftest: lint-tools
	@cd $(ROOT); svc=services/$(LINT_SELFTEST_SVC); mod=github.com/hellowork-jp/hellowork/$$svc; \
	dom=$$svc/internal/domain/zz_lint_selftest; app=$$svc/internal/app/zz_lint_selftest; \
	[[ ! -e $$dom && ! -e $$app ]] || { echo "lint-selftest: $$dom or $$app exists; remove it" >&2; exit 1; }; \
	trap 'rm -rf "$$dom" "$$app"' EXIT; mkdir -p $$dom $$app; \
	printf '%s\n' 'package zz_lint_selftest' '' 'import (' \
	  '	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"' \
	  "	_ \"$$mod/internal/adapters/postgres\"" \
	  "	_ \"$$mod/internal/app\"" \
	  '	_ "github.com/jackc/pgx/v5"' \
	  '	_ "google.golang.org/grpc"' \
	  ')' > $$dom/bad.go; \
	printf '%s\n' 'package zz_lint_selftest' '' 'import (' \
	  "	_ \"$$mod/internal/adapters/postgres\"" \
	  '	_ "github.com/jackc/pgx/v5"' \
	  '	_ "google.golang.org/grpc"' \
	  '' '	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"' \
	  ')' '' \
	  '// Allowed: an event payload.' \
	  'var _ = &identityv1.AccountOpened{}' '' \
	  '// Refused: a generated gRPC client and an RPC request message.' \
	  'var _ identityv1.IdentityServiceClient' \
	  'var _ = &identityv1.SignInRequest{}' > $$app/bad.go; \
	out=$$($(GOLANGCI_LINT) run --config $(GOLANGCI_CONFIG) ./$$dom/... ./$$app/... 2>&1) && rc=0 || rc=$$?; \
	fail=0; expect() { \
	  if grep -qF -- "$$2" <<<"$$out"; then echo "lint-selftest: ok: $$1"; \
	  else echo "lint-selftest: NOT REFUSED: $$1 (expected: $$2)" >&2; fail=1; fi; }; \
	expect "domain imports pgx"         "$$dom/bad.go:7:2: import 'github.com/jackc/pgx/v5' is not allowed from list '$(LINT_SELFTEST_SVC)-domain'"; \
	expect "domain imports grpc"        "$$dom/bad.go:8:2: import 'google.golang.org/grpc' is not allowed from list '$(LINT_SELFTEST_SVC)-domain'"; \
	expect "domain imports libs/gen"    "$$dom/bad.go:4:2: import 'github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1' is not allowed from list '$(LINT_SELFTEST_SVC)-domain'"; \
	expect "domain imports app"         "$$dom/bad.go:6:2: import '$$mod/internal/app' is not allowed from list '$(LINT_SELFTEST_SVC)-domain'"; \
	expect "domain imports an adapter"  "$$dom/bad.go:5:2: import '$$mod/internal/adapters/postgres' is not allowed from list '$(LINT_SELFTEST_SVC)-domain'"; \
	expect "app imports pgx"            "$$app/bad.go:5:2: import 'github.com/jackc/pgx/v5' is not allowed from list '$(LINT_SELFTEST_SVC)-app'"; \
	expect "app imports grpc"           "$$app/bad.go:6:2: import 'google.golang.org/grpc' is not allowed from list '$(LINT_SELFTEST_SVC)-app'"; \
	expect "app imports an adapter"     "$$app/bad.go:4:2: import '$$mod/internal/adapters/postgres' is not allowed from list '$(LINT_SELFTEST_SVC)-app'"; \
	expect "app uses a gRPC client"     "$$app/bad.go:15:7: use of \`identityv1.IdentityServiceClient\` forbidden"; \
	expect "app uses an RPC request"    "$$app/bad.go:16:10: use of \`identityv1.SignInRequest\` forbidden"; \
	if grep -qF "$$app/bad.go:12:" <<<"$$out"; then echo "lint-selftest: event payload refused in app (must be allowed)" >&2; fail=1; \
	else echo "lint-selftest: ok: app may build an event payload"; fi; \
	if (( fail != 0 || rc == 0 )); then echo "$$out" >&2; echo "lint-selftest: FAILED (golangci-lint exit $$rc)" >&2; exit 1; fi; \
	echo "lint-selftest: every planted violation was refused"
