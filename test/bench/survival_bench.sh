#!/usr/bin/env bash
# Benchmark of the survival aggregate: builds and installs the extension,
# starts its own throwaway cluster under the install lock, loads 10 million
# rows (grp int 1..20, d int 0..520, e bool) and prints ratios against
# baselines measured in the same run (best of $REPS runs):
#   1. survival_agg(d, e) vs sum(d), count(*) FILTER (WHERE e)     (serial)
#   2. per-group km_median(survival_agg) vs the best plain-SQL Kaplan-Meier
#      median (GROUP BY event counts + window functions)            (serial)
#      and vs exporting the columns with COPY ... TO STDOUT > /dev/null
#   3. survival_agg with 2 parallel workers vs serial (Partial/Finalize plan
#      checked with EXPLAIN)
#   4. size of the aggregate result (pg_column_size) and of the largest
#      transition state (bounded by 2 x distinct times x 24 bytes)
# Usage: [REPS=5] [JIT=off|on] test/bench/survival_bench.sh [rows]   (default 10000000)
source "$(dirname "$0")/lib.sh"
ROWS=${1:-10000000}
REPS=${REPS:-5}

bench_cluster survival "shared_buffers=1GB" "work_mem=64MB" "max_worker_processes=8" \
  "max_parallel_workers=8" "jit=${JIT:-off}" "max_wal_size=4GB"
PSQL+=(-d bench)

log "loading $ROWS rows"
"${PSQL[@]}" <<SQL
SELECT setseed(0.42);
CREATE UNLOGGED TABLE t (grp int NOT NULL, d int NOT NULL, e bool NOT NULL);
INSERT INTO t
SELECT 1 + (random() * 19.999)::int % 20, floor(random() * 521)::int, random() < 0.6
FROM generate_series(1, $ROWS);
VACUUM (FREEZE, ANALYZE) t;
SELECT count(*) FROM t;
SQL

