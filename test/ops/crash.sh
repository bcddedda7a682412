#!/usr/bin/env bash
# The crash test (run by scripts/test.sh; PGBIN names the PostgreSQL
# binaries).  It needs a server it may stop with `pg_ctl stop -m immediate`
# (what a power cut or a killed postmaster leaves: no shutdown checkpoint,
# recovery from the WAL at the next start), so it starts a cluster of its
# own with the default, durable settings.
#
# On a synthetic municipality, refreshed:
#   1. an import (import_support_spell, 1,000 staged spells, 10 of them bad)
#      is stopped by an immediate shutdown after it has written its rejects
#      and inserted its spells, while it waits for a row lock another
#      session holds on the spells' target groups (its foreign-key check):
#      after the restart none of its rows is there (all or nothing), the
#      facts, the rejects and the change log are exactly as before, and
#      running it again accepts every good row;
#   2. refresh() is stopped the same way while it waits for the last
#      summary table (another session holds a lock on it), having rewritten
#      the relations before it: after the restart every summary table, the
#      change log and refresh_log are exactly as before the refresh, and
#      kpi_refresh_status says stale;
#   3. the next refresh() (incremental) equals refresh(full => true): every
#      kpi_* view and every summary table, EXCEPT ALL both ways.
# A lock held by another session makes the moment of the stop certain
# (within the import's or the refresh's transaction, not before or after it)
# instead of a guess of how long the call takes.
# Prints TAP lines ("ok N - ...") for scripts/test.sh to count.
source "$(dirname "$0")/../../scripts/common.sh"
set +e
cd "$(dirname "$0")"
: "${PGBIN:?PGBIN must name the PostgreSQL binaries}"
DB=ekpi_ops_crash
DIR=$(mktemp -d /tmp/employment_kpi-ops-crash.XXXXXX)
PORT=$(free_port 56900)
OPTS="-p $PORT -k $DIR -c listen_addresses=127.0.0.1"
export PGHOST=$DIR PGPORT=$PORT PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
BG=()
cleanup() {
  local p
  for p in "${BG[@]}"; do kill "$p" 2>/dev/null; done
  cluster_stop "$DIR"
  [ -n "${EKPI_OPS_KEEP:-}" ] || rm -rf "$DIR"
}
trap cleanup EXIT
n=0
source ../lib/check.sh   # (the script runs in its own folder)
CHECK_DIR=$DIR
# same BEFORE AFTER: two state files, complete (every query answered) and equal
same() { ! grep -H FAILED "$1" "$2" && diff -u "$1" "$2"; }
q() { "${PSQL[@]}" -d "$DB" -c "$1"; }

