#!/usr/bin/env bash
# The national-size steps on a Citus cluster: a throwaway coordinator and two
# workers on this machine (test/citus/cluster.sh), a synthetic municipality
# of CITIZENS (default 300,000) x 156 weeks generated on the coordinator and
# distributed (distribute(), timed), then the steps of national_bench.sh -
# refresh(full => true), refresh() after one delivered week,
# intervention_effect(26, ...), caseworker_week for one week - each with its
# floor measured in the same run (national_measure, test/bench/lib.sh).
# Peak memory and temp files are the coordinator's backend's (the workers'
# are not measured).  All three nodes share this machine's cores, so the
# cluster cannot be faster than one node here: the figures show what the
# distribution costs and that every step runs, not the speed-up of real
# workers.  Needs Citus (docs/scale-out.md).
#   test/bench/citus_bench.sh            (CITIZENS=300000)
source "$(dirname "$0")/lib.sh"
source "$TOP/test/citus/cluster.sh"
CITIZENS=${CITIZENS:-300000}
FIRST_WEEK=${FIRST_WEEK:-2023-01-02}
SHARDS=${SHARDS:-32}

citus_installed || die "Citus is not installed for PostgreSQL $PGVER: see docs/scale-out.md"
# the settings of national_bench.sh, shared_buffers split over three nodes
citus_cluster citus-bench 56500 "shared_buffers=700MB" "work_mem=128MB" "maintenance_work_mem=512MB" \
  "effective_cache_size=8GB" "max_wal_size=16GB" "checkpoint_timeout=30min"
release_install_lock
citus_database bench
NATIONAL_RESULTS=${NATIONAL_RESULTS:-$RUN/citus.tsv}
log "results appended to $NATIONAL_RESULTS"

national_generate bench "$CITIZENS" "$FIRST_WEEK"
# The last week set aside while the tables are local (its statements join
# local tables with the facts), then the tables distributed and the week's
# rows made reference tables, so that delivering them joins as Citus can.
log "$CITIZENS citizens: setting the last week aside in bench"
lastweek_set_aside bench
floor=$(best 2 bench "$NATIONAL_FACT_SCAN")
log "$CITIZENS citizens: distribute($SHARDS)"
measure bench "SELECT * FROM employment_kpi.distribute($SHARDS)"
national_record "$CITIZENS" distribute "$floor"
"${PSQL[@]}" -d bench -At -c "SELECT create_reference_table(c.oid::regclass) FROM pg_class c
                                WHERE c.relnamespace = 'lastweek'::regnamespace AND c.relkind = 'r'" >/dev/null
NATIONAL_SET_ASIDE=done national_measure bench "$CITIZENS"

echo
echo "on a Citus coordinator with 2 workers (one machine), $SHARDS shards: citizens x 156 weeks from $FIRST_WEEK, seed 1"
national_table "$NATIONAL_RESULTS"
awk -F'\t' '$2 == "distribute" { printf "distribute(%s): %.2f s (floor: a scan of the facts, %.3f s)\n", "'"$SHARDS"'", $3, $4 }' "$NATIONAL_RESULTS"
