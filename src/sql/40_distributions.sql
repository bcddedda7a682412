
-- ---------------------------------------------------------------------------
-- 40_distributions.sql: normal, chi-square and Poisson distribution functions
-- (src/distributions.c, src/distributions_sql.c). They match R's pnorm,
-- qnorm, pchisq, qchisq, ppois and qpois to 1e-10 relative error (tested in
-- sql/40_distributions*.sql against fixtures made by R). Every argument must
-- be finite; probabilities lie in [0, 1], df > 0, lambda >= 0; anything else
-- raises invalid_parameter_value (22023).
-- ---------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.norm_cdf(x float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_norm_cdf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.norm_cdf(float8) IS
'Standard normal cumulative distribution function P(Z <= x) (normalfordeling; as R''s pnorm(x)).';

CREATE FUNCTION employment_kpi.norm_sf(x float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_norm_sf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.norm_sf(float8) IS
'Standard normal upper tail P(Z > x), computed directly so it keeps relative precision far in the tail (as R''s pnorm(x, lower.tail = FALSE)).';

CREATE FUNCTION employment_kpi.norm_quantile(p float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_norm_quantile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.norm_quantile(float8) IS
'Standard normal quantile (fraktil) for probability p in [0, 1] (Wichura 1988, AS 241; as R''s qnorm(p)); p = 0 gives -Infinity and p = 1 gives Infinity.';

CREATE FUNCTION employment_kpi.chisq_cdf(x float8, df float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_chisq_cdf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.chisq_cdf(float8, float8) IS
'Chi-square cumulative distribution function P(X <= x) with df > 0 degrees of freedom, df need not be an integer (chi-i-anden fordeling; as R''s pchisq(x, df)); x <= 0 gives 0.';

CREATE FUNCTION employment_kpi.chisq_sf(x float8, df float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_chisq_sf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.chisq_sf(float8, float8) IS
'Chi-square upper tail P(X > x), the p-value of a chi-square statistic x with df degrees of freedom, computed directly for relative precision (as R''s pchisq(x, df, lower.tail = FALSE)).';

CREATE FUNCTION employment_kpi.chisq_quantile(p float8, df float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_chisq_quantile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.chisq_quantile(float8, float8) IS
'Chi-square quantile for probability p in [0, 1] and df > 0 degrees of freedom (as R''s qchisq(p, df)); p = 0 gives 0 and p = 1 gives Infinity.';

CREATE FUNCTION employment_kpi.poisson_cdf(k float8, lambda float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_poisson_cdf_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.poisson_cdf(float8, float8) IS
'Poisson cumulative distribution function P(X <= k) for mean lambda >= 0 (as R''s ppois(k, lambda)); a non-integer k is rounded down, k < 0 gives 0.';

CREATE FUNCTION employment_kpi.poisson_quantile(p float8, lambda float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_poisson_quantile_sql'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.poisson_quantile(float8, float8) IS
'Poisson quantile: the smallest integer k with P(X <= k) >= p for mean lambda >= 0, with a fuzz of 64 machine epsilons as in R''s qpois(p, lambda); p = 0 gives 0 and p = 1 gives Infinity (when lambda > 0).';
