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
command -v valgrind >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
# valgrind's logs outlive the cluster
LOGS=$(mktemp -d /tmp/employment_kpi-vg-logs.XXXXXX)
chmod 755 "$LOGS"
if is_root; then chown postgres: "$LOGS"; fi
SERVER_WRAPPER=(valgrind --quiet --trace-children=yes --track-origins=yes --read-var-info=yes
                --num-callers=30 --error-limit=no --log-file="$LOGS/vg.%p.log")
throwaway_cluster vg 57432 "max_parallel_workers_per_gather=2" "fsync=off"
log "postgres runs under valgrind on port $PORT (valgrind logs in $LOGS)"
set +e
make -s PG_CONFIG="$PG_CONFIG" installcheck ${REGRESS:+REGRESS="$REGRESS"} 2>&1 | tail -n 40
set -e
cluster_stop "$RUN" 300   # the processes write their valgrind logs as they end
log "valgrind errors in stacks that involve employment_kpi:"
n=0
for f in "$LOGS"/vg.*.log; do
  if grep -q 'employment_kpi\.so' "$f"; then
    n=$((n + 1))
    echo "---- $f"
    cat "$f"
  fi
done
echo "$n valgrind log(s) with errors in employment_kpi code; logs kept in $LOGS"
[ "$n" -eq 0 ]
