#!/usr/bin/env bash
# Local dependencies of `make run` and `make test`, as plain processes (no Docker: no container engine here).
#
#   deploy/local/deps.sh postgres|nats|smtp|all   bring up (or reuse) and print `export` lines
#   deploy/local/deps.sh running                  names of the deps this script started and that still run
#   deploy/local/deps.sh stop [postgres|nats|smtp]...   stop what this script started (default: all)
#   deploy/local/deps.sh status                   one line per dependency
#
# Callers do:  env=$(deploy/local/deps.sh postgres) && eval "$env"
# (plain `eval "$(...)"` would swallow a failure). stdout carries only `export VAR='value'`
# lines; messages and errors (with what to run instead) go to stderr, exit status 1.
#
# Choice per dependency (first that works):
#   postgres  $DATABASE_URL > our cluster .data/postgres (port 5433) if it was ever created
#             > 127.0.0.1:5432 (database `hellowork` created if missing) > new cluster in .data/postgres
#   nats      $NATS_URL > our nats-server on 4223 > start bin/nats-server (pinned in
#             deploy/local/tools/go.mod) with deploy/local/nats.conf plus one nkey user per
#             service (.data/nats-auth, from libs/natsx/natsacl). A server we did not start is
#             never reused: it would not limit each service to its own subjects and stream.
#   smtp      $SMTP_URL > maildev on 1025/1080 (ours or already running) > start maildev (npm, pinned)
# State: .data/{postgres,nats,maildev} (data), .data/run/*.pid, .data/log/*.log.
#
# Knobs (mostly for tests): HW_STATE_HOME (directory holding .data/, default: repo root),
# HW_PG_PROBE_PORT (default 5432), HW_PG_PORT (our cluster, default 5433),
# HW_NATS_PROBE_PORT (default 4222, only reported by `status`), BIN (default: repo bin/).
# shellcheck disable=SC2016  # single-quoted `bash -c` scripts get $0 $1 as arguments
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL=$ROOT/deploy/local
STATE_HOME=${HW_STATE_HOME:-$ROOT}
DATA=$STATE_HOME/.data
RUN=$DATA/run
LOGS=$DATA/log
BIN=${BIN:-$ROOT/bin}

PG_PROBE_PORT=${HW_PG_PROBE_PORT:-5432}
PG_PORT=${HW_PG_PORT:-5433}
PG_DB=hellowork
PG_DIR=$DATA/postgres

NATS_PROBE_PORT=${HW_NATS_PROBE_PORT:-4222}
NATS_PORT=4223          # must match deploy/local/nats.conf
NATS_MON_PORT=8223      # idem
NATS_AUTH=$DATA/nats-auth  # the services' nkey seeds and the server's users (nats_auth)

SMTP_PORT=1025
MAIL_WEB_PORT=1080

log() { printf 'deps: %s\n' "$*" >&2; }
die() { printf 'deps: error: %s\n' "$*" >&2; exit 1; }
# emit VAR VALUE: one eval-able line, value single-quoted (URLs contain ? and &).
emit() { printf "export %s='%s'\n" "$1" "${2//\'/\'\\\'\'}"; }

tcp_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# pid_alive NAME PATTERN: our pid file exists and its process still runs a command matching PATTERN
# (guards against a recycled pid).
pid_alive() {
  local f=$RUN/$1.pid pid
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2"
}

