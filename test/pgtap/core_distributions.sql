-- Tests src/sql/core/distributions.sql.
-- Catalogue properties of the distribution and rate functions (every one
-- IMMUTABLE, STRICT, PARALLEL SAFE and commented) and their error codes.
BEGIN;
SELECT plan(19);

SELECT is(count(*)::int, 11, 'eleven distribution and rate functions')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'employment_kpi'
  AND p.proname IN ('norm_cdf', 'norm_sf', 'norm_quantile', 'chisq_cdf', 'chisq_sf', 'chisq_quantile',
                    'poisson_cdf', 'poisson_quantile', 'wilson_low', 'wilson_high', 'poisson_funnel');

SELECT is(array_agg(p.proname::text ORDER BY p.proname), NULL, 'all IMMUTABLE STRICT PARALLEL SAFE')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'employment_kpi'
  AND p.proname IN ('norm_cdf', 'norm_sf', 'norm_quantile', 'chisq_cdf', 'chisq_sf', 'chisq_quantile',
                    'poisson_cdf', 'poisson_quantile', 'wilson_low', 'wilson_high', 'poisson_funnel')
  AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's');

SELECT is(array_agg(p.proname::text ORDER BY p.proname), NULL, 'all have a COMMENT')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'employment_kpi'
  AND p.proname IN ('norm_cdf', 'norm_sf', 'norm_quantile', 'chisq_cdf', 'chisq_sf', 'chisq_quantile',
                    'poisson_cdf', 'poisson_quantile', 'wilson_low', 'wilson_high', 'poisson_funnel')
  AND obj_description(p.oid, 'pg_proc') IS NULL;

SELECT function_returns('employment_kpi', 'poisson_funnel', ARRAY['double precision', 'double precision'], 'setof record',
                        'poisson_funnel returns a table');

-- values (R: qnorm(0.995), qchisq(0.99, 4), qpois(0.9, 7.5), ppois(10, 7.5))
SELECT cmp_ok(abs(employment_kpi.norm_quantile(0.995) - 2.5758293035488999), '<', 1e-14::float8, 'qnorm(0.995)');
SELECT cmp_ok(abs(employment_kpi.chisq_quantile(0.99, 4) / 13.276704135987622 - 1), '<', 1e-14::float8, 'qchisq(0.99, 4)');
SELECT is(employment_kpi.poisson_quantile(0.9, 7.5), 11::float8, 'qpois(0.9, 7.5)');
SELECT cmp_ok(abs(employment_kpi.poisson_cdf(10, 7.5) / 0.86223798342838798 - 1), '<', 1e-14::float8, 'ppois(10, 7.5)');
-- log-rank style use: the p-value of chi-square 3.84 on 1 df is 0.05
SELECT cmp_ok(abs(employment_kpi.chisq_sf(employment_kpi.chisq_quantile(0.95, 1), 1) - 0.05), '<', 1e-15::float8,
              'chisq_sf inverts chisq_quantile');

-- error codes
SELECT throws_ok('SELECT employment_kpi.norm_quantile(1.5)', '22023', NULL, 'p > 1');
SELECT throws_ok('SELECT employment_kpi.chisq_cdf(1, 0)', '22023', NULL, 'df = 0');
SELECT throws_ok('SELECT employment_kpi.chisq_quantile(0.5, ''Infinity'')', '22023', NULL, 'df = Infinity');
SELECT throws_ok('SELECT employment_kpi.poisson_cdf(1, -1)', '22023', NULL, 'lambda < 0');
SELECT throws_ok('SELECT employment_kpi.poisson_quantile(''NaN'', 1)', '22023', NULL, 'p = NaN');
SELECT throws_ok('SELECT employment_kpi.wilson_low(5, 4)', '22023', NULL, 'successes > n');
SELECT throws_ok('SELECT employment_kpi.wilson_high(-1, 4)', '22023', NULL, 'successes < 0');
SELECT throws_ok('SELECT employment_kpi.wilson_high(1, 4, 1.0)', '22023', NULL, 'conf = 1');
SELECT throws_ok('SELECT * FROM employment_kpi.poisson_funnel(0, 0.95)', '22023', NULL, 'E = 0');
SELECT is(employment_kpi.wilson_low(0, 0), NULL, 'n = 0 gives NULL');

SELECT * FROM finish();
ROLLBACK;
