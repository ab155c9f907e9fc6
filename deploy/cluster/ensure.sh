#!/usr/bin/env bash
# Print the directory holding the control-plane binaries of `make test-deploy-cluster`, building them
# first if needed. They live outside the repository, in $HELLOWORK_CACHE (default
# ${XDG_CACHE_HOME:-~/.cache}/hellowork)/k8s/<stamp>, one directory per Kubernetes and kwok
# version, Go version and recipe (build.sh); a flock serialises concurrent builds (like `make helm`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export GOTOOLCHAIN=local
cache=${HELLOWORK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hellowork}/k8s
. "$here/versions.env"
stamp=$K8S_VERSION-$( { go env GOVERSION; cat "$here/versions.env" "$here/build.sh"; } | sha256sum | cut -c1-12)
dir=$cache/$stamp
mkdir -p "$cache"
exec 9>"$cache/.build.lock"
flock -n 9 || { echo "cluster: waiting for another control-plane build..." >&2; flock 9; }
if [[ ! -e $dir/.complete ]]; then
  echo "cluster: building Kubernetes v$K8S_VERSION control plane into $dir (cold: ~10-15 min on 2 cores)" >&2
  rm -rf "$dir"
  start=$(date +%s)
  nice -n 10 "$here/build.sh" "$dir" >&2 || { rm -rf "$dir"; echo "cluster: control-plane build failed (see above)" >&2; exit 1; }
  touch "$dir/.complete"
  echo "cluster: built in $(( $(date +%s) - start )) s" >&2
  # Older stamps are dead weight (~500 MB each).
  find "$cache" -mindepth 1 -maxdepth 1 -type d ! -name "$stamp" -exec rm -rf {} +
fi
echo "$dir"
