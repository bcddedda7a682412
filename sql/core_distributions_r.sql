-- Tests src/sql/core/distributions.sql (src/distributions.c) against R.
-- Accuracy against R: every distribution function over the fixture grid of
-- test/fixtures/distributions/distributions.csv (made by make_fixtures.R:
-- p from 1e-12 to 1 - 1e-12, df 0.01..200 including non-integer df and up to
-- 2e6, lambda 0.001..1e6, x across the body and both tails, plus 2,000
-- random probes off the grids per function). The relative
-- error |ours - R| / |R| must stay below 1e-10 for every function; the
-- Poisson quantile must match exactly. order_of_max_err is
-- ceil(log10(max relative error)): it documents how far below the bound we
-- are. R values below 1e-300 (2 subnormal upper tails) are left out:
-- relative error means nothing there.
SET extra_float_digits = 0;
CREATE TEMP TABLE r_ref (fn text, a1 float8, a2 float8, expected float8);
\copy r_ref FROM 'test/fixtures/distributions/distributions.csv' WITH (FORMAT csv, HEADER true)

CREATE TEMP TABLE r_cmp AS
SELECT fn, a1, a2, expected,
       CASE fn
         WHEN 'pnorm'        THEN employment_kpi.norm_cdf(a1)
         WHEN 'pnorm_upper'  THEN employment_kpi.norm_sf(a1)
         WHEN 'qnorm'        THEN employment_kpi.norm_quantile(a1)
         WHEN 'pchisq'       THEN employment_kpi.chisq_cdf(a1, a2)
         WHEN 'pchisq_upper' THEN employment_kpi.chisq_sf(a1, a2)
         WHEN 'qchisq'       THEN employment_kpi.chisq_quantile(a1, a2)
         WHEN 'ppois'        THEN employment_kpi.poisson_cdf(a1, a2)
         WHEN 'qpois'        THEN employment_kpi.poisson_quantile(a1, a2)
       END AS got
FROM r_ref
WHERE expected = 0 OR abs(expected) >= 1e-300;

SELECT fn, count(*) AS n,
       max(CASE WHEN expected = 0 THEN abs(got) ELSE abs(got - expected) / abs(expected) END) < 1e-10 AS ok,
       ceil(log(greatest(max(CASE WHEN expected = 0 THEN abs(got) ELSE abs(got - expected) / abs(expected) END), 1e-17)::numeric)) AS order_of_max_err,
       count(*) FILTER (WHERE got <> expected) AS n_differ
FROM r_cmp
GROUP BY fn
ORDER BY fn;

-- qchisq's largest differences are R's: for p close to 1 R's lower-tail
-- qchisq works with p itself, e.g. qchisq(1 - 1e-12, 10) is 2.6e-11 off
-- qchisq(1e-12 (exactly 1 - p), 10, lower.tail = FALSE), while we solve on
-- the upper tail; away from p = 1 the two agree far more closely
SELECT a1 > 1 - 1e-9 AS p_above_1_minus_1e9, count(*) AS n,
       ceil(log(greatest(max(abs(got - expected) / abs(expected)), 1e-17)::numeric)) AS order_of_max_err
FROM r_cmp WHERE fn = 'qchisq' AND expected > 0
GROUP BY 1 ORDER BY 1;

-- the grid really covers the ranges named at the top
SELECT min(a1) AS min_p, 1 - max(a1) AS one_minus_max_p, min(a2) AS min_df, max(a2) AS max_df,
       count(DISTINCT a2) FILTER (WHERE a2 <> trunc(a2)) AS non_integer_dfs
FROM r_ref WHERE fn = 'qchisq';
SELECT max(a2) AS max_lambda, count(DISTINCT a2) AS lambdas FROM r_ref WHERE fn = 'qpois';
SELECT min(a1) AS min_x, max(a1) AS max_x, min(expected) AS min_pnorm FROM r_ref WHERE fn = 'pnorm';

-- any row off by more than 1e-10 would be listed here
SELECT fn, a1, a2, expected, got FROM r_cmp
WHERE CASE WHEN expected = 0 THEN abs(got) ELSE abs(got - expected) / abs(expected) END >= 1e-10
ORDER BY fn, a2, a1 LIMIT 20;

-- self-consistency of the quantiles with our own cdfs: the Poisson quantile
-- of p = our cdf at k gives k back (the fuzz at work), and the chi-square
-- quantile inverts our cdf in the tail that p lies in
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE employment_kpi.poisson_quantile(employment_kpi.poisson_cdf(k, lam), lam) <> k) AS not_k
FROM (VALUES (0.01), (0.7), (3.3), (20), (150), (2500.5), (40000)) AS l(lam),
     LATERAL generate_series(greatest(0, floor(lam - 6 * sqrt(lam)))::int, ceil(lam + 6 * sqrt(lam))::int) AS k
WHERE employment_kpi.poisson_cdf(k, lam) < 1;
SELECT count(*) AS pairs,
       max(abs(CASE WHEN p <= 0.5 THEN employment_kpi.chisq_cdf(employment_kpi.chisq_quantile(p, df), df) / p
                    ELSE employment_kpi.chisq_sf(employment_kpi.chisq_quantile(p, df), df) / (1 - p) END - 1)) < 1e-11 AS ok
FROM unnest(ARRAY[1e-12, 1e-9, 1e-6, 0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999, 1 - 1e-6, 1 - 1e-9, 1 - 1e-12]::float8[]) AS p,
     unnest(ARRAY[0.5, 1, 2, 3, 4.4, 10, 31.7, 100, 200, 5000]::float8[]) AS df;
