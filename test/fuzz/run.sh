#!/usr/bin/env bash
# make fuzz: hostile input against a database like the demo's (a synthetic
# municipality, refreshed), in four parts, each followed by a check that the
# server still answers and that its log says no backend was terminated by a
# signal.  Prints one TAP line per part ("ok 2 - inputs: ...") and exits
# non-zero on any finding; docs/reliability.md says what counts as one.
#   (a) calls     generated hostile calls of every function and aggregate of
#                 the schema employment_kpi, read from the catalogue
#   (b) inputs    malformed text and binary (COPY BINARY: the receive
#                 function) input of every type of the extension
#   (c) sqlsmith  random queries over the whole database (Debian sqlsmith)
#   (d) parallel  every aggregate forced parallel against serial
# Budgets (the defaults are the full run of make fuzz):
#   FUZZ_CALLS=50000 FUZZ_INPUTS=50000 FUZZ_SQLSMITH=100000
#   FUZZ_PARALLEL_ROWS=400000 FUZZ_CITIZENS=3000
#   FUZZ_TIMEOUT=3s (statement_timeout of a generated call) FUZZ_SEED=1
#   FUZZ_PARTS="calls inputs sqlsmith parallel"
#   FUZZ_SECONDS (none): stop the calls and inputs parts after this long
# Standalone it starts its own throwaway cluster; scripts/test.sh runs it
# with a small budget against the suite's cluster (FUZZ_SERVER_LOG set, and
# PGHOST, PGPORT, PGUSER, PGBIN).  Findings with their reproducers are kept
# in FUZZ_OUT (default: a new /tmp/employment_kpi-fuzz-out.XXXXXX).
source "$(dirname "$0")/../../scripts/common.sh"
cd "$TOP"

FUZZ_CALLS=${FUZZ_CALLS:-50000}
FUZZ_INPUTS=${FUZZ_INPUTS:-50000}
FUZZ_SQLSMITH=${FUZZ_SQLSMITH:-100000}
FUZZ_PARALLEL_ROWS=${FUZZ_PARALLEL_ROWS:-400000}
FUZZ_CITIZENS=${FUZZ_CITIZENS:-3000}
FUZZ_PARTS=${FUZZ_PARTS:-calls inputs sqlsmith parallel}
export FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-3s} FUZZ_SEED=${FUZZ_SEED:-1} FUZZ_DB=${FUZZ_DB:-ekpi_fuzz}
# The Debian interpreter: its psycopg2 is the python3-psycopg2 package.
PYTHON=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1

if [ -z "${FUZZ_SERVER_LOG:-}" ]; then
  throwaway_cluster fuzz 56432 "max_worker_processes=16" "max_parallel_workers=8" \
    "fsync=off" "synchronous_commit=off" "full_page_writes=off"
  FUZZ_SERVER_LOG=$RUN/server.log
fi
PGBIN=${PGBIN:-$("$PG_CONFIG" --bindir)}
FUZZ_OUT=${FUZZ_OUT:-$(mktemp -d /tmp/employment_kpi-fuzz-out.XXXXXX)}
mkdir -p "$FUZZ_OUT"
export FUZZ_OUT
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
# The C sources of the extension: an internal error raised in one of them is
# the extension's, wherever the query came from.
OUR_C=$(cd src && ls *.c | tr '\n' '|' | sed 's/|$//')

n=0
failed=0
t_crashes=0
t_findings=0

log "fuzz: a synthetic municipality of $FUZZ_CITIZENS citizens, refreshed, in database $FUZZ_DB"
# The SQLSTATE and application in every log line, and the source location
# under every error, so that the log can be read per part.
"${PSQL[@]}" -d postgres \
  -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] %e %a: '" \
  -c "ALTER SYSTEM SET log_error_verbosity = verbose" \
  -c "SELECT pg_reload_conf()" >/dev/null
restore_settings() {
  "${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET log_line_prefix" -c "ALTER SYSTEM RESET log_error_verbosity" \
    -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
}
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $FUZZ_DB" -c "CREATE DATABASE $FUZZ_DB"
"${PSQL[@]}" -d "$FUZZ_DB" >/dev/null <<EOF
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => $FUZZ_CITIZENS);
DO \$\$ BEGIN
  IF EXISTS (SELECT 1 FROM employment_kpi.refresh() WHERE NOT ok) THEN RAISE EXCEPTION 'refresh() failed'; END IF;
END \$\$;
EOF

# server_check OFFSET: the server answers, and the log since byte OFFSET has
# no line saying that a backend died.  Prints what it found; false if so.
server_check() {
  local off=$1 bad=0 lines
  if ! "$PGBIN/pg_isready" -q -t 60 || ! "${PSQL[@]}" -d "$FUZZ_DB" -c "SELECT 1" >/dev/null 2>&1; then
    echo "# the server does not answer"; bad=1
  fi
  lines=$(tail -c +"$((off + 1))" "$FUZZ_SERVER_LOG" 2>/dev/null |
    grep -E 'terminated by signal|server process .* was terminated|terminating any other active server processes|PANIC:' || true)
  if [ -n "$lines" ]; then
    echo "$lines" | head -n 20 | sed 's/^/# /'
    bad=1
    t_crashes=$((t_crashes + $(echo "$lines" | grep -cE 'terminated by signal|was terminated' || true)))
  fi
  return "$bad"
}

