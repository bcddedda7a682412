#!/usr/bin/env bash
# The upgrade test (run by scripts/test.sh against its throwaway cluster; the
# environment names the cluster: PGHOST, PGPORT, PGUSER, PGBIN).
#
# A municipality installs the previous release, loads its data (here the
# synthetic municipality, plus the edits a real user makes: a target group
# of its own, a deleted seed rule and group, a relabelled group, a changed
# and a re-keyed step of the refund staircase, an import with rejects, a
# report section of its own) and refreshes the BI views.  Then:
#   1. ALTER EXTENSION employment_kpi UPDATE keeps every row of its data;
#   2. the updated database, dumped and restored into a new database (which
#      makes a fresh install of the new version holding the same data),
#      has the same extension objects as the fresh install, line by line;
#   3. after refresh() in both (incremental in the updated one, from empty
#      in the fresh one) every table, every kpi_* view and the results of
#      the public functions are the same.
# Prints TAP lines ("ok N - ...") for scripts/test.sh to count.
set -uo pipefail
cd "$(dirname "$0")"
FROM=${EKPI_UPGRADE_FROM:-0.1.0}
OLD=ekpi_upgrade_old
NEW=ekpi_upgrade_new
OUT=${EKPI_UPGRADE_OUT:-$(mktemp -d /tmp/employment_kpi-upgrade.XXXXXX)}
mkdir -p "$OUT"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
n=0
source ../lib/check.sh   # (the script runs in its own folder)
same() { diff -u "$1" "$2"; }

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $OLD" -c "DROP DATABASE IF EXISTS $NEW" -c "CREATE DATABASE $OLD"

check "install $FROM and load a municipality's data" "${PSQL[@]}" -d "$OLD" <<EOF
CREATE EXTENSION employment_kpi VERSION '$FROM' CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 1500, first_week => '2023-01-02', weeks => 78, seed => 7);
-- what users do to the reference data and the imports
INSERT INTO employment_kpi.citizen_group (group_code, label, label_da) VALUES ('local_project', 'Local project', 'Lokalt projekt');
DELETE FROM employment_kpi.contact_rule WHERE rule_id = 'lab31_revalidering_4in6m';
DELETE FROM employment_kpi.citizen_group WHERE group_code = 'revalidering';
UPDATE employment_kpi.citizen_group SET label = 'Dagpenge (own label)' WHERE group_code = 'dagpenge';
UPDATE employment_kpi.refund_rate SET rate = 0.25 WHERE from_week = 53;
UPDATE employment_kpi.refund_rate SET from_week = 6 WHERE from_week = 5;
INSERT INTO employment_kpi.refund_rate VALUES (5, 5, 0.5);
UPDATE employment_kpi.contact_rule SET min_conversations = 3 WHERE rule_id = 'l1750_ledighedsydelse_portfolio';
UPDATE employment_kpi.intervention_type SET label = 'Mentor (own label)' WHERE type_code = 'mentor';
CREATE TABLE public.spell_stage (citizen_id text, source_id text, group_code text, start_date text,
                                 end_date text, exit_reason text, weekly_benefit_dkk text);
INSERT INTO public.spell_stage VALUES
 ('up-1', 'a', 'dagpenge', '2024-02-05', '2024-04-30', 'job', '4500'),
 ('up-2', 'b', 'no_such_group', '2024-02-05', NULL, NULL, NULL),
 ('up-3', 'c', 'dagpenge', '2024-13-40', NULL, NULL, NULL);
SELECT * FROM employment_kpi.import_support_spell('public.spell_stage');
CREATE FUNCTION public.own_section(week date) RETURNS SETOF text LANGUAGE sql
AS \$\$ SELECT 'own section for ' || week \$\$;
INSERT INTO employment_kpi.report_section VALUES (1000, 'Our own section', 'public.own_section(date)');
SELECT count(*) FROM employment_kpi.refresh();
EOF

user_tables="'budget','budget_area','budget_month','case_assignment','caseworker','citizen_group','config','contact_rule','conversation','expense','import_reject','intervention','intervention_type','refund_rate','support_spell','synthetic_caseworker_truth','synthetic_run','synthetic_truth','team'"
# The municipality's data as the previous release stores it: every row of
# its tables in the columns that release has (an update may add columns),
# except that of the seeded reference tables only the rows it added or
# changed count (seeded = false: the pristine seeds are the extension's, and
# an update may change them), and the seeds it deleted (the tombstones).
old_columns=$("${PSQL[@]}" -d "$OLD" -F'|' -c "
  SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum), bool_or(a.attname = 'seeded')
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relname IN ($user_tables)
   GROUP BY c.relname ORDER BY 1")