# waiting_on PATTERN: wait (up to 2 minutes) until the backend running a
# statement matching PATTERN waits for a lock; prints what it waits for.
waiting_on() {
  local i w
  for i in $(seq 1 1200); do
    w=$(q "SELECT coalesce((SELECT l.relation::regclass::text FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted
                                                                   AND l.relation IS NOT NULL LIMIT 1), 'a ' || a.wait_event)
             FROM pg_stat_activity a
            WHERE a.wait_event_type = 'Lock' AND a.query LIKE '$1' AND a.pid <> pg_backend_pid()")
    if [ -n "$w" ]; then echo "$w"; return 0; fi
    sleep 0.1
  done
  return 1
}
# holding: wait until the session started last that takes a lock and
# sleeps holds its lock (is in its sleep)
holding() {
  local i
  for i in $(seq 1 600); do
    [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(600)' AND state = 'active'")" = 1 ] && return 0
    sleep 0.1
  done
  echo "# the session holding the lock did not start"; return 1
}
# crash_and_restart: stop the server as a power cut would, start it again
crash_and_restart() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null || return 1
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 120 -o "$OPTS" start >/dev/null
}
# stall_behind LOCK STATEMENT OUT PATTERN: a session runs LOCK in an open
# transaction and sleeps holding it; STATEMENT then runs in the background
# (output in OUT) until it waits for that lock.  Sets stalled_pid (the
# statement's psql) and waited (what it waits on, waiting_on PATTERN).
stall_behind() {
  "${PSQL[@]}" -d "$DB" -c "BEGIN" -c "$1" -c "SELECT pg_sleep(600)" >/dev/null 2>&1 &
  BG+=($!)
  holding
  "${PSQL[@]}" -d "$DB" -c "$2" >"$3" 2>&1 &
  stalled_pid=$!
  BG+=("$stalled_pid")
  waited=$(waiting_on "$4")
}
# state WHAT: a hash per table of the facts (WHAT = facts) or of the BI
# storage (WHAT = bi), rows in a fixed order
state() {
  local t
  if [ "$1" = facts ]; then
    t="support_spell intervention case_assignment conversation expense import_reject"
    for x in $t; do
      echo "$x $(q "SELECT count(*) || ' ' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))
                      FROM (SELECT * FROM employment_kpi.$x) x" || echo FAILED)"
    done
  else
    for x in $(q "SELECT mv_name FROM employment_kpi_internal.bi_relation ORDER BY position") bi_effect_comparison bi_change bi_pending; do
      echo "$x $(q "SELECT count(*) || ' ' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))
                      FROM (SELECT * FROM employment_kpi_internal.$x) x" || echo FAILED)"
    done
    echo "refresh_log $(q "SELECT count(*) FROM employment_kpi.refresh_log" || echo FAILED)"
  fi
}

