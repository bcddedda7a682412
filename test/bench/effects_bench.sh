#!/usr/bin/env bash
# Benchmark of intervention_effect(26): synthetic municipalities of 25,000,
# 50,000 and 100,000 citizens x 156 weeks (seed 1).  Prints the wall time of
# each run (server clock), the time per citizen relative to the first size
# (1.00 = linear growth) and whether the largest meets the 60 s target.
# Also times intervention_exit_curve for the largest cell.  With
# BASELINE_VERSION (test/bench/lib.sh) both are timed in that version too,
# on the same municipality, with before/after ratios.  Runs in its own
# throwaway cluster; holds the install lock only while building and
# installing.
#   test/bench/effects_bench.sh            (SIZES="25000 50000 100000")
#   BASELINE_VERSION=0.1.0 test/bench/effects_bench.sh
source "$(dirname "$0")/lib.sh"
SIZES=${SIZES:-"25000 50000 100000"}

bench_cluster effects
release_install_lock

EFFECT="SELECT * FROM employment_kpi.intervention_effect(26)"
CURVE="SELECT * FROM employment_kpi.intervention_exit_curve('vejledning_opkvalificering', 'dagpenge')"
out=""
for n in $SIZES; do
  bench_generate "$n, '2023-01-02', 156, 1"
  on_all "VACUUM ANALYZE"
  rows=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM employment_kpi.intervention")
  t=$(timed bench "$EFFECT")
  c=$(timed bench "$CURVE")
  tb=- cb=-
  if [ -n "${BASELINE_VERSION:-}" ]; then
    tb=$(timed bench_base "$EFFECT")
    cb=$(timed bench_base "$CURVE")
  fi
  out="$out$n $t $c $rows $tb $cb
"
done

printf '%s' "$out" | awk -v bv="${BASELINE_VERSION:-}" '
  BEGIN { printf "intervention_effect(26), 156 weeks (+156 weeks burn-in), seed 1\n" }
  NR == 1 { base = $2 / $1 }
  { printf "  %7d citizens (%6d interventions): %7.2f s  (%5.1f us/citizen, ratio to first %.2f); exit curve %5.2f s\n",
           $1, $4, $2, $2 / $1 * 1e6, ($2 / $1) / base, $3
    if (bv != "")
      printf "           baseline %s: %7.2f s, before/after %.2f; exit curve %5.2f s, before/after %.2f\n",
             bv, $5, $5 / $2, $6, $6 / $3
    last = $1; lt = $2 }
  END { printf "  target: %d citizens under 60 s -> %s\n", last, (lt < 60 ? "met" : "NOT met") }'
