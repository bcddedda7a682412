#!/usr/bin/env bash
# National size on one node: synthetic municipalities of SIZES citizens
# (default "100000 300000 1000000") x 156 weeks, each in its own database of
# one throwaway cluster (the previous one dropped first, to save disk).
# Per size and step - generate_synthetic, refresh(full => true), refresh()
# after one delivered week, intervention_effect(26, ...), caseworker_week
# for one week - the time, its floor measured in the same run (a scan of the
# rows the step must read; for the generator, writing its rows), the ratio
# time / floor, the backend's peak memory (VmHWM, one fresh connection per
# step) and the temp files written; then the growth exponent of each step
# between consecutive sizes.  A benchmark: nothing here passes or fails on
# a time.  The measurement itself is national_generate / national_measure /
# national_table in test/bench/lib.sh, usable against any database.
#   test/bench/national_bench.sh                    (or make bench-national)
#   SIZES="5000 10000" test/bench/national_bench.sh
# NATIONAL_RESULTS=FILE appends the raw results to FILE (default: a file in
# the cluster's directory); the table is printed from all of FILE, so runs of
# different sizes can be collected into one table.
source "$(dirname "$0")/lib.sh"
SIZES=${SIZES:-"100000 300000 1000000"}
# A fixed Monday: the same municipality whatever the day of the run
FIRST_WEEK=${FIRST_WEEK:-2023-01-02}

# Settings for a dedicated 2-core, 23 GB machine shared with other jobs:
# shared buffers large enough for the hot fact tables at 300,000 citizens,
# work_mem that lets the refresh's sorts and hashes stay in memory at the
# smaller sizes without risking the machine at 1,000,000 (several nodes per
# query may each use it), and checkpoints spread out over the bulk loads.
bench_cluster national "shared_buffers=2GB" "work_mem=128MB" "maintenance_work_mem=1GB" \
  "effective_cache_size=8GB" "max_wal_size=16GB" "checkpoint_timeout=30min"
release_install_lock
"${PSQL[@]}" -d postgres -c "DROP DATABASE bench"

NATIONAL_RESULTS=${NATIONAL_RESULTS:-$RUN/national.tsv}
log "results appended to $NATIONAL_RESULTS"
"${PSQL[@]}" -d postgres -At -c "SELECT 'settings: ' || string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'effective_cache_size',
                                  'max_parallel_workers_per_gather', 'jit', 'max_wal_size', 'fsync')"
prev=""
for n in $SIZES; do
  [ -n "$prev" ] && "${PSQL[@]}" -d postgres -c "DROP DATABASE $prev"
  db=national_$n
  throwaway_database "$db"
  national_generate "$db" "$n" "$FIRST_WEEK"
  national_measure "$db" "$n"
  "${PSQL[@]}" -d "$db" -At -c "SELECT '$n citizens: database ' || pg_size_pretty(pg_database_size(current_database()))
    || ', ' || (SELECT count(*) FROM employment_kpi.support_spell) || ' spells, '
    || (SELECT count(*) FROM employment_kpi.conversation) || ' conversations, '
    || (SELECT count(*) FROM employment_kpi.intervention) || ' offers'" | tee -a "$NATIONAL_RESULTS.info"
  prev=$db
done

echo
echo "national size on one node: citizens x 156 weeks from $FIRST_WEEK, seed 1"
national_table "$NATIONAL_RESULTS"
