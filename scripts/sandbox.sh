#!/usr/bin/env bash
# Developer helper: build and install the extension, start a throwaway cluster,
# create database "sandbox" with employment_kpi (and pgtap), run psql with the
# given arguments against it, then stop and remove the cluster.
#   scripts/sandbox.sh -f my_experiment.sql
#   scripts/sandbox.sh -c "SELECT employment_kpi.norm_quantile(0.975)"
# Holds the same install lock as make test, so parallel runs never collide.
source "$(dirname "$0")/common.sh"
cd "$TOP"
throwaway_cluster sandbox 56432 "max_worker_processes=16" "max_parallel_workers=8" "fsync=off" "synchronous_commit=off"
throwaway_database sandbox "" pgtap
"$PGBIN/psql" -X -d sandbox -v ON_ERROR_STOP=1 "$@"
