## make/deploy.mk: the Kubernetes deployment (deploy/helm, deploy/docker); see deploy/README.md.
## helm is a Go `tool` pinned in deploy/helm/tools/go.mod, outside go.work, built into
## $(BIN) once per go.mod/go.sum hash (like the generation tools in make/generate.mk).

DEPLOY_TOOLS     := $(ROOT)/deploy/helm/tools
DEPLOY_CHARTTEST := $(ROOT)/deploy/helm/charttest
DEPLOY_CHART     := $(ROOT)/deploy/helm/hellowork
HELM             := $(BIN)/helm
# Modules of deploy/ (each with its own go.mod, not in go.work).
DEPLOY_MODULES   := deploy/helm/tools deploy/helm/charttest

.PHONY: helm test-deploy test-deploy-cluster lint-deploy tidy-deploy

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
