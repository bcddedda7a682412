#!/usr/bin/env bash
# make demo: install what is missing, build and install the extension, start a
# local demo cluster (its own data directory and port), create a database,
# generate the synthetic municipality and print the weekly report.
# make demo-stop (scripts/demo.sh stop) stops the cluster and removes it.
source "$(dirname "$0")/common.sh"
cd "$TOP"

DEMO_DIR=${EKPI_DEMO_DIR:-/tmp/employment_kpi-demo}
DEMO_DB=${EKPI_DEMO_DB:-employment_kpi_demo}
CITIZENS=${CITIZENS:-10000}

stop_demo() {
  if [ -d "$DEMO_DIR" ]; then
    PGBIN=${PGBIN:-$("$PG_CONFIG" --bindir)}
    cluster_stop "$DEMO_DIR"
    rm -rf "$DEMO_DIR"
  fi
}

if [ "${1:-}" = stop ]; then
  if [ -d "$DEMO_DIR" ]; then
    stop_demo
    log "demo cluster stopped and removed"
  else
    log "no demo cluster is running"
  fi
  exit 0
fi

install_deps
stop_demo   # a second "make demo" starts afresh

exec 9>"$LOCKFILE"
flock 9
build_and_install
exec 9>&-

PORT=$(free_port 54320)
# Leave no server behind if anything below fails.
trap 'rc=$?; if [ $rc -ne 0 ]; then log "demo failed; stopping the cluster"; stop_demo; fi' EXIT

log "starting demo cluster in $DEMO_DIR on port $PORT"
cluster_start "$DEMO_DIR" "$PORT"
echo "$PORT" >"$DEMO_DIR/port"

export PGHOST=$DEMO_DIR PGPORT=$PORT PGUSER=postgres
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DEMO_DB"
"${PSQL[@]}" -d "$DEMO_DB" -c "CREATE EXTENSION employment_kpi CASCADE"

log "generating the synthetic municipality ($CITIZENS citizens, 156 weeks)"
start=$(date +%s)
"${PSQL[@]}" -d "$DEMO_DB" -c "SELECT * FROM employment_kpi.generate_synthetic(citizens => $CITIZENS)" >/dev/null
log "generated in $(( $(date +%s) - start )) s"

echo
"${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT line FROM employment_kpi.weekly_report()"
echo
cat <<EOT
The demo database is running. Connect with:
  host      127.0.0.1        (or the socket directory $DEMO_DIR)
  port      $PORT
  database  $DEMO_DB
  user      postgres         (no password; trust authentication on localhost only)
  psql      psql "host=127.0.0.1 port=$PORT dbname=$DEMO_DB user=postgres"
Stop and remove it with:  make demo-stop
EOT
