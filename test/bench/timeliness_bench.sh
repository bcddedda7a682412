#!/usr/bin/env bash
# Benchmark of timeliness (rettidighed) in the scorecards: the contact-rule
# windows walked in C by contact_windows (src/timeliness.c) against the old
# SQL formulation (a join of spells and rules with a correlated count of
# held conversations per window), on a synthetic municipality of $CITIZENS
# citizens (default 20,000) x 156 weeks, all in one run:
#   * the tl part alone (support-period chaining + windows), 1 week and
#     156 weeks, new and old, with the chaining alone as baseline;
#   * caseworker_week(w, w) and caseworker_week over 156 weeks with the
#     current scorecard_raw ("after") and with scorecard_raw whose tl CTEs
#     are swapped back to the old text ("before", built from the installed
#     definition, so the rest of the function is the same).
# Prints seconds (the minimum of 3 interleaved rounds; 2 for 156 weeks of
# caseworker_week) and ratios old / new.  Runs in its own throwaway cluster;
# holds the install lock only while building and installing.
#   test/bench/timeliness_bench.sh            (CITIZENS=20000)
source "$(dirname "$0")/../../scripts/common.sh"
cd "$TOP"
CITIZENS=${CITIZENS:-20000}

install_deps
RUN=$(mktemp -d /tmp/employment_kpi-tlbench.XXXXXX)
chmod 755 "$RUN"
trap 'cluster_stop "$RUN"; rm -rf "$RUN"' EXIT
trap 'exit 143' INT TERM
exec 9>"$LOCKFILE"
flock 9
build_and_install
PORT=$(free_port 57632)
cluster_start "$RUN" "$PORT" "fsync=off" "synchronous_commit=off" "full_page_writes=off" "work_mem=64MB"
export PGHOST=$RUN PGPORT=$PORT PGUSER=postgres
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench"
"${PSQL[@]}" -d bench -c "CREATE EXTENSION employment_kpi CASCADE"
exec 9>&-   # the extension is loaded; release the lock for others

# seconds (float) of one statement, measured by the server's clock; the
# whole row is counted so that every column is computed (count(*) would let
# the planner drop unused subquery columns, e.g. a correlated count)
timed() {
  "${PSQL[@]}" -d bench -At -c "
    DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
      PERFORM pg_catalog.count(q.*) FROM ($1) AS q;
      RAISE NOTICE 'secs=%', extract(epoch FROM clock_timestamp() - t0);
    END \$\$" 2>&1 | sed -n 's/.*secs=//p'
}

