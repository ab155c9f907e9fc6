#!/usr/bin/env bash
# Build the control plane of `make test-deploy-cluster` from the Go module proxy into $1:
# kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd (the version Kubernetes pins)
# and kwok (fakes a node), plus kwok's stage config. Recipe and costs: deploy/README.md
# ("Cluster test"). A cold build takes about 10-15 min on 2 cores (kube-apiserver alone ~1000 CPU-s).
#
# `go install k8s.io/kubernetes/cmd/...@vX` does not work: k8s.io/kubernetes replaces its staging
# modules (k8s.io/api, ...) with ./staging paths and requires them at v0.0.0. A scratch module that
# replaces each with its published v0.<minor>.<patch> resolves it; the list is generated from
# Kubernetes's own go.mod so it follows new staging modules.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
V=$K8S_VERSION
export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=mod
src=$(mktemp -d "${out%/}.src.XXXXXX")
trap 'rm -rf "$src"' EXIT
mkdir -p "$out" "$src/cmd/etcd"
cd "$src"

cp "$(go mod download -json "k8s.io/kubernetes@v$V" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')" k8s.mod
{
  echo "module local/k8sbins"
  echo "go $(awk '/^go /{print $2}' k8s.mod)"
  grep '^godebug' k8s.mod || true
  echo "require k8s.io/kubernetes v$V"
  echo "replace ("
  for m in $(grep -E '^\s+k8s.io/\S+ v0\.0\.0$' k8s.mod | awk '{print $1}'); do echo "  $m => $m v0.${V#1.}"; done
  echo ")"
} > go.mod
cat > cmd/etcd/main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
etcd_version=$(awk '$1=="go.etcd.io/etcd/server/v3"{print $2}' k8s.mod)
cmds="k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl"
# shellcheck disable=SC2086
go get $(for c in $cmds; do echo "$c@v$V"; done) "go.etcd.io/etcd/server/v3/etcdmain@$etcd_version"

# Without the version ldflags the server says v0.0.0-master and helm refuses the chart's kubeVersion.
minor=$(echo "$V" | cut -d. -f2)
ld="-s -w -X k8s.io/component-base/version.gitVersion=v$V -X k8s.io/component-base/version.gitMajor=1"
ld+=" -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
ld+=" -X k8s.io/client-go/pkg/version.gitVersion=v$V -X k8s.io/client-go/pkg/version.gitMajor=1"
ld+=" -X k8s.io/client-go/pkg/version.gitMinor=$minor"
# One invocation: the shared packages compile once.
# shellcheck disable=SC2086
go build -trimpath -ldflags="$ld" -o "$out/" $cmds ./cmd/etcd

GOBIN=$out go install -trimpath -ldflags="-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
# kwok has no built-in stages ("no stages found"): use its own, from its module: nodes become Ready
# and keep a heartbeat; Pods become Running, and Pods of Jobs (restartPolicy Never/OnFailure) Succeeded.
stage=$(go env GOMODCACHE)/sigs.k8s.io/kwok@v$KWOK_VERSION/kustomize/stage
for f in "$stage"/node/fast/node-initialize.yaml "$stage"/node/heartbeat/node-heartbeat.yaml "$stage"/pod/fast/pod-*.yaml; do
  echo ---; cat "$f"
done > "$out/kwok-stages.yaml"
"$out/kube-apiserver" --version
