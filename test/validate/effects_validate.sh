#!/usr/bin/env bash
# make validate: intervention_effect against synthetic_truth on seeds 1-10
# (50,000 citizens x 156 weeks each, cells with at least 300 participants),
# in its own throwaway cluster.  Prints the definitional check, per-seed
# coverage / worst |z| / SD of z and the pooled criteria (coverage of the 95%
# intervals >= 90%, no |z| > 4, SD of z in 0.8..1.2).  Takes about 20 minutes
# on 2 cores; holds the install lock only while building and installing.
# make test runs one small seed of the same (sql/kpi_effects_validate.sql).
#   test/validate/effects_validate.sh   (SEEDS=1,2,...,10 CITIZENS=50000 MIN_PARTICIPANTS=300)
source "$(dirname "$0")/../../scripts/common.sh"
cd "$TOP"
SEEDS="${SEEDS:-1,2,3,4,5,6,7,8,9,10}"
CITIZENS="${CITIZENS:-50000}"
MIN_PARTICIPANTS="${MIN_PARTICIPANTS:-300}"

throwaway_cluster validate 57632 "fsync=off" "synchronous_commit=off" "full_page_writes=off"
throwaway_database validate
release_install_lock

start=$(date +%s)
# one psql run (one transaction) per seed: no dead rows of earlier seeds
for seed in ${SEEDS//,/ }; do
  t0=$(date +%s)
  "${PSQL[@]}" -d validate -v seed="$seed" -v citizens="$CITIZENS" \
    -v min_participants="$MIN_PARTICIPANTS" -f test/validate/effects_validate_seed.sql
  echo "seed $seed: $(( $(date +%s) - t0 )) s"
done
"${PSQL[@]}" -d validate -f test/validate/effects_validate.sql
echo "validate: seeds $SEEDS, $CITIZENS citizens x 156 weeks, cells with >= $MIN_PARTICIPANTS participants, $(( $(date +%s) - start )) s"
