#!/usr/bin/env bash
# The load test (make load): concurrent BI readers over the kpi_* views, with
# and without an import and an incremental refresh running.
#
# A synthetic municipality (CITIZENS, default 3,000, the demo's dates) is
# generated and refreshed; a login role with grant_reader reads.  pgbench
# runs CLIENTS (16) readers for SECONDS (60) each phase, every transaction one
# query of test/load/readers/*.sql (dashboard queries of docs/bi.md, a whole
# view as an import-mode BI refresh reads it, the status tile):
#   1. baseline: the readers alone;
#   2. loaded: the same readers while a writer loops: import_support_spell of
#      a new batch of spells (100 new citizens, last round's 100 closed), then
#      refresh() (incremental), until the readers are done;
#   3. control: the readers while refresh(concurrently => false, full =>
#      true) rebuilds with TRUNCATE, which makes readers wait: proves that
#      the lock-wait detection below sees a blocked reader.
# Reported: reads per second, mean, p95 and max latency (pgbench's
# per-transaction log) per phase, the loaded/baseline ratios, the writer's
# rounds and times.  Asserted (no timing thresholds): no reader error in any
# phase; no reader waited for a lock in phases 1 and 2 (the reader role logs
# every lock wait over 5 ms: log_lock_waits with deadlock_timeout = 5ms for
# that role only, and pg_stat_activity is sampled every 0.2 s); the control
# phase does see reader lock waits.
#
#   test/load/load.sh                        own throwaway cluster (make load)
#   SECONDS_PER_PHASE=120 CITIZENS=10000 test/load/load.sh
#   LOAD_SMOKE=1 (scripts/test.sh): in the cluster PGHOST/PGPORT name, whose
#   server log is LOAD_SERVER_LOG, with 600 citizens, 4 clients, 6 s phases,
#   for the assertions only.
# Prints TAP lines ("ok N - ...") and the figures as "# " lines.
source "$(dirname "$0")/../../scripts/common.sh"
set +e
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -n "${LOAD_SMOKE:-}" ]; then
  : "${PGBIN:?}" "${PGHOST:?}" "${PGPORT:?}" "${LOAD_SERVER_LOG:?}"
  CITIZENS=${CITIZENS:-600} CLIENTS=${CLIENTS:-4} PHASE=${SECONDS_PER_PHASE:-6}
  SERVER_LOG=$LOAD_SERVER_LOG
  OUT=$(mktemp -d /tmp/employment_kpi-load.XXXXXX)
  PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
else
  CITIZENS=${CITIZENS:-3000} CLIENTS=${CLIENTS:-16} PHASE=${SECONDS_PER_PHASE:-60}
  throwaway_cluster load 57432 "max_connections=100"
  release_install_lock
  SERVER_LOG=$RUN/server.log
  OUT=$RUN
fi
DB=ekpi_load
READER=ekpi_load_reader
THREADS=$(( $(nproc) < CLIENTS ? $(nproc) : CLIENTS ))
q() { "${PSQL[@]}" -At -d "$DB" -c "$1"; }
n=0
source "$(dirname "$0")/../lib/check.sh"
BG=()
cleanup_load() {
  local p
  for p in "${BG[@]}"; do kill "$p" 2>/dev/null; done
  if [ -n "${LOAD_SMOKE:-}" ]; then
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "DROP ROLE IF EXISTS $READER" >/dev/null 2>&1
    rm -rf "$OUT"
  fi
}
trap 'rc=$?; cleanup_load; [ -z "${LOAD_SMOKE:-}" ] && throwaway_cluster_exit "$rc"' EXIT

"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" \
  -c "DROP ROLE IF EXISTS $READER" -c "CREATE ROLE $READER LOGIN" -c "CREATE DATABASE $DB"
