#!/usr/bin/env bash
# Benchmark of the planner settings pinned on functions (SET jit = off):
# every function that pins one is timed as
# installed and with the setting reset (ALTER FUNCTION ... RESET, so the
# server default applies: jit = on), on the same synthetic
# municipality in the same run, and restored afterwards.  Prints the median
# of three runs of each and the ratio reset / pinned (above 1 = the setting
# pays).  docs/performance.md keeps the results and the plans behind them.
# Runs in its own throwaway cluster at the server's default settings;
# holds the install lock only while building and installing.
#   test/bench/settings_bench.sh            (CITIZENS=20000)
source "$(dirname "$0")/lib.sh"
CITIZENS=${CITIZENS:-20000}

bench_cluster settings "jit=on" "work_mem=4MB"
release_install_lock

FW="date_trunc('week', current_date::timestamp)::date - 7 * 156"
bench_generate "citizens => $CITIZENS, first_week => $FW, weeks => 156"
on_all "VACUUM ANALYZE" "SELECT * FROM employment_kpi.refresh(false, true)"
last=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW + 7 * 155)::date")
year=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW + 7 * 103)::date")
I=employment_kpi_internal

# function|setting|value|what is timed|query
STEPS=(
  "employment_kpi.output_ratios(date,date)|jit|off|output_ratios, 52 weeks|SELECT * FROM employment_kpi.output_ratios('$year', '$last')"
  "$I.scorecard_raw(date,date,int)|jit|off|caseworker_week, 1 week|SELECT * FROM employment_kpi.caseworker_week('$last', '$last')"
  "$I.scorecard_raw(date,date,int)|jit|off|caseworker_week, 13 weeks|SELECT * FROM employment_kpi.caseworker_week(('$last'::date - 84), '$last')"
)

report=""
for s in "${STEPS[@]}"; do
  IFS='|' read -r fn setting value name query <<<"$s"
  log "$name: $setting pinned"
  pinned=$(median3 bench "$query")
  "${PSQL[@]}" -d bench -c "ALTER FUNCTION $fn RESET $setting" >/dev/null
  log "$name: $setting reset"
  reset=$(median3 bench "$query")
  "${PSQL[@]}" -d bench -c "ALTER FUNCTION $fn SET $setting = '$value'" >/dev/null
  report="$report$name|$setting = $value|$pinned|$reset
"
done

printf '%s' "$report" | awk -F'|' -v c="$CITIZENS" -v l="$last" 'BEGIN {
  printf "planner settings pinned on functions, %d synthetic citizens x 156 weeks (to %s)\n", c, l
  printf "server defaults jit = on, work_mem = 4MB; median of 3 runs; ratio = reset / pinned (above 1: the setting pays)\n"
  printf "  %-38s %-16s %9s %9s %7s\n", "", "setting", "pinned", "reset", "ratio"
}
{ printf "  %-38s %-16s %8.2fs %8.2fs %7.2f\n", $1, $2, $3, $4, $4 / $3 }'
