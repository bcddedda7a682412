# What the benchmarks of test/bench share (sourced, not run): their
# throwaway cluster and databases, the server-clock timer, and the same
# measurement against an older version of the extension in the same run.
#
# BASELINE_VERSION=<version> (e.g. BASELINE_VERSION=0.1.0 with the previous
# release) makes bench_cluster create a second database, bench_base, with
# CREATE EXTENSION employment_kpi VERSION '<version>' (its install script is
# installed with the current one); bench_generate loads the same synthetic
# municipality into both, and the benchmarks that support it (effects,
# scorecard, refresh) time every step in both and print before/after ratios
# (baseline time / current time: above 1 = faster now).  Both databases run
# on the one installed library, so the comparison measures the SQL of the
# two versions over the current C code.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
cd "$TOP"

# bench_cluster NAME [postgres -c settings...]
# throwaway_cluster (first free port from 57532, no fsync) with database
# bench at the default version and, with BASELINE_VERSION, bench_base.
# DBS lists the databases, bench first.  The install lock stays held;
# release_install_lock gives it up.
bench_cluster() {
  local name=$1; shift
  throwaway_cluster "$name" 57532 "fsync=off" "synchronous_commit=off" "full_page_writes=off" "$@"
  throwaway_database bench
  DBS=(bench)
  if [ -n "${BASELINE_VERSION:-}" ]; then
    log "baseline: database bench_base with employment_kpi $BASELINE_VERSION"
    throwaway_database bench_base "$BASELINE_VERSION"
    DBS+=(bench_base)
  fi
}