user_data() {
  local t cols seeded where tombstones
  while IFS='|' read -r t cols seeded; do
    where=; [ "$seeded" = t ] && where="WHERE NOT seeded"
    echo "employment_kpi.$t: $("${PSQL[@]}" -d "$OLD" -c "SELECT count(*) || ' rows ' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM (SELECT $cols FROM employment_kpi.$t $where) x")"
  done <<<"$old_columns"
  tombstones=$("${PSQL[@]}" -d "$OLD" -c "SELECT coalesce(to_regclass('employment_kpi_internal.seed_removed'), to_regclass('employment_kpi.seed_removed'))")
  # (a key of several columns is a JSON array: refund_rate's key became
  # (effective_from, from_week) in 1.0.0; its old part is the last element)
  "${PSQL[@]}" -d "$OLD" -c "SELECT 'deleted seeds: ' || coalesce(string_agg(s.table_name || ' ' || s.k, ', ' ORDER BY s.table_name, s.k), '')
    FROM (SELECT t.table_name, CASE WHEN t.key_value LIKE '[%' THEN (t.key_value::jsonb) ->> -1 ELSE t.key_value END AS k
            FROM $tombstones t) s"
}
user_data >"$OUT/before.txt"
# report sections: the user's own (positions from 1000) are data; the
# extension's own point at its functions, which an update may move
own_sections() {
  "${PSQL[@]}" -d "$OLD" -c "SELECT position, title, section_function::oid FROM employment_kpi.report_section WHERE position >= 1000 ORDER BY 1"
}
own_sections >>"$OUT/before.txt"

check "ALTER EXTENSION employment_kpi UPDATE from $FROM" "${PSQL[@]}" -d "$OLD" \
  -c "ALTER EXTENSION employment_kpi UPDATE" \
  -c "DO \$\$ BEGIN IF (SELECT extversion FROM pg_extension WHERE extname = 'employment_kpi') <> (SELECT default_version FROM pg_available_extensions WHERE name = 'employment_kpi') THEN RAISE EXCEPTION 'not updated'; END IF; END \$\$"
user_data >"$OUT/after.txt"
own_sections >>"$OUT/after.txt"
check "the update keeps every row of the municipality's data" same "$OUT/before.txt" "$OUT/after.txt"
check "refresh() after the update succeeds for every relation" "${PSQL[@]}" -d "$OLD" \
  -c "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM employment_kpi.refresh() WHERE NOT ok) THEN RAISE EXCEPTION 'a relation failed'; END IF; END \$\$"

# The same data in a fresh install of the new version: dump and restore.
"$PGBIN/pg_dump" -Fc -f "$OUT/old.dump" "$OLD"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $NEW"
check "the updated database restores into a fresh install" "$PGBIN/pg_restore" --exit-on-error -d "$NEW" "$OUT/old.dump"
check "refresh() in the fresh install" "${PSQL[@]}" -d "$NEW" \
  -c "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM employment_kpi.refresh() WHERE NOT ok) THEN RAISE EXCEPTION 'a relation failed'; END IF; END \$\$"

for db in "$OLD" "$NEW"; do
  "${PSQL[@]}" -d "$db" -f catalog.sql >"$OUT/$db.catalog"
  "${PSQL[@]}" -d "$db" -v what=tables -f state.sql >"$OUT/$db.tables"
  "${PSQL[@]}" -d "$db" -v what=outputs -f state.sql >"$OUT/$db.outputs"
done
check "updated and fresh install have the same objects ($(wc -l <"$OUT/$NEW.catalog") lines)" \
  same "$OUT/$NEW.catalog" "$OUT/$OLD.catalog"
check "every table holds the same rows ($(wc -l <"$OUT/$NEW.tables") tables)" same "$OUT/$NEW.tables" "$OUT/$OLD.tables"
check "every view and public function gives the same result ($(wc -l <"$OUT/$NEW.outputs") items)" \
  same "$OUT/$NEW.outputs" "$OUT/$OLD.outputs"
echo "1..$n"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $OLD" -c "DROP DATABASE $NEW"
[ -n "${EKPI_UPGRADE_OUT:-}" ] || rm -rf "$OUT"
