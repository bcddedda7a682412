#!/usr/bin/env bash
# The loader test (run by scripts/test.sh against its throwaway cluster; the
# environment names the cluster: PGHOST, PGPORT, PGUSER, PGBIN).
#
# scripts/load.sh loads data/templates/ (Danish style) into a new database,
# every row accepted, refresh() succeeds and the weekly report runs on it; a
# second load changes nothing; the same files without --style are rejected
# with the way out in the reasons; a ','-separated file with a byte-order
# mark and CRLF lines loads; a file without a required column loads nothing.
# Prints TAP lines ("ok N - ...") for scripts/test.sh to count.
set -uo pipefail
cd "$(dirname "$0")/../.."
DB=ekpi_loader
OUT=$(mktemp -d /tmp/employment_kpi-loader.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
export PGBIN
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$2" | head -40; }
check() {  # check "description" log-file command...
  local what=$1 log=$2; shift 2
  if "$@" >>"$log" 2>&1; then ok "$what"; else not_ok "$what" "$log"; fi
}

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
"${PSQL[@]}" -d "$DB" -c "CREATE EXTENSION employment_kpi CASCADE" >/dev/null

tables="budget_area team caseworker support_spell case_assignment conversation intervention budget budget_month expense"

# 1. the templates, Danish style
check "load.sh --style da data/templates succeeds" "$OUT/load1.log" scripts/load.sh --style da data/templates "$DB"
all_lines() {  # all_lines LOG PATTERN: every table has a line matching PATTERN
  local t
  for t in $tables; do grep -Eq "^$t +$2" "$1" || { echo "no line '$t $2'"; cat "$1"; return 1; }; done
}
check "every template row inserted, none rejected (10 tables x 2 rows)" "$OUT/c2.log" \
  all_lines "$OUT/load1.log" '2 rows +2 inserted +0 updated +0 rejected'
check "the load ends with refresh(), no relation failed" "$OUT/c3.log" grep -Eq '^refresh\(\): [0-9]+ relations, 0 failed$' "$OUT/load1.log"
check "the stored values: 4.500,00 is 4500, 05-01-2026 is 5 January 2026" "$OUT/c4.log" \
  test "$("${PSQL[@]}" -d "$DB" -c "SELECT (SELECT cost_dkk FROM employment_kpi.intervention WHERE source_id = 'I-1')::text || ' '
                                            || (SELECT start_date FROM employment_kpi.support_spell WHERE source_id = 'S-1001')::text
                                            || ' ' || (SELECT sum(amount_dkk) FROM employment_kpi.expense)::text")" \
       = "4500.00 2026-01-05 1975154.32"
"${PSQL[@]}" -d "$DB" -c "SELECT line FROM employment_kpi.weekly_report()" >"$OUT/report.txt" 2>&1
check "weekly_report() runs on the loaded data ($(wc -l <"$OUT/report.txt") lines)" "$OUT/c5.log" \
  grep -q '^Weekly report 20[0-9][0-9]-W[0-9][0-9]' "$OUT/report.txt"

# 2. the same load again changes nothing
check "a second load succeeds" "$OUT/load2.log" scripts/load.sh --style da --no-refresh data/templates "$DB"
check "a second load inserts and updates nothing" "$OUT/c7.log" \
  all_lines "$OUT/load2.log" '2 rows +0 inserted +0 updated +0 rejected'

# 3. without the style: the Danish dates are rejected, and the reasons say how to load them
check "the templates without --style: the load runs" "$OUT/load3.log" scripts/load.sh --no-refresh data/templates "$DB"
check "... the rows with dd-mm-yyyy dates are rejected" "$OUT/c9.log" \
  grep -Eq '^support_spell +2 rows +0 inserted +0 updated +2 rejected' "$OUT/load3.log"
check "... and the top reason names date_style 'da'" "$OUT/c10.log" \
  grep -Eq "^ +2 x invalid date in start_date: '\.\.\.' \(dates are written YYYY-MM-DD: pass date_style 'da' to read" "$OUT/load3.log"

# 4. a ','-separated file with a byte-order mark and CRLF lines; an unknown file is named
mkdir -p "$OUT/comma"
printf '\xef\xbb\xbfteam_id,team_name,leader_role\r\nT-OEST,"Team Øst, Jobcenter",\r\n' >"$OUT/comma/team.csv"
printf 'x\n' >"$OUT/comma/notes.csv"
check "a ','-separated file with BOM and CRLF loads" "$OUT/load4.log" scripts/load.sh --no-refresh "$OUT/comma" "$DB"
check "... its row is stored, and the unknown file is reported" "$OUT/c12.log" \
  bash -c "grep -q 'ignored notes.csv' '$OUT/load4.log' &&
           test \"\$('${PGBIN}/psql' -X -At -d '$DB' -c \"SELECT team_name FROM employment_kpi.team WHERE team_id = 'T-OEST'\")\" = 'Team Øst, Jobcenter'"

# 5. a file without a required column stops the load, which loads nothing
mkdir -p "$OUT/bad"
printf 'team_id;team_name\nT-VEST;Team Vest\n' >"$OUT/bad/team.csv"
printf 'caseworker_id;caseworker_name\nW-900;No Team\n' >"$OUT/bad/caseworker.csv"
if scripts/load.sh "$OUT/bad" "$DB" >"$OUT/load5.log" 2>&1; then not_ok "a file without a required column fails the load" "$OUT/load5.log"
else ok "a file without a required column fails the load"; fi
check "... and nothing of it is stored" "$OUT/c14.log" \
  test "$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM employment_kpi.team WHERE team_id = 'T-VEST'")" = 0

echo "1..$n"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB" >/dev/null
