#!/usr/bin/env bash
# make demo: install what is missing, build and install the extension, start a
# local demo cluster (its own data directory and port), create a database,
# generate the synthetic municipality, refresh the BI views, schedule their
# weekly refresh with pg_cron and print the weekly report (its last section
# is read from the BI view kpi_group_week).
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
trap 'exit 143' INT TERM   # run the EXIT trap on interruption too

log "starting demo cluster in $DEMO_DIR on port $PORT"
# pg_cron runs the weekly refresh inside the server (schedule_refresh()).
cluster_start "$DEMO_DIR" "$PORT" "shared_preload_libraries=pg_cron" "cron.database_name=$DEMO_DB"
echo "$PORT" >"$DEMO_DIR/port"

export PGHOST=$DEMO_DIR PGPORT=$PORT PGUSER=postgres
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DEMO_DB"
"${PSQL[@]}" -d "$DEMO_DB" -c "CREATE EXTENSION pg_cron" -c "CREATE EXTENSION employment_kpi CASCADE"

log "generating the synthetic municipality ($CITIZENS citizens, 156 weeks)"
start=$(date +%s)
"${PSQL[@]}" -d "$DEMO_DB" -c "SELECT * FROM employment_kpi.generate_synthetic(citizens => $CITIZENS)" >/dev/null
log "generated in $(( $(date +%s) - start )) s"

log "refreshing the BI views"
"${PSQL[@]}" -d "$DEMO_DB" -c "SELECT view_name, mode, rows, ok, round(extract(epoch FROM finished_at - started_at)::numeric, 2) AS seconds, error FROM employment_kpi.refresh()"
"${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT 'refresh scheduled with pg_cron: job ' || employment_kpi.schedule_refresh() || ' (' || (SELECT schedule FROM cron.job WHERE jobname = 'employment_kpi_refresh') || ')'"

echo
"${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT line FROM employment_kpi.weekly_report()"
VIEWS=$("${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'kpi\\_%'")
echo
cat <<EOT
The demo database is running. Connect with:
  host      127.0.0.1        (or the socket directory $DEMO_DIR)
  port      $PORT
  database  $DEMO_DB
  user      postgres         (no password; trust authentication on localhost only)
  psql      psql "host=127.0.0.1 port=$PORT dbname=$DEMO_DB user=postgres"
BI tools read the views $VIEWS (docs/bi.md),
  refreshed every Monday 05:00 by pg_cron (SELECT * FROM cron.job),
  log in employment_kpi.refresh_log
Stop and remove it with:  make demo-stop
EOT
