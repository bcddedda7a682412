#!/usr/bin/env bash
# make test: build, install, start a throwaway cluster, run the pg_regress
# suite (make installcheck) and the pgTAP suite (pg_prove), stop the cluster,
# print "N passed, N failed" and exit non-zero on any failure.
#
# For a quicker loop while developing, limit the suites:
#   REGRESS="core_survival_io" TAP="test/pgtap/model_storage.sql" scripts/test.sh
#   TAP=none scripts/test.sh       (pg_regress only)
#   REGRESS=none scripts/test.sh   (pgTAP only)
# The third suite, JDBC (test/jdbc: a Java client discovering and reading the
# kpi_* views), runs in a full run or with JDBC=yes; JDBC=none skips it.  The
# fourth, the upgrade test (test/upgrade), likewise with UPGRADE=yes / none,
# the loader test (test/loader) with LOADER=yes / none, the ODBC suite
# (test/odbc: a reader through unixODBC and psqlODBC) with ODBC=yes / none,
# the browser test (test/browser) with BROWSER=yes / none, the
# operations tests (test/ops: restore, crash) with OPS=yes / none,
# the doc-test with DOCTEST=yes / none, and the fuzz harness (test/fuzz, a
# small budget) with FUZZ=yes / none.
source "$(dirname "$0")/common.sh"
cd "$TOP"

# The install lock stays held to the end: the suites load the installed
# library in every new session.
throwaway_cluster test 55432 "max_worker_processes=16" "max_parallel_workers=8" \
  "fsync=off" "synchronous_commit=off" "full_page_writes=off"

passed=0
failed=0

# tally OUT RC OK FAILED: show a suite's output file OUT and add its lines
# matching OK and FAILED (extended regular expressions) to the totals; a
# suite that exited non-zero (RC) without a failed line counts as one
# failure (a file that died or mis-planned).  False when it failed.
tally() {
  local out=$1 rc=$2 p f
  touch "$out"
  cat "$out"
  p=$(grep -cE "$3" "$out" || true)
  f=$(grep -cE "$4" "$out" || true)
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -eq 0 ]
}

# in_run SELECTION: the suites after pgTAP run when their
# variable says yes, or in a full run (neither REGRESS nor TAP given) unless
# it says none.
in_run() {
  [ "$1" = yes ] || { [ -z "$1" ] && [ -z "${REGRESS:-}" ] && [ -z "${TAP:-}" ]; }
}

# ---- pg_regress -------------------------------------------------------------
REGRESS_SEL=${REGRESS:-}
if [ "$REGRESS_SEL" != none ]; then
  log "pg_regress suite"
  args=()
  [ -n "$REGRESS_SEL" ] && args+=("REGRESS=$REGRESS_SEL")
  rc=0
  make -s PG_CONFIG="$PG_CONFIG" installcheck "${args[@]}" >"$RUN/regress.out" 2>&1 || rc=$?
  # PostgreSQL 15 prints "test x ... ok"; 16+ print TAP ("ok 1 - x").
  if ! tally "$RUN/regress.out" "$rc" '\.\.\. ok|^ok [0-9]+ ' '\.\.\. FAILED|^not ok [0-9]+ ' \
     && [ -f regression.diffs ]; then
    log "regression.diffs (first 300 lines)"
    head -n 300 regression.diffs
  fi
fi

