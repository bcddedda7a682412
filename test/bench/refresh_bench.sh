#!/usr/bin/env bash
# Benchmark of the BI refresh: refresh() after one week of new data versus
# refresh(full => true), on a synthetic municipality (default 50,000 citizens
# x 156 weeks).  Prints both times, the ratio (target >= 10) and checks that
# both give identical contents of every registered mv_* relation.
#
# "One week of new data", honestly: the municipality is generated once; the
# facts dated in its last ISO week are set aside (spells/offers/assignments
# starting in it are removed, end dates and exit reasons falling in it are
# cleared, conversations and bookings in it are removed), so the database
# holds what was known at the end of the week before; refresh(full => true)
# brings the BI relations up to that state.  Then the last week is delivered
# as an ETL would (insert the new rows, set the end dates) and timed:
# refresh() first, refresh(full => true) after it, then both results compared.
# With BASELINE_VERSION (test/bench/lib.sh) the same runs in that version
# too, on the same municipality, with before/after ratios.  Before that,
# ROUNDS rounds time refresh() in a transaction that is rolled back, in
# every database in turn (so both versions meet the same load of a shared
# machine), and print the median per relation with before/after ratios.
# Runs in its own throwaway cluster; holds the install lock only while
# building and installing.
#   test/bench/refresh_bench.sh            (CITIZENS=50000 WEEKS=156 ROUNDS=3)
#   BASELINE_VERSION=0.1.0 test/bench/refresh_bench.sh
source "$(dirname "$0")/lib.sh"
CITIZENS=${CITIZENS:-50000}
WEEKS=${WEEKS:-156}
ROUNDS=${ROUNDS:-3}

bench_cluster refresh "shared_buffers=256MB" "work_mem=64MB"
release_install_lock

FW="(date_trunc('week', current_date::timestamp)::date - 7 * $WEEKS)"
bench_generate "citizens => $CITIZENS, first_week => $FW, weeks => $WEEKS"

