# Code generation: proto/hellowork -> libs/gen (Go) and gateway/openapi (OpenAPI v2).
# Works offline (no Buf Schema Registry: remote deps and plugins are unreachable here):
# buf and the protoc plugins are Go `tool`s pinned in tool modules kept OUT of go.work
# (else their dependencies raise the versions every workspace module and the generated
# headers use; see docs/generation.md), built into $(BIN) and cached there under a
# stamp keyed by the module's go.mod/go.sum hash, so a warm run rebuilds nothing.
# Third-party imports are materialised into proto/third_party (git-ignored).
# See docs/generation.md.

GEN_TOOLS       := $(ROOT)/libs/tools
GEN_STAMPS      := $(BIN)/.stamps
GEN_NPM         := $(BIN)/npm
GEN_THIRD_PARTY := $(ROOT)/proto/third_party
BUF             := $(BIN)/buf
# Tool modules (each with its own go.mod, not in go.work); `make tidy` tidies them too.
GEN_TOOL_MODULES := libs/tools/buf libs/tools/protoc libs/tools/protoprint
GEN_PLUGINS      := protoc-gen-go protoc-gen-go-grpc protoc-gen-grpc-gateway protoc-gen-openapiv2
# Copied from npm google-proto-files (pinned in libs/tools/npm/package-lock.json).
GEN_GOOGLE_PROTOS := google/api/annotations.proto google/api/http.proto \
	google/api/field_behavior.proto google/api/httpbody.proto google/api/resource.proto \
	google/rpc/status.proto google/rpc/error_details.proto google/rpc/code.proto
# Every proto/hellowork/<svc>/<ver>/*.proto must declare
#   option go_package = "$(GEN_GO_PREFIX)/hellowork/<svc>/<ver>;<svc without _><ver>";
GEN_GO_PREFIX := github.com/hellowork-jp/hellowork/libs/gen

# Serialises generation in this tree (engineers share one checkout): every recipe
# that writes bin/, proto/third_party, libs/gen or gateway/openapi starts with it.
GEN_LOCK = mkdir -p $(BIN); exec 9>$(BIN)/.generate.lock; \
	flock -n 9 || { echo "waiting for another make generate/tools in this tree..."; flock 9; };

# $(call gen_build_tool,<module dir under libs/tools>,<binaries>,<go build args>,<extra hashed files>)
# Builds the binaries into $(BIN) unless the stamp for the current go.mod/go.sum
# (and Go version, and extra files) exists and every binary is present.
define gen_build_tool
h=$$( { go env GOVERSION; cat $(GEN_TOOLS)/$(1)/go.mod $(GEN_TOOLS)/$(1)/go.sum $(4); } | sha256sum | cut -c1-16 ); \
stamp=$(GEN_STAMPS)/$(1).$$h; ok=1; \
for b in $(2); do [[ -x $(BIN)/$$b ]] || ok=0; done; \
if [[ $$ok == 0 || ! -e $$stamp ]]; then \
  echo "tools: building $(2) from libs/tools/$(1)$(if $(filter buf,$(1)), (a cold build of buf takes ~3 min on 2 cores))"; \
  mkdir -p $(GEN_STAMPS); \
  GOWORK=off go -C $(GEN_TOOLS)/$(1) build -o $(BIN)/ $(3) \
    || { echo "tools: building libs/tools/$(1) failed (see above)" >&2; exit 1; }; \
  rm -f $(GEN_STAMPS)/$(1).*; touch $$stamp; \
fi
endef

.PHONY: tools gen-tools gen-npm proto-deps generate format-proto lint-proto tidy verify

# Build the pinned tools into bin/ (cached by go.sum hash; other areas may add prerequisites).
tools: gen-tools