check "a municipality of $CITIZENS citizens, refreshed, and a reader" "${PSQL[@]}" -d "$DB" <<SQL \
  || { echo "Bail out! the set-up failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => $CITIZENS);
SELECT count(*) FROM employment_kpi.refresh();
SELECT employment_kpi.grant_reader('$READER');
-- the readers (and only they) log every lock wait longer than 5 ms
ALTER ROLE $READER IN DATABASE $DB SET log_lock_waits = on;
ALTER ROLE $READER IN DATABASE $DB SET deadlock_timeout = '5ms';
SQL

SCRIPTS=()
for f in "$HERE"/readers/*.sql; do SCRIPTS+=(-f "$f"); done
# warm the cache: every query once
for f in "$HERE"/readers/*.sql; do "${PSQL[@]}" -d "$DB" -U "$READER" -f "$f" >/dev/null || exit 1; done

# sample PHASE_NAME: every 0.2 s, the readers waiting for a lock and who blocks them
sampler() {
  while :; do
    q "SELECT now()::time(1) || ' ' || a.pid || ' waits for ' || a.wait_event || ', blocked by: '
              || coalesce((SELECT string_agg(b.pid || ' ' || left(b.query, 60), '; ') FROM pg_stat_activity b
                            WHERE b.pid = ANY (pg_blocking_pids(a.pid))), '?')
         FROM pg_stat_activity a WHERE a.usename = '$READER' AND a.wait_event_type = 'Lock'" >>"$OUT/$1.waits" 2>/dev/null
    sleep 0.2
  done
}

# readers PHASE_NAME: pgbench CLIENTS readers for PHASE seconds with a
# per-transaction log; the server log lines they cause go to PHASE.log
readers() {
  local phase=$1 from
  : >"$OUT/$phase.waits"
  from=$(($(stat -c %s "$SERVER_LOG") + 1))
  sampler "$phase" & local sp=$!
  BG+=("$sp")
  cut -d' ' -f1 /proc/loadavg >"$OUT/$phase.load"
  PGDATABASE=$DB "$PGBIN/pgbench" -n -U "$READER" -c "$CLIENTS" -j "$THREADS" -T "$PHASE" \
    -l --log-prefix="$OUT/$phase.tx" "${SCRIPTS[@]}" "$DB" >"$OUT/$phase.out" 2>&1
  echo $? >"$OUT/$phase.rc"
  cut -d' ' -f1 /proc/loadavg >>"$OUT/$phase.load"
  kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null
  tail -c +"$from" "$SERVER_LOG" >"$OUT/$phase.log"
}

# figures PHASE_NAME: "reads/s mean_ms p95_ms max_ms transactions"
figures() {
  local tps
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$OUT/$1.out")
  cat "$OUT/$1".tx.* | awk '{ print $3 }' | sort -n | awk -v tps="$tps" '
    { v[NR] = $1; s += $1 }
    END { if (NR == 0) { print "0 0 0 0 0"; exit }
          i = int(NR * 0.95); if (i < 1) i = 1
          printf "%.1f %.2f %.2f %.2f %d\n", tps, s / NR / 1000, v[i] / 1000, v[NR] / 1000, NR }'
}
# no_errors PHASE_NAME: pgbench succeeded and reports no failed transaction
no_errors() {
  [ "$(cat "$OUT/$1.rc")" = 0 ] || { cat "$OUT/$1.out"; return 1; }
  ! grep -E 'number of failed transactions: [1-9]|aborted|ERROR' "$OUT/$1.out" || return 1
  grep -q '^tps = ' "$OUT/$1.out"
}
# no_lock_waits PHASE_NAME: no reader logged a lock wait and none was seen waiting
no_lock_waits() {
  ! grep -E 'still waiting for|acquired .* after' "$OUT/$1.log" && ! grep . "$OUT/$1.waits"
}

# ---- 1. baseline ------------------------------------------------------------
readers baseline
check "baseline: $CLIENTS readers for ${PHASE} s, no error" no_errors baseline
check "baseline: no reader waited for a lock" no_lock_waits baseline

# ---- 2. readers while imports and incremental refreshes run ----------------
writer() {
  local round=0 t0 t1 t2
  while [ ! -f "$OUT/writer.stop" ]; do
    round=$((round + 1))
    t0=$(date +%s.%N)
    "${PSQL[@]}" -At -d "$DB" -v round=$round >"$OUT/writer.$round.import" 2>&1 <<'SQL' || { echo "import failed" >>"$OUT/writer.err"; cat "$OUT/writer.$round.import" >>"$OUT/writer.err"; }
SET client_min_messages = warning;
CREATE TEMP TABLE stage AS
SELECT 'load-' || :round || '-' || g AS citizen_id, 's' AS source_id,
       (ARRAY['dagpenge', 'sygedagpenge', 'kontanthjaelp_jobparat'])[1 + g % 3] AS group_code,
       (employment_kpi.data_end() - g % 28)::text AS start_date, NULL::text AS end_date, NULL::text AS exit_reason,
       '4500' AS weekly_benefit_dkk
  FROM generate_series(1, 100) g
UNION ALL
SELECT s.citizen_id, s.source_id, s.group_code, s.start_date::text, employment_kpi.data_end()::text, 'job',
       s.weekly_benefit_dkk::text
  FROM employment_kpi.support_spell s WHERE s.citizen_id LIKE 'load-' || (:round - 1) || '-%';
SELECT inserted || ' inserted, ' || updated || ' updated, ' || rejected || ' rejected'
  FROM employment_kpi.import_support_spell('stage');
SQL
    t1=$(date +%s.%N)
    q "SELECT count(*) FILTER (WHERE NOT ok) FROM employment_kpi.refresh()" >"$OUT/writer.$round.refresh" 2>&1
    [ "$(cat "$OUT/writer.$round.refresh")" = 0 ] || { echo "refresh round $round:"; cat "$OUT/writer.$round.refresh"; } >>"$OUT/writer.err"
    t2=$(date +%s.%N)
    awk -v r="$round" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "%d %.3f %.3f\n", r, b - a, c - b }' >>"$OUT/writer.rounds"
  done
}
: >"$OUT/writer.rounds"; : >"$OUT/writer.err"; rm -f "$OUT/writer.stop"
writer & wpid=$!
BG+=("$wpid")
sleep 1   # the writer's first import is under way
readers loaded
touch "$OUT/writer.stop"; wait "$wpid"
check "loaded: $CLIENTS readers for ${PHASE} s during imports and refreshes, no error" no_errors loaded
check "loaded: no reader waited for a lock held by the import or the refresh" no_lock_waits loaded
check "loaded: the writer completed imports and refreshes without error ($(wc -l <"$OUT/writer.rounds") rounds)" \
  test ! -s "$OUT/writer.err" -a "$(wc -l <"$OUT/writer.rounds")" -ge 1

# ---- 3. control: a blocking refresh must be seen ----------------------------
( sleep 1; q "SELECT count(*) FROM employment_kpi.refresh(concurrently => false, full => true)" >"$OUT/control.refresh" 2>&1 ) &
BG+=($!)
readers control
wait
check "control: readers are seen waiting while refresh(concurrently => false) truncates" \
  grep -qE 'still waiting for|acquired .* after' "$OUT/control.log"

# ---- figures ----------------------------------------------------------------
read -r b_tps b_mean b_p95 b_max b_n < <(figures baseline)
read -r l_tps l_mean l_p95 l_max l_n < <(figures loaded)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
echo "# $CITIZENS citizens, $CLIENTS readers ($READER, grant_reader), $PHASE s per phase, $(nproc) CPUs"
echo "# phase     reads/s  mean ms  p95 ms  max ms  reads  reader lock waits  machine load (1 min) before, after"
for p in baseline loaded control; do
  read -r tps mean p95 max cnt < <(figures $p)
  printf '# %-8s  %7s  %7s  %6s  %6s  %5s  %17s  %s\n' "$p" "$tps" "$mean" "$p95" "$max" "$cnt" \
    "$(grep -cE 'still waiting for' "$OUT/$p.log")" "$(paste -sd' ' "$OUT/$p.load")"
done
echo "# loaded / baseline: reads/s $(ratio "$l_tps" "$b_tps"), p95 latency $(ratio "$l_p95" "$b_p95")"
awk '{ i += $2; r += $3; n++ } END { if (n) printf "# writer: %d rounds (import of 100 new and 100 closed spells, then refresh()), mean import %.2f s, mean refresh %.2f s\n", n, i / n, r / n }' "$OUT/writer.rounds"
echo "1..$n"
