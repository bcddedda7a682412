#!/usr/bin/env bash
# The doc-test (run by scripts/test.sh against its throwaway cluster; the
# environment names the cluster: PGHOST, PGPORT, PGUSER, PGBIN).
#
# Every ```sql block of README.md and docs/*.md runs against a database like
# the one `make demo` makes: a synthetic municipality generated with the
# default dates (its weeks end with the last complete ISO week before today)
# and 2,000 citizens, refreshed.  Each block runs in its own psql session
# inside one transaction that is rolled back, so an example that loads or
# changes data, creates roles or switches the session user leaves nothing
# behind.  Prints TAP lines for scripts/test.sh to count:
#   ok 7 - docs/bi.md:120
#   not ok 8 - docs/effects.md:45 ERROR:  42883: function ... does not exist
#
# A ```sql block holds SQL that runs as written.  Directives, as comment
# lines at the top of a block:
#   -- expect error 22023   the block must fail, with this SQLSTATE
#   -- needs pg_cron        where the database has no pg_cron the block must
#                           fail with 55000 (the documented error); with
#                           pg_cron it must succeed
# Anything that is not standalone SQL (CREATE EXTENSION, psql meta-commands
# such as \copy, shell commands, sample output) belongs in ```text or ```sh
# blocks, which are not run.  Every fence must name its language.
#
#   DOCTEST_FILES="docs/bi.md README.md"  only these files
#   DOCTEST_DB=name                       database (default ekpi_doctest)
#   DOCTEST_REUSE=1                       reuse an existing, loaded database
#   DOCTEST_KEEP=1                        keep the database afterwards
set -uo pipefail
cd "$(dirname "$0")/../.."
PGBIN=${PGBIN:-$(pg_config --bindir)}
DB=${DOCTEST_DB:-ekpi_doctest}
FILES=${DOCTEST_FILES:-README.md $(ls docs/*.md | sort | tr '\n' ' ')}
TIMEOUT=${DOCTEST_TIMEOUT:-300s}
OUT=$(mktemp -d /tmp/employment_kpi-doctest.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
n=0
fails=0
not_ok() { fails=$((fails + 1)); echo "not ok $n - $*"; }

if [ -z "${DOCTEST_REUSE:-}" ]; then
  n=$((n + 1))
  if "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >"$OUT/setup.log" 2>&1 &&
     "${PSQL[@]}" -d "$DB" >>"$OUT/setup.log" 2>&1 <<'EOF'
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 2000);
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM employment_kpi.refresh() WHERE NOT ok) THEN RAISE EXCEPTION 'refresh() failed'; END IF;
END $$;
EOF
  then echo "ok $n - set-up: a synthetic municipality of 2,000 citizens with the demo's dates, refreshed"
  else
    not_ok "set-up"; sed 's/^/# /' "$OUT/setup.log" | head -40
    echo "1..$n"; exit 1
  fi
fi
# pg_cron can be created only where the server preloads it (as make demo does).
have_cron=no
if "${PSQL[@]}" -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_cron" >/dev/null 2>&1; then have_cron=yes; fi

# Every fence names its language (```sql runs; ```text, ```sh do not).
n=$((n + 1))
# shellcheck disable=SC2086
bare=$(awk '/^[[:space:]]*```/ { f = !f; if (f && $0 ~ /^[[:space:]]*```[[:space:]]*$/) print FILENAME ":" FNR }' $FILES)
if [ -z "$bare" ]; then echo "ok $n - every code fence names its language"
else not_ok "code fences without a language: $(echo $bare)"; fi

# Extract the ```sql blocks: $OUT/NNNN.sql, and $OUT/index with file:line.
# shellcheck disable=SC2086
awk -v dir="$OUT" '
  FNR == 1 { inside = 0 }
  inside && /^[[:space:]]*```/ { inside = 0; close(out); next }
  inside { print > out; next }
  /^[[:space:]]*```sql[[:space:]]*$/ {
    inside = 1; k++; out = sprintf("%s/%04d.sql", dir, k)
    printf "" > out; print FILENAME ":" FNR > (dir "/index"); next }
' $FILES
touch "$OUT/index"

k=0
while read -r where; do
  k=$((k + 1))
  block=$(printf '%s/%04d.sql' "$OUT" "$k")
  n=$((n + 1))
  expect=$(sed -n 's/^-- expect error \([0-9A-Z]\{5\}\).*/\1/p' "$block" | head -1)
  if grep -q '^-- needs pg_cron' "$block" && [ "$have_cron" = no ]; then expect=55000; fi
  if grep -q '^[[:space:]]*\\' "$block"; then
    not_ok "$where a psql meta-command in a sql block (use a text block)"; continue
  fi
  { printf '\\set VERBOSITY verbose\nSET statement_timeout = %s;\nBEGIN;\n' "'$TIMEOUT'"
    cat "$block"; printf '\n;\nROLLBACK;\n'; } |
    "${PSQL[@]}" -d "$DB" >/dev/null 2>"$OUT/err"
  rc=$?
  err=$(grep -m1 -E 'ERROR:' "$OUT/err")
  state=$(grep -m1 -oE 'ERROR:  [0-9A-Z]{5}' "$OUT/err" | cut -c9-)
  if [ -z "$expect" ]; then
    if [ "$rc" -eq 0 ]; then echo "ok $n - $where"
    else not_ok "$where ${err:-psql exit $rc}"; fi
  elif [ "$rc" -ne 0 ] && [ "$state" = "$expect" ]; then echo "ok $n - $where (error $expect as documented)"
  elif [ "$rc" -eq 0 ]; then not_ok "$where expected error $expect, but the block succeeded"
  else not_ok "$where expected error $expect, got ${err:-psql exit $rc}"; fi
done <"$OUT/index"
echo "1..$n"

[ -n "${DOCTEST_KEEP:-}${DOCTEST_REUSE:-}" ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE $DB" >/dev/null 2>&1
[ "$fails" -eq 0 ]
