#!/usr/bin/env bash
# Benchmark of the scorecards: caseworker_week for one ISO week and for 156
# weeks on a synthetic municipality of $CITIZENS citizens (default 100,000)
# x 156 weeks, with same-run baselines: a plain scan of the four fact tables
# the scorecard reads, and the support_period view (the model's own period
# chaining, which every scorecard call runs).  Targets: one week under 2 s,
# 156 weeks under 60 s.  With BASELINE_VERSION (test/bench/lib.sh) every
# step is timed in that version too, on the same municipality, with
# before/after ratios.  Runs in its own throwaway cluster; holds the install
# lock only while building and installing.
#   test/bench/scorecard_bench.sh            (CITIZENS=100000)
#   BASELINE_VERSION=0.1.0 test/bench/scorecard_bench.sh
source "$(dirname "$0")/lib.sh"
CITIZENS=${CITIZENS:-100000}

bench_cluster scorecard "work_mem=64MB"
release_install_lock

FW="date_trunc('week', current_date::timestamp)::date - 7 * 156"
bench_generate "citizens => $CITIZENS, first_week => $FW, weeks => 156"
on_all "VACUUM ANALYZE"
last=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW + 7 * 155)::date")
first=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW)::date")
stats=$("${PSQL[@]}" -d bench -At -F' ' -c "
  SELECT (SELECT count(*) FROM employment_kpi.support_spell), (SELECT count(*) FROM employment_kpi.case_assignment),
         (SELECT count(*) FROM employment_kpi.intervention), (SELECT count(*) FROM employment_kpi.conversation),
         (SELECT count(*) FROM employment_kpi.caseworker)")
rows=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM employment_kpi.caseworker_week('$first', '$last')")

# name|how|query: the baselines and the 1-week figures are the median of
# three runs (the machine is shared, single runs drift), 156 weeks one run
STEPS=(
  "baseline: scan of the four fact tables|median3|SELECT (SELECT sum(length(citizen_id) + (end_date IS NULL)::int) FROM employment_kpi.support_spell)
     + (SELECT sum(length(caseworker_id)) FROM employment_kpi.case_assignment)
     + (SELECT sum(length(type_code)) FROM employment_kpi.intervention)
     + (SELECT sum(length(status)) FROM employment_kpi.conversation)"
  "baseline: support_period view (chaining)|median3|SELECT * FROM employment_kpi.support_period"
  "caseworker_week, 1 week (13-week window)|median3|SELECT * FROM employment_kpi.caseworker_week('$last', '$last')"
  "team_week, 1 week|median3|SELECT * FROM employment_kpi.team_week('$last', '$last')"
  "caseworker_week, 156 weeks ($rows rows)|timed|SELECT * FROM employment_kpi.caseworker_week('$first', '$last')"
)
report=""
for s in "${STEPS[@]}"; do
  IFS='|' read -r name how query <<<"$s"
  t=$($how bench "$query")
  tb=-
  if [ -n "${BASELINE_VERSION:-}" ]; then tb=$($how bench_base "$query"); fi
  report="$report$name|$t|$tb
"
done

printf '%s' "$report" | awk -F'|' -v c="$CITIZENS" -v g="$GEN_SECONDS" -v st="$stats" -v f="$first" -v l="$last" \
    -v bv="${BASELINE_VERSION:-}" 'BEGIN {
  split(st, s, " ")
  printf "scorecards on %d synthetic citizens x 156 weeks (%s .. %s; generated in %.1f s)\n", c, f, l, g
  printf "  facts: %d spells, %d assignments, %d interventions, %d conversations, %d caseworkers\n", s[1], s[2], s[3], s[4], s[5]
  printf "  (baselines and 1-week figures: median of 3 runs; 156 weeks: one run)\n"
  if (bv != "") printf "  %-42s %9s  %9s  %s\n", "", "current", bv, "before/after"
}
NR == 1 { sc = $2 } NR == 2 { p = $2 }
{ extra = ""
  if (NR == 3) extra = sprintf("= %5.1f x fact scan, %4.2f x support_period   target < 2 s: %s", $2 / sc, $2 / p, ($2 < 2 ? "met" : "NOT met"))
  if (NR == 5) extra = sprintf("= %5.1f x fact scan, %4.2f x support_period   target < 60 s: %s", $2 / sc, $2 / p, ($2 < 60 ? "met" : "NOT met"))
  if (bv == "") printf "  %-42s %7.2f s  %s\n", $1, $2, extra
  else printf "  %-42s %7.2f s  %7.2f s  %5.2f\n", $1, $2, $3, $3 / $2
  if (bv != "" && extra != "") printf "  %-42s %s\n", "", extra
}'