# proc_alive PID: the process exists and is not a zombie (an orphaned daemon that exited stays a
# zombie until init reaps it, which can take seconds; kill -0 would still succeed).
proc_alive() {
  local s
  read -r s 2>/dev/null <"/proc/$1/stat" || return 1
  s=${s##*) }
  [[ ${s%% *} != Z ]]
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s.
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# as_root CMD...: run CMD as root (sudo -n when we are not root).
as_root() {
  if ((EUID == 0)); then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

apt_install() {
  log "installing Debian packages: $* (apt-get update && apt-get install)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# close_fds: close every inherited descriptor above 2. A long-lived server must not keep our
# caller's pipes open (`$(deps.sh ...)` or `2> >(...)` would never see EOF) nor our lock.
close_fds() {
  local fd
  for fd in "/proc/$BASHPID/fd/"*; do
    fd=${fd##*/}
    ((fd > 2)) && exec {fd}>&-
  done
  return 0
}

# daemon DIR LOG CMD...: start CMD in DIR, in its own session (no SIGINT from the caller's
# terminal, no SIGHUP), output appended to LOG. Sets DAEMON_PID. Without job control the
# subshell is no process-group leader, so setsid does not fork and the pid is CMD's.
daemon() {
  local dir=$1 logfile=$2
  shift 2
  (cd "$dir" && close_fds && exec setsid "$@" </dev/null >>"$logfile" 2>&1) &
  DAEMON_PID=$!
}

# Serialise concurrent calls (make run and make test at once must not initdb twice).
lock() {
  mkdir -p "$RUN" "$LOGS"
  exec {LOCK_FD}>"$RUN/deps.lock"
  flock -w 600 "$LOCK_FD" || die "could not lock $RUN/deps.lock"
}

# ---------------------------------------------------------------- postgres

pg_own_url() { printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable' "$PG_PORT" "$PG_DB"; }
pg_probe_url() { printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable' "$PG_PROBE_PORT" "$PG_DB"; }

pg_answers() { # HOST PORT
  if command -v pg_isready >/dev/null; then pg_isready -q -h "$1" -p "$2" -t 2
  else tcp_open "$1" "$2"
  fi
}

# Directory with initdb/pg_ctl: the cluster's own major version if it exists, else the newest.
pg_bindir() {
  local v d
  if [[ -f $PG_DIR/PG_VERSION ]]; then
    v=$(<"$PG_DIR/PG_VERSION")
    [[ -x /usr/lib/postgresql/$v/bin/pg_ctl ]] && { echo "/usr/lib/postgresql/$v/bin"; return; }
  fi
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [[ -n $d && -x $d/pg_ctl ]] && { echo "$d"; return; }
  command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return; }
  return 1
}

pg_fail() {
  die "$1
  No PostgreSQL available. Pick one:
    - install and let this script run its own cluster:  sudo apt-get install -y postgresql && make deps
    - start Debian's cluster on 5432:                   sudo pg_ctlcluster 15 main start
    - or point at a server you have:                    export DATABASE_URL='postgres://USER@HOST:PORT/hellowork?sslmode=disable'"
}

# The postgres server refuses to run as root: as root, run its tools as the `postgres` user.
pg_user_run() {
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

# psql against a server as user postgres; -w never prompts for a password.
pg_psql() { # PORT SQL
  psql -X -w -q -At -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"
}

pg_ensure_db() { # PORT
  local port=$1
  command -v psql >/dev/null || apt_install postgresql-client ||
    pg_fail "psql is missing and could not be installed"
  [[ $(pg_psql "$port" "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" 2>&1) == 1 ]] && return 0
  pg_psql "$port" "CREATE DATABASE $PG_DB" >/dev/null 2>&1 || true  # may race with another caller
  [[ $(pg_psql "$port" "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" 2>&1) == 1 ]] ||
    pg_fail "cannot create database $PG_DB on 127.0.0.1:$port as user postgres without a password: $(pg_psql "$port" 'SELECT 1' 2>&1 | head -n 1)"
}

pg_init() {
  local bindir
  if ! bindir=$(pg_bindir); then
    apt_install postgresql || pg_fail "initdb/pg_ctl are missing and apt-get install postgresql failed (needs root or passwordless sudo)"
    bindir=$(pg_bindir) || pg_fail "postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
  fi
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || pg_fail "user 'postgres' is missing (it comes with the Debian postgresql package)"
    mkdir -p "$PG_DIR"
    chown postgres:postgres "$PG_DIR"
    runuser -u postgres -- test -w "$PG_DIR" ||
      pg_fail "user postgres cannot reach $PG_DIR (a parent directory is not searchable by others, e.g. /root); run from a checkout outside /root, or set DATABASE_URL"
  else
    mkdir -p "$PG_DIR"
  fi
  chmod 700 "$PG_DIR"
  log "creating PostgreSQL cluster in $PG_DIR ($bindir/initdb, trust auth, port $PG_PORT)"
  pg_user_run "$bindir/initdb" -D "$PG_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    --no-instructions >"$LOGS/postgres-initdb.log" 2>&1 ||
    { tail -n 20 "$LOGS/postgres-initdb.log" >&2; rm -rf "$PG_DIR"; pg_fail "initdb failed (log: $LOGS/postgres-initdb.log)"; }
  # The unix socket lives in the cluster directory when the path fits (sun_path is 108 bytes).
  local sockdir=$PG_DIR
  ((${#PG_DIR} + 20 < 107)) || sockdir=''
  cat >>"$PG_DIR/postgresql.conf" <<EOF

# --- added by deploy/local/deps.sh ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sockdir'
max_connections = 200
EOF
}

pg_start_own() {
  local bindir
  bindir=$(pg_bindir) || pg_fail "the cluster in $PG_DIR exists but pg_ctl is missing (apt-get install postgresql)"
  touch "$LOGS/postgres.log"
  ((EUID == 0)) && chown postgres:postgres "$LOGS/postgres.log"
  tcp_open 127.0.0.1 "$PG_PORT" &&
    pg_fail "port $PG_PORT is taken by another process; our cluster $PG_DIR cannot start (set HW_PG_PORT?)"
  log "starting PostgreSQL ($PG_DIR, 127.0.0.1:$PG_PORT, log $LOGS/postgres.log)"
  (close_fds && pg_user_run "$bindir/pg_ctl" -D "$PG_DIR" -l "$LOGS/postgres.log" -w -t 60 start) </dev/null >/dev/null 2>&1 ||
    { tail -n 20 "$LOGS/postgres.log" >&2; pg_fail "pg_ctl start failed (log: $LOGS/postgres.log)"; }
  head -n 1 "$PG_DIR/postmaster.pid" >"$RUN/postgres.pid"
}

pg_own_running() {
  [[ -f $PG_DIR/postmaster.pid ]] || return 1
  head -n 1 "$PG_DIR/postmaster.pid" >"$RUN/postgres.pid"
  pid_alive postgres "postgres" && pg_answers 127.0.0.1 "$PG_PORT"
}

cmd_postgres() {
  if [[ -n ${DATABASE_URL:-} && $DATABASE_URL != "$(pg_own_url)" ]]; then
    if command -v pg_isready >/dev/null; then
      pg_isready -q -d "$DATABASE_URL" -t 3 || pg_fail "DATABASE_URL=$DATABASE_URL does not answer (pg_isready)"
    fi
    emit DATABASE_URL "$DATABASE_URL"
    return
  fi
  # Fast path first: our own cluster, when one was ever created, keeps its data across runs.
  if [[ -f $PG_DIR/PG_VERSION ]]; then
    pg_own_running || pg_start_own
    pg_ensure_db "$PG_PORT"
    emit DATABASE_URL "$(pg_own_url)"
    return
  fi
  if pg_answers 127.0.0.1 "$PG_PROBE_PORT"; then
    pg_ensure_db "$PG_PROBE_PORT"
    emit DATABASE_URL "$(pg_probe_url)"
    return
  fi
  pg_init
  pg_start_own
  pg_ensure_db "$PG_PORT"
  emit DATABASE_URL "$(pg_own_url)"
}

# ---------------------------------------------------------------- nats

# nats_info HOST PORT: the JSON of the server's INFO line (NATS sends it on connect).
nats_info() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" && IFS= read -r -t 1 line <&3 && printf "%s\n" "$line"' "$1" "$2" \
    2>/dev/null | sed -n 's/^INFO //p' || true
}

nats_version() { [[ $1 =~ \"version\":\"([^\"]+)\" ]] && echo "${BASH_REMATCH[1]}"; }

nats_pinned() { awk '$1 == "github.com/nats-io/nats-server/v2" { print $2 }' "$LOCAL/tools/go.mod"; }

nats_build() {
  local want have=''
  want=$(nats_pinned)
  [[ -x $BIN/nats-server ]] && have=$("$BIN/nats-server" --version 2>/dev/null | awk '{ print $2 }' || true)
  [[ $have == "$want" ]] && return 0
  log "building nats-server $want into $BIN (first build takes about a minute)"
  command -v go >/dev/null || die "go is not on PATH; it is needed to build nats-server"
  GOWORK=off GOFLAGS=-mod=mod go -C "$LOCAL/tools" build -o "$BIN/" github.com/nats-io/nats-server/v2 >&2 ||
    die "building nats-server failed"
}

nats_healthy() { http_ok "http://127.0.0.1:$NATS_MON_PORT/healthz?js-enabled-only=true"; }

# nats_auth: the services' NATS users. bin/natsauth (libs/natsx/natsacl/cmd/natsauth) keeps
# one nkey seed per service in $NATS_AUTH (kept across runs; run.sh hands each service its
# file as NATS_NKEY_SEED_FILE) and writes the authorization block that limits each user to
# its own subjects and stream; the server runs nats.conf + that block.
nats_auth() {
  command -v go >/dev/null || die "go is not on PATH; it is needed to build natsauth"
  go -C "$ROOT/libs" build -o "$BIN/" ./natsx/natsacl/cmd/natsauth >&2 || die "building natsauth failed"
  "$BIN/natsauth" -dir "$NATS_AUTH" -format conf -out "$NATS_AUTH/auth.conf" || die "natsauth failed"
  cat "$LOCAL/nats.conf" "$NATS_AUTH/auth.conf" >"$NATS_AUTH/nats.conf"
  chmod 600 "$NATS_AUTH/nats.conf"
}

# nats_has_auth JSON: the server asks for credentials (ours does since issue 9, M5).
nats_has_auth() { [[ $1 == *'"auth_required":true'* ]]; }

cmd_nats() {
  local url="nats://127.0.0.1:$NATS_PORT" info
  if [[ -n ${NATS_URL:-} && $NATS_URL != "$url" ]]; then
    emit NATS_URL "$NATS_URL"
    return
  fi
  if pid_alive nats nats-server; then
    wait_until 15 nats_healthy || die "our nats-server (pid $(<"$RUN/nats.pid")) is not healthy (log: $LOGS/nats.log); try: deploy/local/deps.sh stop nats"
    if nats_has_auth "$(nats_info 127.0.0.1 "$NATS_PORT")"; then
      emit NATS_URL "$url"
      return
    fi
    # Started before the services had their own NATS users: restart it with them.
    log "our nats-server runs without per-service users; restarting it"
    stop_one nats
  fi
  # A server we did not start (Debian's on 4222, another checkout's on 4223) does not know
  # our services' users, so it is never reused: the permissions must hold in make run too.
  info=$(nats_info 127.0.0.1 "$NATS_PORT")
  if [[ -n $info ]]; then
    die "port $NATS_PORT is taken by a nats-server $(nats_version "$info") we did not start (another checkout?); stop it, or set NATS_URL"
  fi
  nats_build
  nats_auth
  mkdir -p "$DATA/nats"
  log "starting nats-server $(nats_pinned) (127.0.0.1:$NATS_PORT, monitor :$NATS_MON_PORT, store $DATA/nats, users $NATS_AUTH, log $LOGS/nats.log)"
  # Working directory = $STATE_HOME so that store_dir ".data/nats" in nats.conf lands there.
  daemon "$STATE_HOME" "$LOGS/nats.log" "$BIN/nats-server" -c "$NATS_AUTH/nats.conf"
  echo "$DAEMON_PID" >"$RUN/nats.pid"
  wait_until 30 nats_healthy || {
    tail -n 20 "$LOGS/nats.log" >&2
    die "nats-server did not become healthy within 30 s (log: $LOGS/nats.log)"
  }
  emit NATS_URL "$url"
}

# ---------------------------------------------------------------- smtp (maildev)

mail_healthy() { http_ok "http://127.0.0.1:$MAIL_WEB_PORT/api/healthz" && tcp_open 127.0.0.1 "$SMTP_PORT"; }

maildev_install() {
  local mods=$LOCAL/node_modules stamp=$LOCAL/node_modules/.hw-installed-lock.json
  [[ -x $mods/.bin/maildev ]] && cmp -s "$LOCAL/package-lock.json" "$stamp" && return 0
  command -v npm >/dev/null || die "npm is missing: maildev needs Node.js >= 20 with npm (Debian 12's nodejs is 18; use NodeSource or nvm), or set SMTP_URL"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  ((major >= 20)) || die "maildev 3 needs Node.js >= 20 (found $(node -v 2>/dev/null || echo none)); or set SMTP_URL"
  log "installing maildev (npm ci --prefix deploy/local, about 10 s)"
  npm ci --prefix "$LOCAL" --no-audit --no-fund --loglevel=error >&2 || die "npm ci --prefix deploy/local failed"
  cp "$LOCAL/package-lock.json" "$stamp"
}

cmd_smtp() {
  local url="smtp://127.0.0.1:$SMTP_PORT" web="http://127.0.0.1:$MAIL_WEB_PORT"
  if [[ -n ${SMTP_URL:-} && $SMTP_URL != "$url" ]]; then
    emit SMTP_URL "$SMTP_URL"
    if [[ -n ${MAIL_WEB_URL:-} ]]; then emit MAIL_WEB_URL "$MAIL_WEB_URL"; fi
    return
  fi
  if pid_alive smtp maildev; then
    wait_until 15 mail_healthy || die "our maildev (pid $(<"$RUN/smtp.pid")) does not answer (log: $LOGS/maildev.log); try: deploy/local/deps.sh stop smtp"
    emit SMTP_URL "$url"; emit MAIL_WEB_URL "$web"
    return
  fi
  if mail_healthy; then
    log "reusing the mail catcher already on 127.0.0.1:$SMTP_PORT / :$MAIL_WEB_PORT (not started by us)"
    emit SMTP_URL "$url"; emit MAIL_WEB_URL "$web"
    return
  fi
  tcp_open 127.0.0.1 "$SMTP_PORT" && die "port $SMTP_PORT is taken by something that is not maildev; stop it or set SMTP_URL"
  tcp_open 127.0.0.1 "$MAIL_WEB_PORT" && die "port $MAIL_WEB_PORT is taken by something that is not maildev; stop it or set SMTP_URL"
  maildev_install
  mkdir -p "$DATA/maildev"
  log "starting maildev (SMTP 127.0.0.1:$SMTP_PORT, inbox $web, mails in $DATA/maildev, log $LOGS/maildev.log)"
  daemon "$STATE_HOME" "$LOGS/maildev.log" "$LOCAL/node_modules/.bin/maildev" \
    --smtp "$SMTP_PORT" --web "$MAIL_WEB_PORT" --ip 127.0.0.1 --web-ip 127.0.0.1 \
    --mail-directory "$DATA/maildev"
  echo "$DAEMON_PID" >"$RUN/smtp.pid"
  wait_until 30 mail_healthy || {
    tail -n 20 "$LOGS/maildev.log" >&2
    die "maildev did not answer on $web/api/healthz within 30 s (log: $LOGS/maildev.log)"
  }
  emit SMTP_URL "$url"; emit MAIL_WEB_URL "$web"
}

# ---------------------------------------------------------------- stop / running / status

# Pattern that /proc/PID/cmdline must match for each dependency we start.
declare -A PATTERN=([postgres]=postgres [nats]=nats-server [smtp]=maildev)

running_names() {
  local n
  [[ -f $PG_DIR/postmaster.pid ]] && head -n 1 "$PG_DIR/postmaster.pid" >"$RUN/postgres.pid"
  for n in postgres nats smtp; do
    pid_alive "$n" "${PATTERN[$n]}" && echo "$n"
  done
  return 0
}

stop_one() {
  local name=$1 pid
  if ! pid_alive "$name" "${PATTERN[$name]}"; then
    rm -f "$RUN/$name.pid"
    return 0
  fi
  pid=$(<"$RUN/$name.pid")
  log "stopping $name (pid $pid)"
  if [[ $name == postgres ]]; then
    pg_user_run "$(pg_bindir)/pg_ctl" -D "$PG_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 || kill -TERM "$pid"
  else
    kill -TERM "$pid" 2>/dev/null || true
  fi
  if ! wait_until 15 eval "! proc_alive $pid"; then
    log "$name (pid $pid) did not stop within 15 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid"
}

cmd_status() {
  local n running
  running=$(running_names)
  for n in postgres nats smtp; do
    if grep -qx "$n" <<<"$running"; then echo "$n: running (pid $(<"$RUN/$n.pid"), started by deps.sh)"
    else echo "$n: not started by deps.sh"
    fi
  done
  pg_answers 127.0.0.1 "$PG_PROBE_PORT" && echo "postgres: something answers on 127.0.0.1:$PG_PROBE_PORT"
  local info
  info=$(nats_info 127.0.0.1 "$NATS_PROBE_PORT")
  [[ -n $info ]] && echo "nats: nats-server $(nats_version "$info") answers on 127.0.0.1:$NATS_PROBE_PORT"
  return 0
}

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

main() {
  (($#)) || usage
  local cmd=$1; shift
  case $cmd in
    postgres | nats | smtp) lock; "cmd_$cmd" ;;
    all) lock; cmd_postgres; cmd_nats; cmd_smtp ;;
    running) mkdir -p "$RUN"; running_names ;;
    stop)
      lock
      (($#)) || set -- smtp nats postgres
      local n
      for n; do
        [[ -n ${PATTERN[$n]:-} ]] || die "unknown dependency: $n"
        stop_one "$n"
      done
      ;;
    status) mkdir -p "$RUN"; cmd_status ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
