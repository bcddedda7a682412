-- Distribution functions and rate intervals (src/distributions.c,
-- src/distributions_sql.c, src/rates.c): the normal, chi-square and Poisson
-- distributions as R's pnorm, qnorm, pchisq, qchisq, ppois and qpois (to
-- 1e-10 relative error, tested against fixtures made by R), Wilson
-- intervals and exact Poisson funnel limits.  Every argument must be
-- finite; probabilities lie in [0, 1], df > 0, lambda >= 0; anything else
-- raises invalid_parameter_value (22023).

CREATE OR REPLACE FUNCTION employment_kpi.norm_cdf(x float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_norm_cdf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.norm_cdf(float8) IS
'Standard normal cumulative distribution function P(Z <= x) (normalfordeling; as R''s pnorm(x)).';

CREATE OR REPLACE FUNCTION employment_kpi.norm_sf(x float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_norm_sf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.norm_sf(float8) IS
'Standard normal upper tail P(Z > x), computed directly so it keeps relative precision far in the tail (as R''s pnorm(x, lower.tail = FALSE)).';

CREATE OR REPLACE FUNCTION employment_kpi.norm_quantile(p float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_norm_quantile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.norm_quantile(float8) IS
'Standard normal quantile (fraktil) for probability p in [0, 1] (Wichura 1988, AS 241; as R''s qnorm(p)); p = 0 gives -Infinity and p = 1 gives Infinity.';

CREATE OR REPLACE FUNCTION employment_kpi.chisq_cdf(x float8, df float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_chisq_cdf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.chisq_cdf(float8, float8) IS
'Chi-square cumulative distribution function P(X <= x) with df > 0 degrees of freedom, df need not be an integer (chi-i-anden fordeling; as R''s pchisq(x, df)); x <= 0 gives 0.';

CREATE OR REPLACE FUNCTION employment_kpi.chisq_sf(x float8, df float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_chisq_sf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.chisq_sf(float8, float8) IS
'Chi-square upper tail P(X > x), the p-value of a chi-square statistic x with df degrees of freedom, computed directly for relative precision (as R''s pchisq(x, df, lower.tail = FALSE)).';

CREATE OR REPLACE FUNCTION employment_kpi.chisq_quantile(p float8, df float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_chisq_quantile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.chisq_quantile(float8, float8) IS
'Chi-square quantile for probability p in [0, 1] and df > 0 degrees of freedom (as R''s qchisq(p, df)); p = 0 gives 0 and p = 1 gives Infinity.';

CREATE OR REPLACE FUNCTION employment_kpi.poisson_cdf(k float8, lambda float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_poisson_cdf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.poisson_cdf(float8, float8) IS
'Poisson cumulative distribution function P(X <= k) for mean lambda >= 0 (as R''s ppois(k, lambda)); a non-integer k is rounded down, k < 0 gives 0.';

CREATE OR REPLACE FUNCTION employment_kpi.poisson_quantile(p float8, lambda float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_poisson_quantile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.poisson_quantile(float8, float8) IS
'Poisson quantile: the smallest integer k with P(X <= k) >= p for mean lambda >= 0, with a fuzz of 64 machine epsilons as in R''s qpois(p, lambda); p = 0 gives 0 and p = 1 gives Infinity (when lambda > 0).';


-- Confidence limits for rates (src/rates.c).

CREATE OR REPLACE FUNCTION employment_kpi.wilson_low(successes bigint, n bigint, conf float8 DEFAULT 0.95)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_wilson_low'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.wilson_low(bigint, bigint, float8) IS
'Lower limit of the Wilson score confidence interval (konfidensinterval) for the proportion successes/n at level conf (default 0.95), as R''s prop.test(successes, n, correct = FALSE)$conf.int[1]; NULL when n = 0; successes outside [0, n], n < 0 or conf outside (0, 1) raise invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi.wilson_high(successes bigint, n bigint, conf float8 DEFAULT 0.95)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_wilson_high'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.wilson_high(bigint, bigint, float8) IS
'Upper limit of the Wilson score confidence interval (konfidensinterval) for the proportion successes/n at level conf (default 0.95), as R''s prop.test(successes, n, correct = FALSE)$conf.int[2]; NULL when n = 0; successes outside [0, n], n < 0 or conf outside (0, 1) raise invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi.poisson_funnel(expected float8, conf float8 DEFAULT 0.95)
RETURNS TABLE (low float8, high float8)
AS 'MODULE_PATHNAME', 'ekpi_poisson_funnel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION employment_kpi.poisson_funnel(float8, float8) IS
'Funnel-plot control limits (tragtdiagram) for an observed/expected ratio O/E at expected count E = expected > 0, exact Poisson limits as in Spiegelhalter (2005): low = qchisq((1 - conf)/2, 2E)/(2E), high = qchisq(1 - (1 - conf)/2, 2(E + 1))/(2E); one row. conf 0.95 gives the ~2 SD "alert" limits, 0.998 the ~3 SD "alarm" limits.';