# timed DB QUERY: seconds (float) the server takes for QUERY in DB.  The
# whole row is counted so that every column is computed (count(*) would let
# the planner drop unused subquery columns, e.g. a correlated count).
# SETTINGS (e.g. "SET jit = off") run before it in the same session.
timed() {
  local out
  out=$("${PSQL[@]}" -d "$1" -At ${SETTINGS:+-c "$SETTINGS"} -c "
    DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
      PERFORM pg_catalog.count(q.*) FROM ($2) AS q;
      RAISE NOTICE 'secs=%', extract(epoch FROM clock_timestamp() - t0);
    END \$\$" 2>&1) || { printf '%s\n' "$out" >&2; die "timed query failed in $1"; }
  printf '%s\n' "$out" | sed -n 's/.*secs=//p'
}

# best N DB QUERY: the minimum of N runs of timed
best() {
  local n=$1 b="" t
  shift
  for _ in $(seq "$n"); do
    t=$(timed "$@")
    b=$(awk -v a="$t" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
  done
  echo "$b"
}

# median3 DB QUERY: the median of three runs of timed
median3() {
  { timed "$@"; timed "$@"; timed "$@"; } | sort -g | sed -n 2p
}

# ratio A B: A / B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# data_fingerprint DB: one md5 over the facts and organisation a benchmark
# reads, to check that two databases hold the same municipality
data_fingerprint() {
  "${PSQL[@]}" -d "$1" -At -c "
    SELECT md5(string_agg(h, ',' ORDER BY t)) FROM (
      SELECT 'team' AS t, md5(string_agg(x::text, ';' ORDER BY x::text)) AS h FROM employment_kpi.team x
      UNION ALL SELECT 'caseworker', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.caseworker x
      UNION ALL SELECT 'support_spell', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.support_spell x
      UNION ALL SELECT 'case_assignment', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.case_assignment x
      UNION ALL SELECT 'conversation', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.conversation x
      UNION ALL SELECT 'intervention', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.intervention x
      UNION ALL SELECT 'expense', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.expense x) AS f"
}

# bench_generate ARGS: generate_synthetic(ARGS) in every database of DBS;
# GEN_SECONDS is the time it took in bench.  With a baseline the two
# municipalities must be the same (their facts are compared) or the run
# stops: the before/after ratios would compare different work.
bench_generate() {
  local db
  for db in "${DBS[@]}"; do
    log "generating the synthetic municipality in $db: generate_synthetic($1)"
    if [ "$db" = bench ]; then
      GEN_SECONDS=$(timed "$db" "SELECT * FROM employment_kpi.generate_synthetic($1)")
    else
      "${PSQL[@]}" -d "$db" -c "SELECT * FROM employment_kpi.generate_synthetic($1)" >/dev/null
    fi
  done
  if [ ${#DBS[@]} -gt 1 ]; then
    [ "$(data_fingerprint bench)" = "$(data_fingerprint bench_base)" ] \
      || die "employment_kpi $BASELINE_VERSION generates a different municipality from the same arguments"
    log "bench and bench_base hold the same municipality"
  fi
}

# on_all SQL...: run psql commands in every database of DBS
on_all() {
  local db c args
  for db in "${DBS[@]}"; do
    args=()
    for c in "$@"; do args+=(-c "$c"); done
    "${PSQL[@]}" -d "$db" "${args[@]}" >/dev/null
  done
}

# ---- the national-size measurement (test/bench/national_bench.sh) ----------
# Everything below works against any database reachable through PSQL,
# PGHOST, PGPORT and PGUSER (a superuser: it reads the backend's own
# /proc/self/status through pg_read_file), not only a throwaway cluster:
#   source test/bench/lib.sh  (then set PGHOST/PGPORT, PSQL=(psql -X -q -v ON_ERROR_STOP=1))
#   NATIONAL_RESULTS=/tmp/r.tsv national_generate DB N FIRST_WEEK
#   NATIONAL_RESULTS=/tmp/r.tsv national_measure DB N
#   national_table /tmp/r.tsv

# lastweek_set_aside DB: set the facts dated in the synthetic municipality's
# last ISO week aside in schema lastweek (spells, offers and assignments
# starting in it and conversations and bookings in it removed, end dates and
# exit reasons falling in it cleared), so that the database holds what was
# known at the end of the week before.
lastweek_set_aside() {
  "${PSQL[@]}" -d "$1" <<'SQL'
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
}

# lastweek_deliver DB: deliver the week set aside as an ETL would (insert
# the new rows, set the end dates), then ANALYZE.
lastweek_deliver() {
  "${PSQL[@]}" -d "$1" <<'SQL'
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

# measure DB QUERY: run QUERY (all of its rows, as timed) in a fresh
# connection of its own and set M_SECS (server clock), M_HWM_KB (VmHWM: the
# backend's peak resident memory, including the pages of shared buffers it
# touched), M_SHM_KB (RssShmem at the end: those shared pages, which
# VmHWM - M_SHM_KB roughly leaves out), M_TEMP_FILES and M_TEMP_BYTES (the
# database's temp-file counters before and after; nothing else should run
# in DB meanwhile).  pg_stat_force_next_flush makes the backend publish its
# temp-file counts when it goes idle after the query.
measure() {
  local out
  out=$("${PSQL[@]}" -d "$1" -At 2>&1 <<SQL
SELECT temp_files AS tf0, temp_bytes AS tb0 FROM pg_catalog.pg_stat_database WHERE datname = pg_catalog.current_database() \gset
DO \$m\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
  PERFORM pg_catalog.count(q.*) FROM ($2) AS q;
  RAISE NOTICE 'secs=%', extract(epoch FROM clock_timestamp() - t0);
END \$m\$;
SELECT pg_catalog.pg_stat_force_next_flush();
SELECT 'mem=' || coalesce(substring(s FROM 'VmHWM:\s*(\d+)'), '-') || ' ' || coalesce(substring(s FROM 'RssShmem:\s*(\d+)'), '-')
  FROM pg_catalog.pg_read_file('/proc/self/status') AS s;
SELECT 'temp=' || (temp_files - :tf0) || ' ' || (temp_bytes - :tb0)
  FROM pg_catalog.pg_stat_database WHERE datname = pg_catalog.current_database();
SQL
) || { printf '%s\n' "$out" >&2; die "measured query failed in $1"; }
  M_SECS=$(printf '%s\n' "$out" | sed -n 's/.*secs=//p')
  read -r M_HWM_KB M_SHM_KB <<<"$(printf '%s\n' "$out" | sed -n 's/^mem=//p')"
  read -r M_TEMP_FILES M_TEMP_BYTES <<<"$(printf '%s\n' "$out" | sed -n 's/^temp=//p')"
}

# timed_do DB STATEMENTS: seconds (server clock) that PL/pgSQL STATEMENTS
# take in DB (for floors that write: an INSERT cannot be a subquery)
timed_do() {
  local out
  out=$("${PSQL[@]}" -d "$1" -At -c "
    DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
      $2;
      RAISE NOTICE 'secs=%', extract(epoch FROM clock_timestamp() - t0);
    END \$\$" 2>&1) || { printf '%s\n' "$out" >&2; die "timed statements failed in $1"; }
  printf '%s\n' "$out" | sed -n 's/.*secs=//p'
}

# national_record N STEP FLOOR_SECS: append the last measure and its floor
# to NATIONAL_RESULTS (tab-separated: citizens, step, secs, floor secs, peak
# kB, shared kB, temp files, temp bytes) and log it
national_record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$M_SECS" "$3" "$M_HWM_KB" "$M_SHM_KB" \
    "$M_TEMP_FILES" "$M_TEMP_BYTES" >>"$NATIONAL_RESULTS"
  log "$1 citizens, $2: $M_SECS s (floor $3 s), VmHWM $M_HWM_KB kB, temp files $M_TEMP_FILES ($M_TEMP_BYTES bytes)"
}

# The fact tables' own rows, read from the heap (a non-key column, so no
# index-only scan stands in for the scan)
NATIONAL_FACT_SCAN="SELECT (SELECT count(s.end_date) FROM employment_kpi.support_spell s)
     + (SELECT count(a.end_date) FROM employment_kpi.case_assignment a)
     + (SELECT count(c.status) FROM employment_kpi.conversation c)
     + (SELECT count(i.end_date) FROM employment_kpi.intervention i)
     + (SELECT count(e.amount_dkk) FROM employment_kpi.expense e)"

# national_generate DB N FIRST_WEEK: step "generate": generate_synthetic
# (N citizens x 156 weeks from FIRST_WEEK, seed 1) in an empty database;
# floor: writing the same rows again (INSERT ... SELECT of every generated
# table into a copy without indexes, constraints or triggers)
national_generate() {
  local db=$1 n=$2 fw=$3 floor
  log "$n citizens: generate_synthetic in $db"
  measure "$db" "SELECT * FROM employment_kpi.generate_synthetic(citizens => $n, first_week => '$fw', weeks => 156, seed => 1)"
  "${PSQL[@]}" -d "$db" >/dev/null <<'SQL'
CREATE SCHEMA national_floor;
SELECT format('CREATE TABLE national_floor.%I (LIKE employment_kpi.%I)', t, t)
  FROM unnest(ARRAY['team', 'caseworker', 'support_spell', 'case_assignment', 'conversation', 'intervention', 'expense',
                    'budget_area', 'budget', 'budget_month', 'synthetic_truth', 'synthetic_caseworker_truth']) AS t \gexec
SQL
  floor=$(timed_do "$db" "DECLARE r record; BEGIN
            FOR r IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'national_floor'::regnamespace AND c.relkind = 'r' LOOP
              EXECUTE format('INSERT INTO national_floor.%I SELECT * FROM employment_kpi.%I', r.relname, r.relname);
            END LOOP;
          END")
  "${PSQL[@]}" -d "$db" -c "DROP SCHEMA national_floor CASCADE"
  national_record "$n" generate "$floor"
}

# national_measure DB N: the steps after the generator, on the municipality
# of N citizens in DB, each with its floor (a scan of the rows it must read)
# measured just before it:
#   refresh_full  the last week set aside, VACUUM ANALYZE, refresh(full => true);
#                 floor: every fact row
#   incremental   the week delivered, refresh(); floor: every fact row of the
#                 citizens with a fact in that week (what a citizen-level
#                 recomputation must read at least)
#   effect        intervention_effect(26, the quarter two years before the data's
#                 end, the data's end - 26 weeks); floor: the spells and offers
#   caseworker    caseworker_week(w, w), w the data's last ISO week (13-week
#                 window); floor: the fact rows overlapping the window
# NATIONAL_REFRESH=no leaves out the two refresh steps (the longest by far),
# e.g. to measure the functions at a size whose full refresh takes too long.
national_measure() {
  local db=$1 n=$2 floor w
  if [ "${NATIONAL_REFRESH:-yes}" = yes ]; then
    national_measure_refresh "$db" "$n"
  else
    log "$n citizens: NATIONAL_REFRESH=$NATIONAL_REFRESH: no refresh steps"
    "${PSQL[@]}" -d "$db" -c "VACUUM ANALYZE"
  fi

  floor=$(best 2 "$db" "SELECT (SELECT count(s.end_date) FROM employment_kpi.support_spell s)
                             + (SELECT count(i.end_date) FROM employment_kpi.intervention i)")
  log "$n citizens: intervention_effect(26) in $db"
  measure "$db" "SELECT * FROM employment_kpi.intervention_effect(26,
                   date_trunc('quarter', employment_kpi.data_end() - interval '2 years')::date,
                   employment_kpi.data_end() - 7 * 26)"
  national_record "$n" effect "$floor"

  w=$("${PSQL[@]}" -d "$db" -At -c "SELECT employment_kpi.iso_monday(employment_kpi.data_end())")
  floor=$(best 2 "$db" "SELECT (SELECT count(s.end_date) FROM employment_kpi.support_spell s
                                 WHERE s.start_date <= '$w'::date + 6 AND coalesce(s.end_date, 'infinity') >= '$w'::date - 84)
                             + (SELECT count(a.end_date) FROM employment_kpi.case_assignment a
                                 WHERE a.start_date <= '$w'::date + 6 AND coalesce(a.end_date, 'infinity') >= '$w'::date - 84)
                             + (SELECT count(c.status) FROM employment_kpi.conversation c
                                 WHERE c.held_on BETWEEN '$w'::date - 84 AND '$w'::date + 6)
                             + (SELECT count(i.end_date) FROM employment_kpi.intervention i
                                 WHERE i.start_date <= '$w'::date + 6 AND coalesce(i.end_date, 'infinity') >= '$w'::date - 84)")
  log "$n citizens: caseworker_week('$w', '$w') in $db"
  measure "$db" "SELECT * FROM employment_kpi.caseworker_week('$w', '$w')"
  national_record "$n" caseworker "$floor"
}

# national_measure_refresh DB N: the steps refresh_full and incremental of
# national_measure
national_measure_refresh() {
  local db=$1 n=$2 floor
  # (NATIONAL_SET_ASIDE=done: the caller set the week aside already, e.g.
  # before distributing the tables: citus_bench.sh)
  if [ "${NATIONAL_SET_ASIDE:-}" != done ]; then
    log "$n citizens: setting the last week aside in $db"
    lastweek_set_aside "$db"
  fi
  "${PSQL[@]}" -d "$db" -c "VACUUM ANALYZE"
  floor=$(best 2 "$db" "$NATIONAL_FACT_SCAN")
  log "$n citizens: refresh(full => true) in $db"
  measure "$db" "SELECT * FROM employment_kpi.refresh(full => true)"
  national_record "$n" refresh_full "$floor"

  log "$n citizens: delivering the last week in $db"
  lastweek_deliver "$db"
  floor=$(best 2 "$db" "
    WITH c AS (SELECT citizen_id FROM lastweek.spell UNION SELECT citizen_id FROM lastweek.spell_end
               UNION SELECT citizen_id FROM lastweek.intervention UNION SELECT citizen_id FROM lastweek.intervention_end
               UNION SELECT citizen_id FROM lastweek.assignment UNION SELECT citizen_id FROM lastweek.assignment_end
               UNION SELECT citizen_id FROM lastweek.conversation)
    SELECT (SELECT count(s.end_date) FROM employment_kpi.support_spell s WHERE s.citizen_id IN (TABLE c))
         + (SELECT count(a.end_date) FROM employment_kpi.case_assignment a WHERE a.citizen_id IN (TABLE c))
         + (SELECT count(x.status) FROM employment_kpi.conversation x WHERE x.citizen_id IN (TABLE c))
         + (SELECT count(i.end_date) FROM employment_kpi.intervention i WHERE i.citizen_id IN (TABLE c))
         + (SELECT count(e.amount_dkk) FROM lastweek.expense e)")
  log "$n citizens: refresh() after one week in $db"
  measure "$db" "SELECT * FROM employment_kpi.refresh()"
  national_record "$n" incremental "$floor"
  # where the two refreshes spent their time, per relation
  "${PSQL[@]}" -d "$db" -At -F$'\t' -c "
    SELECT $n, l.view_name, string_agg(format('%s %s s', regexp_replace(l.mode, ' from .*', ''),
                                              round(extract(epoch FROM l.finished_at - l.started_at)::numeric, 2)), ' | '
                                       ORDER BY l.started_at), max(l.rows)
      FROM employment_kpi.refresh_log l GROUP BY l.view_name ORDER BY min(l.started_at)" \
    | tee -a "$NATIONAL_RESULTS.relations" >&2
}

# national_table FILE: the results of FILE (national_record's lines, any
# number of sizes, in any order) as one table, then the growth exponent
# log(t2/t1) / log(n2/n1) of each step between consecutive sizes (of the
# time and of the floor)
national_table() {
  sort -t$'\t' -k1,1n "$1" | awk -F'\t' '
    BEGIN { split("generate refresh_full incremental effect caseworker", order, " ") }
    { key = $1 SUBSEP $2; t[key] = $3; f[key] = $4; hwm[key] = $5; shm[key] = $6; tf[key] = $7; tb[key] = $8
      if (!($1 in seen)) { seen[$1] = 1; sizes[++ns] = $1 } }
    END {
      printf "%-9s | %-12s | %9s | %8s | %7s | %9s | %9s | %s\n", "citizens", "step", "time s", "floor s", "ratio", "peak MB", "shared MB", "temp MB (files)"
      for (i = 1; i <= ns; i++) for (j = 1; j <= 5; j++) {
        key = sizes[i] SUBSEP order[j]
        if (!(key in t)) continue
        printf "%-9d | %-12s | %9.2f | %8.3f | %7.1f | %9.1f | %9.1f | %8.1f (%s)\n", sizes[i], order[j], t[key], f[key],
               (f[key] > 0 ? t[key] / f[key] : 0), hwm[key] / 1024, shm[key] / 1024, tb[key] / 1048576, tf[key]
      }
      if (ns < 2) exit
      printf "\ngrowth exponent log(t2/t1)/log(n2/n1) (1.00 = linear): time (floor)\n"
      printf "%-12s", "step"
      for (i = 2; i <= ns; i++) printf " | %17s", sizes[i - 1] "->" sizes[i]
      printf "\n"
      for (j = 1; j <= 5; j++) {
        printf "%-12s", order[j]
        for (i = 2; i <= ns; i++) {
          a = sizes[i - 1] SUBSEP order[j]; b = sizes[i] SUBSEP order[j]
          if ((a in t) && (b in t) && t[a] > 0 && f[a] > 0)
            printf " | %17s", sprintf("%.2f (%.2f)", log(t[b] / t[a]) / log(sizes[i] / sizes[i - 1]),
                                      log(f[b] / f[a]) / log(sizes[i] / sizes[i - 1]))
          else printf " | %17s", "-"
        }
        printf "\n"
      }
    }'
}
