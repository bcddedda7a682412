#!/usr/bin/env bash
# tables.sh DB_A DB_B LABEL [TABLE...]: compares every table of schema
# employment_kpi (or only the TABLEs named) in the two databases and prints
# a TAP line per table: ok when both hold the same rows, compared as text,
# sorted, without the timestamp columns (the time a row was written is no
# result).  Environment as compare.sh: PGBIN, PGHOST/PGPORT/PGUSER (both
# databases on one server), TAP_N (the number of the last TAP line printed;
# the new last on fd 3).
set -uo pipefail
a=$1 b=$2 label=$3; shift 3
n=${TAP_N:-0}
PSQL=("$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1)

# table<TAB>select list, from DB_A's catalogue (Citus' shards left out)
list=$("${PSQL[@]}" -d "$a" -F $'\t' <<'SQL'
SELECT c.relname,
       string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
         FILTER (WHERE a.atttypid NOT IN ('timestamptz'::regtype, 'timestamp'::regtype))
  FROM pg_class c
  JOIN pg_namespace s ON s.oid = c.relnamespace AND s.nspname = 'employment_kpi'
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relkind IN ('r', 'p') AND c.relname !~ '_[0-9]+$'
 GROUP BY c.relname
 ORDER BY c.relname
SQL
)

# digest DB TABLE COLUMNS: "rows md5" of the table's rows, or "ERROR ..."
digest() {
  local out
  if out=$("${PSQL[@]}" -d "$1" 2>&1 <<SQL
SELECT count(*) || ' ' || md5(coalesce(string_agg(r::text, E'\n' ORDER BY r::text), ''))
  FROM (SELECT $3 FROM employment_kpi.$2) r;
SQL
  ); then echo "$out"
  else echo "ERROR $(grep -m1 'ERROR' <<<"$out")"
  fi
}

while IFS=$'\t' read -r t cols; do
  [ -n "$t" ] || continue
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$t"; then continue; fi
  n=$((n + 1))
  da=$(digest "$a" "$t" "$cols"); db=$(digest "$b" "$t" "$cols")
  if [ "$da" = "$db" ] && [[ "$da" != ERROR* ]]; then
    echo "ok $n - $label: table $t (${da%% *} rows)"
  else
    echo "not ok $n - $label: table $t"
    echo "#   $a: $da"
    echo "#   $b: $db"
  fi
done <<<"$list"
echo "$n" >&3
