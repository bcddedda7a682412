-- Tests src/sql/core/distributions.sql: the rate functions (src/rates.c).
-- Rates: Wilson score interval and Poisson funnel limits, against R
-- (test/fixtures/distributions/wilson.csv and funnel.csv, made by
-- make_fixtures.R with prop.test(x, n, correct = FALSE) and qchisq), plus
-- edge cases and argument validation.
SET extra_float_digits = 0;

CREATE TEMP TABLE r_wilson (successes bigint, n bigint, conf float8, low float8, high float8);
\copy r_wilson FROM 'test/fixtures/distributions/wilson.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE r_funnel (expected float8, conf float8, low float8, high float8);
\copy r_funnel FROM 'test/fixtures/distributions/funnel.csv' WITH (FORMAT csv, HEADER true)

-- Wilson: 448 cases, n from 1 to 1e9, x = 0 .. n, conf 0.8 .. 0.998
WITH c AS (
  SELECT w.*, employment_kpi.wilson_low(successes, n, conf) AS got_low,
         employment_kpi.wilson_high(successes, n, conf) AS got_high
  FROM r_wilson w)
SELECT count(*) AS n_cases, max(n) AS max_n,
       count(*) FILTER (WHERE successes = 0) AS x_zero, count(*) FILTER (WHERE successes = n) AS x_n,
       max(CASE WHEN low = 0 THEN abs(got_low) ELSE abs(got_low - low) / low END) < 1e-10 AS low_ok,
       max(abs(got_high - high) / high) < 1e-10 AS high_ok,
       ceil(log(greatest(max(CASE WHEN low = 0 THEN abs(got_low) ELSE abs(got_low - low) / low END),
                         max(abs(got_high - high) / high), 1e-17)::numeric)) AS order_of_max_err
FROM c;

-- the default level is 0.95; x = 0 gives low = 0 and x = n high = 1 exactly
SELECT round(employment_kpi.wilson_low(7, 20)::numeric, 12) AS low,
       round(employment_kpi.wilson_high(7, 20)::numeric, 12) AS high,
       employment_kpi.wilson_low(7, 20) = employment_kpi.wilson_low(7, 20, 0.95) AS default_is_95,
       employment_kpi.wilson_low(0, 20) AS low_x0, employment_kpi.wilson_high(20, 20) AS high_xn,
       employment_kpi.wilson_low(1, 1000000000) > 0 AS low_tiny_positive;
-- n = 0 and NULL arguments give NULL
SELECT employment_kpi.wilson_low(0, 0) IS NULL AS n0_low, employment_kpi.wilson_high(0, 0, 0.9) IS NULL AS n0_high,
       employment_kpi.wilson_low(NULL, 10) IS NULL AS null_x, employment_kpi.wilson_high(3, NULL) IS NULL AS null_n,
       employment_kpi.wilson_low(3, 10, NULL) IS NULL AS null_conf;
-- a typical use: proportion of citizens in employment per group with limits
SELECT grp, x, n, round(employment_kpi.wilson_low(x, n)::numeric, 4) AS low,
       round(x::numeric / n, 4) AS rate, round(employment_kpi.wilson_high(x, n)::numeric, 4) AS high
FROM (VALUES ('A', 12, 40), ('B', 0, 9), ('C', 250, 251)) AS t(grp, x, n) ORDER BY grp;

-- Funnel limits: 36 cases, E from 0.01 to 1e6, conf 0.8, 0.95, 0.998
WITH c AS (
  SELECT r.*, f.low AS got_low, f.high AS got_high
  FROM r_funnel r, LATERAL employment_kpi.poisson_funnel(r.expected, r.conf) f)
SELECT count(*) AS n_cases,
       max(abs(got_low - low) / low) < 1e-10 AS low_ok,
       max(abs(got_high - high) / high) < 1e-10 AS high_ok,
       ceil(log(greatest(max(abs(got_low - low) / low), max(abs(got_high - high) / high), 1e-17)::numeric)) AS order_of_max_err
FROM c;
-- limits narrow around 1 as E grows; the default level is 0.95
SELECT e, round(low::numeric, 6) AS low, round(high::numeric, 6) AS high
FROM unnest(ARRAY[1, 10, 100, 10000]::float8[]) AS e, LATERAL employment_kpi.poisson_funnel(e) ORDER BY e;
SELECT count(*) AS rows FROM employment_kpi.poisson_funnel(5, 0.998);
SELECT count(*) AS rows FROM employment_kpi.poisson_funnel(NULL, 0.95);

-- invalid arguments: 22023, with a message naming the problem
SELECT employment_kpi.wilson_low(-1, 10);
SELECT employment_kpi.wilson_high(11, 10);
SELECT employment_kpi.wilson_low(0, -5);
SELECT employment_kpi.wilson_low(3, 10, 1);
SELECT employment_kpi.wilson_high(3, 10, 0);
SELECT employment_kpi.wilson_high(3, 10, 'NaN');
SELECT employment_kpi.wilson_low(3, 10, -0.5);
SELECT * FROM employment_kpi.poisson_funnel(0, 0.95);
SELECT * FROM employment_kpi.poisson_funnel(-2, 0.95);
SELECT * FROM employment_kpi.poisson_funnel('Infinity', 0.95);
SELECT * FROM employment_kpi.poisson_funnel('NaN', 0.95);
SELECT * FROM employment_kpi.poisson_funnel(1e12, 0.95);
SELECT * FROM employment_kpi.poisson_funnel(10, 1.5);
\set VERBOSITY sqlstate
SELECT employment_kpi.wilson_low(-1, 10);
SELECT employment_kpi.wilson_high(11, 10);
SELECT employment_kpi.wilson_low(3, 10, 1);
SELECT * FROM employment_kpi.poisson_funnel(0, 0.95);
SELECT * FROM employment_kpi.poisson_funnel(10, 0);
\set VERBOSITY default
