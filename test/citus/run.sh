#!/usr/bin/env bash
# make test-citus: employment_kpi on a Citus cluster, compared with one node.
#
# Starts a throwaway coordinator and two workers (test/citus/cluster.sh),
# makes two databases on the coordinator's server: `single` (no Citus: one
# node) and `dist` (Citus, the two workers added), generates the same
# synthetic municipality in both, distributes `dist` (distribute()), and
# compares every kpi_* view, every call of test/citus/calls.sql
# and every table (compare.sh); then makes the same changes in
# both - imports and plain DML (changes_facts.sql, imports.sql), a new
# municipality generated on the distributed tables, a deleted seed row, a
# changed setting and a TRUNCATE (changes_settings.sql) - refreshes
# incrementally and compares again, and checks on the cluster that the
# incremental refresh left what a full one makes.  Prints TAP lines and
# "N passed, N failed".
#
# Citus is not in Debian: without it installed for this PostgreSQL the
# suite says so and is skipped (docs/scale-out.md says how to build it).
#   CITUS_CITIZENS=2000   size of the municipality
source "$(dirname "$0")/../../scripts/common.sh"
source "$TOP/test/citus/cluster.sh"
cd "$TOP"

pgc=$PG_CONFIG
if [ -n "${EKPI_PRIVATE_PG:-}" ] && [ -x "$EKPI_PRIVATE_PG/usr/lib/postgresql/$PGVER/bin/pg_config" ]; then
  pgc=$EKPI_PRIVATE_PG/usr/lib/postgresql/$PGVER/bin/pg_config
fi
if ! PG_CONFIG=$pgc citus_installed; then
  echo "Citus is not installed for PostgreSQL $PGVER ($("$pgc" --pkglibdir)/citus.so is missing):"
  echo "make test-citus skipped. Build Citus 13.2 from its source to run it (docs/scale-out.md)."
  echo "0 passed, 0 failed (skipped: no Citus)"
  exit 0
fi

citus_cluster citus 56400
CITIZENS=${CITUS_CITIZENS:-2000}
FIRST_WEEK=2023-11-27
out=$RUN/tap
: >"$out"
n=0
check() {  # check NAME COMMAND...: one TAP line for the command's success
  local name=$1; shift
  n=$((n + 1))
  if "$@" >"$RUN/check.log" 2>&1; then echo "ok $n - $name" | tee -a "$out"
  else echo "not ok $n - $name" | tee -a "$out"; sed 's/^/#   /' "$RUN/check.log" | head -20 | tee -a "$out"; fi
}
q() { local db=$1; shift; "${PSQL[@]}" -d "$db" -At "$@"; }
compare() {  # compare LABEL: every view, call and table, single against dist
  { TAP_N=$n test/citus/compare.sh single dist "$1" 3>"$RUN/n" | tee -a "$out"; } || true
  n=$(cat "$RUN/n")
}
refresh_ok() {  # refresh_ok DB [full]: refresh() with every relation ok
  local bad
  bad=$(q "$1" -c "SELECT string_agg(view_name || ': ' || coalesce(error, ''), '; ')
                     FROM employment_kpi.refresh(full => ${2:-false}) WHERE NOT ok")
  [ -z "$bad" ] || { echo "$bad"; return 1; }
}
# stored: the summary tables behind the kpi_* views, each as count and md5
stored() {
  q dist -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'employment_kpi_internal'::regnamespace
              AND c.relname LIKE 'mv\_%' AND c.relkind = 'r' ORDER BY 1" |
  while read -r t; do
    q dist -c "SELECT '$t ' || count(*) || ' ' || md5(coalesce(string_agg(r::text, E'\n' ORDER BY r::text), ''))
                 FROM employment_kpi_internal.$t r"
  done
}
incremental_is_full() {
  stored >"$RUN/incremental"
  refresh_ok dist true || return 1
  stored >"$RUN/full"
  diff "$RUN/incremental" "$RUN/full"
}

log "databases single (one node) and dist (Citus, 2 workers); $CITIZENS citizens"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE single"
q single -c "SET client_min_messages = warning" -c "CREATE EXTENSION employment_kpi CASCADE" >/dev/null
citus_database dist
for db in single dist; do
  check "$db: generate_synthetic" q "$db" -c "SELECT count(*) FROM employment_kpi.generate_synthetic(
      citizens => $CITIZENS, first_week => '$FIRST_WEEK', seed => 7)"
done
check "distribute(): 4 fact tables and the change log distributed, the rest reference tables" \
  q dist -c "DO \$\$ BEGIN
      IF (SELECT count(*) FROM employment_kpi.distribute(8) WHERE kind = 'distributed') <> 5 THEN
        RAISE EXCEPTION 'not 5 distributed tables'; END IF; END \$\$"
check "dist: the fact rows are on the workers (none left on the coordinator)" \
  q dist -c "DO \$\$ BEGIN
      IF (SELECT count(*) FROM employment_kpi.conversation) = 0 THEN RAISE EXCEPTION 'no conversations'; END IF;
      IF EXISTS (SELECT 1 FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)
                  WHERE s.logicalrelid = 'employment_kpi.conversation'::regclass AND p.groupid = 0) THEN
        RAISE EXCEPTION 'a shard on the coordinator'; END IF; END \$\$"
for db in single dist; do check "$db: refresh(full => true)" refresh_ok "$db" true; done
compare "distributed"

log "the same changes to the facts in both: imports and plain DML"
for db in single dist; do check "$db: imports and DML" q "$db" -f test/citus/changes_facts.sql; done
for db in single dist; do check "$db: DREAM, benchmark, budget and organisation imports" q "$db" -f test/citus/imports.sql; done
check "dist: the changes recorded on the shards reach the coordinator" \
  q dist -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM employment_kpi_internal.bi_change_citizen) THEN
      RAISE EXCEPTION 'no change recorded'; END IF; END \$\$"
for db in single dist; do check "$db: refresh() after the changes" refresh_ok "$db"; done
compare "after imports and DML"
check "dist: incremental refresh = full refresh (every summary table)" incremental_is_full

log "generate_synthetic on the distributed tables (replacing the data)"
for db in single dist; do
  check "$db: generate_synthetic again" q "$db" -c "SELECT count(*) FROM employment_kpi.generate_synthetic(
      citizens => $CITIZENS, first_week => '$FIRST_WEEK', seed => 8, replace_real_data => true)"
  check "$db: refresh() after it" refresh_ok "$db"
done
compare "generated on the cluster"

log "changes that reach everything: a seed row, a setting, a TRUNCATE"
for db in single dist; do check "$db: seed row, setting, TRUNCATE" q "$db" -f test/citus/changes_settings.sql; done
for db in single dist; do check "$db: refresh() after them" refresh_ok "$db"; done
same_tombstones() {
  local sql="SELECT table_name || ' ' || key_value FROM employment_kpi_internal.seed_removed ORDER BY 1"
  [ "$(q single -c "$sql")" = "$(q dist -c "$sql")" ] && [ -n "$(q dist -c "$sql")" ]
}
check "the deleted seed row's tombstone is kept as on one node (once, by the coordinator)" same_tombstones
compare "after a seed row, a setting and a TRUNCATE"
check "dist: incremental refresh = full refresh" incremental_is_full

passed=$(grep -c '^ok' "$out" || true)
failed=$(grep -c '^not ok' "$out" || true)
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
