-- Distribution functions and rate intervals (src/distributions.c,
-- src/distributions_sql.c, src/rates.c): the normal, chi-square and Poisson
-- distributions as R's pnorm, qnorm, pchisq, qchisq, ppois and qpois (to
-- 1e-10 relative error, tested against fixtures made by R), Wilson
-- intervals and exact Poisson funnel limits.  Every argument must be
-- finite; probabilities lie in [0, 1], df > 0, lambda >= 0; anything else
-- raises invalid_parameter_value (22023).

-- The distribution functions and the Wilson limits: C functions with a
-- float8 result, declared by the core template from their name, arguments,
-- C symbol and comment.
SELECT employment_kpi_internal.declare_c_function('employment_kpi', v.fname, v.args, 'float8', v.symbol, v.comment)
  FROM (VALUES
    ('norm_cdf', 'x float8', 'ekpi_norm_cdf_sql', 'Standard normal cumulative distribution function P(Z <= x) (normalfordeling; as R''s pnorm(x)).'),
    ('norm_sf', 'x float8', 'ekpi_norm_sf_sql', 'Standard normal upper tail P(Z > x), computed directly so it keeps relative precision far in the tail (as R''s pnorm(x, lower.tail = FALSE)).'),
    ('norm_quantile', 'p float8', 'ekpi_norm_quantile_sql', 'Standard normal quantile (fraktil) for probability p in [0, 1] (Wichura 1988, AS 241; as R''s qnorm(p)); p = 0 gives -Infinity and p = 1 gives Infinity.'),
    ('chisq_cdf', 'x float8, df float8', 'ekpi_chisq_cdf_sql', 'Chi-square cumulative distribution function P(X <= x) with df > 0 degrees of freedom, df need not be an integer (chi-i-anden fordeling; as R''s pchisq(x, df)); x <= 0 gives 0.'),
    ('chisq_sf', 'x float8, df float8', 'ekpi_chisq_sf_sql', 'Chi-square upper tail P(X > x), the p-value of a chi-square statistic x with df degrees of freedom, computed directly for relative precision (as R''s pchisq(x, df, lower.tail = FALSE)).'),
    ('chisq_quantile', 'p float8, df float8', 'ekpi_chisq_quantile_sql', 'Chi-square quantile for probability p in [0, 1] and df > 0 degrees of freedom (as R''s qchisq(p, df)); p = 0 gives 0 and p = 1 gives Infinity.'),
    ('poisson_cdf', 'k float8, lambda float8', 'ekpi_poisson_cdf_sql', 'Poisson cumulative distribution function P(X <= k) for mean lambda >= 0 (as R''s ppois(k, lambda)); a non-integer k is rounded down, k < 0 gives 0.'),
    ('poisson_quantile', 'p float8, lambda float8', 'ekpi_poisson_quantile_sql', 'Poisson quantile: the smallest integer k with P(X <= k) >= p for mean lambda >= 0, with a fuzz of 64 machine epsilons as in R''s qpois(p, lambda); p = 0 gives 0 and p = 1 gives Infinity (when lambda > 0).'),
    -- confidence limits for a proportion (src/rates.c)
    ('wilson_low', 'successes bigint, n bigint, conf float8 DEFAULT 0.95', 'ekpi_wilson_low', 'Lower limit of the Wilson score confidence interval (konfidensinterval) for the proportion successes/n at level conf (default 0.95), as R''s prop.test(successes, n, correct = FALSE)$conf.int[1]; NULL when n = 0; successes outside [0, n], n < 0 or conf outside (0, 1) raise invalid_parameter_value (22023).'),
    ('wilson_high', 'successes bigint, n bigint, conf float8 DEFAULT 0.95', 'ekpi_wilson_high', 'Upper limit of the Wilson score confidence interval (konfidensinterval) for the proportion successes/n at level conf (default 0.95), as R''s prop.test(successes, n, correct = FALSE)$conf.int[2]; NULL when n = 0; successes outside [0, n], n < 0 or conf outside (0, 1) raise invalid_parameter_value (22023).')
) AS v(fname, args, symbol, comment);

-- Exact Poisson funnel limits (src/rates.c).

CREATE OR REPLACE FUNCTION employment_kpi.poisson_funnel(expected float8, conf float8 DEFAULT 0.95)
RETURNS TABLE (low float8, high float8)
AS 'MODULE_PATHNAME', 'ekpi_poisson_funnel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION employment_kpi.poisson_funnel(float8, float8) IS
'Funnel-plot control limits (tragtdiagram) for an observed/expected ratio O/E at expected count E = expected > 0, exact Poisson limits as in Spiegelhalter (2005): low = qchisq((1 - conf)/2, 2E)/(2E), high = qchisq(1 - (1 - conf)/2, 2(E + 1))/(2E); one row. conf 0.95 gives the ~2 SD "alert" limits, 0.998 the ~3 SD "alarm" limits.';