# 156 weeks ending in the week of 2026-06-29, so that the rule change of
# 2026-07-01 (portfolio rules) is inside the data
FW="DATE '2026-06-29' - 7 * 155"
gen=$(timed "SELECT * FROM employment_kpi.generate_synthetic(citizens => $CITIZENS, first_week => $FW, weeks => 156)")
"${PSQL[@]}" -d bench -c "VACUUM ANALYZE"
last=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW + 7 * 155)::date")
first=$("${PSQL[@]}" -d bench -At -c "SELECT ($FW)::date")
stats=$("${PSQL[@]}" -d bench -At -F' ' -c "
  SELECT (SELECT count(*) FROM employment_kpi.support_spell), (SELECT count(*) FROM employment_kpi.conversation),
         (SELECT count(*) FROM employment_kpi.conversation WHERE status = 'held')")

# The tl part alone: the chaining of scorecard_raw (rel .. spell verbatim,
# prm with the dates) followed by the old or the new tl CTEs.
chain() {
  cat <<SQL
WITH
prm AS (SELECT DATE '$1' AS f, DATE '$2' AS t, DATE '$1' - 7 * 12 AS g0, DATE '1900-01-01' AS d0),
-- Support periods of the citizens with a spell in the grid only.  This is
-- the chaining of the support_period view (a spell starting more than
-- config.exit_grace_days after the previous one's end starts a new period;
-- the period is an exit when it has ended and its last spell did not end
-- with moved or deceased), restricted to those citizens: the view would
-- chain every citizen the municipality ever had.  sql/70_scorecard.sql
-- checks it against the view.
rel AS (
    SELECT DISTINCT s.citizen_id
      FROM employment_kpi.support_spell AS s, prm
     WHERE s.start_date <= prm.t + 6 AND (s.end_date IS NULL OR s.end_date >= prm.g0)
),
chained AS (
    SELECT s.citizen_id, s.group_code, s.start_date, s.end_date, s.exit_reason,
           CASE WHEN pg_catalog.lag(s.end_date) OVER w IS NULL
                  OR s.start_date - pg_catalog.lag(s.end_date) OVER w
                     > (SELECT c.exit_grace_days FROM employment_kpi.config AS c)
                THEN 1 ELSE 0 END AS starts_period
      FROM employment_kpi.support_spell AS s
     WHERE s.citizen_id IN (SELECT rel.citizen_id FROM rel)
    WINDOW w AS (PARTITION BY s.citizen_id ORDER BY s.start_date)
),
numbered AS (
    SELECT c.*, pg_catalog.sum(c.starts_period) OVER (PARTITION BY c.citizen_id ORDER BY c.start_date) AS period_no
      FROM chained AS c
),
spell_all AS (
    SELECT n.citizen_id, n.group_code, n.start_date, n.end_date,
           pg_catalog.min(n.start_date) OVER p AS period_start,
           CASE WHEN pg_catalog.bool_or(n.end_date IS NULL) OVER p THEN NULL
                ELSE pg_catalog.max(n.end_date) OVER p END AS period_end,
           NOT pg_catalog.bool_or(n.end_date IS NULL) OVER p
             AND pg_catalog.last_value(n.exit_reason) OVER p IS DISTINCT FROM 'moved'
             AND pg_catalog.last_value(n.exit_reason) OVER p IS DISTINCT FROM 'deceased' AS is_exit,
           pg_catalog.lead(n.start_date) OVER (PARTITION BY n.citizen_id, n.period_no ORDER BY n.start_date) AS next_start
      FROM numbered AS n
    WINDOW p AS (PARTITION BY n.citizen_id, n.period_no ORDER BY n.start_date
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
-- spells in the grid with their support period (the weeks each spell owns
-- are expanded below)
spell AS MATERIALIZED (
    SELECT sa.* FROM spell_all AS sa, prm
     WHERE sa.start_date <= prm.t + 6 AND (sa.end_date IS NULL OR sa.end_date >= prm.g0)
),
SQL
}
old_tl() { chain "$1" "$2"; cat <<'SQL'
-- timeliness: contact-rule windows ending in a report week; the rule is the
-- one in force on the window's last day for the group of the spell the
-- citizen is on that day
tl AS (
    SELECT sp.citizen_id, employment_kpi.iso_monday(x.last_day) AS week,
           r.coverage_pct,
           (SELECT pg_catalog.count(*)
              FROM employment_kpi.conversation AS c
             WHERE c.citizen_id = sp.citizen_id AND c.status = 'held'
               AND c.held_on BETWEEN sp.period_start + 7 * r.window_from_week AND x.last_day)
             >= r.min_conversations AS met
      FROM spell AS sp
      JOIN employment_kpi.contact_rule AS r ON r.group_code = sp.group_code
     CROSS JOIN LATERAL (SELECT sp.period_start + 7 * r.window_to_week - 1 AS last_day) AS x
     CROSS JOIN prm
     WHERE x.last_day BETWEEN sp.start_date AND coalesce(sp.end_date, x.last_day)
       AND x.last_day BETWEEN r.effective_from AND coalesce(r.effective_to, x.last_day)
       AND x.last_day BETWEEN prm.f AND prm.t + 6
),
windows AS (SELECT tl.citizen_id, tl.week, tl.met, tl.coverage_pct FROM tl)
SELECT * FROM windows
SQL
}
new_tl() { chain "$1" "$2"; cat <<'SQL'
tl_rules AS (
    SELECT coalesce(pg_catalog.array_agg(
               ROW(r.rule_id, r.group_code, r.effective_from, r.effective_to, r.window_from_week,
                   r.window_to_week, r.min_conversations, r.coverage_pct)::employment_kpi.contact_window_rule
               ORDER BY r.rule_id), '{}') AS rules,
           coalesce(pg_catalog.array_agg(DISTINCT r.window_to_week), '{}') AS to_weeks
      FROM employment_kpi.contact_rule AS r
),
tl_period AS (
    SELECT sp.citizen_id, sp.period_start,
           pg_catalog.array_agg(sp.start_date) AS starts,
           pg_catalog.array_agg(sp.end_date) AS ends,
           pg_catalog.array_agg(sp.group_code) AS groups
      FROM spell AS sp, prm, tl_rules AS tr
     WHERE EXISTS (SELECT 1 FROM pg_catalog.unnest(tr.to_weeks) AS e(w)
                    WHERE sp.period_start + 7 * e.w - 1
                          BETWEEN greatest(sp.start_date, prm.f) AND least(sp.end_date, prm.t + 6))
     GROUP BY sp.citizen_id, sp.period_start
),
-- MATERIALIZED: otherwise the planner may join tl_period with aw first and
-- call contact_windows once per caseworker-week instead of once per period
tl AS MATERIALIZED (
    SELECT p.citizen_id, employment_kpi.iso_monday(x.last_day) AS week, x.coverage_pct, x.met
      FROM tl_period AS p
     CROSS JOIN prm
     CROSS JOIN tl_rules AS tr
     CROSS JOIN LATERAL (SELECT pg_catalog.array_agg(c.held_on) AS held
                           FROM employment_kpi.conversation AS c
                          WHERE c.citizen_id = p.citizen_id AND c.status = 'held'
                            AND c.held_on BETWEEN p.period_start AND prm.t + 6) AS h
     CROSS JOIN LATERAL employment_kpi.contact_windows(p.period_start, p.starts, p.ends, p.groups, h.held,
                                                       tr.rules, prm.f, prm.t + 6) AS x
),
windows AS (SELECT tl.citizen_id, tl.week, tl.met, tl.coverage_pct FROM tl)
SELECT * FROM windows
SQL
}
chain_only() { chain "$1" "$2"; echo "x AS (SELECT 1) SELECT * FROM spell"; }

# both formulations find the same windows (a sanity check, not a timing)
same=$("${PSQL[@]}" -d bench -At -c "
  SELECT count(*) FROM ((($(old_tl "$first" "$last")) EXCEPT ALL ($(new_tl "$first" "$last")))
                  UNION ALL (($(new_tl "$first" "$last")) EXCEPT ALL ($(old_tl "$first" "$last")))) AS d")
nwin=$("${PSQL[@]}" -d bench -At -c "SELECT count(*) FROM ($(new_tl "$first" "$last")) AS w")

# interleaved rounds (A B A B ...), the minimum of each: the machine is
# shared, and load drifts over minutes
mn() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
c1= o1= n1= ca= oa= na=
for r in 1 2 3; do
  c1=$(mn "$(timed "$(chain_only "$last" "$last")")" "$c1")
  o1=$(mn "$(timed "$(old_tl "$last" "$last")")" "$o1")
  n1=$(mn "$(timed "$(new_tl "$last" "$last")")" "$n1")
  ca=$(mn "$(timed "$(chain_only "$first" "$last")")" "$ca")
  oa=$(mn "$(timed "$(old_tl "$first" "$last")")" "$oa")
  na=$(mn "$(timed "$(new_tl "$first" "$last")")" "$na")
done

# caseworker_week after (installed) and before (tl CTEs swapped back)
"${PSQL[@]}" -d bench -At -c "SELECT pg_catalog.pg_get_functiondef('employment_kpi_internal.scorecard_raw(date,date,int)'::regprocedure)" > "$RUN/new_raw.sql"
echo ";" >> "$RUN/new_raw.sql"
cat > "$RUN/old_tl.txt" <<'SQL'
-- timeliness: contact-rule windows ending in a report week; the rule is the
-- one in force on the window's last day for the group of the spell the
-- citizen is on that day
tl AS (
    SELECT sp.citizen_id, employment_kpi.iso_monday(x.last_day) AS week,
           r.coverage_pct,
           (SELECT pg_catalog.count(*)
              FROM employment_kpi.conversation AS c
             WHERE c.citizen_id = sp.citizen_id AND c.status = 'held'
               AND c.held_on BETWEEN sp.period_start + 7 * r.window_from_week AND x.last_day)
             >= r.min_conversations AS met
      FROM spell AS sp
      JOIN employment_kpi.contact_rule AS r ON r.group_code = sp.group_code
     CROSS JOIN LATERAL (SELECT sp.period_start + 7 * r.window_to_week - 1 AS last_day) AS x
     CROSS JOIN prm
     WHERE x.last_day BETWEEN sp.start_date AND coalesce(sp.end_date, x.last_day)
       AND x.last_day BETWEEN r.effective_from AND coalesce(r.effective_to, x.last_day)
       AND x.last_day BETWEEN prm.f AND prm.t + 6
),
SQL
OLDTL="$RUN/old_tl.txt" perl -0pe 'BEGIN { local $/; open my $f, "<", $ENV{OLDTL} or die; $old = <$f>; }
           s/tl_rules AS \(.*?(?=tlc AS \()/$old/s or die "tl CTEs not found\n"' \
  "$RUN/new_raw.sql" > "$RUN/old_raw.sql"

sum_new=$("${PSQL[@]}" -d bench -At -c "SELECT sum(tl_counted) || '/' || sum(tl_met) || '/' || sum(pf_counted) || '/' || sum(pf_met) FROM employment_kpi_internal.scorecard_raw('$first', '$last', 13)")
"${PSQL[@]}" -d bench -f "$RUN/old_raw.sql" >/dev/null
sum_old=$("${PSQL[@]}" -d bench -At -c "SELECT sum(tl_counted) || '/' || sum(tl_met) || '/' || sum(pf_counted) || '/' || sum(pf_met) FROM employment_kpi_internal.scorecard_raw('$first', '$last', 13)")
a1= aa= b1= ba=
for r in 1 2 3; do
  "${PSQL[@]}" -d bench -f "$RUN/new_raw.sql" >/dev/null
  a1=$(mn "$(timed "SELECT * FROM employment_kpi.caseworker_week('$last', '$last')")" "$a1")
  [ "$r" -le 2 ] && aa=$(mn "$(timed "SELECT * FROM employment_kpi.caseworker_week('$first', '$last')")" "$aa")
  "${PSQL[@]}" -d bench -f "$RUN/old_raw.sql" >/dev/null
  b1=$(mn "$(timed "SELECT * FROM employment_kpi.caseworker_week('$last', '$last')")" "$b1")
  [ "$r" -le 2 ] && ba=$(mn "$(timed "SELECT * FROM employment_kpi.caseworker_week('$first', '$last')")" "$ba")
done
"${PSQL[@]}" -d bench -f "$RUN/new_raw.sql" >/dev/null

awk -v c="$CITIZENS" -v g="$gen" -v st="$stats" -v f="$first" -v l="$last" -v same="$same" -v nwin="$nwin" \
    -v c1="$c1" -v o1="$o1" -v n1="$n1" -v ca="$ca" -v oa="$oa" -v na="$na" \
    -v a1="$a1" -v aa="$aa" -v b1="$b1" -v ba="$ba" -v sn="$sum_new" -v so="$sum_old" 'BEGIN {
  split(st, s, " ")
  printf "timeliness on %d synthetic citizens x 156 weeks (%s .. %s; generated in %.1f s)\n", c, f, l, g
  printf "  facts: %d spells, %d conversations (%d held); %d windows end in the 156 weeks; windows on one side only: %d\n", s[1], s[2], s[3], nwin, same
  printf "  tl part alone, 1 week:     chaining %6.2f s; old tl %6.2f s, new tl %6.2f s  old/new %4.2f\n", c1, o1, n1, o1 / n1
  printf "  tl part alone, 156 weeks:  chaining %6.2f s; old tl %6.2f s, new tl %6.2f s  old/new %4.2f\n", ca, oa, na, oa / na
  printf "  caseworker_week 1 week:    before %6.2f s, after %6.2f s  before/after %4.2f\n", b1, a1, b1 / a1
  printf "  caseworker_week 156 weeks: before %6.2f s, after %6.2f s  before/after %4.2f\n", ba, aa, ba / aa
  printf "  tl_counted/tl_met/pf_counted/pf_met over 156 weeks: after %s, before %s\n", sn, so
}'
