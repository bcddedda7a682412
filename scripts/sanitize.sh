#!/usr/bin/env bash
# Developer check: the pg_regress suite against an UndefinedBehaviorSanitizer
# build of the extension, then report every sanitizer finding.  Not part of
# make test (minutes).
#   scripts/sanitize.sh                         whole pg_regress suite
#   REGRESS="core_survival_io" scripts/sanitize.sh
#   SANITIZE_FUZZ=yes scripts/sanitize.sh       then a small make fuzz budget
#
# How: the extension is built from a copy of the tree with
# -fsanitize=undefined,float-cast-overflow (COPT, which PGXS adds to CFLAGS
# and LDFLAGS) and installed into a private PostgreSQL copy; the UBSan
# runtime comes in as a dependency of employment_kpi.so when a backend loads
# it.  Every report (signed overflow, shifts, out-of-range casts of NaN and
# infinities to integers, misaligned or null pointers, out-of-bounds indexes
# into fixed arrays, ...) goes to one file per process in the log directory,
# which is kept; the run goes on after a report so that one run lists them
# all.
#
# AddressSanitizer is not used: the server is Debian's uninstrumented
# binary, into which the ASan runtime would have to be preloaded, and with
# libasan (gcc 12) or clang's runtime in LD_PRELOAD every PostgreSQL 15
# program of Debian 12 hangs before main (a library constructor's
# bindtextdomain deadlocks on glibc's locale lock); loaded later, as a
# dependency of the extension, libasan refuses to start ("ASan runtime does
# not come first").  Memory errors are what scripts/valgrind.sh finds.
source "$(dirname "$0")/common.sh"
cd "$TOP"
EKPI_PRIVATE_PG=${EKPI_PRIVATE_PG:-/tmp/employment_kpi-pg-ubsan}

LOGS=$(mktemp -d /tmp/employment_kpi-ubsan-logs.XXXXXX)
chmod 777 "$LOGS"
# Build from a copy of the tree, so that the sanitizer objects never mix
# with an ordinary build of the worktree.
BUILD=$LOGS/tree
mkdir -p "$BUILD"
git ls-files -z | xargs -0 cp --parents -t "$BUILD"
# Files not yet committed (a change under test) are copied as they are.
git ls-files -z --others --exclude-standard | xargs -0 -r cp --parents -t "$BUILD"
chmod -R a+rX "$BUILD"
TOP=$BUILD
cd "$TOP"

export COPT="-fsanitize=undefined,float-cast-overflow -fno-omit-frame-pointer"
SERVER_WRAPPER=(env "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0:log_path=$LOGS/ubsan")
throwaway_cluster ubsan 58532 "max_parallel_workers_per_gather=2" "fsync=off"
log "the instrumented extension is installed; server on port $PORT (reports in $LOGS)"
# Is the instrumented library the one the server loads?
"$PGBIN/psql" -X -q -d postgres -c "LOAD 'employment_kpi'" \
  || die "the server cannot load the instrumented library (see $RUN/server.log)"
nm -D "$("$PG_CONFIG" --pkglibdir)/employment_kpi.so" | grep __ubsan_ >/dev/null \
  || die "the installed employment_kpi.so is not instrumented"

set +e
make -s PG_CONFIG="$PG_CONFIG" installcheck ${REGRESS:+REGRESS="$REGRESS"} >"$LOGS/regress.out" 2>&1
rc=$?
tail -n 40 "$LOGS/regress.out"
[ -f regression.diffs ] && cp regression.diffs "$LOGS/"
if [ "${SANITIZE_FUZZ:-}" = yes ]; then
  FUZZ_SERVER_LOG=$RUN/server.log FUZZ_OUT=$LOGS/fuzz PGBIN=$PGBIN \
    FUZZ_CALLS=${FUZZ_CALLS:-2000} FUZZ_INPUTS=${FUZZ_INPUTS:-5000} FUZZ_SQLSMITH=${FUZZ_SQLSMITH:-2000} \
    FUZZ_PARALLEL_ROWS=${FUZZ_PARALLEL_ROWS:-50000} FUZZ_CITIZENS=${FUZZ_CITIZENS:-500} \
    test/fuzz/run.sh 2>&1 | grep -E '^(ok|not ok|#)' || rc=1
fi
set -e
cp "$RUN/server.log" "$LOGS/server.log"
cluster_stop "$RUN" 300
terminated=$(grep -cE 'terminated by signal|was terminated' "$LOGS/server.log" || true)
log "sanitizer reports:"
n=0
for f in "$LOGS"/ubsan.*; do
  [ -e "$f" ] || continue
  n=$((n + 1))
  echo "---- $f"
  cat "$f"
done
# UBSan without log_path goes to stderr, which is the server log.
ub=$(grep -cE 'runtime error:|UndefinedBehaviorSanitizer' "$LOGS/server.log" || true)
echo "$n sanitizer report file(s), $ub sanitizer line(s) in the server log, $terminated backend(s) terminated by a signal; pg_regress $( [ "$rc" -eq 0 ] && echo passed || echo FAILED ); logs kept in $LOGS"
[ "$n" -eq 0 ] && [ "$ub" -eq 0 ] && [ "$terminated" -eq 0 ] && [ "$rc" -eq 0 ]
