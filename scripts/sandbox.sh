#!/usr/bin/env bash
# Developer helper: build and install the extension, start a throwaway cluster,
# create database "sandbox" with employment_kpi (and pgtap), run psql with the
# given arguments against it, then stop and remove the cluster.
#   scripts/sandbox.sh -f my_experiment.sql
#   scripts/sandbox.sh -c "SELECT employment_kpi.norm_quantile(0.975)"
# Holds the same install lock as make test, so parallel runs never collide.
source "$(dirname "$0")/common.sh"
cd "$TOP"
install_deps
RUN=$(mktemp -d /tmp/employment_kpi-sandbox.XXXXXX)
chmod 755 "$RUN"
trap 'cluster_stop "$RUN"; rm -rf "$RUN"' EXIT
trap 'exit 143' INT TERM   # run the EXIT trap on interruption too
exec 9>"$LOCKFILE"
flock 9
build_and_install
PORT=$(free_port 56432)
cluster_start "$RUN" "$PORT" "max_worker_processes=16" "max_parallel_workers=8" "fsync=off" "synchronous_commit=off"
export PGHOST=$RUN PGPORT=$PORT PGUSER=postgres
"$PGBIN/psql" -X -q -d postgres -c "CREATE DATABASE sandbox"
"$PGBIN/psql" -X -q -d sandbox -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION employment_kpi CASCADE"
"$PGBIN/psql" -X -d sandbox -v ON_ERROR_STOP=1 "$@"
