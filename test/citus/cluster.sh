# A throwaway Citus cluster: a coordinator and two workers on this machine
# (sourced by test/citus/run.sh and the scale-out benchmark, after
# scripts/common.sh).

# citus_installed: is Citus built for this PostgreSQL?
citus_installed() {
  [ -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ] &&
    [ -f "$("$PG_CONFIG" --sharedir)/extension/citus.control" ]
}

CITUS_SETTINGS=(shared_preload_libraries=citus max_prepared_transactions=100
                max_connections=200 wal_level=logical)

# citus_cluster NAME PORT [postgres -c settings...]: the coordinator as
# throwaway_cluster (RUN, PORT, PSQL) and two workers in RUN/w1 and RUN/w2
# (ports WORKER_PORTS), every node with the settings, stopped with the
# coordinator when the script exits.
citus_cluster() {
  local name=$1 port=$2 w p
  shift 2
  throwaway_cluster "$name" "$port" "${CITUS_SETTINGS[@]}" "$@"
  trap citus_cluster_exit EXIT
  WORKER_PORTS=()
  for w in 1 2; do
    p=$(free_port $((PORT + w * 10)))
    log "starting worker $w in $RUN/w$w on port $p"
    cluster_start "$RUN/w$w" "$p" "${CITUS_SETTINGS[@]}" "$@"
    WORKER_PORTS+=("$p")
  done
}

citus_cluster_exit() {
  local rc=$? w
  for w in 1 2; do cluster_stop "$RUN/w$w"; done
  throwaway_cluster_exit "$rc"
}

# citus_database DB: database DB on every node with Citus, the workers added
# to the coordinator's metadata, then employment_kpi created on the
# coordinator (Citus creates it on the workers).
citus_database() {
  local db=$1 p
  for p in "$PORT" "${WORKER_PORTS[@]}"; do
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$p" -d postgres -c "CREATE DATABASE $db"
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$p" -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION citus"
  done
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" \
    -c "SELECT citus_set_coordinator_host('127.0.0.1', $PORT)" >/dev/null
  for p in "${WORKER_PORTS[@]}"; do
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -c "SELECT citus_add_node('127.0.0.1', $p)" >/dev/null
  done
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -c "SET client_min_messages = warning" \
    -c "CREATE EXTENSION employment_kpi CASCADE" >/dev/null
}
