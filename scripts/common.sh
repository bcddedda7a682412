# Shared helpers for the scripts, benchmarks and validation (sourced, not run).
#
# The scripts work as root (as CI runs them: server programs then run as the
# "postgres" OS user) or as a normal user with sudo for package installs and
# "make install".

set -euo pipefail

PGVER=${PGVER:-15}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PGVER/bin/pg_config}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# One lock for everything that installs the extension and tests against it,
# so two runs on one machine never swap the installed files under each other.
LOCKFILE=${EKPI_LOCKFILE:-/tmp/employment_kpi.lock}

# Debian packages the project needs; later parts append to this list.
EKPI_PACKAGES=(
  make gcc
  "postgresql-$PGVER" "postgresql-server-dev-$PGVER" "postgresql-contrib"
  "postgresql-$PGVER-pgtap" libtap-parser-sourcehandler-pgtap-perl
  "postgresql-$PGVER-cron"
  libpostgresql-jdbc-java default-jdk-headless
  unixodbc odbc-postgresql python3-pyodbc chromium sqlsmith python3-psycopg2
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command with root rights (directly when root, else via sudo).
as_root() {
  if is_root; then "$@"; else sudo "$@"; fi
}

# Run a PostgreSQL server program: never as root.
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# EKPI_PRIVATE_PG=DIR: work against a private copy of the PostgreSQL
# installation in DIR (made on first use; PostgreSQL finds its files relative
# to its binaries), so that installing needs neither root nor the shared lock.
# Used by scripts/valgrind.sh; handy for parallel development.
use_private_pg() {
  local dir=$1 sys_bindir
  sys_bindir=$("$PG_CONFIG" --bindir)
  if [ ! -x "$dir/usr/lib/postgresql/$PGVER/bin/pg_config" ]; then
    log "making a private copy of PostgreSQL $PGVER in $dir"
    mkdir -p "$dir/usr/lib/postgresql" "$dir/usr/share/postgresql" "$dir/usr/include"
    cp -a "$(dirname "$sys_bindir")" "$dir/usr/lib/postgresql/"
    cp -a "$("$PG_CONFIG" --sharedir)" "$dir/usr/share/postgresql/"
    ln -sfn "$(dirname "$(dirname "$("$PG_CONFIG" --includedir-server)")")" "$dir/usr/include/postgresql"
    chmod 755 "$dir"
  fi
  PG_CONFIG=$dir/usr/lib/postgresql/$PGVER/bin/pg_config
  PGBIN=$("$PG_CONFIG" --bindir)
  LOCKFILE=$dir/lock
  EKPI_PRIVATE=1
}

install_deps() {
  local missing=() p
  for p in "${EKPI_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  [ -x "$PG_CONFIG" ] || die "pg_config not found at $PG_CONFIG"
  PGBIN=$("$PG_CONFIG" --bindir)
  export PGBIN
  if [ -n "${EKPI_PRIVATE_PG:-}" ]; then use_private_pg "$EKPI_PRIVATE_PG"; fi
}

build_and_install() {
  log "building employment_kpi"
  make -C "$TOP" -s PG_CONFIG="$PG_CONFIG" WERROR=1 >/dev/null
  log "installing employment_kpi"
  if [ -n "${EKPI_PRIVATE:-}" ]; then
    make -C "$TOP" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
  else
    as_root make -C "$TOP" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
  fi
}

# A free TCP port on 127.0.0.1, starting the search at $1.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

# cluster_start DIR PORT [extra postgres -c settings...]
# A throwaway cluster in DIR/data, listening on 127.0.0.1:PORT and a socket in
# DIR; never the machine's default cluster.  With SERVER_WRAPPER set (an
# array, e.g. valgrind and its options) the postmaster runs under it, in the
# background, and its output goes to DIR/server.log.
cluster_start() {
  local dir=$1 port=$2; shift 2
  mkdir -p "$dir"
  chmod 755 "$dir"
  if is_root; then chown postgres: "$dir"; fi
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  local opts=(-p "$port" -k "$dir" -c listen_addresses=127.0.0.1) s
  for s in "$@"; do opts+=(-c "$s"); done
  if [ -n "${SERVER_WRAPPER+x}" ] && [ ${#SERVER_WRAPPER[@]} -gt 0 ]; then
    as_pg "${SERVER_WRAPPER[@]}" "$PGBIN/postgres" -D "$dir/data" "${opts[@]}" >"$dir/server.log" 2>&1 9>&- &
    for _ in $(seq 1 300); do
      "$PGBIN/pg_isready" -q -h "$dir" -p "$port" && return 0
      sleep 1
    done
    cat "$dir/server.log" >&2; die "server did not start"
  fi
  # 9>&-: the server must not inherit the install lock (a demo cluster
  # outlives the script and would hold it until it stops)
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "${opts[*]}" start >/dev/null 9>&- \
    || { cat "$dir/server.log" >&2; die "server did not start"; }
}

# cluster_stop DIR [SECONDS]: stop the cluster in DIR if it runs (waiting up
# to SECONDS, default 60).
cluster_stop() {
  local dir=$1 wait=${2:-60}
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t "$wait" stop >/dev/null 2>&1 || true
  fi
}

# ---- the throwaway-cluster set-up of every script --------------------------

# throwaway_cluster NAME PORT [postgres -c settings...]
# What make test, the demo, the sandbox, valgrind, make validate and every
# benchmark need before their first query: install the missing packages,
# take the install lock (file descriptor 9; release_install_lock gives it
# up), build and install the extension, start a throwaway cluster on the
# first free port from PORT, and stop it and remove its directory when the
# script exits, also on Ctrl-C or kill.  The cluster's directory is a new
# /tmp/employment_kpi-NAME.XXXXXX, or CLUSTER_DIR when set; CLUSTER_KEEP=yes
# keeps a cluster that the script leaves running on success (make demo).
# Sets RUN (the directory), PORT and PSQL (psql -X -q -v ON_ERROR_STOP=1, an
# array) and exports PGHOST, PGPORT and PGUSER for every client.
throwaway_cluster() {
  local name=$1 port=$2; shift 2
  install_deps
  if [ -n "${CLUSTER_DIR:-}" ]; then
    RUN=$CLUSTER_DIR
    mkdir -p "$RUN"
  else
    RUN=$(mktemp -d "/tmp/employment_kpi-$name.XXXXXX")
  fi
  chmod 755 "$RUN"
  trap throwaway_cluster_exit EXIT
  trap 'exit 143' INT TERM   # run the EXIT trap on interruption too
  exec 9>"$LOCKFILE"
  log "waiting for the install lock $LOCKFILE"
  flock 9
  build_and_install
  PORT=$(free_port "$port")
  log "starting a throwaway cluster in $RUN on port $PORT"
  cluster_start "$RUN" "$PORT" "$@"
  export PGHOST=$RUN PGPORT=$PORT PGUSER=postgres
  unset PGDATABASE PGPASSWORD PGSERVICE
  PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
}

# (RC: the script's exit status, when a caller's own EXIT trap hands it on)
throwaway_cluster_exit() {
  local rc=${1:-$?}
  if [ "${CLUSTER_KEEP:-}" = yes ] && [ "$rc" -eq 0 ]; then return; fi
  [ "${CLUSTER_KEEP:-}" = yes ] && log "failed; stopping the cluster in $RUN"
  cluster_stop "$RUN"
  rm -rf "$RUN"
}

# Give up the install lock (once nothing more is installed or loaded from
# the installation for the rest of the run).
release_install_lock() { exec 9>&-; }

# throwaway_database DB [VERSION [EXTENSION...]]
# Create database DB in the throwaway cluster with the EXTENSIONs (created
# first: pgtap, pg_cron, ...) and employment_kpi at VERSION (empty or
# omitted: the default version).
throwaway_database() {
  local db=$1 version=${2:-} e
  shift; [ $# -gt 0 ] && shift
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db"
  local cmds=(-c "SET client_min_messages = warning")
  for e in "$@"; do cmds+=(-c "CREATE EXTENSION $e"); done
  cmds+=(-c "CREATE EXTENSION employment_kpi${version:+ VERSION '$version'} CASCADE")
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" "${cmds[@]}" >/dev/null
}
