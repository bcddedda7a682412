-- The aggregate and accessors of the effect type (src/effect.c): the
-- matched "now versus not now" comparison per stratum, its ATT, standard
-- error and interval.  The type itself is in core/storage.sql.

CREATE OR REPLACE FUNCTION employment_kpi_internal.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_agg_transfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean) IS
'Transition function of matched_effect_agg(stratum, treated, outcome): counts one observation in its stratum.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean, bigint)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_agg_transfn_n'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean, bigint) IS
'Transition function of matched_effect_agg(stratum, treated, outcome, n): counts n equal observations (n >= 0, else 22023).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_combine(employment_kpi.effect, employment_kpi.effect)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.effect_combine(employment_kpi.effect, employment_kpi.effect) IS
'Adds two effects stratum by stratum: combine function of matched_effect_agg, transition function of rollup(effect).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_finalize(employment_kpi.effect)
RETURNS employment_kpi.effect
AS 'MODULE_PATHNAME', 'effect_finalize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi_internal.effect_finalize(employment_kpi.effect) IS
'Final function of matched_effect_agg and rollup(effect): the canonical compact form of a state.';

CREATE OR REPLACE AGGREGATE employment_kpi.matched_effect_agg(text, boolean, boolean) (
    SFUNC = employment_kpi_internal.matched_effect_transfn,
    STYPE = employment_kpi.effect,
    FINALFUNC = employment_kpi_internal.effect_finalize,
    COMBINEFUNC = employment_kpi_internal.effect_combine,
    INITCOND = 'v1:{}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.matched_effect_agg(text, boolean, boolean) IS
'Matched comparison: matched_effect_agg(stratum, treated, outcome) with one row per treated or comparison observation, e.g. stratum = group|week|duration band|prior participation, outcome = exit within H weeks. Rows with a NULL argument (a NULL outcome = not yet observable, censored) are ignored. Read with effect_att, effect_se, effect_ci_low/high, effect_treated, effect_controls, effect_unmatched, effect_treated_rate, effect_control_rate.';

CREATE OR REPLACE AGGREGATE employment_kpi.matched_effect_agg(text, boolean, boolean, bigint) (
    SFUNC = employment_kpi_internal.matched_effect_transfn,
    STYPE = employment_kpi.effect,
    FINALFUNC = employment_kpi_internal.effect_finalize,
    COMBINEFUNC = employment_kpi_internal.effect_combine,
    INITCOND = 'v1:{}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.matched_effect_agg(text, boolean, boolean, bigint) IS
'matched_effect_agg for pre-counted input: matched_effect_agg(stratum, treated, outcome, n) counts n equal observations; the same value as n rows of matched_effect_agg(stratum, treated, outcome).';

CREATE OR REPLACE AGGREGATE employment_kpi.rollup(employment_kpi.effect) (
    SFUNC = employment_kpi_internal.effect_combine,
    STYPE = employment_kpi.effect,
    FINALFUNC = employment_kpi_internal.effect_finalize,
    COMBINEFUNC = employment_kpi_internal.effect_combine,
    INITCOND = 'v1:{}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE employment_kpi.rollup(employment_kpi.effect) IS
'Adds effects stratum by stratum (counts of equal strata added): rollup of per-month effects equals the effect of the whole period.';

-- ---- accessors ------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi.effect_att(e employment_kpi.effect)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_att'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_att(employment_kpi.effect) IS
'Average effect on the treated (ATT): the treated-weighted mean over strata with both treated and comparison observations of (treated rate - comparison rate); NULL without matched treated.';

CREATE OR REPLACE FUNCTION employment_kpi.effect_se(e employment_kpi.effect)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_se'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_se(employment_kpi.effect) IS
'Standard error of the ATT: sum over strata of w^2 (q(1-q)/n1 + r(1-r)/n0), w = n1/N1, r = (y0 + 1/2)/(n0 + 1) the stratum''s comparison rate, q = r + ATT clipped to [0, 1] (the treated side uses the comparison rate shifted by the effect, never the plug-in treated rate, which is 0 or 1 in one-citizen strata); NULL without matched treated.';

CREATE OR REPLACE FUNCTION employment_kpi.effect_ci_low(e employment_kpi.effect, conf float8 DEFAULT 0.95)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_ci_low'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_ci_low(employment_kpi.effect, float8) IS
'Lower limit of the normal confidence interval ATT - z SE at level conf (default 0.95), clipped to [-1, 1]; conf outside (0, 1) raises 22023; NULL without matched treated.';

CREATE OR REPLACE FUNCTION employment_kpi.effect_ci_high(e employment_kpi.effect, conf float8 DEFAULT 0.95)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_ci_high'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_ci_high(employment_kpi.effect, float8) IS
'Upper limit of the normal confidence interval ATT + z SE at level conf (default 0.95), clipped to [-1, 1]; conf outside (0, 1) raises 22023; NULL without matched treated.';

CREATE OR REPLACE FUNCTION employment_kpi.effect_treated(e employment_kpi.effect)
RETURNS bigint AS 'MODULE_PATHNAME', 'effect_treated'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_treated(employment_kpi.effect) IS
'Matched treated observations: treated in strata that have comparison observations.';

CREATE OR REPLACE FUNCTION employment_kpi.effect_controls(e employment_kpi.effect)
RETURNS bigint AS 'MODULE_PATHNAME', 'effect_controls'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_controls(employment_kpi.effect) IS
'Comparison observations in strata that have treated observations (a citizen counts once per stratum, e.g. once per week).';

CREATE OR REPLACE FUNCTION employment_kpi.effect_unmatched(e employment_kpi.effect)
RETURNS bigint AS 'MODULE_PATHNAME', 'effect_unmatched'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_unmatched(employment_kpi.effect) IS
'Unmatched treated observations: treated in strata without any comparison observation; they are left out of the ATT and reported here.';

CREATE OR REPLACE FUNCTION employment_kpi.effect_treated_rate(e employment_kpi.effect)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_treated_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_treated_rate(employment_kpi.effect) IS
'Outcome rate of the matched treated; NULL without matched treated.';

CREATE OR REPLACE FUNCTION employment_kpi.effect_control_rate(e employment_kpi.effect)
RETURNS float8 AS 'MODULE_PATHNAME', 'effect_control_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_control_rate(employment_kpi.effect) IS
'Comparison outcome rate weighted by the treated per stratum (what would have happened without the offer); effect_treated_rate - effect_control_rate = effect_att. NULL without matched treated.';

CREATE OR REPLACE FUNCTION employment_kpi.effect_strata(e employment_kpi.effect)
RETURNS integer AS 'MODULE_PATHNAME', 'effect_strata'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.effect_strata(employment_kpi.effect) IS
'Number of strata held (with treated or comparison observations).';
