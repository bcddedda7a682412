#!/usr/bin/env bash
# Benchmark of intervention_effect(26): synthetic municipalities of 25,000,
# 50,000 and 100,000 citizens x 156 weeks (seed 1).  Prints the wall time of
# each run (server clock), the time per citizen relative to the 25k run
# (1.00 = linear growth) and whether 100k meets the 60 s target.  Also times
# intervention_exit_curve for the largest cell.  Runs in its own throwaway
# cluster; holds the install lock only while building and installing.
#   test/bench/effects_bench.sh            (SIZES="25000 50000 100000")
source "$(dirname "$0")/../../scripts/common.sh"
cd "$TOP"
SIZES=${SIZES:-"25000 50000 100000"}

install_deps
RUN=$(mktemp -d /tmp/employment_kpi-bench.XXXXXX)
chmod 755 "$RUN"
trap 'cluster_stop "$RUN"; rm -rf "$RUN"' EXIT
exec 9>"$LOCKFILE"
flock 9
build_and_install
PORT=$(free_port 57532)
cluster_start "$RUN" "$PORT" "fsync=off" "synchronous_commit=off" "full_page_writes=off"
export PGHOST=$RUN PGPORT=$PORT PGUSER=postgres
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench"
"${PSQL[@]}" -d bench -c "CREATE EXTENSION employment_kpi CASCADE"
exec 9>&-   # the extension is loaded; release the lock for others

# seconds (float) of one statement, measured by the server's clock
timed() {
  "${PSQL[@]}" -d bench -At -c "
    DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
      PERFORM count(q.*) FROM ($1) q;
      RAISE NOTICE 'secs=%', extract(epoch FROM clock_timestamp() - t0);
    END \$\$" 2>&1 | sed -n 's/.*secs=//p'
}

out=""
for n in $SIZES; do
  "${PSQL[@]}" -d bench -c "SELECT count(*) FROM employment_kpi.generate_synthetic($n, '2023-01-02', 156, 1)" >/dev/null
  "${PSQL[@]}" -d bench -c "VACUUM ANALYZE" >/dev/null
  rows=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM employment_kpi.intervention")
  t=$(timed "SELECT * FROM employment_kpi.intervention_effect(26)")
  c=$(timed "SELECT * FROM employment_kpi.intervention_exit_curve('vejledning_opkvalificering', 'dagpenge')")
  out="$out$n $t $c $rows
"
done

printf '%s' "$out" | awk 'BEGIN { printf "intervention_effect(26), 156 weeks (+156 weeks burn-in), seed 1\n" }
  NR == 1 { base = $2 / $1 }
  { printf "  %7d citizens (%6d interventions): %7.2f s  (%5.1f us/citizen, ratio to first %.2f); exit curve %5.2f s\n",
           $1, $4, $2, $2 / $1 * 1e6, ($2 / $1) / base, $3
    last = $1; lt = $2 }
  END { printf "  target: %d citizens under 60 s -> %s\n", last, (lt < 60 ? "met" : "NOT met") }'