log_size() { stat -c %s "$FUZZ_SERVER_LOG" 2>/dev/null || echo 0; }

# part NAME COMMAND...: run a part, check the server and its log, print a TAP line.
part() {
  local name=$1 off rc=0 summary f; shift
  n=$((n + 1))
  off=$(log_size)
  log "fuzz part $name"
  "$@" >"$FUZZ_OUT/$name.out" 2>&1 || rc=$?
  summary=$(grep -E "^$name: " "$FUZZ_OUT/$name.out" | tail -n 1 || true)
  if server_check "$off" >"$FUZZ_OUT/$name.server" && [ "$rc" -eq 0 ] && [ -n "$summary" ]; then
    echo "ok $n - $summary"
  else
    failed=$((failed + 1))
    echo "not ok $n - ${summary:-$name: did not finish (exit $rc)}"
    sed 's/^/# /' "$FUZZ_OUT/$name.server"
    grep -vE "^$name: " "$FUZZ_OUT/$name.out" | head -n 40 | sed "s/^/# /" || true
  fi
  f=$(sed -nE 's/.* ([0-9]+) findings.*/\1/p' <<<"$summary")
  t_findings=$((t_findings + ${f:-0}))
}

# (c) sqlsmith: as the superuser, each query in a transaction it rolls back,
# with its own statement_timeout (1 s).  Its errors are counted from the
# server log by SQLSTATE; a finding is a lost backend (server_check) or an
# error of class XX raised in the extension's C code (XX001, a corrupted
# binary value, excepted).
run_sqlsmith() {
  local off rc=0 smith_log findings states
  off=$(log_size)
  sqlsmith --target="host=$PGHOST port=$PGPORT dbname=$FUZZ_DB user=${PGUSER:-postgres}" \
    --max-queries="$FUZZ_SQLSMITH" --seed="$FUZZ_SEED" --verbose \
    >"$FUZZ_OUT/sqlsmith.queries" 2>"$FUZZ_OUT/sqlsmith.err" || rc=$?
  smith_log="$FUZZ_OUT/sqlsmith.server.log"
  tail -c +"$((off + 1))" "$FUZZ_SERVER_LOG" >"$smith_log"
  states=$(grep -E '\] [0-9A-Z]{5} sqlsmith::dut: (ERROR|FATAL|PANIC):' "$smith_log" |
    awk '{print $5}' | sort | uniq -c | awk '{printf "%s%s:%s", sep, $2, $1; sep=" "}' || true)
  # An XX error followed by its LOCATION line in one of our C files.
  findings=$(grep -A1 -E '\] XX0(0[02-9]|[1-9][0-9]) sqlsmith::dut: ERROR:|\] XX000 sqlsmith::dut: ERROR:' "$smith_log" |
    grep -E "LOCATION: .*\b($OUR_C):[0-9]+" || true)
  if [ -n "$findings" ]; then
    grep -B1 -A3 -E "LOCATION: .*\b($OUR_C):[0-9]+" "$smith_log" | grep -A4 -E '\] XX0' >"$FUZZ_OUT/findings-sqlsmith.txt" || true
  fi
  local nf done lost
  nf=$(grep -c . <<<"$findings" || true)
  [ -z "$findings" ] && nf=0
  # --verbose prints one character per query: "." answered, "e" error,
  # "t" timeout, "C" connection lost (crashes also show in server_check).
  done=$(grep -E '^[.A-Za-z]+$' "$FUZZ_OUT/sqlsmith.err" | tr -d '\n' | wc -c || true)
  lost=$(grep -E '^[.A-Za-z]+$' "$FUZZ_OUT/sqlsmith.err" | tr -cd 'C' | wc -c || true)
  echo "sqlsmith: $done queries of $FUZZ_SQLSMITH (exit $rc), errors by SQLSTATE {$states}, $lost lost connections, $nf findings"
  tail -n 3 "$FUZZ_OUT/sqlsmith.err" | tr -d '\r' | cut -c1-200
  [ "$rc" -eq 0 ] && [ "$nf" -eq 0 ] && [ "$lost" -eq 0 ]
}

for p in $FUZZ_PARTS; do
  case $p in
    calls)    part calls "$PYTHON" test/fuzz/fuzz.py calls "$FUZZ_CALLS" ;;
    inputs)   part inputs "$PYTHON" test/fuzz/fuzz.py inputs "$FUZZ_INPUTS" ;;
    sqlsmith) part sqlsmith run_sqlsmith ;;
    parallel) part parallel "$PYTHON" test/fuzz/fuzz.py parallel "$FUZZ_PARALLEL_ROWS" ;;
    *) die "unknown fuzz part $p" ;;
  esac
done
restore_settings
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $FUZZ_DB" >/dev/null 2>&1 || true
echo "# fuzz: $n parts, $failed failed, $t_findings findings, $t_crashes crashes (outputs and reproducers in $FUZZ_OUT)"
echo "1..$n"
[ "$failed" -eq 0 ]