cluster_start "$DIR" "$PORT"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
setup() { "${PSQL[@]}" -d "$DB" && "${PSQL[@]}" -d "$DB" -f compare.sql; }
check "a municipality (800 citizens), refreshed, and 1,000 spells staged for import" setup <<'SQL' \
  || { echo "Bail out! the set-up failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 800, first_week => '2023-01-02', weeks => 78, seed => 7);
DO $$ BEGIN IF EXISTS (SELECT 1 FROM employment_kpi.refresh() WHERE NOT ok) THEN RAISE EXCEPTION 'refresh failed'; END IF; END $$;
-- new citizens' spells inside the data window, every 100th with a bad date
CREATE TABLE public.crash_stage AS
SELECT 'crash-' || g AS citizen_id, 'c1' AS source_id,
       (ARRAY['dagpenge', 'sygedagpenge', 'kontanthjaelp_jobparat'])[1 + g % 3] AS group_code,
       CASE WHEN g % 100 = 0 THEN '2024-13-01' ELSE ('2023-03-06'::date + g % 300)::text END AS start_date,
       CASE WHEN g % 2 = 0 THEN ('2023-03-06'::date + g % 300 + 30 + g % 60)::text END AS end_date,
       CASE WHEN g % 2 = 0 THEN 'job' END AS exit_reason,
       '4500' AS weekly_benefit_dkk
  FROM generate_series(1, 1000) g;
SQL

# ---- an immediate shutdown during an import -------------------------------
state facts >"$DIR/facts.before"
state bi >"$DIR/bi.before"
size0=$(q "SELECT pg_relation_size('employment_kpi.support_spell')")
stall_behind "SELECT group_code FROM employment_kpi.citizen_group WHERE group_code IN ('dagpenge', 'sygedagpenge', 'kontanthjaelp_jobparat') FOR UPDATE" \
  "SELECT * FROM employment_kpi.import_support_spell('public.crash_stage')" "$DIR/import1.out" '%import_support_spell%'
import_pid=$stalled_pid
check "the import is under way: waiting for a row lock of its foreign-key check, spells written" \
  test -n "$waited" -a "$(q "SELECT pg_relation_size('employment_kpi.support_spell')")" -gt "$size0"
echo "# the import waited for: $waited; support_spell grew from $size0 bytes to $(q "SELECT pg_relation_size('employment_kpi.support_spell')")"
crash_and_restart
wait "$import_pid"; import_rc=$?
check "pg_ctl stop -m immediate ended the import (psql exit $import_rc) and the server recovered" \
  test "$import_rc" -ne 0 -a "$(q "SELECT 1")" = 1
state facts >"$DIR/facts.after"
check "none of the import's rows is there: facts and rejects exactly as before" same "$DIR/facts.before" "$DIR/facts.after"
state bi >"$DIR/bi.after"
check "the change log and the BI storage exactly as before" same "$DIR/bi.before" "$DIR/bi.after"
check "running the import again accepts the 990 good rows and rejects the 10 bad ones" test \
  "$(q "SELECT inserted || ' ' || updated || ' ' || rejected FROM employment_kpi.import_support_spell('public.crash_stage')")" = "990 0 10"
check "every good staged row is in support_spell" test "$(q "
  SELECT count(*) FROM public.crash_stage c JOIN employment_kpi.support_spell s
      ON (s.citizen_id, s.source_id, s.group_code, s.start_date::text) = (c.citizen_id, c.source_id, c.group_code, c.start_date)")" = 990

# ---- an immediate shutdown during refresh() --------------------------------
state bi >"$DIR/bi.before"
log_before=$(q "SELECT count(*) FROM employment_kpi.refresh_log")
last=$(q "SELECT mv_name FROM employment_kpi_internal.bi_relation ORDER BY position DESC LIMIT 1")
stall_behind "LOCK TABLE employment_kpi_internal.$last IN ACCESS EXCLUSIVE MODE" \
  "SELECT * FROM employment_kpi.refresh()" "$DIR/refresh1.out" '%employment_kpi.refresh()%'
refresh_pid=$stalled_pid
check "refresh() is under way: waiting for the last summary table ($last) after the others" test "$waited" = "employment_kpi_internal.$last"
crash_and_restart
wait "$refresh_pid"; refresh_rc=$?
check "pg_ctl stop -m immediate ended refresh() (psql exit $refresh_rc) and the server recovered" \
  test "$refresh_rc" -ne 0 -a "$(q "SELECT 1")" = 1
state bi >"$DIR/bi.after"
check "every summary table, the pending changes and refresh_log exactly as before the refresh" \
  same "$DIR/bi.before" "$DIR/bi.after"
check "refresh_log has no entry of the stopped refresh" test "$(q "SELECT count(*) FROM employment_kpi.refresh_log")" = "$log_before"
check "kpi_refresh_status says stale, with the changes pending" test \
  "$(q "SELECT bool_and(status = 'stale' AND pending_changes > 0) FROM employment_kpi.kpi_refresh_status WHERE relation <> 'mv_budget_month'")" = t

# ---- the next refresh() equals a full one ----------------------------------
q "SELECT view_name || ' ' || mode || ' ' || ok FROM employment_kpi.refresh()" >"$DIR/refresh2.out" 2>&1
sed 's/^/# refresh() after the restart: /' "$DIR/refresh2.out"
check "the next refresh() succeeds incrementally" \
  awk '$NF != "true" || $2 == "full" { bad = 1 } { n++ } END { exit (bad || n == 0) }' "$DIR/refresh2.out"
q "SELECT ops_check.snapshot('incremental', true)" >/dev/null
check "refresh(full => true) succeeds" test "$(q "SELECT bool_and(ok) FROM employment_kpi.refresh(full => true)")" = t
q "SELECT relation || ' ' || rows || ' ' || only_now || ' ' || only_then FROM ops_check.diff('incremental', true)" >"$DIR/diff.txt"
sed 's/^/# relation, rows, only full, only incremental: /' "$DIR/diff.txt"
check "the incremental refresh after the crashes equals the full one: every kpi_* view and summary table" \
  awk '{ n++ } $3 != 0 || $4 != 0 { bad = 1 } END { exit (bad || n == 0) }' "$DIR/diff.txt"
check "the server log shows two recoveries from an immediate shutdown" \
  test "$(grep -c 'database system was interrupted\|was not properly shut down' "$DIR/server.log")" -ge 2
echo "1..$n"
