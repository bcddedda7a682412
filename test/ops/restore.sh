#!/usr/bin/env bash
# The restore test (run by scripts/test.sh against its throwaway cluster; the
# environment names the cluster: PGHOST, PGPORT, PGUSER, PGBIN).
#
# A municipality's database with data, user edits, an import with rejects, a
# reader and a refreshed BI layer is dumped with pg_dump -Fc and restored
# with pg_restore into a new database, as docs/operations.md describes.
# Then:
#   1. kpi_refresh_status says every relation is empty (the dump holds no
#      summary tables) and the kpi_* views are empty;
#   2. the documented command, SELECT * FROM employment_kpi.refresh(),
#      rebuilds every relation in full, without error, and the status is ok;
#   3. every kpi_* view (and every summary table behind them) holds exactly
#      the rows of the source database (EXCEPT ALL both ways), and the
#      status reports the same data end and rows as in the source;
#   4. the reader restored with the dump reads the views and the status.
# Prints TAP lines ("ok N - ...") for scripts/test.sh to count.
set -uo pipefail
cd "$(dirname "$0")"
SRC=ekpi_ops_src
DST=ekpi_ops_dst
READER=ekpi_ops_reader
OUT=${EKPI_OPS_OUT:-$(mktemp -d /tmp/employment_kpi-ops-restore.XXXXXX)}
mkdir -p "$OUT"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
n=0
source ../lib/check.sh   # (the script runs in its own folder)
# sql_true DB QUERY: the query's last result is the single value t
sql_true() {
  local v
  v=$("${PSQL[@]}" -d "$1" -c "$2") || return 1
  [ "$v" = t ] || { echo "expected t, got: $v"; return 1; }
}

"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $SRC" \
  -c "DROP DATABASE IF EXISTS $DST" -c "DROP ROLE IF EXISTS $READER" -c "CREATE ROLE $READER LOGIN" \
  -c "CREATE DATABASE $SRC"

check "a municipality's database: data, edits, an import with rejects, a reader, refreshed" "${PSQL[@]}" -d "$SRC" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 1000, first_week => '2023-01-02', weeks => 78, seed => 11);
UPDATE employment_kpi.config SET suppression_k = 3;
INSERT INTO employment_kpi.citizen_group (group_code, label, label_da) VALUES ('local_project', 'Local project', 'Lokalt projekt');
UPDATE employment_kpi.intervention_type SET label = 'Mentor (own label)' WHERE type_code = 'mentor';
SELECT employment_kpi.grant_reader('$READER');
SELECT count(*) FROM employment_kpi.refresh();
-- a week of new data through the import, with rejects, applied incrementally
CREATE TABLE public.spell_stage (citizen_id text, source_id text, group_code text, start_date text,
                                 end_date text, exit_reason text, weekly_benefit_dkk text);
INSERT INTO public.spell_stage
SELECT 'ops-' || g, 'a', 'dagpenge', '2024-06-03', NULL, NULL, '4500' FROM generate_series(1, 40) g;
INSERT INTO public.spell_stage VALUES ('ops-bad-1', 'a', 'no_such_group', '2024-06-03', NULL, NULL, NULL),
                                      ('ops-bad-2', 'a', 'dagpenge', '2024-13-40', NULL, NULL, NULL);
DO \$\$ BEGIN IF (SELECT rejected FROM employment_kpi.import_support_spell('public.spell_stage')) <> 2 THEN
  RAISE EXCEPTION 'expected 2 rejects'; END IF; END \$\$;
DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM employment_kpi.refresh() WHERE NOT ok OR mode = 'full') THEN
  RAISE EXCEPTION 'the incremental refresh failed or was full'; END IF; END \$\$;
SQL
check "the source's status is ok for every relation" sql_true "$SRC" \
  "SELECT bool_and(status = 'ok') AND count(*) > 0 FROM employment_kpi.kpi_refresh_status"

"$PGBIN/pg_dump" -Fc -f "$OUT/src.dump" "$SRC"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DST"
t0=$(date +%s.%N)
check "pg_restore into a new database" "$PGBIN/pg_restore" --exit-on-error -d "$DST" "$OUT/src.dump"
t1=$(date +%s.%N)

"${PSQL[@]}" -d "$DST" -F' ' -c "SELECT relation, status, rows, pending_changes FROM employment_kpi.kpi_refresh_status" \
  | sed 's/^/# after the restore (relation, status, rows, pending changes): /'
