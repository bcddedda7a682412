-- Funnel-plot statistics (src/funnel.c): the over-dispersion aggregate
-- funnel_tau2, funnel_limits and funnel_flag (Spiegelhalter 2005).

CREATE OR REPLACE FUNCTION employment_kpi_internal.funnel_tau2_accum(state float8[], observed float8, expected float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ekpi_funnel_tau2_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.funnel_tau2_accum(float8[], float8, float8) IS
'Transition function of funnel_tau2: appends the z-score log(O/E)*sqrt(E) and weight E of one unit to the state (a float8[]: version, n, capacity, then (z, w) pairs). Units with expected = 0 are skipped; negative, NaN or infinite counts raise invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.funnel_tau2_combine(a float8[], b float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'ekpi_funnel_tau2_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.funnel_tau2_combine(float8[], float8[]) IS
'Combine function of funnel_tau2 (parallel and distributed aggregation): the units of both states. Malformed states raise invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.funnel_tau2_final(state float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ekpi_funnel_tau2_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.funnel_tau2_final(float8[]) IS
'Final function of funnel_tau2: Spiegelhalter (2005) additive random-effects variance tau2 = max(0, (n phi - (n - 1)) / (sum w - sum w^2 / sum w)) with phi the mean square of the z-scores winsorised at 10% in each tail; NULL with fewer than two units.';

CREATE OR REPLACE AGGREGATE employment_kpi.funnel_tau2(observed float8, expected float8) (
    SFUNC = employment_kpi_internal.funnel_tau2_accum,
    STYPE = float8[],
    INITCOND = '{1,0,0}',
    COMBINEFUNC = employment_kpi_internal.funnel_tau2_combine,
    FINALFUNC = employment_kpi_internal.funnel_tau2_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.funnel_tau2(float8, float8) IS
'Over-dispersion (overspredning) of indirectly standardised ratios O/E across units (caseworkers, teams), Spiegelhalter (2005), Stat Med 24:1185-1202: z = log(O/E) sqrt(E) (half an event when O = 0), winsorised at 10% in each tail, phi = mean(z^2), tau2 = max(0, (n phi - (n - 1)) / (sum E - sum E^2 / sum E)). Units with E = 0 are ignored; NULL with fewer than two units. Use tau2 > 0 to widen funnel limits (funnel_limits).';

CREATE OR REPLACE FUNCTION employment_kpi.funnel_limits(expected float8, tau2 float8, conf float8)
RETURNS TABLE (low float8, high float8)
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 1 AS $$
    -- invalid expected / conf are reported by poisson_funnel (22023); the
    -- guards keep constant folding from failing first with another error
    -- (an expected count near 0 makes the half-width leave the range of
    -- exp: the limits are then 0 and infinity)
    SELECT CASE WHEN tau2 > 0 THEN CASE WHEN w.half > 700 THEN 0 ELSE pg_catalog.exp(-w.half) END ELSE f.low END,
           CASE WHEN tau2 > 0 THEN CASE WHEN w.half > 700 THEN 'Infinity' ELSE pg_catalog.exp(w.half) END ELSE f.high END
      FROM employment_kpi.poisson_funnel(expected, conf) AS f,
           LATERAL (SELECT CASE WHEN expected > 0 AND conf > 0 AND conf < 1 AND tau2 > 0
                                THEN employment_kpi.norm_quantile(1 - (1 - conf) / 2)
                                     * pg_catalog.sqrt(1 / expected + tau2) END AS half) AS w
$$;
COMMENT ON FUNCTION employment_kpi.funnel_limits(float8, float8, float8) IS
'Funnel-plot control limits for O/E at expected count E and level conf: the exact Poisson limits of poisson_funnel(expected, conf) when tau2 is NULL or 0, and the over-dispersed limits exp(+-z sqrt(1/E + tau2)) around 1, z = norm_quantile(1 - (1 - conf)/2), when tau2 > 0 (Spiegelhalter 2005). One row; no row when expected or conf is NULL; expected <= 0 or conf outside (0, 1) raise invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi.funnel_flag(observed float8, expected float8, tau2 float8)
RETURNS text
AS 'MODULE_PATHNAME', 'ekpi_funnel_flag'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.funnel_flag(float8, float8, float8) IS
'Funnel-plot flag of an observed count O against its expected count E, with over-dispersion tau2 (NULL or 0 = none): above / below when O/E lies outside the 99.8% limits ("alarm", about 3 SD), watch when outside the 95% limits only ("alert", about 2 SD), within otherwise; NULL when O or E is NULL or E <= 0. Limits as funnel_limits (computed in C, src/funnel.c). O = 0 lies below any continuous lower limit, so it is judged by the exact Poisson probability instead: below when exp(-E) < 0.001, watch when exp(-E) < 0.025, else within. Negative, NaN or infinite observed, NaN or infinite expected, negative or non-finite tau2 and expected > 1e11 raise invalid_parameter_value (22023).';