# prepare_run DB: set the last week aside, refresh(full => true), deliver the
# week.  Sets BASE_<DB> (the first full refresh).
prepare_run() {
  local db=$1
  log "setting the last week aside in $db"
  "${PSQL[@]}" -d "$db" <<'SQL'
CREATE SCHEMA lastweek;
-- the registered BI relations, qualified: the registry and the storage live
-- in employment_kpi_internal (in 0.1.0: employment_kpi)
DO $$
BEGIN
    EXECUTE format('CREATE TABLE lastweek.rel AS
                    SELECT position, mv_name,
                           coalesce(to_regclass(%L || quote_ident(mv_name)),
                                    to_regclass(%L || quote_ident(mv_name)))::text AS rel
                      FROM %s',
                   'employment_kpi_internal.', 'employment_kpi.',
                   coalesce(to_regclass('employment_kpi_internal.bi_relation'), to_regclass('employment_kpi.bi_relation')));
END $$;
CREATE TABLE lastweek.w AS SELECT first_week + 7 * (weeks - 1) AS w FROM employment_kpi.synthetic_run;
-- rows that start (or are dated) in the last week: removed now, inserted later
CREATE TABLE lastweek.spell AS SELECT s.* FROM employment_kpi.support_spell s, lastweek.w WHERE s.start_date >= w.w;
CREATE TABLE lastweek.intervention AS SELECT i.* FROM employment_kpi.intervention i, lastweek.w WHERE i.start_date >= w.w;
CREATE TABLE lastweek.assignment AS SELECT a.* FROM employment_kpi.case_assignment a, lastweek.w WHERE a.start_date >= w.w;
CREATE TABLE lastweek.conversation AS SELECT c.* FROM employment_kpi.conversation c, lastweek.w WHERE c.held_on >= w.w;
CREATE TABLE lastweek.expense AS SELECT e.* FROM employment_kpi.expense e, lastweek.w WHERE e.booked_on >= w.w;
-- rows that end in the last week: open before, closed later
CREATE TABLE lastweek.spell_end AS SELECT s.citizen_id, s.source_id, s.end_date, s.exit_reason
  FROM employment_kpi.support_spell s, lastweek.w WHERE s.start_date < w.w AND s.end_date BETWEEN w.w AND w.w + 6;
CREATE TABLE lastweek.intervention_end AS SELECT i.citizen_id, i.source_id, i.end_date
  FROM employment_kpi.intervention i, lastweek.w WHERE i.start_date < w.w AND i.end_date BETWEEN w.w AND w.w + 6;
CREATE TABLE lastweek.assignment_end AS SELECT a.citizen_id, a.source_id, a.end_date
  FROM employment_kpi.case_assignment a, lastweek.w WHERE a.start_date < w.w AND a.end_date BETWEEN w.w AND w.w + 6;
DELETE FROM employment_kpi.conversation c USING lastweek.conversation x WHERE (c.citizen_id, c.source_id) = (x.citizen_id, x.source_id);
DELETE FROM employment_kpi.intervention i USING lastweek.intervention x WHERE (i.citizen_id, i.source_id) = (x.citizen_id, x.source_id);
DELETE FROM employment_kpi.case_assignment a USING lastweek.assignment x WHERE (a.citizen_id, a.source_id) = (x.citizen_id, x.source_id);
DELETE FROM employment_kpi.support_spell s USING lastweek.spell x WHERE (s.citizen_id, s.source_id) = (x.citizen_id, x.source_id);
DELETE FROM employment_kpi.expense e USING lastweek.expense x WHERE e.source_id = x.source_id;
UPDATE employment_kpi.support_spell s SET end_date = NULL, exit_reason = NULL FROM lastweek.spell_end x
 WHERE (s.citizen_id, s.source_id) = (x.citizen_id, x.source_id);
UPDATE employment_kpi.intervention i SET end_date = NULL FROM lastweek.intervention_end x
 WHERE (i.citizen_id, i.source_id) = (x.citizen_id, x.source_id);
UPDATE employment_kpi.case_assignment a SET end_date = NULL FROM lastweek.assignment_end x
 WHERE (a.citizen_id, a.source_id) = (x.citizen_id, x.source_id);
SELECT 'set aside: ' || (SELECT count(*) FROM lastweek.spell) || ' new spells, ' || (SELECT count(*) FROM lastweek.spell_end)
       || ' spell ends, ' || (SELECT count(*) FROM lastweek.intervention) || ' new offers, '
       || (SELECT count(*) FROM lastweek.conversation) || ' conversations' AS info;
SQL
  printf -v "BASE_$db" '%s' "$(timed "$db" "SELECT * FROM employment_kpi.refresh(full => true)")"
  "${PSQL[@]}" -d "$db" -c "VACUUM ANALYZE"

  log "delivering the last week in $db"
  "${PSQL[@]}" -d "$db" <<'SQL'
INSERT INTO employment_kpi.support_spell SELECT * FROM lastweek.spell;
UPDATE employment_kpi.support_spell s SET end_date = x.end_date, exit_reason = x.exit_reason FROM lastweek.spell_end x
 WHERE (s.citizen_id, s.source_id) = (x.citizen_id, x.source_id);
INSERT INTO employment_kpi.intervention SELECT * FROM lastweek.intervention;
UPDATE employment_kpi.intervention i SET end_date = x.end_date FROM lastweek.intervention_end x
 WHERE (i.citizen_id, i.source_id) = (x.citizen_id, x.source_id);
INSERT INTO employment_kpi.case_assignment SELECT * FROM lastweek.assignment;
UPDATE employment_kpi.case_assignment a SET end_date = x.end_date FROM lastweek.assignment_end x
 WHERE (a.citizen_id, a.source_id) = (x.citizen_id, x.source_id);
INSERT INTO employment_kpi.conversation SELECT * FROM lastweek.conversation;
INSERT INTO employment_kpi.expense SELECT * FROM lastweek.expense;
ANALYZE;
SQL
}

# inc_round DB: one refresh() after the delivered week, rolled back; prints
# "relation seconds" per relation and "all seconds" for the call
inc_round() {
  "${PSQL[@]}" -d "$1" -At -F ' ' -c "BEGIN" \
    -c "CREATE TEMP TABLE round_t0 AS SELECT clock_timestamp() AS t" \
    -c "CREATE TEMP TABLE round_r AS SELECT r.view_name, extract(epoch FROM r.finished_at - r.started_at) AS s
          FROM employment_kpi.refresh() r" \
    -c "SELECT view_name, s FROM round_r UNION ALL SELECT 'all', extract(epoch FROM clock_timestamp() - t) FROM round_t0" \
    -c "ROLLBACK"
}

