#!/usr/bin/env bash
# Supervisor of `make run`:  deploy/local/run.sh NAME...
#
# Runs $BIN/NAME for each NAME (services and gateway, already built), each as its own process
# with the environment below, after bringing up postgres, nats and maildev with deps.sh.
# Each output line is prefixed with the process name. Ctrl-C (SIGINT) or SIGTERM stops
# everything: the gateway first, then the services (SIGTERM, then SIGKILL after
# $STOP_TIMEOUT s; a second Ctrl-C kills at once), then the deps this run started itself.
# If any process exits on its own, the others are stopped too and run.sh exits 1.
#
# Environment of every process:
#   SERVICE_NAME=NAME  LOG_FORMAT=console  DATABASE_URL  NATS_URL  SMTP_URL  MAIL_WEB_URL
#   DATABASE_URL as the service's own role hellowork_<name>, MIGRATION_DATABASE_URL as the owner
#   IDENTITY_ADDR EMPLOYER_REGISTRATION_ADDR JOB_POSTING_ADDR APPLICANT_SELECTION_ADDR NOTIFICATION_ADDR
#   METRICS_ADDR (own), and GRPC_ADDR for a service, HTTP_ADDR for the gateway.
#   NATS_NKEY_SEED_FILE=.data/nats-auth/NAME.nk (the service's own NATS user, when it has one)
#   TOKEN_JWKS_ADDR=127.0.0.1:9101 (identity's gRPC GetJwks; all but identity)
#   the dev secrets of DEV_SECRETS below (from .data/secrets.env)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${BIN:-$ROOT/bin}
DEPS=$ROOT/deploy/local/deps.sh
STOP_TIMEOUT=${STOP_TIMEOUT:-25}

# Port plan (127.0.0.1 only). To run a new binary, add it here.
# name                 gRPC  metrics
PORTS=$(cat <<'EOF'
gateway                -     9200
identity               9101  9201
employer-registration  9102  9202
job-posting            9103  9203
applicant-selection    9104  9204
notification           9105  9205
EOF
)
# Commands built with the others (<module>/cmd/<name>) that are not processes of the stack:
# run by hand against it, so not started and not warned about.
TOOLS=(seekersim)
HTTP_ADDR=${HTTP_ADDR:-127.0.0.1:8080}
DATA=${HW_STATE_HOME:-$ROOT}/.data

# Dev-only secrets: each the base64 of 32 random bytes, generated once into .data/secrets.env
# (mode 600) and reused, so sessions, sealed events and stored hashes stay valid across runs.
# A value already in the environment wins. A service needing a new one: add its name here.
DEV_SECRETS=(EVENT_SEALING_KEY TOKEN_SIGNING_KEY HASH_PEPPER CREATION_CODE_HASH_KEY)
declare -A GRPC_PORT METRICS_PORT
while read -r name grpc metrics; do
  GRPC_PORT[$name]=$grpc
  METRICS_PORT[$name]=$metrics
done <<<"$PORTS"

# ---------------------------------------------------------------- output

if [[ -t 1 && -z ${NO_COLOR:-} ]]; then
  COLORS=(36 33 32 35 34 31 96 93)
  bold() { printf '\033[1m%s\033[0m' "$*"; }
else
  COLORS=()
  bold() { printf '%s' "$*"; }
