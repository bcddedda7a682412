#!/usr/bin/env bash
# Benchmark of budget versus output on the synthetic municipality:
# budget_status for a fiscal year and output_ratios for a whole year on
# 100,000 citizens (ISO weeks 2023-01-02 .. 2025-12-28, seed 1; the year
# measured is 2025). Prints each time (best of RUNS runs, server clock) and,
# as baselines measured in the same run, plain count/sum scans over what the
# functions read:
#   budget_status  vs  SELECT count(*), sum(amount_dkk) FROM expense
#   output_ratios  vs  a scan of the year's spells (count, sum of gross),
#                      the spell x ISO-week expansion of the year (count, sum),
#                      and a count/sum scan of conversations, offers and
#                      case assignments
# Runs in its own throwaway cluster and holds the install lock throughout
# (about 1.5 minutes at 100,000 citizens): another install would replace the
# library under the running benchmark.
#   test/bench/budget_bench.sh            (CITIZENS=100000 RUNS=2)
source "$(dirname "$0")/lib.sh"
CITIZENS=${CITIZENS:-100000}
RUNS=${RUNS:-2}

bench_cluster budget

# best of $RUNS runs of one statement in bench, seconds, by the server's clock
SETTINGS="SET jit = off"
timed_best() { best "$RUNS" bench "$1"; }

gen=$(timed_best "SELECT * FROM employment_kpi.generate_synthetic(citizens => $CITIZENS, first_week => '2023-01-02', weeks => 156, seed => 1)")
"${PSQL[@]}" -d bench -c "VACUUM ANALYZE"
read -r spells spell_weeks convs offers <<<"$("${PSQL[@]}" -d bench -At -F' ' -c "
  SELECT (SELECT count(*) FROM employment_kpi.support_spell),
         (SELECT count(*) FROM employment_kpi.benefit_weeks('2025-01-01', '2025-12-31')),
         (SELECT count(*) FROM employment_kpi.conversation),
         (SELECT count(*) FROM employment_kpi.intervention)")"

F="date '2025-01-01'"; T="date '2025-12-31'"
base_exp=$(timed_best "SELECT count(*), sum(amount_dkk) FROM employment_kpi.expense")
bs=$(timed_best "SELECT * FROM employment_kpi.budget_status(2025, '2025-06-30')")
base_spells=$(timed_best "SELECT count(*), sum(s.weekly_benefit_dkk * (LEAST(COALESCE(s.end_date, $T), $T) - GREATEST(s.start_date, $F) + 1) / 7)
  FROM employment_kpi.support_spell s WHERE s.start_date <= $T AND (s.end_date IS NULL OR s.end_date >= $F)")
base_weeks=$(timed_best "SELECT count(*), sum(s.weekly_benefit_dkk)
  FROM employment_kpi.support_spell s,
       generate_series(GREATEST(s.start_date, $F) - (extract(isodow FROM GREATEST(s.start_date, $F))::int - 1),
                       LEAST(COALESCE(s.end_date, $T), $T), interval '7 days') w
 WHERE s.start_date <= $T AND (s.end_date IS NULL OR s.end_date >= $F)")
base_facts=$(timed_best "SELECT a.*, b.*, c.* FROM (SELECT count(*), sum(length(c.caseworker_id)) FROM employment_kpi.conversation c) a,
  (SELECT count(*), sum(i.cost_dkk) FROM employment_kpi.intervention i) b,
  (SELECT count(*), sum(length(x.caseworker_id)) FROM employment_kpi.case_assignment x) c")
rw=$(timed_best "SELECT * FROM employment_kpi.refund_weeks('2025-06-30'::date)")
crw=$(timed_best "SELECT * FROM employment_kpi_internal.citizen_refund_weeks('2025-12-31')")
bw=$(timed_best "SELECT * FROM employment_kpi.benefit_weeks('2025-01-01', '2025-12-31')")
orat=$(timed_best "SELECT * FROM employment_kpi.output_ratios('2025-01-01', '2025-12-31')")

awk -v n="$CITIZENS" -v gen="$gen" -v sp="$spells" -v sw="$spell_weeks" -v cv="$convs" -v of="$offers" \
    -v bexp="$base_exp" -v bs="$bs" -v bsp="$base_spells" -v bwk="$base_weeks" -v bf="$base_facts" \
    -v rw="$rw" -v crw="$crw" -v bw="$bw" -v orat="$orat" 'BEGIN {
  printf "budget versus output, %d synthetic citizens (generated in %.1f s): %d spells, %d spell-weeks in 2025, %d conversations, %d offers\n", n, gen, sp, sw, cv, of
  printf "  budget_status(2025, 2025-06-30)        %8.3f s   (baseline expense count/sum %.3f s, ratio %.1f)   target < 1 s: %s\n", bs, bexp, bs / bexp, (bs < 1 ? "met" : "NOT met")
  printf "  output_ratios(2025-01-01, 2025-12-31)  %8.3f s   target < 30 s: %s\n", orat, (orat < 30 ? "met" : "NOT met")
  printf "    baseline scan of the year'\''s spells   %8.3f s   ratio %.1f\n", bsp, orat / bsp
  printf "    baseline spell x week expansion      %8.3f s   ratio %.1f\n", bwk, orat / bwk
  printf "    baseline scan of the other facts     %8.3f s   ratio %.1f\n", bf, orat / bf
  printf "  parts: citizen_refund_weeks(2025-12-31) %.3f s, benefit_weeks(2025) %.3f s, refund_weeks(2025-06-30) %.3f s\n", crw, bw, rw
}'
