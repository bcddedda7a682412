-- The aggregates and accessors of the survival type (src/survival_agg.c,
-- src/km.c, src/km_weighted.c, src/logrank.c): survival_agg, rollup, the
-- Kaplan-Meier curve and its summaries as R's survfit reports them, the
-- weighted Kaplan-Meier curve (km_weighted) and the k-group log-rank test.
-- The type itself is in core/storage.sql.

-- The C functions: support functions of the aggregates, the Kaplan-Meier
-- curve and its summaries, the log-rank test (the sets with a row estimate).
SELECT employment_kpi_internal.declare_c_function(v.fschema, v.fname, v.args, v.result, v.symbol, v.comment, v.est_rows)
  FROM (VALUES
    -- support functions of the aggregates
    ('employment_kpi_internal', 'survival_agg_transfn', 'employment_kpi.survival, float8, boolean', 'employment_kpi.survival', NULL, 'survival_agg_transfn', 'Transition function of survival_agg(float8, boolean): adds one duration with its event flag (true = event, false = censored).'),
    ('employment_kpi_internal', 'survival_agg_transfn', 'employment_kpi.survival, integer, boolean', 'employment_kpi.survival', NULL, 'survival_agg_transfn_int4', 'Transition function of survival_agg(integer, boolean): adds one whole-number duration (e.g. weeks) with its event flag.'),
    ('employment_kpi_internal', 'survival_combine', 'employment_kpi.survival, employment_kpi.survival', 'employment_kpi.survival', NULL, 'survival_combine', 'Merges two survival summaries (adds counts of equal times): combine function of survival_agg and rollup, transition function of rollup.'),
    ('employment_kpi_internal', 'survival_finalize', 'employment_kpi.survival', 'employment_kpi.survival', NULL, 'survival_finalize', 'Final function of survival_agg and rollup: the canonical, compact form of a transition state.'),
    -- the Kaplan-Meier curve and its summaries, the log-rank test
    ('employment_kpi', 'km_curve', 's employment_kpi.survival, conf float8 DEFAULT 0.95, OUT "time" float8, OUT n_risk bigint, OUT n_event bigint, OUT n_censor bigint, OUT surv float8, OUT std_err float8, OUT lower float8, OUT upper float8', 'SETOF record', 100, 'km_curve', 'Kaplan-Meier curve, one row per distinct time as R''s summary(survfit(Surv(time, status) ~ 1), censored = TRUE): number at risk, events, censored, S(t), Greenwood standard error of S(t), and log-type confidence limits clipped to [0, 1] (NULL std_err and limits where S(t) = 0, where R gives NaN/NA). conf must be in (0, 1).'),
    ('employment_kpi', 'km_weighted', 'times float8[], events float8[], totals float8[], counts bigint[], conf float8 DEFAULT 0.95, OUT "time" float8, OUT n_risk bigint, OUT w_risk float8, OUT n_event float8, OUT surv float8, OUT se_log float8, OUT lower float8, OUT upper float8', 'SETOF record', 100, 'km_weighted', 'Weighted Kaplan-Meier curve from per-time sums (parallel arrays, any order, distinct times): events = weighted events, totals = weighted observations (events and censored), counts = unweighted observations at each time. One row per time with events > 0, ascending: n_risk = unweighted and w_risk = weighted number at risk (sums over times >= t), n_event, surv = exp(sum of log(max(1 - d/r, 1e-300))), se_log = standard error of log S (Greenwood on the weights: sqrt(sum d / (r (r - d)))), lower/upper = surv * exp(-/+ z se_log) clipped to [0, 1], z = norm_quantile(1 - (1 - conf) / 2). As R''s survfit(Surv(time, status) ~ 1, weights = w, robust = FALSE) (std.err = se_log, n.risk = w_risk), except where d = r (R: S = 0; here 1e-300 S(t-)). The median is min(time) WHERE surv <= 0.5. Errors: NULL elements 22004; arrays of different lengths or more than one dimension 2202E; times NaN, infinite, negative or repeated, events or totals NaN, infinite or negative, events > totals, counts negative, conf outside (0, 1) 22023; sums beyond float8 or bigint 22003. Empty arrays give no rows.'),
    ('employment_kpi', 'km_surv_at', 's employment_kpi.survival, t float8', 'float8', NULL, 'km_surv_at', 'Kaplan-Meier S(t), the right-continuous step function (1 before the first event, the last value after the last time); NULL for an empty summary.'),
    ('employment_kpi', 'km_median', 's employment_kpi.survival', 'float8', NULL, 'km_median', 'Median duration (medianvarighed) as print(survfit(...)) reports it: the first time with S(t) <= 0.5, the midpoint to the next drop when S(t) is exactly 0.5; NULL when not reached or empty.'),
    ('employment_kpi', 'km_quantile', 's employment_kpi.survival, p float8', 'float8', NULL, 'km_quantile', 'Time by which a fraction p of the spells has ended, as quantile(survfit(...), p)$quantile; p in (0, 1); NULL when not reached or empty.'),
    ('employment_kpi', 'km_rmst', 's employment_kpi.survival, tau float8', 'float8', NULL, 'km_rmst', 'Restricted mean duration up to tau (area under the Kaplan-Meier curve on [0, tau]) as print(survfit(...), rmean = tau); tau finite and > 0; NULL for an empty summary.'),
    ('employment_kpi', 'survival_n', 's employment_kpi.survival', 'bigint', NULL, 'survival_n', 'Number of observations (events plus censored) in a survival summary.'),
    ('employment_kpi', 'survival_events', 's employment_kpi.survival', 'bigint', NULL, 'survival_events', 'Number of events (afgange) in a survival summary.'),
    ('employment_kpi', 'logrank_test', 'groups employment_kpi.survival[]', 'TABLE (chisq float8, df integer, p_value float8)', 1, 'logrank_test', 'k-group log-rank test of equal survival curves, one summary per group (e.g. array_agg(s ORDER BY grp)), as R''s survdiff(Surv(time, status) ~ group): chi-square, degrees of freedom (groups with expected events - 1) and upper-tail p-value. One row; chisq and p_value are NULL when fewer than two groups have expected events. A NULL element raises 22023.')
) AS v(fschema, fname, args, result, est_rows, symbol, comment);

-- The aggregates, each with a survival summary as its state.
SELECT employment_kpi_internal.declare_summary_aggregate('survival', v.aname, v.args, v.sfunc, v.comment)
  FROM (VALUES
    ('survival_agg', 'float8, boolean', 'survival_agg_transfn', 'Summarises right-censored durations: survival_agg(duration, event) with event = true for an exit (afgang) and false for a censored (still ongoing) spell. Rows with a NULL duration or event are ignored; a negative or non-finite duration raises 22023. No rows give the empty summary v1:{}.'),
    ('survival_agg', 'integer, boolean', 'survival_agg_transfn', 'survival_agg for whole-number durations (e.g. weeks or days as integer), avoiding a cast per row; same result as survival_agg(duration::float8, event).'),
    ('rollup', 'employment_kpi.survival', 'survival_combine', 'Combines stored survival summaries (e.g. weekly summaries to a year); NULLs are ignored, no rows give v1:{}.')
) AS v(aname, args, sfunc, comment);
