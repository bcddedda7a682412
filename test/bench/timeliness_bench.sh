#!/usr/bin/env bash
# Benchmark of timeliness (rettidighed): the contact-rule windows that
# contact_windows (src/timeliness.c) walks per support period, and
# caseworker_week, which calls it, on a synthetic municipality of $CITIZENS
# citizens (default 20,000) x 156 weeks ending in the week of 2026-06-29 (so
# that the rule change of 2026-07-01 is inside the data), for one report
# week and for all 156.  Same-run baselines:
#   * a plain scan of what the walk must read: the spells and the held
#     conversations;
#   * the support periods of the report weeks with their spells and held
#     dates as arrays, without the walk (contact_windows gets exactly these,
#     so walk - arrays is the walk itself).
# Prints seconds (the minimum of 3 interleaved rounds; 2 for 156 weeks of
# caseworker_week) and the ratios.  Runs in its own throwaway cluster; holds
# the install lock only while building and installing.
#   test/bench/timeliness_bench.sh            (CITIZENS=20000)
source "$(dirname "$0")/lib.sh"
CITIZENS=${CITIZENS:-20000}

bench_cluster timeliness "work_mem=64MB"
release_install_lock

FW="DATE '2026-06-29' - 7 * 155"
bench_generate "citizens => $CITIZENS, first_week => $FW, weeks => 156"
"${PSQL[@]}" -d bench -c "VACUUM ANALYZE"
last=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW + 7 * 155)::date")
first=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW)::date")
stats=$("${PSQL[@]}" -d bench -At -F' ' -c "
  SELECT (SELECT count(*) FROM employment_kpi.support_spell), (SELECT count(*) FROM employment_kpi.conversation),
         (SELECT count(*) FROM employment_kpi.conversation WHERE status = 'held')")

SCAN="SELECT (SELECT sum(length(s.group_code)) FROM employment_kpi.support_spell AS s)
           + (SELECT sum(c.held_on - DATE '2000-01-01') FROM employment_kpi.conversation AS c WHERE c.status = 'held')"
# arrays FROM TO: per support period overlapping the weeks FROM .. TO (and
# the 12 weeks before, as a 13-week scorecard reads), its start, all its
# spells (a benefit's count starts at its first spell) and its citizen's
# held conversations (dates and kinds); then walk FROM TO over them
arrays() {
  cat <<SQL
WITH per AS (SELECT * FROM employment_kpi.support_periods('infinity')),
spells AS (
    SELECT per.citizen_id, per.start_date AS period_start, s.start_date, s.end_date, s.group_code
      FROM employment_kpi.support_spell AS s
      JOIN per ON per.citizen_id = s.citizen_id
              AND s.start_date BETWEEN per.start_date AND coalesce(per.end_date, 'infinity')
     WHERE per.start_date <= DATE '$2' + 6 AND (per.end_date IS NULL OR per.end_date >= DATE '$1' - 7 * 12)
),
held AS (SELECT c.citizen_id, array_agg(c.held_on) AS dates, array_agg(c.kind) AS kinds
           FROM employment_kpi.conversation AS c WHERE c.status = 'held' GROUP BY c.citizen_id)
SELECT sp.citizen_id, sp.period_start, array_agg(sp.start_date) AS starts, array_agg(sp.end_date) AS ends,
       array_agg(sp.group_code) AS groups, min(h.dates) AS held, min(h.kinds) AS kinds
  FROM spells AS sp LEFT JOIN held AS h ON h.citizen_id = sp.citizen_id
 GROUP BY sp.citizen_id, sp.period_start
SQL
}
walk() {
  echo "SELECT w.* FROM ($(arrays "$1" "$2")) AS a
    CROSS JOIN LATERAL employment_kpi.contact_windows(a.period_start, a.starts, a.ends, a.groups, a.held, a.kinds,
      (SELECT array_agg(ROW(r.rule_id, r.group_code, r.effective_from, r.effective_to, r.window_from_week, r.window_to_week,
                            r.min_conversations, r.coverage_pct, r.conversation_kinds)::employment_kpi.contact_window_rule)
         FROM employment_kpi.contact_rule AS r), DATE '$1', DATE '$2' + 6) AS w"
}
nwin=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM ($(walk "$first" "$last")) AS w")
tl=$("${PSQL[@]}" -d bench -At -c "SELECT sum(tl_counted) || '/' || sum(tl_met) || '/' || sum(pf_counted) || '/' || sum(pf_met)
                                     FROM employment_kpi_internal.scorecard_raw('$first', '$last', 13)")

# interleaved rounds (A B A B ...), the minimum of each: the machine is
# shared, and load drifts over minutes
mn() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
sc= a1= w1= t1= c1= aa= wa= ta= ca=
for r in 1 2 3; do
  sc=$(mn "$(timed bench "$SCAN")" "$sc")
  a1=$(mn "$(timed bench "$(arrays "$last" "$last")")" "$a1")
  w1=$(mn "$(timed bench "$(walk "$last" "$last")")" "$w1")
  t1=$(mn "$(timed bench "SELECT count(*) FROM employment_kpi_internal.timeliness_windows('$last', DATE '$last' + 6)")" "$t1")
  c1=$(mn "$(timed bench "SELECT * FROM employment_kpi.caseworker_week('$last', '$last')")" "$c1")
  aa=$(mn "$(timed bench "$(arrays "$first" "$last")")" "$aa")
  wa=$(mn "$(timed bench "$(walk "$first" "$last")")" "$wa")
  ta=$(mn "$(timed bench "SELECT count(*) FROM employment_kpi_internal.timeliness_windows('$first', DATE '$last' + 6)")" "$ta")
  [ "$r" -le 2 ] && ca=$(mn "$(timed bench "SELECT * FROM employment_kpi.caseworker_week('$first', '$last')")" "$ca")
done

awk -v c="$CITIZENS" -v g="$GEN_SECONDS" -v st="$stats" -v f="$first" -v l="$last" -v nwin="$nwin" -v tl="$tl" \
    -v sc="$sc" -v a1="$a1" -v w1="$w1" -v t1="$t1" -v c1="$c1" -v aa="$aa" -v wa="$wa" -v ta="$ta" -v ca="$ca" 'BEGIN {
  split(st, s, " ")
  printf "timeliness on %d synthetic citizens x 156 weeks (%s .. %s; generated in %.1f s)\n", c, f, l, g
  printf "  facts: %d spells, %d conversations (%d held); %d windows end in the 156 weeks\n", s[1], s[2], s[3], nwin
  printf "  scorecard_raw over the 156 weeks: tl_counted/tl_met/pf_counted/pf_met %s\n", tl
  printf "  baseline: scan of the spells and held conversations  %6.2f s\n", sc
  printf "                                                          1 week   156 weeks\n"
  printf "  baseline: periods with spells and held dates as arrays %6.2f s   %6.2f s\n", a1, aa
  printf "  contact_windows over them                              %6.2f s   %6.2f s\n", w1, wa
  printf "    the walk alone (contact_windows - arrays)            %6.2f s   %6.2f s   = %.2f x the scan (156 weeks)\n", w1 - a1, wa - aa, (wa - aa) / sc
  printf "  timeliness_windows (the scorecards\047 path, all periods)  %6.2f s   %6.2f s\n", t1, ta
  printf "  caseworker_week                                        %6.2f s   %6.2f s\n", c1, ca
}'
