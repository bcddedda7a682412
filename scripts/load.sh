#!/usr/bin/env bash
# Load a folder of CSV files into employment_kpi in one command.
#
#   scripts/load.sh [--style da|en] [--number-style da|en] [--date-style iso|da]
#                   [--encoding ENC] [--no-refresh] DIR [DB]
#
# Finds the files by name, one per importable table (budget_area.csv,
# team.csv, caseworker.csv, support_spell.csv, case_assignment.csv,
# conversation.csv, intervention.csv, budget.csv, budget_month.csv,
# expense.csv; a missing file is skipped), reads each with its header line
# (';' or ',' separated: told by the header), stages it into a temporary
# table of text columns, imports the tables in foreign-key order through the
# import_<table>() functions, prints per table inserted / updated / rejected
# and the most frequent faults of its rejects, and ends with refresh().
#
# --style da sets both styles: numbers 4.500,50 and dates dd-mm-yyyy (also
# YYYY-MM-DD).  Without it numbers are read only where the reading cannot
# depend on the style and dates only as YYYY-MM-DD (docs/import.md).
# DB defaults to $PGDATABASE (psql's default); the connection comes from the
# usual PG* environment variables.  The imports run in one transaction: an
# error that stops an import (e.g. a file without a required column) loads
# nothing.
set -euo pipefail

usage() {
  sed -n '4,5p' "$0" | sed 's/^# *//' >&2
  exit 2
}

number_style=
date_style=iso
encoding=UTF8
refresh=yes
while [ $# -gt 0 ]; do
  case $1 in
    --style) [ $# -ge 2 ] || usage
             case $2 in da) number_style=da; date_style=da ;; en) number_style=en; date_style=iso ;;
                        *) echo "load.sh: --style must be da or en" >&2; exit 2 ;; esac
             shift 2 ;;
    --number-style) [ $# -ge 2 ] || usage; number_style=$2; shift 2 ;;
    --date-style) [ $# -ge 2 ] || usage; date_style=$2; shift 2 ;;
    --encoding) [ $# -ge 2 ] || usage; encoding=$2; shift 2 ;;
    --no-refresh) refresh=no; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) echo "load.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] && [ $# -le 2 ] || usage
dir=$1
db=${2:-${PGDATABASE:-}}
[ -d "$dir" ] || { echo "load.sh: no such directory: $dir" >&2; exit 2; }
case $number_style in ''|da|en) ;; *) echo "load.sh: --number-style must be da or en" >&2; exit 2 ;; esac
case $date_style in iso|da) ;; *) echo "load.sh: --date-style must be iso or da" >&2; exit 2 ;; esac
[[ $encoding =~ ^[A-Za-z0-9_-]+$ ]] || { echo "load.sh: bad --encoding" >&2; exit 2; }

PSQL=${PGBIN:+$PGBIN/}psql
psql_args=(-X -q -v ON_ERROR_STOP=1 -At)
[ -n "$db" ] && psql_args+=(-d "$db")

# The import order: a table after the tables its foreign keys point to.
tables=(budget_area team caseworker support_spell case_assignment conversation intervention
        budget budget_month expense)

sql_lit() { printf "'%s'" "${1//\'/\'\'}"; }
sql_ident() { printf '"%s"' "${1//\"/\"\"}"; }

for f in "$dir"/*; do
  [ -f "$f" ] || continue
  base=$(basename "$f")
  known=no
  for t in "${tables[@]}"; do [ "$base" = "$t.csv" ] && known=yes; done
  [ $known = yes ] || echo "load.sh: ignored $base (not one of: ${tables[*]/%/.csv})" >&2
done

ns_sql=$([ -n "$number_style" ] && sql_lit "$number_style" || echo NULL)
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
  echo "SET client_min_messages = warning;"
  echo "BEGIN;"
  found=0
  for t in "${tables[@]}"; do
    f="$dir/$t.csv"
    [ -f "$f" ] || continue
    found=$((found + 1))
    # the header: without a byte-order mark or CR; its separator tells the file's
    header=$(head -n 1 "$f" | sed $'s/^\xEF\xBB\xBF//; s/\r$//')
    if [[ $header == *";"* ]]; then delim=';'; else delim=','; fi
    cols=()
    IFS="$delim" read -r -a names <<<"$header"
    for c in "${names[@]}"; do
      c=$(printf '%s' "$c" | sed 's/^[[:space:]"]*//; s/[[:space:]"]*$//' | tr '[:upper:]' '[:lower:]')
      [ -n "$c" ] || { echo "load.sh: $t.csv: an empty column name in the header" >&2; exit 1; }
      cols+=("$(sql_ident "$c") text")
    done
    stage="load_$t"
    echo "CREATE TEMP TABLE $stage ($(IFS=,; echo "${cols[*]}"));"
    # \copy takes its options on one line; the path is a quoted literal
    echo "\\copy $stage FROM $(sql_lit "$f") WITH (FORMAT csv, HEADER true, DELIMITER $(sql_lit "$delim"), ENCODING $(sql_lit "$encoding"))"
    echo "SELECT clock_timestamp() AS run_at \\gset"
    echo "SELECT format('%-16s %7s rows  %7s inserted  %7s updated  %7s rejected', '$t', (SELECT count(*) FROM $stage), i.inserted, i.updated, i.rejected)
            FROM employment_kpi.import_$t('$stage', $ns_sql, $(sql_lit "$date_style")) AS i;"
    # the most frequent faults, the quoted values left out (but the style
    # names of the hints kept) so that alike faults count together
    echo "SELECT format('    %6s x %s', sum(r.source_rows), k.fault)
            FROM employment_kpi.import_reject_open r
           CROSS JOIN LATERAL unnest(string_to_array(r.reason, '; ')) AS f(fault)
           CROSS JOIN LATERAL (SELECT regexp_replace(regexp_replace(regexp_replace(f.fault,
                                        '''(da|en|iso)''', '<\\1>', 'g'), '''[^'']*''', '''...''', 'g'),
                                        '<(da|en|iso)>', '''\\1''', 'g') AS fault) k
           WHERE r.target_table = '$t' AND r.last_seen_at >= :'run_at'
           GROUP BY k.fault ORDER BY sum(r.source_rows) DESC, k.fault LIMIT 5;"
  done
  [ $found -gt 0 ] || { echo "load.sh: no CSV file of an importable table in $dir (${tables[*]/%/.csv})" >&2; exit 1; }
  echo "COMMIT;"
  echo "SELECT format('open rejects: %s (SELECT * FROM employment_kpi.import_reject_open)', count(*)) FROM employment_kpi.import_reject_open;"
  if [ $refresh = yes ]; then
    echo "SELECT format('refresh(): %s relations, %s failed', count(*), count(*) FILTER (WHERE NOT ok)) FROM employment_kpi.refresh();"
  fi
} >"$script"

out=$("$PSQL" "${psql_args[@]}" -f "$script") || { [ -n "${out:-}" ] && echo "$out"; exit 1; }
echo "$out"
# a relation that refresh() could not refresh is an error of the load
if grep -Eq '^refresh\(\): .*, [1-9][0-9]* failed$' <<<"$out"; then
  echo "load.sh: refresh() failed for some relation: see employment_kpi.refresh_log" >&2
  exit 1
fi
