
-- ---------------------------------------------------------------------------
-- 41_rates.sql: confidence limits for rates (src/rates.c)
-- ---------------------------------------------------------------------------

CREATE FUNCTION employment_kpi.wilson_low(successes bigint, n bigint, conf float8 DEFAULT 0.95)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_wilson_low'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.wilson_low(bigint, bigint, float8) IS
'Lower limit of the Wilson score confidence interval (konfidensinterval) for the proportion successes/n at level conf (default 0.95), as R''s prop.test(successes, n, correct = FALSE)$conf.int[1]; NULL when n = 0; successes outside [0, n], n < 0 or conf outside (0, 1) raise invalid_parameter_value (22023).';

CREATE FUNCTION employment_kpi.wilson_high(successes bigint, n bigint, conf float8 DEFAULT 0.95)
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_wilson_high'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.wilson_high(bigint, bigint, float8) IS
'Upper limit of the Wilson score confidence interval (konfidensinterval) for the proportion successes/n at level conf (default 0.95), as R''s prop.test(successes, n, correct = FALSE)$conf.int[2]; NULL when n = 0; successes outside [0, n], n < 0 or conf outside (0, 1) raise invalid_parameter_value (22023).';

CREATE FUNCTION employment_kpi.poisson_funnel(expected float8, conf float8 DEFAULT 0.95)
RETURNS TABLE (low float8, high float8)
AS 'MODULE_PATHNAME', 'ekpi_poisson_funnel'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION employment_kpi.poisson_funnel(float8, float8) IS
'Funnel-plot control limits (tragtdiagram) for an observed/expected ratio O/E at expected count E = expected > 0, exact Poisson limits as in Spiegelhalter (2005): low = qchisq((1 - conf)/2, 2E)/(2E), high = qchisq(1 - (1 - conf)/2, 2(E + 1))/(2E); one row. conf 0.95 gives the ~2 SD "alert" limits, 0.998 the ~3 SD "alarm" limits.';
