## make/web.mk: the browser front end of the MyPage (gateway/web; see docs/web.md).
## Node and npm come from the machine (Node >= 20.19); the packages from the committed
## package-lock.json (npm ci); the browser for the tests is Debian's chromium package,
## installed here when missing like deploy/local/deps.sh installs PostgreSQL.

WEB_DIR      := $(ROOT)/gateway/web
WEB_STAMPS   := $(BIN)/.stamps
WEB_CHROMIUM ?= /usr/bin/chromium
SCREENS_DIR  := $(ROOT)/docs/screens

.PHONY: web web-deps web-chromium web-generate web-check test-web test-web-unit screens

# npm ci into gateway/web/node_modules when package-lock.json changed (stamp by hash).
web-deps:
	@command -v node >/dev/null && command -v npm >/dev/null \
	  || { echo "web: node and npm are required (Node >= 20.19)" >&2; exit 1; }
	@h=$$(cat $(WEB_DIR)/package.json $(WEB_DIR)/package-lock.json | sha256sum | cut -c1-16); \
	stamp=$(WEB_STAMPS)/web-npm.$$h; \
	if [[ ! -e $$stamp || ! -d $(WEB_DIR)/node_modules ]]; then \
	  echo "web: npm ci in gateway/web"; mkdir -p $(WEB_STAMPS); \
	  (cd $(WEB_DIR) && npm ci --no-audit --no-fund --loglevel=error) \
	    || { echo "web: npm ci failed (is the npm registry reachable?)" >&2; exit 1; }; \
	  rm -f $(WEB_STAMPS)/web-npm.*; touch $$stamp; \
	fi

# The screens are Japanese: the design system's Noto Sans JP falls back to Noto Sans CJK JP.
# Install Debian's chromium and fonts-noto-cjk for the browser tests when missing.
web-chromium:
	@pkgs=(); [[ -x $(WEB_CHROMIUM) ]] || pkgs+=(chromium); \
	fc-list :lang=ja 2>/dev/null | grep -q . || pkgs+=(fonts-noto-cjk); \
	if (( $${#pkgs[@]} )); then \
	  echo "web: installing Debian packages: $${pkgs[*]} (apt-get update && apt-get install)"; \
	  if (( EUID == 0 )); then sudo=; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	  else echo "web: run as root: apt-get install $${pkgs[*]}" >&2; exit 1; fi; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$${pkgs[@]}"; \
	fi

# Regenerate the API types (src/api/schema.d.ts) from gateway/openapi.
web-generate: web-deps
	@cd $(WEB_DIR) && npm run --silent gen:api

# Rebuild gateway/web/dist (committed, embedded in the gateway): types, typecheck, Vite build.
web: web-generate
	@cd $(WEB_DIR) && npm run --silent build -- --logLevel warn

# The front end's unit tests (Vitest: form rules, date formatting).
test-web-unit: web-deps
	@cd $(WEB_DIR) && npx vitest run

# Unit tests, then the browser tests (Playwright + chromium + axe) against the real stack.
test-web: web test-web-unit web-chromium
	@env=$$(BIN='$(BIN)' deploy/local/deps.sh postgres) && eval "$$env"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  CHROMIUM=$(WEB_CHROMIUM) go -C gateway test -count=1 -timeout 15m -run '^TestE2E_Web_' -v ./e2e \
	    | grep -v '^=== \(RUN\|PAUSE\|CONT\)'

# Regenerate the screenshots under docs/screens (desktop and 375 px phone) by running the browser tests.
screens: web web-chromium
	@rm -f $(SCREENS_DIR)/*.png
	@env=$$(BIN='$(BIN)' deploy/local/deps.sh postgres) && eval "$$env"; \
	  export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$DATABASE_URL}"; \
	  SCREENS_DIR=$(SCREENS_DIR) CHROMIUM=$(WEB_CHROMIUM) go -C gateway test -count=1 -timeout 15m -run '^TestE2E_Web_' ./e2e
	@echo "screens: $$(ls $(SCREENS_DIR)/*.png | wc -l) screenshots in docs/screens"

# make verify runs this before its git diff check, which then sees a stale build.
# Rebuild the API types and dist, type-check, run the unit tests (part of make verify).
web-check: web test-web-unit

verify: web-check

# make test runs the browser tests too: it installs what they need first
# (TestE2E_Web_Browser in gateway/e2e runs within make test's go test, and fails
# rather than skips when a piece is missing; dist/ is the committed build that verify
# keeps current).

test: web-deps web-chromium test-web-unit
test: export CHROMIUM := $(WEB_CHROMIUM)
