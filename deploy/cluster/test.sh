#!/usr/bin/env bash
# `make test-deploy-cluster`: prove the Helm chart on a real Kubernetes control plane (etcd,
# kube-apiserver, kube-controller-manager, kube-scheduler at the chart's minimum version) with
# kwok faking two nodes so Pods run and Jobs complete. Everything listens on 127.0.0.1 with
# throwaway certificates in a temporary directory, and every process is stopped by pid on exit,
# failure included. What each check proves: deploy/README.md ("Checking the chart").
#
# Usage: HELM=bin/helm deploy/cluster/test.sh BINDIR   (BINDIR from deploy/cluster/ensure.sh)
# CLUSTER_CHART=<dir> runs it against another chart directory (e.g. a deliberately broken copy).
set -euo pipefail
bins=$(realpath "${1:?usage: test.sh BINDIR}")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chart=${CLUSTER_CHART:-$root/deploy/helm/hellowork}
helm=$(realpath "${HELM:?HELM must point at the pinned helm (make helm)}")
. "$here/versions.env"

ns=hellowork
rel=hw
work=$(mktemp -d "${TMPDIR:-/tmp}/hellowork-cluster.XXXXXX")
export KUBECONFIG=$work/admin.kubeconfig HELM_CACHE_HOME=$work/helm/cache HELM_CONFIG_HOME=$work/helm/config HELM_DATA_HOME=$work/helm/data
t0=$(date +%s)
pids=()     # the control plane, watched by waitfor
sampler=""  # the drain's Pod sampler
gobuild=""  # the service binary the migration check runs (built in the background)
mpids=()    # the migration check's processes (lock holder, migrations)
pgdb=""     # the migration check's throwaway database and runtime role
pgurl=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
step() { printf '[%3ds] %s\n' $(( $(date +%s) - t0 )) "$*"; }
fail() {
  echo "test-deploy-cluster: FAIL: $*" >&2
  exit 1
}
cleanup() {
  local rc=$?
  # Logs first: stopping etcd makes the others' last lines shutdown noise.
  if (( rc != 0 )); then
    for f in "$work"/*.log; do
      [[ -e $f ]] || continue
      echo "---- last lines of $(basename "$f")" >&2
      tail -n 15 "$f" >&2
    done
  fi
  [[ -n $sampler ]] && kill "$sampler" 2>/dev/null
  [[ -n $gobuild ]] && kill "$gobuild" 2>/dev/null
  for p in "${mpids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -n $pgdb ]]; then
    psql "$pgurl" -qAtX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" -c "DROP ROLE IF EXISTS ${pgdb}_rt" >/dev/null 2>&1 \
      || echo "test-deploy-cluster: could not drop database $pgdb and role ${pgdb}_rt" >&2
  fi
  # Stop in reverse start order, by pid (TERM, then KILL after 5 s).
  for (( i=${#pids[@]}-1; i>=0; i-- )); do kill "${pids[i]}" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    (( alive )) || break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
kc() { "$bins/kubectl" "$@"; }

# A free loopback port (the ports of other sessions and of `make run` are in use on this machine).
used=" "
freeport() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 12000 ))
    [[ $used == *" $p "* ]] && continue
    [[ -z $(ss -Hltn "sport = :$p") ]] && { used+="$p "; echo "$p"; return; }
  done
}
# Poll a command until it succeeds (timeout in seconds).
waitfor() {
  local timeout=$1; shift
  local end=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) < end )) || return 1
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || fail "a control-plane process (pid $p) exited"; done
    sleep 0.3
  done
}

# ---------------------------------------------------------------- PKI, tokens, kubeconfigs
cd "$work"
# The migration check (after the install) runs job-posting's real binary: build it meanwhile.
( cd "$root" && GOTOOLCHAIN=local nice -n 5 go build -o "$work/job-posting" ./services/job-posting/cmd/job-posting ) > gobuild.log 2>&1 &
gobuild=$!
ossl() { openssl "$@" 2>/dev/null; }
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=hellowork-test-ca -keyout ca.key -out ca.crt
ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=kube-apiserver -keyout apiserver.key -out apiserver.csr
printf 'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' > san.ext
ossl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile san.ext -out apiserver.crt
ossl genrsa -out sa.key 2048
ossl rsa -in sa.key -pubout -out sa.pub
tok() { openssl rand -hex 16; }
admin_tok=$(tok) kcm_tok=$(tok) sched_tok=$(tok)
# The controller-manager is a system:master here: simpler than per-controller credentials.
cat > tokens.csv <<EOF
$admin_tok,admin,admin,"system:masters"
$kcm_tok,system:kube-controller-manager,kcm,"system:masters"
$sched_tok,system:kube-scheduler,ksched,
EOF
api_port=$(freeport) etcd_port=$(freeport) peer_port=$(freeport)
kubeconfig() {
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: test, cluster: {server: "https://127.0.0.1:$api_port", certificate-authority: "$work/ca.crt"}}]
users: [{name: u, user: {token: "$2"}}]
contexts: [{name: test, context: {cluster: test, user: u}}]
current-context: test
EOF
}
kubeconfig admin.kubeconfig "$admin_tok"
kubeconfig kcm.kubeconfig "$kcm_tok"
kubeconfig sched.kubeconfig "$sched_tok"

# ---------------------------------------------------------------- control plane
step "starting etcd and kube-apiserver v$K8S_VERSION on 127.0.0.1:$api_port"
"$bins/etcd" --name test --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "test=http://127.0.0.1:$peer_port" --listen-metrics-urls '' \
  --unsafe-no-fsync --quota-backend-bytes=1073741824 --log-level=warn > etcd.log 2>&1 &
pids+=($!)
"$bins/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_port" \
  --bind-address=127.0.0.1 --secure-port="$api_port" --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
  --tls-cert-file=apiserver.crt --tls-private-key-file=apiserver.key --client-ca-file=ca.crt \
  --token-auth-file=tokens.csv \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file=sa.pub --service-account-signing-key-file=sa.key \
  --service-cluster-ip-range=10.0.0.0/24 --authorization-mode=RBAC \
  --enable-priority-and-fairness=false --profiling=false > apiserver.log 2>&1 &
pids+=($!)
readyz() { [[ $(curl -s --max-time 2 --cacert ca.crt -H "Authorization: Bearer $admin_tok" "https://127.0.0.1:$api_port/readyz") == ok ]]; }
waitfor 120 readyz || fail "kube-apiserver not ready after 120 s"
step "kube-apiserver ready; starting kube-controller-manager, kube-scheduler, kwok"

# Serving ports 0: these two serve nothing (no metrics/healthz needed), so no port to pick.
"$bins/kube-controller-manager" --kubeconfig=kcm.kubeconfig --authentication-kubeconfig=kcm.kubeconfig \
  --authorization-kubeconfig=kcm.kubeconfig --bind-address=127.0.0.1 --secure-port=0 --leader-elect=false \
  --service-account-private-key-file=sa.key --root-ca-file=ca.crt --use-service-account-credentials=false \
  --controllers='*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller' > kcm.log 2>&1 &
pids+=($!)
"$bins/kube-scheduler" --kubeconfig=sched.kubeconfig --authentication-kubeconfig=sched.kubeconfig \
  --authorization-kubeconfig=sched.kubeconfig --bind-address=127.0.0.1 --secure-port=0 --leader-elect=false > scheduler.log 2>&1 &
pids+=($!)
"$bins/kwok" --config="$bins/kwok-stages.yaml" --kubeconfig=admin.kubeconfig --manage-all-nodes=false \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake --cidr=10.244.0.0/16 --node-ip=10.244.255.1 \
  --node-lease-duration-seconds=40 > kwok.log 2>&1 &
pids+=($!)

# Two fake nodes; node-b starts cordoned so every Pod lands on node-a, which the drain check empties.
for n in a b; do
  cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: node-$n
  annotations: {kwok.x-k8s.io/node: fake}
  labels: {kubernetes.io/hostname: node-$n, kubernetes.io/os: linux, topology.kubernetes.io/zone: zone-$n, type: kwok}
spec:
  unschedulable: $([[ $n == b ]] && echo true || echo false)
status:
  allocatable: {cpu: "32", memory: 64Gi, pods: "110"}
  capacity: {cpu: "32", memory: 64Gi, pods: "110"}
EOF
done > nodes.yaml
kc apply -f nodes.yaml >/dev/null

kc create namespace "$ns" >/dev/null
# Pod Security Admission: refuse Pods, and warn about pod templates, that break "restricted".
kc label namespace "$ns" pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=latest \
  pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/warn-version=latest >/dev/null
kc apply --server-side -f "$here/crds/monitoring.coreos.com_servicemonitors.yaml" >/dev/null
kc wait --for=condition=Established --timeout=60s crd/servicemonitors.monitoring.coreos.com >/dev/null

# ---------------------------------------------------------------- 1. server-side dry-run
# Values: the default, and every option on (as deploy/helm/charttest's fullValues), plus the
# components still disabled by default.
cat > full.yaml <<'EOF'
existingSecret: hellowork-prod
applicantSelection: {enabled: true}
autoscaling:
  enabled: true
serviceMonitor:
  enabled: true
  labels: {release: prometheus}
networkPolicy:
  enabled: true
  gatewayIngressFrom:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
  metricsFrom:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: monitoring}
  postgres:
    to: [{ipBlock: {cidr: 10.20.0.0/16}}]
    ports: [5432]
  nats:
    to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: nats}}}]
    ports: [4222]
  smtp:
    to: [{ipBlock: {cidr: 192.0.2.25/32}}]
    ports: [587]
EOF
render() { # chart, values... -> stdout
  local c=$1; shift
  "$helm" template "$rel" "$c" -n "$ns" --kube-version "$K8S_VERSION" "$@"
}
# Strict field validation (unknown or duplicate fields are errors) and every warning an error
# (a pod template that breaks "restricted" is only a warning on a Deployment or Job).
dryrun() { # manifest file
  kc apply --server-side --dry-run=server --validate=strict --warnings-as-errors --field-manager=helm -n "$ns" -f "$1"
}
for v in default full; do
  args=(); [[ $v == full ]] && args=(--values full.yaml)
  render "$chart" "${args[@]}" > "render-$v.yaml" || fail "helm template ($v values) failed"
  want=$(grep -c '^kind:' "render-$v.yaml")
  out=$(dryrun "render-$v.yaml" 2>&1) || { echo "$out" >&2; fail "server-side dry-run of the $v render refused (above)"; }
  got=$(grep -c 'serverside-applied (server dry run)' <<<"$out" || true)
  [[ $got == "$want" ]] || { echo "$out" >&2; fail "$v render: $got of $want objects accepted"; }
  step "dry-run: $v render, $got/$want objects accepted (restricted, strict, no warnings)"
done
grep -q '^kind: ServiceMonitor' render-full.yaml || fail "the full render has no ServiceMonitor to check against the CRD"

# Negative controls: the same check must refuse a chart broken in each of these ways.
negative() { # name, expected message (grep -E), file to edit (relative to the chart), sed expression
  local name=$1 expect=$2 file=$3 expr=$4 c=$work/neg-chart out
  rm -rf "$c"; cp -r "$chart" "$c"
  sed -i "$expr" "$c/$file"
  cmp -s "$chart/$file" "$c/$file" && fail "negative control '$name': the edit changed nothing in $file (update the control)"
  render "$c" --values full.yaml > neg.yaml || fail "negative control '$name': helm template failed"
  if out=$(dryrun neg.yaml 2>&1); then fail "negative control '$name': the dry-run accepted it"; fi
  grep -Eq "$expect" <<<"$out" || { echo "$out" >&2; fail "negative control '$name': refused, but not with /$expect/"; }
  step "negative control refused as expected: $name"
}
negative "allowPrivilegeEscalation: true in every pod template" 'violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false' \
  templates/_helpers.tpl 's/allowPrivilegeEscalation: false/allowPrivilegeEscalation: true/'
negative "misspelt Service field targetPortt" 'targetPortt: field not declared in schema' \
  templates/lib/_service.tpl '0,/targetPort:/s/targetPort:/targetPortt:/'
negative "misspelt ServiceMonitor field intervall (CRD schema)" 'intervall: field not declared in schema' \
  templates/lib/_servicemonitor.tpl '0,/interval:/s/interval:/intervall:/'

# ---------------------------------------------------------------- 2. install with hooks
# The operator's Secret, with every key the chart references (the chart never creates it).
keys=$(awk '/secretKeyRef:/{f=1;next} f&&/key:/{print $2;f=0}' render-default.yaml | sort -u)
[[ -n $keys ]] || fail "no secretKeyRef found in the default render"
# shellcheck disable=SC2046
kc -n "$ns" create secret generic "$rel-hellowork-secrets" $(for k in $keys; do printf -- '--from-literal=%s=test ' "$k"; done) >/dev/null
# Install values: NetworkPolicies, ServiceMonitors and every component on; fixed replicas (no HPA) so the drain is
# deterministic; notification at one replica proves a single-replica PDB never blocks a drain.
cat > install.yaml <<'EOF'
serviceMonitor: {enabled: true}
networkPolicy: {enabled: true}
applicantSelection: {enabled: true}
notification: {replicas: 1}
EOF
node_ready() { [[ $(kc get node "$1" -o jsonpath='{.spec.taints} {.status.conditions[?(@.type=="Ready")].status}') == ' True' ]]; }
waitfor 60 node_ready node-a || fail "fake node-a never became Ready and untainted (kwok, nodelifecycle controller)"
step "helm install --wait --wait-for-jobs (migration hooks) on fake node-a"
"$helm" install "$rel" "$chart" -n "$ns" --values install.yaml --wait --wait-for-jobs --timeout 4m >install.log 2>&1 \
  || { cat install.log >&2; kc -n "$ns" get deploy,rs,pods,jobs -o wide >&2 || true; fail "helm install did not complete"; }

available() { local r; r=$(kc -n "$ns" get deploy "$1" -o jsonpath='{.spec.replicas}={.status.availableReplicas}'); [[ ${r%=*} == "${r#*=}" ]]; }
deploys=$(kc -n "$ns" get deploy -l "app.kubernetes.io/instance=$rel" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
[[ -n $deploys ]] || fail "no Deployment installed"
for d in $deploys; do
  read -r want avail <<<"$(kc -n "$ns" get deploy "$d" -o jsonpath='{.spec.replicas} {.status.availableReplicas}')"
  [[ $avail == "$want" ]] || fail "Deployment $d: $avail of $want replicas available"
  # The chart's default is two replicas of everything (install.yaml lowers notification to one).
  [[ $want == "$([[ $d == *-notification ]] && echo 1 || echo 2)" ]] || fail "Deployment $d runs $want replicas by default, want 2"
done
jobs=$(kc -n "$ns" get jobs -o jsonpath='{range .items[*]}{.metadata.name}={.status.succeeded}{"\n"}{end}')
grep -q -- '-migrate-1=1$' <<<"$jobs" || fail "no migration hook Job ran: $jobs"
grep -v -- '=1$' <<<"$jobs" | grep -q . && fail "migration Jobs not all complete: $jobs"
# Every Pod admitted under enforce=restricted: no controller was refused a Pod.
refused=$(kc -n "$ns" get events --field-selector reason=FailedCreate -o jsonpath='{range .items[*]}{.involvedObject.name}: {.message}{"\n"}{end}')
[[ -z $refused ]] || fail "Pods refused at creation: $refused"
step "installed: $(wc -w <<<"$deploys") Deployments Available, $(wc -l <<<"$jobs") migration Jobs complete, no Pod refused"

# ---------------------------------------------------------------- 2b. a second migration waits for the lock
# kwok runs no container, so the migration runs here as a real process, the way the installed hook Job
# runs it: its args and environment are read from the Job in the API server (ConfigMap values inline,
# secretKeyRefs mapped to a throwaway database: the owner role for *-migration-database-url, a runtime
# role for *-database-url). A first replica is mid-migration = another session holds the schema's
# migration lock (libs/pgkit.Migrate: pg_advisory_lock of FNV-1a("migrate:<schema>")). Two more
# replicas start: both must wait on the lock (still running, nothing logged at error level, the
# service's migrations not applied), then finish with exit 0 once it is released, every migration
# recorded once and the runtime role granted.
for tool in psql jq; do command -v "$tool" >/dev/null || fail "the migration check needs $tool (apt-get install postgresql-client jq)"; done
psql "$pgurl" -qAtX -c 'SELECT 1' >/dev/null 2>&1 \
  || fail "the migration check needs PostgreSQL at ${pgurl%%\?*} (TEST_DATABASE_URL; make run's deps or any local server with trust auth)"
svc=job-posting schema=job_posting
jobjson=$(kc -n "$ns" get jobs -l "app.kubernetes.io/component=$svc-migrate" -o json | jq '.items[0].spec.template.spec.containers[0]')
[[ $(jq -c '.args' <<<"$jobjson") == '["migrate"]' ]] || fail "the $svc migration Job does not run '<binary> migrate': $(jq -c '.command,.args' <<<"$jobjson")"
[[ $(jq -c '.command // [] | length' <<<"$jobjson") == 0 ]] || fail "the $svc migration Job overrides the image's command; update this check"
pgdb=hw_cluster_$$_$RANDOM
psql "$pgurl" -qAtX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $pgdb" -c "CREATE ROLE ${pgdb}_rt LOGIN" >/dev/null || fail "creating the test database failed"
dburl() { # user -> URL of the throwaway database
  local u=${pgurl#*://}; u=${u#*@}; local hostport=${u%%/*} q=""
  [[ $pgurl == *\?* ]] && q="?${pgurl#*\?}"
  echo "postgres://$1@$hostport/$pgdb$q"
}
owner=$(sed -E 's#^postgres(ql)?://([^:@/]+).*#\2#' <<<"$pgurl")
menv=()
while IFS=$'\t' read -r name kind val; do
  case $kind in
    value) menv+=("$name=$val") ;;
    secret)
      case $val in
        *-migration-database-url) menv+=("$name=$(dburl "$owner")") ;;
        *-database-url) menv+=("$name=$(dburl "${pgdb}_rt")") ;;
        nats-nkey-*) menv+=("$name=") ;; # migrate does not connect to NATS
        *) fail "the $svc migration Job reads secret key $val, unknown to this check" ;;
      esac ;;
    *) fail "the $svc migration Job sets $name from something other than a value or a Secret key" ;;
  esac
done < <(jq -r '.env[] | [.name, (if .valueFrom.secretKeyRef then "secret" elif has("value") then "value" else "other" end),
  (.valueFrom.secretKeyRef.key // .value // "")] | @tsv' <<<"$jobjson")
[[ " ${menv[*]} " == *" MIGRATION_DATABASE_URL=postgres"* ]] || fail "the $svc migration Job has no MIGRATION_DATABASE_URL"
wait "$gobuild" || { cat gobuild.log >&2; gobuild=""; fail "building $svc failed"; }
gobuild=""
fnv64a() { local s=$1 h=-3750763034362895579 i c; for ((i=0;i<${#s};i++)); do printf -v c '%d' "'${s:i:1}"; h=$(( (h ^ c) * 1099511628211 )); done; echo "$h"; }
key=$(fnv64a "migrate:$schema")
hi=$(( (key >> 32) & 0xffffffff )) lo=$(( key & 0xffffffff ))
q() { psql "$(dburl "$owner")" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
locks() { # granted (t/f) -> sessions holding or waiting for the migration lock
  q "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = '$pgdb')
     AND classid = $hi AND objid = $lo AND objsubid = 1 AND granted = $1"
}
PGAPPNAME=hw-migration-holder psql "$(dburl "$owner")" -qAtX -c "SELECT pg_advisory_lock($key)" -c "SELECT pg_sleep(600)" >holder.log 2>&1 &
mpids+=($!)
held() { [[ $(locks true) == 1 ]]; }
waitfor 30 held || fail "the lock holder never took the migration lock"
for i in 1 2; do
  env -i PATH=/usr/bin:/bin HOME="$work" "${menv[@]}" "$work/$svc" migrate >"migrate-$i.log" 2>&1 &
  mpids+=($!)
done
waiting() { [[ $(locks false) == 2 ]]; }
waitfor 60 waiting || { cat migrate-*.log >&2; fail "two $svc migrations started but $(locks false) wait(s) on the migration lock"; }
sleep 2 # a while longer: nothing gives up or fails meanwhile
for i in 1 2; do
  kill -0 "${mpids[i]}" 2>/dev/null || { cat "migrate-$i.log" >&2; fail "migration $i exited while the lock was held"; }
  ! grep -Eiq '"level":"(error|fatal)"|panic' "migrate-$i.log" || { cat "migrate-$i.log" >&2; fail "migration $i logged an error while waiting"; }
done
[[ $(q "SELECT to_regclass('$schema.goose_db_version') IS NULL") == t ]] || fail "a migration ran while another session held the lock"
q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hw-migration-holder' AND datname = '$pgdb'" >/dev/null
for i in 1 2; do
  rc=0; timeout 60 tail --pid="${mpids[i]}" -f /dev/null || rc=$?
  (( rc == 0 )) || { cat "migrate-$i.log" >&2; fail "migration $i did not finish within 60 s of the lock's release"; }
  wait "${mpids[i]}" || { cat "migrate-$i.log" >&2; fail "migration $i failed after waiting"; }
done
want=$(ls "$root/services/$svc/migrations/" | grep -c '^[0-9]*_.*\.sql$')
got=$(q "SELECT count(*) || ' ' || count(DISTINCT version_id) FROM $schema.goose_db_version WHERE version_id > 0 AND is_applied")
[[ $got == "$want $want" ]] || fail "after both migrations: '$got' (rows, distinct versions) applied; want each of the $want migrations once"
[[ $(q "SELECT has_table_privilege('${pgdb}_rt', '$schema.postings', 'INSERT') AND NOT has_schema_privilege('${pgdb}_rt', '$schema', 'CREATE')") == t ]] \
  || fail "the runtime role was not granted what the migration Job grants"
step "migration lock: two $svc migrations run as the hook Job runs them waited on the lock held elsewhere, then applied $want migrations once"

# ---------------------------------------------------------------- 3. upgrade, rollback
rsof() { # component -> "name replicas" of its ReplicaSets
  kc -n "$ns" get rs -l "app.kubernetes.io/instance=$rel,app.kubernetes.io/component=$1" \
    -o jsonpath='{range .items[*]}{.metadata.name} {.spec.replicas}{"\n"}{end}'
}
rs_identity_1=$(rsof identity | awk '{print $1}')
rs_gateway_1=$(rsof gateway)
[[ $(wc -l <<<"$rs_identity_1") == 1 ]] || fail "identity has several ReplicaSets before the upgrade"
"$helm" upgrade "$rel" "$chart" -n "$ns" --values install.yaml --set identity.config.LOG_LEVEL=debug \
  --wait --wait-for-jobs --timeout 3m >upgrade.log 2>&1 || { cat upgrade.log >&2; fail "helm upgrade did not complete"; }
rs_identity_2=$(rsof identity)
[[ $(wc -l <<<"$rs_identity_2") == 2 ]] || fail "identity's config changed but no new ReplicaSet rolled: $rs_identity_2"
new=$(awk -v old="$rs_identity_1" '$1!=old && $2>0 {print $1}' <<<"$rs_identity_2")
[[ -n $new ]] || fail "identity's new ReplicaSet is not the scaled one: $rs_identity_2"
[[ $(rsof gateway) == "$rs_gateway_1" ]] || fail "the gateway rolled although only identity's config changed"
# (Listings are captured before grep -q: with pipefail, kubectl killed by SIGPIPE after an early match fails the check.)
jobs=$(kc -n "$ns" get jobs -o name)
grep -q -- '-migrate-2$' <<<"$jobs" || fail "helm upgrade ran no migration hook Job: $jobs"
step "upgrade: identity rolled ReplicaSet $new, the gateway did not roll, migration hooks of revision 2 complete"

"$helm" rollback "$rel" 1 -n "$ns" --wait --timeout 3m >rollback.log 2>&1 || { cat rollback.log >&2; fail "helm rollback failed"; }
# helm --wait returns once the new ReplicaSet is ready; the old one scales down just after.
back_on_first() { [[ $(rsof identity | awk '$2>0 {print $1}') == "$rs_identity_1" ]]; }
waitfor 60 back_on_first || fail "after rollback identity runs ReplicaSet(s) '$(rsof identity | awk '$2>0 {print $1}' | paste -sd' ')', not the first one ($rs_identity_1)"
level=$(kc -n "$ns" get cm -l "app.kubernetes.io/instance=$rel,app.kubernetes.io/component=identity" -o jsonpath='{.items[0].data.LOG_LEVEL}')
[[ $level == info ]] || fail "after rollback identity's LOG_LEVEL is '$level', not info"
"$helm" history "$rel" -n "$ns" | tail -1 | grep -q 'Rollback to 1' || fail "helm history does not end with the rollback"
step "rollback: revision 3 = revision 1 (identity back on $rs_identity_1, LOG_LEVEL info)"

# ---------------------------------------------------------------- 4. drain respects the PDBs
# Sample Ready, not-terminating Pods per component while draining: a two-replica component must
# never drop below one (PDB maxUnavailable 1 means evictions one at a time).
( while :; do
    kc -n "$ns" get pods -l "app.kubernetes.io/instance=$rel" \
      -o jsonpath='{range .items[*]}{.metadata.labels.app\.kubernetes\.io/component} {.metadata.deletionTimestamp} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' \
      | awk '$2=="True" && !/-migrate/{n[$1]++} END{for (c in n) printf "%s=%d ", c, n[c]; print ""}' || true
    sleep 0.3
  done ) > samples.log 2>/dev/null &
sampler=$!
# First with node-b still cordoned: an evicted Pod's replacement cannot start, so the PDB
# must refuse the second replica's eviction and this drain must not finish. (With room on
# node-b, whether a refusal is seen depends on how fast the replacement turns Ready.)
if kc drain node-a --ignore-daemonsets --delete-emptydir-data --timeout=20s > drain-held.log 2>&1; then
  cat drain-held.log >&2; fail "kubectl drain node-a finished with nowhere to reschedule: no PodDisruptionBudget held a replica back"
fi
grep -q "violate the pod's disruption budget" drain-held.log \
  || { cat drain-held.log >&2; fail "no eviction was held back by a PodDisruptionBudget (two replicas evicted at once?)"; }
# Then with room on node-b: the drain finishes, one replica at a time.
kc uncordon node-b >/dev/null
waitfor 60 node_ready node-b || fail "node-b keeps a taint"
if ! kc drain node-a --ignore-daemonsets --delete-emptydir-data --timeout=150s > drain.log 2>&1; then
  cat drain.log >&2; fail "kubectl drain node-a did not finish in 150 s (a PDB blocks it?)"
fi
kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=""
for d in $deploys; do
  c=${d#"$rel-hellowork-"}
  want=$(kc -n "$ns" get deploy "$d" -o jsonpath='{.spec.replicas}')
  (( want >= 2 )) || continue
  # Samples where the component has no Ready Pod at all (absent from the line) or fewer than want-1.
  low=$(awk -v c="$c" -v min=$(( want - 1 )) 'NF{m=0; for (i=1;i<=NF;i++){split($i,a,"="); if (a[1]==c) m=a[2]} if (m<min) print}' samples.log | head -3)
  [[ -z $low ]] || fail "during the drain $c had fewer than $(( want - 1 )) Ready Pods: $low"
done
node_a_empty() { local p; p=$(kc -n "$ns" get pods -o wide --no-headers) && ! grep -v -- -migrate- <<<"$p" | grep -q node-a; }
waitfor 60 node_a_empty || fail "Pods left on node-a"
for d in $deploys; do
  waitfor 60 available "$d" || fail "Deployment $d not Available again on node-b after the drain"
done
step "drain: held back by PDBs while node-b was cordoned, then node-a emptied in $(( $(grep -c 'evicted' drain-held.log) + $(grep -c 'evicted' drain.log) )) evictions, never below replicas-1 Ready ($(wc -l < samples.log) samples)"

# ---------------------------------------------------------------- 5. uninstall
"$helm" uninstall "$rel" -n "$ns" --wait --timeout 2m >uninstall.log 2>&1 || { cat uninstall.log >&2; fail "helm uninstall failed"; }
# What may stay (deploy/README.md, "Uninstall"): the operator's Secret; the migration Jobs and their
# Pods until ttlSecondsAfterFinished (hooks are not release objects); what Kubernetes itself puts in
# every namespace.
kinds=$(kc api-resources --verbs=list --namespaced -o name | grep -Ev '^(events|events\.events\.k8s\.io)$' | paste -sd,)
leftover() {
  local all
  all=$(kc -n "$ns" get "$kinds" -o jsonpath='{range .items[*]}{.kind}/{.metadata.name}{"\n"}{end}') \
    || fail "listing the namespace's objects failed"
  # The listing must see what is known to stay, or an empty answer would prove nothing.
  grep -qx "Secret/$rel-hellowork-secrets" <<<"$all" || fail "the namespace listing misses the operator's Secret: $all"
  grep -Ev "^(Secret/$rel-hellowork-secrets|ServiceAccount/default|ConfigMap/kube-root-ca.crt)$" <<<"$all" \
    | grep -Ev "^(Job|Pod)/$rel-hellowork-[a-z-]+-migrate-[0-9]+(-[a-z0-9]+)?$" || true
}
nothing_left() { [[ -z $(leftover) ]]; }
waitfor 60 nothing_left || fail "helm uninstall left undocumented objects: $(leftover | paste -sd' ')"
step "uninstall: only the Secret and the finished migration Jobs remain"
# ---------------------------------------------------------------- 6. GitOps (Argo CD) mode
# Argo CD does not run Helm: it renders with `helm template` (always revision 1, no lookup) and
# runs the pre-install/pre-upgrade hooks as PreSync hooks before applying the rest, on every sync.
# The hook Jobs are therefore named -migrate-1 at every sync, so they need
# helm.sh/hook-delete-policy: before-hook-creation (Argo CD's BeforeHookCreation: delete, then
# create; a Job's pod template is immutable). Two syncs, the second with a config change, emulate it.
gns=gitops
kc create namespace "$gns" >/dev/null
kc label namespace "$gns" pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=latest >/dev/null
# shellcheck disable=SC2046
kc -n "$gns" create secret generic "$rel-hellowork-secrets" $(for k in $keys; do printf -- '--from-literal=%s=test ' "$k"; done) >/dev/null
argo_sync() { # extra helm template args
  "$helm" template "$rel" "$chart" -n "$gns" --kube-version "$K8S_VERSION" --values install.yaml "$@" > argo.yaml \
    || fail "GitOps: helm template failed"
  # Split into hooks and the rest (documents separated by ---).
  awk 'BEGIN{RS="\n---\n"} /helm\.sh\/hook:/{print "---\n" $0 > "argo-hooks.yaml"; next} {print "---\n" $0 > "argo-main.yaml"}' argo.yaml
  grep -q 'helm.sh/hook:' argo-hooks.yaml || fail "GitOps: the render has no hooks"
  local hooks policies
  hooks=$(grep -c '^kind: Job' argo-hooks.yaml)
  policies=$(grep -c 'helm.sh/hook-delete-policy: .*before-hook-creation' argo-hooks.yaml || true)
  [[ $policies == "$hooks" ]] || fail "GitOps: $((hooks - policies)) of $hooks hook Jobs lack hook-delete-policy before-hook-creation (Argo CD could not re-run them)"
  kc -n "$gns" delete --ignore-not-found --wait -f argo-hooks.yaml >/dev/null
  kc -n "$gns" create -f argo-hooks.yaml >/dev/null || fail "GitOps: creating the PreSync hooks failed"
  kc -n "$gns" wait --for=condition=Complete --timeout=120s job --all >/dev/null || fail "GitOps: PreSync migration Jobs did not complete"
  kc -n "$gns" apply --server-side --field-manager=argocd-controller -f argo-main.yaml >/dev/null || fail "GitOps: applying the render failed"
  for d in $(kc -n "$gns" get deploy -o name); do
    kc -n "$gns" rollout status "$d" --timeout=120s >/dev/null || fail "GitOps: $d did not roll out"
  done
}
argo_sync
first=$(kc -n "$gns" get rs -l app.kubernetes.io/component=identity -o name)
argo_sync --set identity.config.LOG_LEVEL=debug
[[ $(kc -n "$gns" get rs -l app.kubernetes.io/component=identity -o name | wc -l) == 2 ]] || fail "GitOps: the second sync did not roll identity (still $first)"
kc delete namespace "$gns" --wait=false >/dev/null
step "GitOps: two Argo-CD-style syncs ran the migration hooks before applying, and the config change rolled identity"

echo "test-deploy-cluster: passed in $(( $(date +%s) - t0 )) s (Kubernetes v$K8S_VERSION)"
