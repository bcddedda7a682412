# What the benchmarks of test/bench share (sourced, not run): their
# throwaway cluster and databases, the server-clock timer, and the same
# measurement against an older version of the extension in the same run.
#
# BASELINE_VERSION=<version> (e.g. BASELINE_VERSION=0.1.0 with the previous
# release) makes bench_cluster create a second database, bench_base, with
# CREATE EXTENSION employment_kpi VERSION '<version>' (its install script is
# installed with the current one); bench_generate loads the same synthetic
# municipality into both, and the benchmarks that support it (effects,
# scorecard, refresh) time every step in both and print before/after ratios
# (baseline time / current time: above 1 = faster now).  Both databases run
# on the one installed library, so the comparison measures the SQL of the
# two versions over the current C code.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
cd "$TOP"

# bench_cluster NAME [postgres -c settings...]
# throwaway_cluster (first free port from 57532, no fsync) with database
# bench at the default version and, with BASELINE_VERSION, bench_base.
# DBS lists the databases, bench first.  The install lock stays held;
# release_install_lock gives it up.
bench_cluster() {
  local name=$1; shift
  throwaway_cluster "$name" 57532 "fsync=off" "synchronous_commit=off" "full_page_writes=off" "$@"
  throwaway_database bench
  DBS=(bench)
  if [ -n "${BASELINE_VERSION:-}" ]; then
    log "baseline: database bench_base with employment_kpi $BASELINE_VERSION"
    throwaway_database bench_base "$BASELINE_VERSION"
    DBS+=(bench_base)
  fi
}

# timed DB QUERY: seconds (float) the server takes for QUERY in DB.  The
# whole row is counted so that every column is computed (count(*) would let
# the planner drop unused subquery columns, e.g. a correlated count).
# SETTINGS (e.g. "SET jit = off") run before it in the same session.
timed() {
  local out
  out=$("${PSQL[@]}" -d "$1" -At ${SETTINGS:+-c "$SETTINGS"} -c "
    DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
      PERFORM pg_catalog.count(q.*) FROM ($2) AS q;
      RAISE NOTICE 'secs=%', extract(epoch FROM clock_timestamp() - t0);
    END \$\$" 2>&1) || { printf '%s\n' "$out" >&2; die "timed query failed in $1"; }
  printf '%s\n' "$out" | sed -n 's/.*secs=//p'
}

# best N DB QUERY: the minimum of N runs of timed
best() {
  local n=$1 b="" t
  shift
  for _ in $(seq "$n"); do
    t=$(timed "$@")
    b=$(awk -v a="$t" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
  done
  echo "$b"
}

# median3 DB QUERY: the median of three runs of timed
median3() {
  { timed "$@"; timed "$@"; timed "$@"; } | sort -g | sed -n 2p
}

# ratio A B: A / B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# data_fingerprint DB: one md5 over the facts and organisation a benchmark
# reads, to check that two databases hold the same municipality
data_fingerprint() {
  "${PSQL[@]}" -d "$1" -At -c "
    SELECT md5(string_agg(h, ',' ORDER BY t)) FROM (
      SELECT 'team' AS t, md5(string_agg(x::text, ';' ORDER BY x::text)) AS h FROM employment_kpi.team x
      UNION ALL SELECT 'caseworker', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.caseworker x
      UNION ALL SELECT 'support_spell', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.support_spell x
      UNION ALL SELECT 'case_assignment', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.case_assignment x
      UNION ALL SELECT 'conversation', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.conversation x
      UNION ALL SELECT 'intervention', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.intervention x
      UNION ALL SELECT 'expense', md5(string_agg(x::text, ';' ORDER BY x::text)) FROM employment_kpi.expense x) AS f"
}

# bench_generate ARGS: generate_synthetic(ARGS) in every database of DBS;
# GEN_SECONDS is the time it took in bench.  With a baseline the two
# municipalities must be the same (their facts are compared) or the run
# stops: the before/after ratios would compare different work.
bench_generate() {
  local db
  for db in "${DBS[@]}"; do
    log "generating the synthetic municipality in $db: generate_synthetic($1)"
    if [ "$db" = bench ]; then
      GEN_SECONDS=$(timed "$db" "SELECT * FROM employment_kpi.generate_synthetic($1)")
    else
      "${PSQL[@]}" -d "$db" -c "SELECT * FROM employment_kpi.generate_synthetic($1)" >/dev/null
    fi
  done
  if [ ${#DBS[@]} -gt 1 ]; then
    [ "$(data_fingerprint bench)" = "$(data_fingerprint bench_base)" ] \
      || die "employment_kpi $BASELINE_VERSION generates a different municipality from the same arguments"
    log "bench and bench_base hold the same municipality"
  fi
}

# on_all SQL...: run psql commands in every database of DBS
on_all() {
  local db c args
  for db in "${DBS[@]}"; do
    args=()
    for c in "$@"; do args+=(-c "$c"); done
    "${PSQL[@]}" -d "$db" "${args[@]}" >/dev/null
  done
}
