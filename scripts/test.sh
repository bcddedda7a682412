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
# fourth, the upgrade test (test/upgrade), likewise with UPGRADE=yes / none.
source "$(dirname "$0")/common.sh"
cd "$TOP"

install_deps

RUN=$(mktemp -d /tmp/employment_kpi-test.XXXXXX)
chmod 755 "$RUN"
cleanup() {
  cluster_stop "$RUN"
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 143' INT TERM   # run the EXIT trap on interruption too

exec 9>"$LOCKFILE"
log "waiting for the install lock $LOCKFILE"
flock 9

build_and_install

PORT=$(free_port 55432)
log "starting throwaway cluster in $RUN on port $PORT"
cluster_start "$RUN" "$PORT" "max_worker_processes=16" "max_parallel_workers=8" "fsync=off" "synchronous_commit=off" "full_page_writes=off"

export PGHOST=$RUN PGPORT=$PORT PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE

passed=0
failed=0

# ---- pg_regress -------------------------------------------------------------
REGRESS_SEL=${REGRESS:-}
if [ "$REGRESS_SEL" != none ]; then
  log "pg_regress suite"
  args=()
  [ -n "$REGRESS_SEL" ] && args+=("REGRESS=$REGRESS_SEL")
  set +e
  make -s PG_CONFIG="$PG_CONFIG" installcheck "${args[@]}" >"$RUN/regress.out" 2>&1
  rc=$?
  set -e
  cat "$RUN/regress.out"
  # PostgreSQL 15 prints "test x ... ok"; 16+ print TAP ("ok 1 - x").
  rp=$(grep -cE '\.\.\. ok|^ok [0-9]+ ' "$RUN/regress.out" || true)
  rf=$(grep -cE '\.\.\. FAILED|^not ok [0-9]+ ' "$RUN/regress.out" || true)
  if [ "$rc" -ne 0 ] && [ "$rf" -eq 0 ]; then rf=1; fi
  if [ -f regression.diffs ] && [ "$rf" -gt 0 ]; then
    log "regression.diffs (first 300 lines)"
    head -n 300 regression.diffs
  fi
  passed=$((passed + rp)); failed=$((failed + rf))
fi

# ---- pgTAP ------------------------------------------------------------------
TAP_SEL=${TAP:-}
if [ "$TAP_SEL" != none ]; then
  if [ -z "$TAP_SEL" ]; then TAP_SEL=$(ls test/pgtap/*.sql 2>/dev/null | sort | tr '\n' ' '); fi
  if [ -n "$TAP_SEL" ]; then
    log "pgTAP suite"
    set +e
    "$PGBIN/psql" -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE ekpi_tap" >/dev/null &&
    "$PGBIN/psql" -X -q -d ekpi_tap -v ON_ERROR_STOP=1 \
      -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION employment_kpi CASCADE" >/dev/null &&
    # shellcheck disable=SC2086
    pg_prove -v -d ekpi_tap $TAP_SEL >"$RUN/tap.out" 2>&1
    rc=$?
    set -e
    touch "$RUN/tap.out"
    cat "$RUN/tap.out"
    tp=$(grep -cE '^\s*ok [0-9]+' "$RUN/tap.out" || true)
    tf=$(grep -cE '^\s*not ok [0-9]+' "$RUN/tap.out" || true)
    # A file that died or mis-planned fails even without a "not ok" line.
    if [ "$rc" -ne 0 ] && [ "$tf" -eq 0 ]; then tf=1; fi
    passed=$((passed + tp)); failed=$((failed + tf))
  fi
fi

# ---- JDBC (a real BI client: the PostgreSQL JDBC driver) --------------------
JDBC_SEL=${JDBC:-}
if [ -z "$JDBC_SEL" ] && [ -z "${REGRESS:-}" ] && [ -z "${TAP:-}" ]; then JDBC_SEL=yes; fi
if [ "$JDBC_SEL" = yes ]; then
  log "JDBC suite"
  JDBC_JAR=${JDBC_JAR:-/usr/share/java/postgresql.jar}
  set +e
  {
    "$PGBIN/psql" -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE ekpi_jdbc" &&
    "$PGBIN/psql" -X -q -d ekpi_jdbc -v ON_ERROR_STOP=1 -f test/jdbc/setup.sql &&
    mkdir -p "$RUN/jdbc" &&
    javac -d "$RUN/jdbc" -cp "$JDBC_JAR" test/jdbc/*.java &&
    java -cp "$RUN/jdbc:$JDBC_JAR" KpiViewsTest \
      "jdbc:postgresql://127.0.0.1:$PORT/ekpi_jdbc?user=ekpi_jdbc_reader&ApplicationName=KpiViewsTest" 7
    r1=$?
    java -cp "$RUN/jdbc:$JDBC_JAR" ConcurrentReadTest \
      "jdbc:postgresql://127.0.0.1:$PORT/ekpi_jdbc?user=ekpi_jdbc_reader&ApplicationName=ConcurrentReadTest" \
      "jdbc:postgresql://127.0.0.1:$PORT/ekpi_jdbc?user=postgres&ApplicationName=ConcurrentReadTest-refresher" 1
    [ $? -eq 0 ] && [ "$r1" -eq 0 ]
  } >"$RUN/jdbc.out" 2>&1
  rc=$?
  set -e
  cat "$RUN/jdbc.out"
  jp=$(grep -cE '^ok [0-9]+' "$RUN/jdbc.out" || true)
  jf=$(grep -cE '^not ok [0-9]+' "$RUN/jdbc.out" || true)
  if [ "$rc" -ne 0 ] && [ "$jf" -eq 0 ]; then jf=1; fi
  passed=$((passed + jp)); failed=$((failed + jf))
fi

# ---- upgrade (the previous release, updated, against a fresh install) ------
UPGRADE_SEL=${UPGRADE:-}
if [ -z "$UPGRADE_SEL" ] && [ -z "${REGRESS:-}" ] && [ -z "${TAP:-}" ]; then UPGRADE_SEL=yes; fi
if [ "$UPGRADE_SEL" = yes ]; then
  log "upgrade suite"
  set +e
  PGBIN="$PGBIN" test/upgrade/upgrade.sh >"$RUN/upgrade.out" 2>&1
  rc=$?
  set -e
  cat "$RUN/upgrade.out"
  up=$(grep -cE '^ok [0-9]+' "$RUN/upgrade.out" || true)
  uf=$(grep -cE '^not ok [0-9]+' "$RUN/upgrade.out" || true)
  if [ "$rc" -ne 0 ] && [ "$uf" -eq 0 ]; then uf=1; fi
  passed=$((passed + up)); failed=$((failed + uf))
fi

# ---- docs (the fifth suite: every SQL example of README.md and docs/*.md,
# test/doctest; in a full run or with DOCTEST=yes, DOCTEST=none skips it; not
# DOCS, which PGXS reads as the list of documentation files to install) -----
DOCTEST_SEL=${DOCTEST:-}
if [ -z "$DOCTEST_SEL" ] && [ -z "${REGRESS:-}" ] && [ -z "${TAP:-}" ]; then DOCTEST_SEL=yes; fi
if [ "$DOCTEST_SEL" = yes ]; then
  log "doc-test suite"
  set +e
  PGBIN="$PGBIN" test/doctest/doctest.sh >"$RUN/docs.out" 2>&1
  rc=$?
  set -e
  cat "$RUN/docs.out"
  dp=$(grep -cE '^ok [0-9]+' "$RUN/docs.out" || true)
  df=$(grep -cE '^not ok [0-9]+' "$RUN/docs.out" || true)
  if [ "$rc" -ne 0 ] && [ "$df" -eq 0 ]; then df=1; fi
  passed=$((passed + dp)); failed=$((failed + df))
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
