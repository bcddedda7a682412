# Shared helpers for scripts/test.sh and scripts/demo.sh (sourced, not run).
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
# DIR; never the machine's default cluster.
cluster_start() {
  local dir=$1 port=$2; shift 2
  mkdir -p "$dir"
  chmod 755 "$dir"
  if is_root; then chown postgres: "$dir"; fi
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  local opts="-p $port -k $dir -c listen_addresses=127.0.0.1"
  local s
  for s in "$@"; do opts="$opts -c $s"; done
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" start >/dev/null \
    || { cat "$dir/server.log" >&2; die "server did not start"; }
}

cluster_stop() {
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
