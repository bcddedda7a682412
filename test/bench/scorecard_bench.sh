#!/usr/bin/env bash
# Benchmark of the scorecards (issue 5, "Speed"): caseworker_week for one
# ISO week and for 156 weeks on a synthetic municipality of $CITIZENS
# citizens (default 100,000) x 156 weeks, with same-run baselines: a plain
# scan of the four fact tables the scorecard reads, and the support_period
# view (the model's own period chaining, which every scorecard call runs).
# Targets: one week under 2 s, 156 weeks under 60 s.
# Runs in its own throwaway cluster; holds the install lock only while
# building and installing.
#   test/bench/scorecard_bench.sh            (CITIZENS=100000)
source "$(dirname "$0")/../../scripts/common.sh"
cd "$TOP"
CITIZENS=${CITIZENS:-100000}

install_deps
RUN=$(mktemp -d /tmp/employment_kpi-bench.XXXXXX)
chmod 755 "$RUN"
trap 'cluster_stop "$RUN"; rm -rf "$RUN"' EXIT
exec 9>"$LOCKFILE"
flock 9
build_and_install
PORT=$(free_port 57532)
cluster_start "$RUN" "$PORT" "fsync=off" "synchronous_commit=off" "full_page_writes=off" "work_mem=64MB"
export PGHOST=$RUN PGPORT=$PORT PGUSER=postgres
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench"
"${PSQL[@]}" -d bench -c "CREATE EXTENSION employment_kpi CASCADE"
exec 9>&-   # the extension is loaded; release the lock for others

# seconds (float) of one statement, measured by the server's clock; count(q.*)
# makes every output column be computed (count(*) would let the planner skip
# uncorrelated subqueries in the select list)
timed() {
  "${PSQL[@]}" -d bench -At -c "
    DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
      PERFORM count(q.*) FROM ($1) q;
      RAISE NOTICE 'secs=%', extract(epoch FROM clock_timestamp() - t0);
    END \$\$" 2>&1 | sed -n 's/.*secs=//p'
}
# the median of three runs: the machine is shared, single runs drift
timed3() {
  { timed "$1"; timed "$1"; timed "$1"; } | sort -g | sed -n 2p
}

FW="date_trunc('week', current_date::timestamp)::date - 7 * 156"
gen=$(timed "SELECT * FROM employment_kpi.generate_synthetic(citizens => $CITIZENS, first_week => $FW, weeks => 156)")
"${PSQL[@]}" -d bench -c "VACUUM ANALYZE"
last=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW + 7 * 155)::date")
first=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW)::date")
stats=$("${PSQL[@]}" -d bench -At -F' ' -c "
  SELECT (SELECT count(*) FROM employment_kpi.support_spell), (SELECT count(*) FROM employment_kpi.case_assignment),
         (SELECT count(*) FROM employment_kpi.intervention), (SELECT count(*) FROM employment_kpi.conversation),
         (SELECT count(*) FROM employment_kpi.caseworker)")

scan=$(timed3 "SELECT (SELECT sum(length(citizen_id) + (end_date IS NULL)::int) FROM employment_kpi.support_spell)
              + (SELECT sum(length(caseworker_id)) FROM employment_kpi.case_assignment)
              + (SELECT sum(length(type_code)) FROM employment_kpi.intervention)
              + (SELECT sum(length(status)) FROM employment_kpi.conversation)")
periods=$(timed3 "SELECT * FROM employment_kpi.support_period")
one=$(timed3 "SELECT * FROM employment_kpi.caseworker_week('$last', '$last')")
one_team=$(timed3 "SELECT * FROM employment_kpi.team_week('$last', '$last')")
all=$(timed "SELECT * FROM employment_kpi.caseworker_week('$first', '$last')")
rows=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM employment_kpi.caseworker_week('$first', '$last')")

awk -v c="$CITIZENS" -v g="$gen" -v st="$stats" -v sc="$scan" -v p="$periods" -v o="$one" -v ot="$one_team" \
    -v a="$all" -v r="$rows" -v f="$first" -v l="$last" 'BEGIN {
  split(st, s, " ")
  printf "scorecards on %d synthetic citizens x 156 weeks (%s .. %s; generated in %.1f s)\n", c, f, l, g
  printf "  facts: %d spells, %d assignments, %d interventions, %d conversations, %d caseworkers\n", s[1], s[2], s[3], s[4], s[5]
  printf "  (baselines and 1-week figures: median of 3 runs; 156 weeks: one run)\n"
  printf "  baseline: scan of the four fact tables    %7.2f s\n", sc
  printf "  baseline: support_period view (chaining)  %7.2f s\n", p
  printf "  caseworker_week, 1 week (13-week window)  %7.2f s  = %5.1f x fact scan, %4.2f x support_period   target < 2 s: %s\n", o, o / sc, o / p, (o < 2 ? "met" : "NOT met")
  printf "  team_week, 1 week                         %7.2f s\n", ot
  printf "  caseworker_week, 156 weeks (%d rows)    %7.2f s  = %5.1f x fact scan, %4.2f x support_period   target < 60 s: %s\n", r, a, a / sc, a / p, (a < 60 ? "met" : "NOT met")
}'