fi
WIDTH=3
for name; do ((${#name} > WIDTH)) && WIDTH=${#name}; done

# label INDEX NAME: "name   | " padded to the longest name, coloured on a terminal.
label() {
  local text
  printf -v text '%-*s |' "$WIDTH" "$2"
  if ((${#COLORS[@]})); then printf '\033[%sm%s\033[0m ' "${COLORS[$1 % ${#COLORS[@]}]}" "$text"
  else printf '%s ' "$text"
  fi
}
RUN_LABEL=$(label 7 run)
say() { printf '%s%s\n' "$RUN_LABEL" "$*"; }

# prefix LABEL: copy stdin to stdout, LABEL before each line. Ignores INT/TERM so that the
# output of a draining process is still shown (and the process never writes to a closed pipe).
prefix() {
  trap '' INT TERM
  local line
  while IFS= read -r line || [[ -n $line ]]; do printf '%s%s\n' "$1" "$line"; done
}

# ---------------------------------------------------------------- processes

load_dev_secrets() {
  local f=$DATA/secrets.env name line key value
  mkdir -p "$DATA"
  (umask 077 && touch "$f")
  for name in "${DEV_SECRETS[@]}"; do
    grep -q "^$name=" "$f" || printf '%s=%s\n' "$name" "$(head -c 32 /dev/urandom | base64 -w 0)" >>"$f"
  done
  while IFS= read -r line; do
    key=${line%%=*} value=${line#*=}   # not IFS='=': read would drop base64's trailing '='
    [[ $key =~ ^[A-Z_][A-Z0-9_]*$ && -z ${!key:-} ]] && export "$key=$value"
  done <"$f"
  return 0
}

# close_fds: close inherited descriptors above 2 (other processes' log pipes, ...).
close_fds() {
  local fd
  for fd in "/proc/$BASHPID/fd/"*; do
    fd=${fd##*/}
    ((fd > 2)) && exec {fd}>&-
  done
  return 0
}

# proc_alive PID: exists and is not a zombie.
proc_alive() {
  local s
  read -r s 2>/dev/null <"/proc/$1/stat" || return 1
  s=${s##*) }
  [[ ${s%% *} != Z ]]
}

# db_url_as ROLE: DATABASE_URL with ROLE as its user (no password: local trust auth).
db_url_as() {
  local scheme=${DATABASE_URL%%://*} rest=${DATABASE_URL#*://}
  [[ $rest == *@* ]] && rest=${rest#*@}
  printf '%s://%s@%s' "$scheme" "$1" "$rest"
}

# ensure_runtime_roles NAME...: one login role per service (hellowork_<name>), created if
# missing. Sets RUNTIME_ROLE[name]; a database where we cannot create roles (someone
# else's DATABASE_URL) keeps the single role, with a warning.
declare -A RUNTIME_ROLE
ensure_runtime_roles() {
  local name role
  for name; do
    [[ $name == gateway ]] && continue
    role=hellowork_${name//-/_}
    if psql -X -w -q -At "$DATABASE_URL" -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE $role LOGIN; END IF; END\$\$" >/dev/null 2>&1; then
      RUNTIME_ROLE[$name]=$role
    else
      say "cannot create role $role: $name runs as the owner role (audit tables not protected from it)"
    fi
  done
}

declare -A NAME_OF   # pid -> name, for processes still running
STOPPING=0 FORCE=0 STATUS=0
GATEWAY_PIDS=() SERVICE_PIDS=()

start_proc() { # INDEX NAME
  local i=$1 name=$2
  local -a env=(
    SERVICE_NAME="$name"
    LOG_FORMAT="${LOG_FORMAT:-console}"
    DATABASE_URL="$DATABASE_URL" NATS_URL="$NATS_URL" SMTP_URL="$SMTP_URL" MAIL_WEB_URL="${MAIL_WEB_URL:-}"
    IDENTITY_ADDR="127.0.0.1:${GRPC_PORT[identity]}"
    EMPLOYER_REGISTRATION_ADDR="127.0.0.1:${GRPC_PORT[employer-registration]}"
    JOB_POSTING_ADDR="127.0.0.1:${GRPC_PORT[job-posting]}"
    APPLICANT_SELECTION_ADDR="127.0.0.1:${GRPC_PORT[applicant-selection]}"
    NOTIFICATION_ADDR="127.0.0.1:${GRPC_PORT[notification]}"
    METRICS_ADDR="127.0.0.1:${METRICS_PORT[$name]}"
  )
  if [[ $name == gateway ]]; then env+=(HTTP_ADDR="$HTTP_ADDR")
  else env+=(GRPC_ADDR="127.0.0.1:${GRPC_PORT[$name]}")
  fi
  # Office networks (LOGIN-4 visitor terminals, staff sign-in): locally every office is
  # loopback; set OFFICE_NETWORKS to try the allow-list.
  if [[ $name == identity ]]; then env+=(OFFICE_NETWORKS="${OFFICE_NETWORKS:-*=127.0.0.0/8,::1}"); fi
  # As in the chart, the service runs as its own role, which owns nothing: migrations run
  # over MIGRATION_DATABASE_URL (the owner) and leave the audit tables INSERT/SELECT-only.
  if [[ $name != gateway && -n ${RUNTIME_ROLE[$name]:-} ]]; then
    env+=(MIGRATION_DATABASE_URL="$DATABASE_URL" DATABASE_URL="$(db_url_as "${RUNTIME_ROLE[$name]}")")
  fi
  # The service's own NATS user (deploy/local/deps.sh nats_auth; libs/natsx/natsacl).
  [[ -f $DATA/nats-auth/$name.nk ]] && env+=(NATS_NKEY_SEED_FILE="$DATA/nats-auth/$name.nk")
  # Verification keys of access tokens, from identity's own gRPC port (GetJwks), as in the chart.
  [[ $name == identity ]] || env+=(TOKEN_JWKS_ADDR="${TOKEN_JWKS_ADDR:-127.0.0.1:${GRPC_PORT[identity]}}")
  # setsid: own session, so the terminal's Ctrl-C reaches only this script, which then stops
  # the processes in order. (Without job control the subshell is no group leader, so setsid
  # does not fork, and $! ends up as the binary's pid.)
  (close_fds && exec setsid env "${env[@]}" "$BIN/$name") </dev/null > >(prefix "$(label "$i" "$name")") 2>&1 &
  NAME_OF[$!]=$name
  if [[ $name == gateway ]]; then GATEWAY_PIDS+=($!); else SERVICE_PIDS+=($!); fi
}

# stop_procs PID...: SIGTERM, wait up to STOP_TIMEOUT s (or a second Ctrl-C), then SIGKILL.
stop_procs() {
  local pid live deadline=$((SECONDS + STOP_TIMEOUT))
  (($#)) || return 0
  for pid; do
    if [[ -n ${NAME_OF[$pid]:-} ]] && proc_alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  while :; do
    live=()
    for pid; do [[ -n ${NAME_OF[$pid]:-} ]] && proc_alive "$pid" && live+=("$pid"); done
    ((${#live[@]})) || break
    if ((FORCE || SECONDS >= deadline)); then
      for pid in "${live[@]}"; do
        if ((FORCE)); then say "$(bold "${NAME_OF[$pid]}"): SIGKILL"
        else say "$(bold "${NAME_OF[$pid]}") did not stop within ${STOP_TIMEOUT}s of SIGTERM: SIGKILL"
        fi
        kill -KILL "$pid" 2>/dev/null || true
      done
      break
    fi
    sleep 0.1 || true  # a Ctrl-C kills sleep: not an error
  done
  for pid; do
    [[ -n ${NAME_OF[$pid]:-} ]] || continue
    local rc=0
    wait "$pid" 2>/dev/null || rc=$?
    say "${NAME_OF[$pid]} stopped (exit $rc)"
    unset "NAME_OF[$pid]"
  done
}

# shellcheck disable=SC2317  # trap handlers
on_signal() {
  if ((STOPPING)); then
    FORCE=1
    say "second signal: killing"
  else
    STOPPING=1
    echo
    say "stopping (again to kill at once)"
  fi
}

# ---------------------------------------------------------------- main

(($#)) || { echo "usage: $0 NAME... (binaries in $BIN)" >&2; exit 2; }
names=() tools=()
for name; do
  [[ -x $BIN/$name ]] || { echo "run.sh: $BIN/$name is missing (make run builds it)" >&2; exit 2; }
  if [[ -n ${METRICS_PORT[$name]:-} ]]; then names+=("$name")
  elif [[ " ${TOOLS[*]} " == *" $name "* ]]; then tools+=("$name")
  else echo "run.sh: not running $name: it has no line in PORTS in deploy/local/run.sh" >&2
  fi
done
((${#names[@]})) || exit 2
set -- "${names[@]}"

# shutdown: gateway first (stop taking requests while the services still answer), then the
# services, then the deps this run started. Also runs if this script fails half-way.
SHUT_DOWN=0   # 1 = in progress, 2 = done
shutdown() {
  ((SHUT_DOWN)) && return 0
  SHUT_DOWN=1 STOPPING=1
  stop_procs "${GATEWAY_PIDS[@]}"
  stop_procs "${SERVICE_PIDS[@]}"
  stop_deps
  SHUT_DOWN=2
}
# shellcheck disable=SC2317
on_exit() {
  local rc=$? pid
  case $SHUT_DOWN in
    0) shutdown ;;
    1) for pid in "${!NAME_OF[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done ;;  # failed half-way
  esac
  exit "$rc"
}
DEPS_BEFORE=$("$DEPS" running)
trap on_signal INT TERM
trap on_exit EXIT

stop_deps() {
  local after n started=()
  after=$("$DEPS" running)
  for n in $after; do grep -qx "$n" <<<"$DEPS_BEFORE" || started+=("$n"); done
  if ((${#started[@]})); then
    say "stopping deps started by this run: ${started[*]}"
    "$DEPS" stop "${started[@]}" 2>&1 | prefix "$RUN_LABEL" || true
  fi
  if [[ -n $DEPS_BEFORE ]]; then
    say "left running (started before this run): ${DEPS_BEFORE//$'\n'/ }; stop with: make stop-deps"
  fi
}

say "bringing up deps (postgres, nats, maildev)"
if ! DEPS_ENV=$("$DEPS" all 2> >(prefix "$RUN_LABEL" >&2)); then
  say "deps failed"
  exit 1
fi
eval "$DEPS_ENV"
export DATABASE_URL NATS_URL SMTP_URL
load_dev_secrets
ensure_runtime_roles "$@"
say "DATABASE_URL=$DATABASE_URL NATS_URL=$NATS_URL SMTP_URL=$SMTP_URL"

i=0
for name; do
  ((STOPPING)) && break
  start_proc "$i" "$name"
  i=$((i + 1))
done

# Wait until every process listens (gRPC port, or HTTP for the gateway) before printing the URLs.
listens() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }
all_listen() {
  local name
  for name; do
    if [[ $name == gateway ]]; then listens "$HTTP_ADDR" || return 1
    else listens "127.0.0.1:${GRPC_PORT[$name]}" || return 1
    fi
  done
}
any_died() { local pid; for pid in "${!NAME_OF[@]}"; do proc_alive "$pid" || return 0; done; return 1; }
deadline=$((SECONDS + 60))
until all_listen "$@" || ((STOPPING || SECONDS >= deadline)) || any_died; do sleep 0.2 || true; done
((STOPPING)) || all_listen "$@" || any_died || say "not all processes listen after 60 s; carrying on"
if ! ((STOPPING)); then
  say "$(bold "up"): $*"
  ((${#GATEWAY_PIDS[@]})) || say "(no gateway binary yet: the REST edge below is not served)"
  say "  REST edge     http://$HTTP_ADDR"
  say "  OpenAPI       http://$HTTP_ADDR/openapi.json"
  [[ -n ${MAIL_WEB_URL:-} ]] && say "  mail inbox    $MAIL_WEB_URL"
  for name in "${tools[@]}"; do say "  by hand       ${BIN#"$ROOT"/}/$name (from the repository root; see the service's README)"; done
  say "  Ctrl-C stops everything; data stays in .data/ (reset: make stop-deps && rm -rf .data)"
fi

# Supervise: the first process to exit on its own stops the others.
while ! ((STOPPING)) && ((${#NAME_OF[@]})); do
  exited='' rc=0
  wait -n -p exited "${!NAME_OF[@]}" || rc=$?
  [[ -n ${exited:-} ]] || continue   # interrupted by a signal: the loop condition decides
  say "$(bold "${NAME_OF[$exited]}") exited on its own (exit $rc): stopping the others"
  unset "NAME_OF[$exited]"
  STATUS=1 STOPPING=1
done

shutdown
wait 2>/dev/null || true   # let the log prefixers flush the last lines
say "stopped"
exit "$STATUS"