# refresh_run DB: time refresh() and refresh(full => true) and compare their
# contents.  Sets INC, FULL, DIFFS and FAILED.
refresh_run() {
  local db=$1 out
  log "refresh() (incremental) in $db"
  "${PSQL[@]}" -d "$db" -c "CREATE TABLE lastweek.log_mark AS SELECT clock_timestamp() AS t"
  INC=$(timed "$db" "SELECT * FROM employment_kpi.refresh()")
  "${PSQL[@]}" -d "$db" -At <<'SQL'
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT mv_name, rel FROM lastweek.rel LOOP
        EXECUTE format('CREATE TABLE lastweek.%I AS SELECT * FROM %s', 'inc_' || r.mv_name, r.rel);
    END LOOP;
END $$;
SQL
  log "refresh(full => true) in $db"
  FULL=$(timed "$db" "SELECT * FROM employment_kpi.refresh(full => true)")

  echo
  echo "Per relation in $db (from refresh_log):"
  "${PSQL[@]}" -d "$db" -c "
    SELECT l.view_name, string_agg(format('%s %s s', regexp_replace(l.mode, ' from .*', ''),
                                          round(extract(epoch FROM l.finished_at - l.started_at)::numeric, 2)), ' | '
                                   ORDER BY l.started_at) AS \"incremental | full\", max(l.rows) AS rows
      FROM employment_kpi.refresh_log l, lastweek.log_mark m WHERE l.started_at > m.t
     GROUP BY l.view_name ORDER BY min(l.started_at)"
  # rows in one result and not the other, per relation (NOTICEs go to stderr)
  out=$("${PSQL[@]}" -d "$db" -At 2>&1 <<'SQL'
DO $$
DECLARE r record; n bigint; total bigint := 0;
BEGIN
    FOR r IN SELECT mv_name, rel FROM lastweek.rel ORDER BY position LOOP
        EXECUTE format('SELECT (SELECT count(*) FROM (TABLE lastweek.%1$I EXCEPT TABLE %2$s) a)
                             + (SELECT count(*) FROM (TABLE %2$s EXCEPT TABLE lastweek.%1$I) b)',
                       'inc_' || r.mv_name, r.rel) INTO n;
        RAISE NOTICE 'relation % differs in % rows', r.mv_name, n;
        total := total + n;
    END LOOP;
    RAISE NOTICE 'diffs=%', total;
END $$;
SQL
)
  echo "$out" | sed -n 's/.*NOTICE: *relation/  relation/p'
  DIFFS=$(echo "$out" | sed -n 's/.*diffs=//p')
  [ -n "$DIFFS" ] || { echo "$out" >&2; die "could not compare the results in $db"; }
  FAILED=$("${PSQL[@]}" -d "$db" -At -c "SELECT count(*) FROM employment_kpi.refresh_log WHERE NOT ok")
}

for db in "${DBS[@]}"; do prepare_run "$db"; done

# the rounds: every database in turn, the order alternating per round
ROUND_OUT=$(mktemp)
for r in $(seq "$ROUNDS"); do
  order=("${DBS[@]}")
  if [ $((r % 2)) = 0 ] && [ ${#DBS[@]} -gt 1 ]; then order=("${DBS[1]}" "${DBS[0]}"); fi
  for db in "${order[@]}"; do
    log "round $r: refresh() rolled back in $db"
    inc_round "$db" | sed "s/^/$db /" >>"$ROUND_OUT"
  done
done
echo
echo "refresh() after one week, median of $ROUNDS rounds rolled back (seconds):"
awk -v bv="${BASELINE_VERSION:-}" '
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { if (!(($2) in seen)) { seen[$2] = 1; order[++k] = $2 } v[$1, $2] = v[$1, $2] " " $3 }
  END {
    if (bv != "") printf "  %-24s %9s %9s %14s\n", "relation", "current", bv, "before/after"
    else printf "  %-24s %9s\n", "relation", "current"
    for (i = 1; i <= k; i++) {
      c = median(v["bench", order[i]])
      if (bv != "") { b = median(v["bench_base", order[i]]); printf "  %-24s %9.2f %9.2f %14s\n", order[i], c, b, (c > 0 ? sprintf("%.2f", b / c) : "-") }
      else printf "  %-24s %9.2f\n", order[i], c
    }
  }' "$ROUND_OUT"
rm -f "$ROUND_OUT"

refresh_run bench
b=$BASE_bench i=$INC f=$FULL d=$DIFFS x=$FAILED
bb=- bi=- bf=- bd=0 bx=0
if [ -n "${BASELINE_VERSION:-}" ]; then
  refresh_run bench_base
  bb=$BASE_bench_base bi=$INC bf=$FULL bd=$DIFFS bx=$FAILED
fi

awk -v c="$CITIZENS" -v w="$WEEKS" -v g="$GEN_SECONDS" -v b="$b" -v i="$i" -v f="$f" -v d="$d" -v x="$x" \
    -v bv="${BASELINE_VERSION:-}" -v bb="$bb" -v bi="$bi" -v bf="$bf" -v bd="$bd" -v bx="$bx" 'BEGIN {
  printf "\nrefresh benchmark: %d citizens x %d weeks (generated in %.1f s; first full refresh %.2f s)\n", c, w, g, b
  printf "  refresh() after one week of new data: %8.2f s\n", i
  printf "  refresh(full => true):                %8.2f s\n", f
  printf "  ratio full / incremental:             %8.1f x  (target >= 10)\n", f / i
  printf "  differences between the two results:  %8d rows; failed relations: %d\n", d, x
  if (bv != "") {
    printf "  baseline %s: first full refresh %.2f s (before/after %.2f)\n", bv, bb, bb / b
    printf "    refresh() after one week:           %8.2f s  before/after %.2f\n", bi, bi / i
    printf "    refresh(full => true):              %8.2f s  before/after %.2f\n", bf, bf / f
    printf "    differences: %d rows; failed relations: %d\n", bd, bx
  }
}'
[ "$d" = 0 ] && [ "$x" = 0 ] && [ "$bd" = 0 ] && [ "$bx" = 0 ]
