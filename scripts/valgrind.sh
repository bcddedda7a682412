#!/usr/bin/env bash
# Developer check: run the pg_regress suite against a throwaway server that
# runs under valgrind memcheck, then report every error whose stack touches
# employment_kpi.so.  Slow (minutes); not part of make test.
#   scripts/valgrind.sh                 whole pg_regress suite
#   REGRESS="core_survival_io" scripts/valgrind.sh
source "$(dirname "$0")/common.sh"
cd "$TOP"
# A private PostgreSQL copy: the slow valgrind run holds no shared lock.
EKPI_PRIVATE_PG=${EKPI_PRIVATE_PG:-/tmp/employment_kpi-pg-valgrind}
install_deps
command -v valgrind >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
RUN=$(mktemp -d /tmp/employment_kpi-vg.XXXXXX)
chmod 755 "$RUN"
PID=
cleanup() {
  if [ -n "$PID" ]; then as_pg "$PGBIN/pg_ctl" -D "$RUN/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$RUN/data"
}
trap cleanup EXIT
trap 'exit 143' INT TERM   # run the EXIT trap on interruption too
exec 9>"$LOCKFILE"
flock 9
build_and_install
if is_root; then chown postgres: "$RUN"; fi
as_pg "$PGBIN/initdb" -D "$RUN/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
PORT=$(free_port 57432)
log "starting postgres under valgrind on port $PORT (logs in $RUN)"
as_pg valgrind --quiet --trace-children=yes --track-origins=yes --read-var-info=yes \
  --num-callers=30 --error-limit=no --log-file="$RUN/vg.%p.log" \
  "$PGBIN/postgres" -D "$RUN/data" -p "$PORT" -k "$RUN" -c listen_addresses=127.0.0.1 \
  -c max_parallel_workers_per_gather=2 -c fsync=off >"$RUN/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  "$PGBIN/pg_isready" -q -h "$RUN" -p "$PORT" && break
  sleep 1
done
export PGHOST=$RUN PGPORT=$PORT PGUSER=postgres
set +e
make -s PG_CONFIG="$PG_CONFIG" installcheck ${REGRESS:+REGRESS="$REGRESS"} 2>&1 | tail -n 40
set -e
as_pg "$PGBIN/pg_ctl" -D "$RUN/data" -m fast -w -t 300 stop >/dev/null 2>&1 || true
PID=
log "valgrind errors in stacks that involve employment_kpi:"
n=0
for f in "$RUN"/vg.*.log; do
  if grep -q 'employment_kpi\.so' "$f"; then
    n=$((n + 1))
    echo "---- $f"
    cat "$f"
  fi
done
echo "$n valgrind log(s) with errors in employment_kpi code; logs kept in $RUN"
[ "$n" -eq 0 ]
