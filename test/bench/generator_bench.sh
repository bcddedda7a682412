#!/usr/bin/env bash
# Benchmark of generate_synthetic(): 10,000 and 50,000 citizens x 156 weeks.
# Prints the wall time of each run, the time per citizen, and the linearity
# figure (time at 50k / time at 10k) / 5, which is 1.0 for linear growth.
# Also times the C simulation core alone (synthetic_simulate) at both sizes.
# Runs in its own throwaway cluster; holds the install lock only while
# building and installing.
#   test/bench/generator_bench.sh            (CITIZENS_SMALL=10000 CITIZENS_LARGE=50000)
source "$(dirname "$0")/lib.sh"
SMALL=${CITIZENS_SMALL:-10000}
LARGE=${CITIZENS_LARGE:-50000}

bench_cluster generator
release_install_lock

FW="(date_trunc('week', current_date::timestamp)::date - 7 * 156)"
core_s=$(timed bench "SELECT * FROM employment_kpi_internal.synthetic_simulate($SMALL, $FW, 156, 1)")
core_l=$(timed bench "SELECT * FROM employment_kpi_internal.synthetic_simulate($LARGE, $FW, 156, 1)")
gen_s=$(timed bench "SELECT * FROM employment_kpi.generate_synthetic(citizens => $SMALL)")
rows_s=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM employment_kpi.support_spell")
gen_l=$(timed bench "SELECT * FROM employment_kpi.generate_synthetic(citizens => $LARGE)")
rows_l=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM employment_kpi.support_spell")

awk -v s="$SMALL" -v l="$LARGE" -v cs="$core_s" -v cl="$core_l" -v gs="$gen_s" -v gl="$gen_l" \
    -v rs="$rows_s" -v rl="$rows_l" 'BEGIN {
  printf "generate_synthetic, 156 weeks (+156 weeks burn-in)\n"
  printf "  %6d citizens: %7.2f s total (%5.1f us/citizen; C core %5.2f s), %d spells\n", s, gs, gs / s * 1e6, cs, rs
  printf "  %6d citizens: %7.2f s total (%5.1f us/citizen; C core %5.2f s), %d spells\n", l, gl, gl / l * 1e6, cl, rl
  printf "  linearity (time %dk / time %dk) / %g: total %.2f, C core %.2f (1.00 = linear)\n", l / 1000, s / 1000, l / s, gl / gs / (l / s), cl / cs / (l / s)
  printf "  target: %d citizens under 60 s -> %s\n", s, (gs < 60 ? "met" : "NOT met")
}'
