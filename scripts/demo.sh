#!/usr/bin/env bash
# make demo: install what is missing, build and install the extension, start a
# local demo cluster (its own data directory and port), create a database,
# generate the synthetic municipality, refresh the BI views, schedule their
# weekly refresh with pg_cron, create a reader and a team-leader login, print
# the weekly report and write it as an HTML page with charts.
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

# The demo cluster stays after a successful run; a failure below stops and
# removes it.  pg_cron runs the weekly refresh inside the server
# (schedule_refresh()).
CLUSTER_DIR=$DEMO_DIR
CLUSTER_KEEP=yes
throwaway_cluster demo 54320 "shared_preload_libraries=pg_cron" "cron.database_name=$DEMO_DB"
release_install_lock
echo "$PORT" >"$DEMO_DIR/port"
throwaway_database "$DEMO_DB" "" pg_cron

log "generating the synthetic municipality ($CITIZENS citizens, 156 weeks)"
start=$(date +%s)
"${PSQL[@]}" -d "$DEMO_DB" -c "SELECT * FROM employment_kpi.generate_synthetic(citizens => $CITIZENS)" >/dev/null
log "generated in $(( $(date +%s) - start )) s"

log "refreshing the BI views"
"${PSQL[@]}" -d "$DEMO_DB" -c "SELECT view_name, mode, rows, ok, round(extract(epoch FROM finished_at - started_at)::numeric, 2) AS seconds, error FROM employment_kpi.refresh()"
"${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT 'refresh scheduled with pg_cron: job ' || employment_kpi.schedule_refresh() || ' (' || (SELECT schedule FROM cron.job WHERE jobname = 'employment_kpi_refresh') || ')'"

# Two logins that meet the security model as a BI developer would: a reader
# (published figures: small counts hidden) and the leader of the first team
# (the team's caseworkers).  Trust authentication, as for postgres: the
# cluster listens on 127.0.0.1 and its own socket only.
LEADER_TEAM=$("${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT min(team_id) FROM employment_kpi.team")
"${PSQL[@]}" -d "$DEMO_DB" -q -v team="$LEADER_TEAM" >/dev/null <<'EOF'
CREATE ROLE demo_reader LOGIN;
CREATE ROLE demo_leader LOGIN;
SELECT employment_kpi.grant_reader('demo_reader');
SELECT employment_kpi.grant_leader('demo_leader', :'team');
EOF

echo
"${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT line FROM employment_kpi.weekly_report()"
# The same report as a page with charts, and the team leader's page.
"${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT line FROM employment_kpi.weekly_report(format => 'html')" >"$DEMO_DIR/weekly_report.html"
"${PSQL[@]}" -d "$DEMO_DB" -U demo_leader -At -v team="$LEADER_TEAM" >"$DEMO_DIR/weekly_report_team.html" <<'EOF'
SELECT line FROM employment_kpi.weekly_report(team_id => :'team', format => 'html')
EOF
VIEWS=$("${PSQL[@]}" -d "$DEMO_DB" -At -c "SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'kpi\\_%'")
echo
cat <<EOT
The demo database is running. Connect with:
  host      127.0.0.1        (or the socket directory $DEMO_DIR)
  port      $PORT
  database  $DEMO_DB
  user      postgres         (no password; trust authentication on localhost only)
  psql      psql "host=127.0.0.1 port=$PORT dbname=$DEMO_DB user=postgres"
Logins that see what their role sees (no password; trust on localhost only):
  reader       psql "host=127.0.0.1 port=$PORT dbname=$DEMO_DB user=demo_reader"
               (the kpi_* views and the municipality's report, small counts hidden)
  team leader  psql "host=127.0.0.1 port=$PORT dbname=$DEMO_DB user=demo_leader"
               (also team $LEADER_TEAM's caseworkers:
                SELECT line FROM employment_kpi.weekly_report(team_id => '$LEADER_TEAM'))
The weekly report as a page with charts (open it in a browser, or print it):
  $DEMO_DIR/weekly_report.html
  $DEMO_DIR/weekly_report_team.html   (team $LEADER_TEAM, as its leader)
BI tools read the views $VIEWS (docs/bi.md),
  refreshed every Monday 05:00 by pg_cron (SELECT * FROM cron.job),
  log in employment_kpi.refresh_log
Stop and remove it with:  make demo-stop
EOT
