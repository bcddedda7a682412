#!/usr/bin/env bash
# make validate: intervention_effect against synthetic_truth on seeds 1-10
# (50,000 citizens x 156 weeks each), in a throwaway sandbox database.
# Prints the definitional check, per-seed coverage / worst |z| / SD of z and
# the pooled criteria of issue 4.  Takes about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds="${SEEDS:-1,2,3,4,5,6,7,8,9,10}"
citizens="${CITIZENS:-50000}"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cat > "$tmp" <<SQL
\set seeds '$seeds'
\set citizens $citizens
\timing off
\i test/validate/effects_validate.sql
SQL
start=$(date +%s)
scripts/sandbox.sh -f "$tmp"
echo "validate: seeds $seeds, $citizens citizens, $(( $(date +%s) - start )) s"
