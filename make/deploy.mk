## make/deploy.mk: the Kubernetes deployment (deploy/helm, deploy/docker); see deploy/README.md.
## helm is a Go `tool` pinned in deploy/helm/tools/go.mod, outside go.work, built into
## $(BIN) once per go.mod/go.sum hash (like the generation tools in make/generate.mk).

DEPLOY_TOOLS     := $(ROOT)/deploy/helm/tools
DEPLOY_CHARTTEST := $(ROOT)/deploy/helm/charttest
DEPLOY_CHART     := $(ROOT)/deploy/helm/hellowork
HELM             := $(BIN)/helm
# Modules of deploy/ (each with its own go.mod, not in go.work).
DEPLOY_MODULES   := deploy/helm/tools deploy/helm/charttest deploy/images

.PHONY: helm test-deploy test-deploy-cluster images test-images lint-deploy tidy-deploy

tools: helm

# Build the pinned helm into bin/ (cached by deploy/helm/tools go.mod/go.sum; a cold build takes ~2 min on 2 cores).
helm:
	@mkdir -p $(BIN)/.stamps; exec 8>$(BIN)/.deploy-tools.lock; \
	flock -n 8 || { echo "waiting for another helm build in this tree..."; flock 8; }; \
	h=$$( { go env GOVERSION; cat $(DEPLOY_TOOLS)/go.mod $(DEPLOY_TOOLS)/go.sum; } | sha256sum | cut -c1-16 ); \
	stamp=$(BIN)/.stamps/deploy-helm.$$h; \
	if [[ ! -x $(HELM) || ! -e $$stamp ]]; then \
	  echo "tools: building helm from deploy/helm/tools (a cold build takes ~2 min on 2 cores)"; \
	  GOWORK=off go -C $(DEPLOY_TOOLS) build -o $(BIN)/ tool \
	    || { echo "tools: building deploy/helm/tools failed (see above)" >&2; exit 1; }; \
	  rm -f $(BIN)/.stamps/deploy-helm.*; touch $$stamp; \
	fi

# Prove the Helm chart: helm lint, render (defaults; HPA+NetworkPolicy+ServiceMonitor on), strict decode, checklist asserts.
test-deploy: helm
	@start=$$(date +%s); \
	HELM=$(HELM) GOWORK=off go -C $(DEPLOY_CHARTTEST) test -count=1 $(if $(V),-v) ./... \
	  || { echo "test-deploy: the chart in deploy/helm/hellowork fails its checks (see above)" >&2; exit 1; }; \
	echo "test-deploy: chart checks passed in $$(( $$(date +%s) - start )) s"

# Lint the chart only (helm lint --strict), e.g. while editing templates.
lint-deploy: helm
	@$(HELM) lint --strict --kube-version 1.34.0 $(DEPLOY_CHART)

# Run go mod tidy in the deploy/ modules (outside go.work, so `make tidy` does not).
tidy-deploy:
	@for m in $(DEPLOY_MODULES); do GOWORK=off go -C $(ROOT)/$$m mod tidy || { echo "tidy-deploy: failed in $$m" >&2; exit 1; }; done

# Prove the chart on a real control plane (deploy/cluster): etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler at the chart's minimum Kubernetes version, kwok faking the nodes. The binaries are built
# once per version into ~/.cache/hellowork/k8s (cold: ~10-15 min on 2 cores); a warm run takes ~1 min.
test-deploy-cluster: helm
	@bins=$$($(ROOT)/deploy/cluster/ensure.sh) && HELM=$(HELM) $(ROOT)/deploy/cluster/test.sh "$$bins"

# OCI images without a container daemon (deploy/images, go-containerregistry): one per component,
# static binary on a base assembled offline, written as OCI layouts in bin/images/<component>,
# referenced as the chart's defaults (<image.registry>/<component>:<appVersion>). Reproducible:
# the same commit gives the same digests (`make test-images` builds twice and compares).
IMAGES_OUT ?= $(BIN)/images
images: helm
	@set -euo pipefail; out=$(IMAGES_OUT); \
	ver=$$(awk '/^appVersion:/{gsub(/"/,"",$$2); print $$2}' $(DEPLOY_CHART)/Chart.yaml); \
	created=$$(git -C $(ROOT) log -1 --format=%ct); rev=$$(git -C $(ROOT) rev-parse HEAD); \
	mkdir -p $$out/bin; args=(); \
	for c in gateway $$(cd $(ROOT)/services && ls -d */cmd | cut -d/ -f1); do \
	  if [[ $$c == gateway ]]; then pkg=./gateway/cmd/gateway; else pkg=./services/$$c/cmd/$$c; fi; \
	  CGO_ENABLED=0 go -C $(ROOT) build -trimpath -buildvcs=false -ldflags='-s -w -buildid=' -o $$out/bin/$$c $$pkg; \
	  args+=("$$c=$$out/bin/$$c"); \
	done; \
	GOWORK=off go -C $(ROOT)/deploy/images run . -out $$out -version "$$ver" -created "$$created" -revision "$$rev" "$${args[@]}" | tee $$out/digests.txt; \
	enable=$$(for c in "$${args[@]}"; do c=$${c%%=*}; k=$$(sed -E 's/-(.)/\U\1/g' <<<"$$c"); echo "--set $$k.enabled=true"; done); \
	kv=$$(sed -n "s/^K8S_VERSION=//p" $(ROOT)/deploy/cluster/versions.env); \
	refs=$$($(HELM) template hw $(DEPLOY_CHART) --kube-version "$$kv" $$enable | awk '$$1=="image:"{gsub(/"/,"",$$2); print $$2}' | sort -u); \
	[[ -n $$refs ]] || { echo "images: no image in the chart's render" >&2; exit 1; }; \
	for i in $$refs; do \
	  grep -q "^$$i@" $$out/digests.txt || { echo "images: the chart's default image $$i is not one make images produced" >&2; exit 1; }; \
	done; echo "images: OCI layouts in $$out; the chart's default images match"

# Reproducibility: two `make images` of this commit give the same digests.
test-images: helm
	@set -e; GOWORK=off go -C $(ROOT)/deploy/images test -count=1 ./...; \
	$(MAKE) -s images IMAGES_OUT=$(BIN)/images-a >/dev/null; $(MAKE) -s images IMAGES_OUT=$(BIN)/images-b >/dev/null; \
	cmp $(BIN)/images-a/digests.txt $(BIN)/images-b/digests.txt || { echo "test-images: two builds of one commit differ" >&2; exit 1; }; \
	rm -rf $(BIN)/images-a $(BIN)/images-b; echo "test-images: reproducible"
