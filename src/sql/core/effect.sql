-- The aggregate and accessors of the effect type (src/effect.c): the
-- matched "now versus not now" comparison per stratum, its ATT, standard
-- error and interval.  The type itself is in core/storage.sql.

-- The C functions: support functions of the aggregates and the accessors.
SELECT employment_kpi_internal.declare_c_function(v.fschema, v.fname, v.args, v.result, v.symbol, v.comment)
  FROM (VALUES
    -- support functions of the aggregates
    ('employment_kpi_internal', 'matched_effect_transfn', 'employment_kpi.effect, text, boolean, boolean', 'employment_kpi.effect', 'effect_agg_transfn', 'Transition function of matched_effect_agg(stratum, treated, outcome): counts one observation in its stratum.'),
    ('employment_kpi_internal', 'matched_effect_transfn', 'employment_kpi.effect, text, boolean, boolean, bigint', 'employment_kpi.effect', 'effect_agg_transfn_n', 'Transition function of matched_effect_agg(stratum, treated, outcome, n): counts n equal observations (n >= 0, else 22023).'),
    ('employment_kpi_internal', 'effect_combine', 'employment_kpi.effect, employment_kpi.effect', 'employment_kpi.effect', 'effect_combine', 'Adds two effects stratum by stratum: combine function of matched_effect_agg, transition function of rollup(effect).'),
    ('employment_kpi_internal', 'effect_finalize', 'employment_kpi.effect', 'employment_kpi.effect', 'effect_finalize', 'Final function of matched_effect_agg and rollup(effect): the canonical compact form of a state.'),
    -- accessors
    ('employment_kpi', 'effect_att', 'e employment_kpi.effect', 'float8', 'effect_att', 'Average effect on the treated (ATT): the treated-weighted mean over strata with both treated and comparison observations of (treated rate - comparison rate); NULL without matched treated.'),
    ('employment_kpi', 'effect_se', 'e employment_kpi.effect', 'float8', 'effect_se', 'Standard error of the ATT: sum over strata of w^2 (q(1-q)/n1 + r(1-r)/n0), w = n1/N1, r = (y0 + 1/2)/(n0 + 1) the stratum''s comparison rate, q = r + ATT clipped to [0, 1] (the treated side uses the comparison rate shifted by the effect, never the plug-in treated rate, which is 0 or 1 in one-citizen strata); NULL without matched treated.'),
    ('employment_kpi', 'effect_ci_low', 'e employment_kpi.effect, conf float8 DEFAULT 0.95', 'float8', 'effect_ci_low', 'Lower limit of the normal confidence interval ATT - z SE at level conf (default 0.95), clipped to [-1, 1]; conf outside (0, 1) raises 22023; NULL without matched treated.'),
    ('employment_kpi', 'effect_ci_high', 'e employment_kpi.effect, conf float8 DEFAULT 0.95', 'float8', 'effect_ci_high', 'Upper limit of the normal confidence interval ATT + z SE at level conf (default 0.95), clipped to [-1, 1]; conf outside (0, 1) raises 22023; NULL without matched treated.'),
    ('employment_kpi', 'effect_treated', 'e employment_kpi.effect', 'bigint', 'effect_treated', 'Matched treated observations: treated in strata that have comparison observations.'),
    ('employment_kpi', 'effect_controls', 'e employment_kpi.effect', 'bigint', 'effect_controls', 'Comparison observations in strata that have treated observations (a citizen counts once per stratum, e.g. once per week).'),
    ('employment_kpi', 'effect_unmatched', 'e employment_kpi.effect', 'bigint', 'effect_unmatched', 'Unmatched treated observations: treated in strata without any comparison observation; they are left out of the ATT and reported here.'),
    ('employment_kpi', 'effect_treated_rate', 'e employment_kpi.effect', 'float8', 'effect_treated_rate', 'Outcome rate of the matched treated; NULL without matched treated.'),
    ('employment_kpi', 'effect_control_rate', 'e employment_kpi.effect', 'float8', 'effect_control_rate', 'Comparison outcome rate weighted by the treated per stratum (what would have happened without the offer); effect_treated_rate - effect_control_rate = effect_att. NULL without matched treated.'),
    ('employment_kpi', 'effect_strata', 'e employment_kpi.effect', 'integer', 'effect_strata', 'Number of strata held (with treated or comparison observations).')
) AS v(fschema, fname, args, result, symbol, comment);

-- The aggregates, each with an effect as its state.
SELECT employment_kpi_internal.declare_summary_aggregate('effect', v.aname, v.args, v.sfunc, v.comment)
  FROM (VALUES
    ('matched_effect_agg', 'text, boolean, boolean', 'matched_effect_transfn', 'Matched comparison: matched_effect_agg(stratum, treated, outcome) with one row per treated or comparison observation, e.g. stratum = group|week|duration band|prior participation, outcome = exit within H weeks. Rows with a NULL argument (a NULL outcome = not yet observable, censored) are ignored. Read with effect_att, effect_se, effect_ci_low/high, effect_treated, effect_controls, effect_unmatched, effect_treated_rate, effect_control_rate.'),
    ('matched_effect_agg', 'text, boolean, boolean, bigint', 'matched_effect_transfn', 'matched_effect_agg for pre-counted input: matched_effect_agg(stratum, treated, outcome, n) counts n equal observations; the same value as n rows of matched_effect_agg(stratum, treated, outcome).'),
    ('rollup', 'employment_kpi.effect', 'effect_combine', 'Adds effects stratum by stratum (counts of equal strata added): rollup of per-month effects equals the effect of the whole period.')
) AS v(aname, args, sfunc, comment);
