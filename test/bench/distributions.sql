-- Benchmark of the distribution and rate functions (not a test: no
-- thresholds). Run with:  scripts/sandbox.sh -f test/bench/distributions.sql
-- Each query evaluates one function 200,000 times over varying arguments;
-- the baseline is the same query with the built-in sqrt(), measured in the
-- same run, so the printed ratio (time / baseline time) is comparable across
-- machines and runs. Best of 3 runs per query.
\set QUIET on
SET max_parallel_workers_per_gather = 0;
SET jit = off;

CREATE TEMP TABLE bench_result (name text, ms float8);

CREATE FUNCTION pg_temp.bench(name text, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz; best float8 := 'Infinity'; i int;
BEGIN
  FOR i IN 1..3 LOOP
    t0 := clock_timestamp();
    EXECUTE q;
    best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
  INSERT INTO bench_result VALUES (name, best);
END $$;

\o /dev/null
-- p in (0, 1), x in (-8, 8), df in [1, 200], lambda in [0.5, 1e4]
SELECT pg_temp.bench('baseline sqrt(x)',          $q$SELECT sum(sqrt(i::float8 / 200001)) FROM generate_series(1, 200000) i$q$);
SELECT pg_temp.bench('norm_cdf(x)',               $q$SELECT sum(employment_kpi.norm_cdf(i::float8 / 12500 - 8)) FROM generate_series(1, 200000) i$q$);
SELECT pg_temp.bench('norm_quantile(p)',          $q$SELECT sum(employment_kpi.norm_quantile(i::float8 / 200001)) FROM generate_series(1, 200000) i$q$);
SELECT pg_temp.bench('chisq_sf(x, df 1..200)',    $q$SELECT sum(employment_kpi.chisq_sf((i % 997) * 0.3, 1 + i % 200)) FROM generate_series(1, 200000) i$q$);
SELECT pg_temp.bench('chisq_quantile(p, df)',     $q$SELECT sum(employment_kpi.chisq_quantile(i::float8 / 200001, 1 + i % 200)) FROM generate_series(1, 200000) i$q$);
SELECT pg_temp.bench('poisson_cdf(k, lambda<=1e4)', $q$SELECT sum(employment_kpi.poisson_cdf(i % 10000, 0.5 + (i % 7919) * 1.3)) FROM generate_series(1, 200000) i$q$);
SELECT pg_temp.bench('poisson_quantile(p, lambda)', $q$SELECT sum(employment_kpi.poisson_quantile(i::float8 / 200001, 0.5 + (i % 7919) * 1.3)) FROM generate_series(1, 200000) i$q$);
SELECT pg_temp.bench('wilson_low(x, n)',          $q$SELECT sum(employment_kpi.wilson_low(i % 1000, 1000 + i % 7)) FROM generate_series(1, 200000) i$q$);
SELECT pg_temp.bench('poisson_funnel(E)',         $q$SELECT sum(f.high) FROM generate_series(1, 200000) i, employment_kpi.poisson_funnel(0.5 + (i % 4999) * 0.2) f$q$);

\o
\set QUIET off
SELECT name, round(ms::numeric, 1) AS ms_per_200k,
       round((ms * 1000 / 200000)::numeric, 3) AS us_per_call,
       round((ms / (SELECT ms FROM bench_result WHERE name LIKE 'baseline%'))::numeric, 2) AS ratio_to_sqrt
FROM bench_result;