check "after the restore kpi_refresh_status says every relation is empty" sql_true "$DST" \
  "SELECT bool_and(status = 'empty' AND rows = 0 AND refreshed_at IS NULL AND data_end IS NULL) AND count(*) > 0
     FROM employment_kpi.kpi_refresh_status"
# (kpi_data_quality is computed from the facts when read: it is not stored)
check "after the restore every kpi_* view of the BI storage is empty" "${PSQL[@]}" -d "$DST" -f compare.sql -c "
  DO \$\$ DECLARE r record; k bigint; BEGIN
    FOR r IN SELECT * FROM ops_check.relations(false) WHERE name <> 'kpi_data_quality' LOOP
      EXECUTE format('SELECT count(*) FROM %s', r.rel) INTO k;
      IF k <> 0 THEN RAISE EXCEPTION '% holds % rows', r.name, k; END IF;
    END LOOP; END \$\$"

# the documented command (docs/operations.md)
t2=$(date +%s.%N)
"${PSQL[@]}" -d "$DST" -F' ' -c "SELECT view_name, mode, rows, ok FROM employment_kpi.refresh()" >"$OUT/refresh.txt" 2>&1
t3=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v size="$(stat -c %s "$OUT/src.dump")" \
  'BEGIN { printf "# dump %.1f MB; pg_restore %.1f s; the refresh after it %.1f s\n", size / 1048576, b - a, d - c }'
sed 's/^/# refresh() (relation, mode, rows, ok): /' "$OUT/refresh.txt"
check "SELECT * FROM employment_kpi.refresh() rebuilds every relation in full, without error" \
  awk '$2 != "full" || $4 != "t" { bad = 1; print "not full or failed: " $0 } { n++ }
       END { exit (bad || n == 0) }' "$OUT/refresh.txt"
check "then kpi_refresh_status says ok for every relation" sql_true "$DST" \
  "SELECT bool_and(status = 'ok' AND pending_changes = 0) FROM employment_kpi.kpi_refresh_status"

# the source's views and summary tables, copied into the restored database
"${PSQL[@]}" -d "$DST" -f compare.sql -c "SELECT count(*) FROM ops_check.prepare('src', true)" >/dev/null
copied=0
for rel in $("${PSQL[@]}" -d "$DST" -c "SELECT rel || '=' || name FROM ops_check.relations(true)"); do
  "${PSQL[@]}" -d "$SRC" -c "COPY (SELECT * FROM ${rel%%=*}) TO STDOUT" \
    | "${PSQL[@]}" -d "$DST" -c "COPY ops_check.\"src:${rel#*=}\" FROM STDIN" && copied=$((copied + 1))
done
"${PSQL[@]}" -d "$DST" -F' ' -c "SELECT * FROM ops_check.diff('src', true)" >"$OUT/diff.txt"
sed 's/^/# relation, rows, only restored, only source: /' "$OUT/diff.txt"
views=$("${PSQL[@]}" -d "$DST" -c "SELECT count(*) FROM ops_check.relations(false)")
check "every kpi_* view ($views) and summary table ($copied relations in all) equals the source's" \
  awk -v want="$copied" '{ n++ } $3 != 0 || $4 != 0 { bad = 1 } END { exit (bad || n != want || n == 0) }' "$OUT/diff.txt"
src_status=$("${PSQL[@]}" -d "$SRC" -c "SELECT string_agg(relation || ' ' || status || ' ' || data_end || ' ' || rows, ', ' ORDER BY relation) FROM employment_kpi.kpi_refresh_status")
check "the status reports the source's data end and rows" sql_true "$DST" "
  SELECT string_agg(relation || ' ' || status || ' ' || data_end || ' ' || rows, ', ' ORDER BY relation) = '$src_status'
    FROM employment_kpi.kpi_refresh_status"
check "the restored reader reads the views and the status" sql_true "$DST" "
  SET ROLE $READER;
  SELECT (SELECT count(*) FROM employment_kpi.kpi_group_week) > 0
     AND (SELECT bool_and(status = 'ok') FROM employment_kpi.kpi_refresh_status)"
check "a second refresh() finds nothing to do" sql_true "$DST" \
  "SELECT bool_and(mode = 'unchanged' AND ok) FROM employment_kpi.refresh()"
echo "1..$n"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $SRC" -c "DROP DATABASE $DST" -c "DROP ROLE $READER"
[ -n "${EKPI_OPS_OUT:-}" ] || rm -rf "$OUT"