# ---- pgTAP ------------------------------------------------------------------
TAP_SEL=${TAP:-}
if [ "$TAP_SEL" != none ]; then
  if [ -z "$TAP_SEL" ]; then TAP_SEL=$(ls test/pgtap/*.sql 2>/dev/null | sort | tr '\n' ' '); fi
  if [ -n "$TAP_SEL" ]; then
    log "pgTAP suite"
    rc=0
    # shellcheck disable=SC2086
    { throwaway_database ekpi_tap "" pgtap && pg_prove -v -d ekpi_tap $TAP_SEL; } >"$RUN/tap.out" 2>&1 || rc=$?
    tally "$RUN/tap.out" "$rc" '^\s*ok [0-9]+' '^\s*not ok [0-9]+' || true
  fi
fi

# ---- JDBC (a real BI client: the PostgreSQL JDBC driver) --------------------
if in_run "${JDBC:-}"; then
  log "JDBC suite"
  JDBC_JAR=${JDBC_JAR:-/usr/share/java/postgresql.jar}
  rc=0
  {
    "$PGBIN/psql" -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE ekpi_jdbc" &&
    "$PGBIN/psql" -X -q -d ekpi_jdbc -v ON_ERROR_STOP=1 -v role=ekpi_jdbc_reader -v grant=grant_analyst -f test/lib/bi_client.sql &&
    mkdir -p "$RUN/jdbc" &&
    javac -d "$RUN/jdbc" -cp "$JDBC_JAR" test/jdbc/*.java && {
      r1=0 r2=0
      java -cp "$RUN/jdbc:$JDBC_JAR" KpiViewsTest \
        "jdbc:postgresql://127.0.0.1:$PORT/ekpi_jdbc?user=ekpi_jdbc_reader&ApplicationName=KpiViewsTest" 7 || r1=$?
      java -cp "$RUN/jdbc:$JDBC_JAR" ConcurrentReadTest \
        "jdbc:postgresql://127.0.0.1:$PORT/ekpi_jdbc?user=ekpi_jdbc_reader&ApplicationName=ConcurrentReadTest" \
        "jdbc:postgresql://127.0.0.1:$PORT/ekpi_jdbc?user=postgres&ApplicationName=ConcurrentReadTest-refresher" 1 || r2=$?
      [ "$r1" -eq 0 ] && [ "$r2" -eq 0 ]
    }
  } >"$RUN/jdbc.out" 2>&1 || rc=$?
  tally "$RUN/jdbc.out" "$rc" '^ok [0-9]+' '^not ok [0-9]+' || true
fi

# ---- ODBC (a BI client's other route: unixODBC and psqlODBC) ---------------
if in_run "${ODBC:-}"; then
  log "ODBC suite"
  rc=0
  {
    "$PGBIN/psql" -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE ekpi_odbc" &&
    "$PGBIN/psql" -X -q -d ekpi_odbc -v ON_ERROR_STOP=1 -v role=ekpi_odbc_reader -v grant=grant_reader -f test/lib/bi_client.sql &&
    /usr/bin/python3 test/odbc/kpi_views_odbc.py "$PORT" ekpi_odbc ekpi_odbc_reader
  } >"$RUN/odbc.out" 2>&1 || rc=$?
  tally "$RUN/odbc.out" "$rc" '^ok [0-9]+' '^not ok [0-9]+' || true
fi

# tap_suite NAME SELECTION LABEL COMMAND...: a suite that prints TAP, run
# when in_run SELECTION, its output in $RUN/NAME.out, tallied.
tap_suite() {
  local name=$1 sel=$2 label=$3 rc=0
  shift 3
  in_run "$sel" || return 0
  log "$label"
  "$@" >"$RUN/$name.out" 2>&1 || rc=$?
  tally "$RUN/$name.out" "$rc" '^ok [0-9]+' '^not ok [0-9]+|^Bail out!' || true
}

# ---- upgrade (the previous release, updated, against a fresh install) ------
tap_suite upgrade "${UPGRADE:-}" "upgrade suite" env PGBIN="$PGBIN" test/upgrade/upgrade.sh

# ---- loader (scripts/load.sh on data/templates: test/loader) ----------------
tap_suite loader "${LOADER:-}" "loader suite" env PGBIN="$PGBIN" test/loader/loader.sh

# ---- browser (the weekly report's HTML page in headless Chromium,
# test/browser; the screenshots stay in results/browser/) -------------------
tap_suite browser "${BROWSER:-}" "browser suite" env PGBIN="$PGBIN" test/browser/browser.sh

# ---- operations (test/ops: pg_dump and pg_restore, then refresh(); an
# immediate shutdown during an import and during refresh(); test/load briefly:
# readers never wait for a lock during imports and refreshes) ---------------
ops_suite() {
  local r1=0 r2=0
  PGBIN="$PGBIN" test/ops/restore.sh || r1=$?
  PGBIN="$PGBIN" test/ops/crash.sh || r2=$?
  # the load test's assertions, briefly (its figures: make load)
  PGBIN="$PGBIN" LOAD_SMOKE=1 LOAD_SERVER_LOG="$RUN/server.log" test/load/load.sh || r2=$?
  [ "$r1" -eq 0 ] && [ "$r2" -eq 0 ]
}
tap_suite ops "${OPS:-}" "operations suite" ops_suite

# ---- docs (every SQL example of README.md and docs/*.md, test/doctest; the
# variable is DOCTEST, not DOCS, which PGXS reads as the documentation files
# to install) ----------------------------------------------------------------
tap_suite docs "${DOCTEST:-}" "doc-test suite" env PGBIN="$PGBIN" test/doctest/doctest.sh

# ---- fuzz (test/fuzz with a small budget, about a minute; make fuzz runs
# the full one) --------------------------------------------------------------
tap_suite fuzz "${FUZZ:-}" "fuzz suite (small budget)" \
  env PGBIN="$PGBIN" FUZZ_SERVER_LOG="$RUN/server.log" FUZZ_OUT="$RUN/fuzz" \
    FUZZ_CALLS="${FUZZ_CALLS:-600}" FUZZ_INPUTS="${FUZZ_INPUTS:-2000}" FUZZ_SQLSMITH="${FUZZ_SQLSMITH:-800}" \
    FUZZ_PARALLEL_ROWS="${FUZZ_PARALLEL_ROWS:-30000}" FUZZ_CITIZENS="${FUZZ_CITIZENS:-600}" \
    test/fuzz/run.sh

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