gen-tools:
	@$(GEN_LOCK) \
	$(call gen_build_tool,buf,buf,tool,); \
	$(call gen_build_tool,protoc,$(GEN_PLUGINS),tool,); \
	$(call gen_build_tool,protoprint,protoprint,.,$(GEN_TOOLS)/protoprint/*.go)

## npm packages from the committed lock file, installed into bin/npm (cached by lock hash).
gen-npm:
	@$(GEN_LOCK) h=$$(cat $(GEN_TOOLS)/npm/package.json $(GEN_TOOLS)/npm/package-lock.json | sha256sum | cut -c1-16); \
	stamp=$(GEN_STAMPS)/npm.$$h; \
	if [[ ! -e $$stamp || ! -d $(GEN_NPM)/node_modules/google-proto-files ]]; then \
	  echo "tools: installing libs/tools/npm/package-lock.json into bin/npm"; \
	  mkdir -p $(GEN_NPM) $(GEN_STAMPS); \
	  cp $(GEN_TOOLS)/npm/package.json $(GEN_TOOLS)/npm/package-lock.json $(GEN_NPM)/; \
	  (cd $(GEN_NPM) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
	    || { echo "tools: npm ci failed in bin/npm (is registry.npmjs.org reachable?)" >&2; exit 1; }; \
	  rm -f $(GEN_STAMPS)/npm.*; touch $$stamp; \
	fi

# Materialise the third-party imports into proto/third_party (git-ignored, never edit).
proto-deps: gen-tools gen-npm
	@$(GEN_LOCK) tmp=$$(mktemp -d $(BIN)/.third_party.XXXXXX); trap 'rm -rf "$$tmp"' EXIT; chmod 0755 $$tmp; \
	npm=$(GEN_NPM)/node_modules/google-proto-files; \
	for f in $(GEN_GOOGLE_PROTOS); do install -D -m 0644 $$npm/$$f $$tmp/$$f; done; \
	$(BIN)/protoprint $$tmp; \
	gw=$$(GOWORK=off go -C $(GEN_TOOLS)/protoc list -m -f '{{.Dir}}' github.com/grpc-ecosystem/grpc-gateway/v2); \
	[[ -n $$gw ]] || { echo "proto-deps: grpc-gateway/v2 module not downloaded (run make tools)" >&2; exit 1; }; \
	for f in annotations openapiv2; do \
	  install -D -m 0644 $$gw/protoc-gen-openapiv2/options/$$f.proto $$tmp/protoc-gen-openapiv2/options/$$f.proto; \
	done; \
	if ! diff -rq $$tmp $(GEN_THIRD_PARTY) >/dev/null 2>&1; then \
	  rm -rf $(GEN_THIRD_PARTY); mv $$tmp $(GEN_THIRD_PARTY); echo "proto-deps: refreshed proto/third_party"; \
	fi

# Regenerate libs/gen, gateway/openapi and the web's code labels from proto/hellowork (run after editing a .proto).
generate: proto-deps
	@$(GEN_LOCK) cd $(ROOT); shopt -s nullglob globstar; files=(proto/hellowork/**/*.proto); \
	if (( $${#files[@]} == 0 )); then \
	  rm -rf libs/gen gateway/openapi; echo "generate: no .proto files under proto/hellowork; nothing to generate"; exit 0; fi; \
	bad=0; for f in "$${files[@]}"; do \
	  rel=$${f#proto/}; dir=$${rel%/*}; IFS=/ read -r -a p <<< "$$dir"; \
	  if (( $${#p[@]} != 3 )); then echo "$$f: protos must live in proto/hellowork/<service>/<version>/" >&2; bad=1; continue; fi; \
	  want="option go_package = \"$(GEN_GO_PREFIX)/$$dir;$${p[1]//_/}$${p[2]}\";"; \
	  grep -qxF "$$want" "$$f" || { echo "$$f: missing or wrong go_package; expected the line: $$want" >&2; bad=1; }; \
	done; (( bad == 0 )) || exit 1; \
	$(BUF) format --diff --exit-code --path proto/hellowork \
	  || { echo "generate: proto/hellowork is not buf-formatted (diff above); run: make format-proto" >&2; exit 1; }; \
	$(BUF) generate || { echo "generate: buf generate failed (see above)" >&2; exit 1; }; \
	install -m 0644 $(GEN_TOOLS)/protoc/openapi.go.txt gateway/openapi/openapi.go; \
	go -C gateway run ./cmd/apidoc openapi/hellowork.swagger.json \
	  || { echo "generate: completing gateway/openapi/hellowork.swagger.json failed (gateway/internal/apidoc)" >&2; exit 1; }; \
	go -C gateway run ./cmd/codelabels web/src/api/codeLabels.ts \
	  || { echo "generate: writing gateway/web/src/api/codeLabels.ts from the job-posting code enums failed (gateway/internal/codelabels)" >&2; exit 1; }; \
	if [[ -f libs/errs/reasons_test.go ]]; then \
	  go -C libs test -count=1 -run '^TestDocs_' ./errs -update >/dev/null \
	    || { echo "generate: rewriting docs/errors.md from hellowork.errors.v1.Reason failed (go test ./libs/errs -run TestDocs -update)" >&2; exit 1; }; fi

# Rewrite proto/hellowork in buf's canonical format.
format-proto: gen-tools
	@cd $(ROOT); $(BUF) format --write --path proto/hellowork

# Lint proto/hellowork (buf STANDARD, see buf.yaml) and check breaking changes against branch main.
lint-proto: proto-deps
	@cd $(ROOT); $(BUF) lint || { echo "lint-proto: buf lint failed (rules and exceptions: buf.yaml)" >&2; exit 1; }
	@# proto/third_party/buf/validate/validate.proto must describe the rules the
	@# services enforce at run time: same protovalidate proto commit on both sides.
	@pv=buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go; \
	printed=$$(GOWORK=off go -C $(GEN_TOOLS)/protoprint list -m -f '{{.Version}}' $$pv); \
	runtime=$$(go -C $(ROOT)/libs list -m -f '{{.Version}}' $$pv 2>/dev/null || true); \
	p=$${printed#*-}; r=$${runtime#*-}; \
	if [[ -n $$runtime && $${p%.*} != $${r%.*} ]]; then \
	  echo "lint-proto: validate.proto is printed from $$pv@$$printed (libs/tools/protoprint/go.mod)" >&2; \
	  echo "  but the workspace runs $$pv@$$runtime; align the two go.mod files" >&2; exit 1; fi
	@cd $(ROOT); \
	if ! git rev-parse -q --verify 'refs/heads/main^{commit}' >/dev/null; then \
	  echo "lint-proto: note: branch main has no commits yet; skipping buf breaking (nothing to compare against)"; exit 0; fi; \
	if ! git cat-file -e main:buf.yaml 2>/dev/null; then \
	  echo "lint-proto: note: main has no buf.yaml yet; skipping buf breaking (nothing to compare against)"; exit 0; fi; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	git archive main -- buf.yaml $$(git ls-tree --name-only main proto) | tar -x -C $$tmp; \
	rm -rf $$tmp/proto/third_party; mkdir -p $$tmp/proto; cp -r $(GEN_THIRD_PARTY) $$tmp/proto/third_party; \
	$(BUF) breaking --against $$tmp \
	  || { echo "lint-proto: breaking changes against main (rules: FILE in buf.yaml); add a new version package instead" >&2; exit 1; }; \
	echo "lint-proto: buf lint and buf breaking (against main) passed"

# Run go mod tidy in every workspace module and in the tool modules.
tidy:
	@for m in $(MODULES); do go -C $(ROOT)/$$m mod tidy || { echo "tidy: failed in $$m" >&2; exit 1; }; done
	@for m in $(GEN_TOOL_MODULES); do GOWORK=off go -C $(ROOT)/$$m mod tidy || { echo "tidy: failed in $$m" >&2; exit 1; }; done

# Fail if generated code or go.mod/go.sum are stale, proto lint/breaking, go vet or golangci-lint fails (CI).
verify:
	@$(MAKE) --no-print-directory generate
	@$(MAKE) --no-print-directory tidy
	@cd $(ROOT); git add -N .; \
	if ! git diff --exit-code --stat; then \
	  echo "verify: the files above differ after make generate + make tidy; run both and commit the result" >&2; exit 1; fi
	@$(MAKE) --no-print-directory lint-proto
	@$(MAKE) --no-print-directory vet
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory lint-selftest