# The machine is shared: run every measurement once per round, interleaved,
# for $REPS rounds after a warm-up round, and keep each one's best time, so
# load from other processes hits baselines and candidates alike.
time_once() {   # $1 = settings, $2 = query -> wall ms (psql \timing)
  "${PSQL[@]}" -o /dev/null -c "$1" -c '\timing on' -c "$2" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
copy_once() {   # COPY export through psql into /dev/null -> wall ms
  local s e
  s=$(date +%s%N)
  "${PSQL[@]}" -c "COPY (SELECT grp, d, e FROM t) TO STDOUT" >/dev/null
  e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
}

SERIAL="SET max_parallel_workers_per_gather = 0"
PARALLEL="SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = on"
KM_SQL="WITH c AS (SELECT grp, d, count(*) FILTER (WHERE e) AS ev, count(*) AS n FROM t GROUP BY grp, d),
r AS (SELECT grp, d, ev, sum(n) OVER (PARTITION BY grp ORDER BY d DESC) AS at_risk FROM c),
s AS (SELECT grp, d, exp(sum(CASE WHEN ev < at_risk THEN ln(1 - ev::float8 / at_risk) ELSE '-Infinity'::float8 END)
                         OVER (PARTITION BY grp ORDER BY d)) AS surv FROM r)
SELECT grp, min(d) FILTER (WHERE surv <= 0.5) AS median FROM s GROUP BY grp ORDER BY grp"
KM_EXT="SELECT grp, employment_kpi.km_median(employment_kpi.survival_agg(d, e)) AS median FROM t GROUP BY grp ORDER BY grp"
AGG="SELECT employment_kpi.survival_n(employment_kpi.survival_agg(d, e)) FROM t"
BASE="SELECT sum(d), count(*) FILTER (WHERE e) FROM t"

# name|settings|query
MEASURES=(
  "base|$SERIAL|$BASE"
  "agg|$SERIAL|$AGG"
  "aggf|$SERIAL|SELECT employment_kpi.survival_n(employment_kpi.survival_agg(d::float8, e)) FROM t"
  "many_base|$SERIAL|SELECT sum((d * 20 + grp)::float8 / 7), count(*) FILTER (WHERE e) FROM t"
  "many|$SERIAL|SELECT employment_kpi.survival_n(employment_kpi.survival_agg((d * 20 + grp)::float8 / 7, e)) FROM t"
  "km_sql|$SERIAL|$KM_SQL"
  "km|$SERIAL|$KM_EXT"
  "hash|$SERIAL|SELECT grp, count(*) FROM t GROUP BY grp"
  "par|$PARALLEL|$AGG"
  "par_noleader|$PARALLEL; SET parallel_leader_participation = off|$AGG"
  "par_base|$PARALLEL|$BASE"
  "km_par|$PARALLEL|$KM_EXT"
)
declare -A best
for round in $(seq 0 "$REPS"); do
  log "round $round of $REPS (round 0 warms up)"
  for m in "${MEASURES[@]}"; do
    name=${m%%|*}; rest=${m#*|}; settings=${rest%%|*}; q=${rest#*|}
    t=$(time_once "$settings" "$q")
    if [ "$round" -gt 0 ] && { [ -z "${best[$name]:-}" ] || awk -v a="$t" -v b="${best[$name]}" 'BEGIN{exit !(a<b)}'; }; then
      best[$name]=$t
    fi
  done
  t=$(copy_once)
  if [ "$round" -gt 0 ] && { [ -z "${best[copy]:-}" ] || [ "$t" -lt "${best[copy]}" ]; }; then best[copy]=$t; fi
done
t_base=${best[base]}; t_agg=${best[agg]}; t_aggf=${best[aggf]}
t_many_base=${best[many_base]}; t_many=${best[many]}
t_km_sql=${best[km_sql]}; t_km=${best[km]}; t_hash=${best[hash]}; t_copy=${best[copy]}
t_par=${best[par]}; t_par_noleader=${best[par_noleader]}; t_par_base=${best[par_base]}; t_km_par=${best[km_par]}

# both KM queries must give the same medians (this data has no S(t) exactly 0.5)
diffs=$("${PSQL[@]}" -At -c "SELECT count(*) FROM (($KM_SQL) EXCEPT ($KM_EXT)) x")
plan=$("${PSQL[@]}" -At -c "$PARALLEL" -c "EXPLAIN (COSTS OFF) $AGG")
workers=$("${PSQL[@]}" -At -c "$PARALLEL" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $AGG" | sed -n 's/.*Workers Launched: \([0-9]*\).*/\1/p')
sizes=$("${PSQL[@]}" -At -F ' ' -c "SELECT pg_column_size(employment_kpi.survival_agg(d, e)), (SELECT count(DISTINCT d) FROM t) FROM t")
size_all=${sizes% *}; distinct=${sizes#* }
size_grp=$("${PSQL[@]}" -At -c "SELECT max(pg_column_size(s)) FROM (SELECT employment_kpi.survival_agg(d, e) s FROM t GROUP BY grp) x")

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
cat <<REPORT

survival benchmark: $ROWS rows (grp 1..20, d 0..520, e bool), best of $REPS interleaved rounds
machine: $(nproc) cores, $cpu, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), jit=${JIT:-off}

1. serial aggregate
   sum(d), count(*) FILTER (WHERE e)          ${t_base} ms
   survival_agg(d, e)   (int4 overload)      ${t_agg} ms   ratio $(ratio "$t_agg" "$t_base")  (target <= 1.5)
   survival_agg(d::float8, e)                ${t_aggf} ms   ratio $(ratio "$t_aggf" "$t_base")
   10420 distinct times: sum(x), count(*) FILTER (WHERE e)  ${t_many_base} ms
   survival_agg(x, e), x = (d * 20 + grp) / 7.0             ${t_many} ms   ratio $(ratio "$t_many" "$t_many_base")
2. km_median per group (serial)
   plain SQL KM (GROUP BY + windows)         ${t_km_sql} ms
   km_median(survival_agg(d, e)) GROUP BY    ${t_km} ms   speed-up $(ratio "$t_km_sql" "$t_km")x  (target >= 1.5)
   COPY grp, d, e TO STDOUT > /dev/null      ${t_copy} ms   speed-up $(ratio "$t_copy" "$t_km")x  (target > 1)
   medians differing between the two         ${diffs}
   (reference: SELECT grp, count(*) GROUP BY grp alone takes ${t_hash} ms)
3. parallel, 2 workers
   plan: $(echo "$plan" | tr '\n' ' ' | sed 's/  */ /g')
   workers launched: ${workers}
   survival_agg(d, e)                        ${t_par} ms   speed-up vs serial $(ratio "$t_agg" "$t_par")x  (target >= 1.5)
   same, leader not participating            ${t_par_noleader} ms   speed-up vs serial $(ratio "$t_agg" "$t_par_noleader")x
   sum/count baseline                        ${t_par_base} ms   speed-up vs serial $(ratio "$t_base" "$t_par_base")x
   km_median per group                       ${t_km_par} ms   speed-up vs serial $(ratio "$t_km" "$t_km_par")x
4. size
   pg_column_size(survival_agg(d, e)) over all rows: ${size_all} bytes (${distinct} distinct times)
   largest per-group summary: ${size_grp} bytes
   transition state while aggregating: <= 16 + 24 x 2 x ${distinct} = $((16 + 48 * distinct)) bytes
REPORT
