#!/usr/bin/env bash
# compare.sh DB_A DB_B LABEL: runs in both databases every kpi_* view, every
# call of test/citus/calls.sql and every table of schema employment_kpi but
# refresh_log (without timestamp columns: the time a row was written is no
# result) and prints a TAP line per query: ok when the two give the same
# rows, compared as text, sorted.  Environment: PGBIN, PGHOST/PGPORT/PGUSER (both
# databases on one server), TAP_N (the number of the last TAP line printed;
# the new last on fd 3).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
a=$1 b=$2 label=$3
n=${TAP_N:-0}
PSQL=("$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1)

# The arguments: a complete week before the data's end, 13 weeks before,
# its year, a quarter a year before, a caseworker, team and citizen.
vars=$("${PSQL[@]}" -d "$a" -F ' ' <<'SQL'
SELECT '-v wk=' || w, '-v wk13=' || (w - 84), '-v fy=' || extract(year FROM w)::int,
       '-v q=' || date_trunc('quarter', w - 365)::date,
       '-v cw=' || (SELECT min(caseworker_id) FROM employment_kpi.caseworker),
       '-v team=' || (SELECT min(team_id) FROM employment_kpi.team),
       '-v cit=' || (SELECT min(citizen_id) FROM employment_kpi.support_spell)
  FROM (SELECT employment_kpi.iso_monday(employment_kpi.data_end()) - 7 AS w) x
SQL
)
# shellcheck disable=SC2206
vars=($vars)

# digest DB QUERY: "rows md5" of the query's rows, or "ERROR <message>"
digest() {
  local out
  if out=$("${PSQL[@]}" "${vars[@]}" -d "$1" 2>&1 <<SQL
SELECT count(*) || ' ' || md5(coalesce(string_agg(r::text, E'\n' ORDER BY r::text), '')) FROM ($2) r;
SQL
  ); then echo "$out"
  else echo "ERROR $(grep -m1 'ERROR' <<<"$out")"
  fi
}

# name<TAB>query: the views, the calls, the tables (Citus' shards left out)
list=$("${PSQL[@]}" -d "$a" -F $'\t' <<'SQL'
SELECT viewname, 'SELECT * FROM employment_kpi.' || viewname
  FROM pg_views WHERE schemaname = 'employment_kpi' AND viewname LIKE 'kpi\_%' AND viewname <> 'kpi_refresh_status'
 ORDER BY 1
SQL
)
while IFS= read -r q; do
  case "$q" in ''|--*) continue ;; esac
  list+=$'\n'"${q#SELECT * FROM employment_kpi.}"$'\t'"$q"
done < "$here/calls.sql"
list+=$'\n'$("${PSQL[@]}" -d "$a" -F $'\t' <<'SQL'
SELECT 'table ' || c.relname,
       'SELECT ' || string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
                      FILTER (WHERE a.atttypid NOT IN ('timestamptz'::regtype, 'timestamp'::regtype))
       || ' FROM employment_kpi.' || quote_ident(c.relname)
  FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname !~ '_[0-9]+$'
   -- (the log of refresh() calls: the cluster is also refreshed in full,
   -- to check the incremental refresh against it)
   AND c.relname <> 'refresh_log'
 GROUP BY c.relname
 ORDER BY c.relname
SQL
)

while IFS=$'\t' read -r name q; do
  [ -n "$name" ] || continue
  n=$((n + 1))
  da=$(digest "$a" "$q"); db=$(digest "$b" "$q")
  if [ "$da" = "$db" ] && [[ "$da" != ERROR* ]]; then
    echo "ok $n - $label: $name (${da%% *} rows)"
  else
    echo "not ok $n - $label: $name"
    echo "#   $a: $da"
    echo "#   $b: $db"
  fi
done <<<"$list"
echo "$n" >&3
