-- The BI layer over the intervention effects:
--   * mv_effect_week and bi_effect_comparison: the person-weeks of every
--     citizen and the comparison weeks counted per stratum, the estimator's
--     source (bi_effect_person_weeks) for the relations below;
--   * mv_intervention_effect: intervention_effect for the horizons 13, 26
--     and 52 weeks, per calendar quarter of the start and for the last 12
--     months to data_end(); mv_exit_curve: the exit curves for the same
--     periods, weeks 1..52;
--   * kpi_intervention_effect, kpi_exit_curve: what readers see.
--
-- Incremental refresh.  The figures of a start in week w depend on facts up
-- to w + M weeks only: durations are capped at effect_follow_up_weeks() + 1
-- and the lock-in reads the offer's planned end (up to the longest offer).
-- A change at date d, or a move of the data's end from d on, can therefore
-- change only the quarters ending on or after d - M weeks; those are
-- deleted and recomputed, the others kept.  The last-12-months rows are
-- recomputed on every refresh that has changes.

CREATE OR REPLACE FUNCTION employment_kpi.period_label(period_kind text, period_start date, period_end date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE period_kind
           WHEN 'quarter' THEN pg_catalog.to_char(period_start, 'YYYY-"Q"Q')
           WHEN 'last_12_months' THEN 'last 12 months to ' || pg_catalog.to_char(period_end, 'YYYY-MM-DD')
           END
$$;

COMMENT ON FUNCTION employment_kpi.period_label(text, date, date) IS
'Label of a start period of the effect views: 2025-Q3 for a calendar quarter (kvartal), last 12 months to 2026-11-22 for the 12 months to the last day.';

-- The start periods to (re)compute: every calendar quarter from from_quarter
-- (or the first offer's quarter, whichever is later) to the quarter of
-- last_day, and the last 12 months to last_day.
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_effect_periods(from_quarter date, last_day date)
RETURNS TABLE (period_key text, period_kind text, period_start date, period_end date)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH first AS (
        -- (never -infinity: a series from there would not end)
        SELECT pg_catalog.date_trunc('quarter', pg_catalog.min(i.start_date)::timestamp) AS q
          FROM employment_kpi.intervention i
         WHERE pg_catalog.isfinite(i.start_date)
    )
    SELECT 'q' || pg_catalog.to_char(g.q, 'YYYY-MM-DD'), 'quarter', g.q::date, (g.q + interval '3 months')::date - 1
      FROM first f
     CROSS JOIN LATERAL pg_catalog.generate_series(
               -- the first quarter starting on or after the data's start:
               -- earlier starts are those of the citizens still on support
               -- then, not all citizens
               GREATEST(from_quarter::timestamp, f.q,
                        pg_catalog.date_trunc('quarter', (employment_kpi.data_start() - 1)::timestamp) + interval '3 months'),
               pg_catalog.date_trunc('quarter', last_day::timestamp), interval '3 months') AS g(q)
     WHERE f.q IS NOT NULL AND pg_catalog.isfinite(last_day)
    UNION ALL
    SELECT 'l12', 'last_12_months', (last_day - interval '12 months')::date + 1, last_day
     WHERE pg_catalog.isfinite(last_day);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_effect_periods(date, date) IS
'Internal: the start periods of the effect relations from from_quarter (-infinity = all) to last_day: every calendar quarter from the latest of from_quarter, the quarter of the first offer start and the first quarter starting on or after data_start() to the quarter of last_day (the last one may not be over), and the last 12 months (last_day - 12 months + 1 day to last_day). No quarters without offers; nothing when last_day is NULL or infinite.';

-- The comparison weeks of mv_effect_week in the terms of
-- bi_effect_comparison: how its rows are counted (an ongoing period's weeks
-- under dur 0: their duration follows from the data's end when read), and
-- how a changed citizen's weeks are subtracted and added again.
CREATE VIEW employment_kpi_internal.effect_comparison_week AS
SELECT m.citizen_id, m.group_code, m.week, m.band, m.prior,
       CASE WHEN m.end_date IS NULL THEN 0 ELSE o.dur END AS dur,
       coalesce(o.ev, false) AS ev,
       coalesce(m.end_date + 1 - m.week, 0)::bigint AS raw_days
  FROM employment_kpi_internal.mv_effect_week m
 CROSS JOIN LATERAL employment_kpi_internal.effect_outcome(m.week, m.end_date, m.is_exit, NULL,
                                                           employment_kpi_internal.effect_follow_up_weeks()) o
 WHERE m.kind = 'C';

COMMENT ON VIEW employment_kpi_internal.effect_comparison_week IS
'Internal: the comparison weeks of mv_effect_week with the duration (effect_outcome with the follow-up cap; 0 = ongoing), exit and days as counted in bi_effect_comparison. Not granted to readers.';
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_effect_week', 'employment_kpi_internal.effect_comparison_week', 'citizen_id');
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.bi_effect_comparison',
       'employment_kpi_internal.effect_comparison_week', 'group_code', 'week', 'prior');
SELECT employment_kpi_internal.comment_columns('employment_kpi_internal.effect_comparison_week', $c$
band: Duration band.
dur: Weeks to the end of the support period, capped at effect_follow_up_weeks() + 1; 0 = ongoing.
ev: Ended with an exit within effect_follow_up_weeks() weeks.
raw_days: Days from the week's Monday to the period's end (0 while ongoing).
$c$);

-- The stored person-weeks as the effect estimator's source (the same rows
-- as effect_person_weeks gives from the facts, once refresh() has brought
-- mv_effect_week and bi_effect_comparison up to date): treated starts from
-- mv_effect_week, comparison weeks from their counts.  Stored with the
-- follow-up cap, so only for that cap and horizons up to it.
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_effect_person_weeks(
    p_from date, p_to date, p_group text, p_cap int)
RETURNS SETOF employment_kpi_internal.effect_person_week
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_cap int := p_cap;
    v_grp text := p_group;
BEGIN
    IF v_cap IS DISTINCT FROM employment_kpi_internal.effect_follow_up_weeks() THEN
        RAISE EXCEPTION 'the stored person-weeks serve horizons and curves up to % weeks, got %',
                        employment_kpi_internal.effect_follow_up_weeks(), coalesce(v_cap::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH bounds AS MATERIALIZED (
        SELECT employment_kpi_internal.effect_data_end() AS last_day
    )
    SELECT 'T'::text, m.type_code, m.group_code, m.week, m.band, m.prior, m.citizen_id, o.dur, o.ev, 1::bigint,
           (m.end_date IS NOT NULL)::int::bigint, coalesce(m.end_date + 1 - m.week, 0)::bigint,
           CASE WHEN m.end_date IS NULL OR m.iv_end < m.end_date THEN m.planned_weeks END,
           m.cost_dkk, m.weekly_benefit_dkk, b.last_day + 1, m.period_week, m.iv_start
      FROM employment_kpi_internal.mv_effect_week m
     CROSS JOIN bounds b
     CROSS JOIN LATERAL employment_kpi_internal.effect_outcome(m.week, m.end_date, m.is_exit, b.last_day, v_cap) o
     WHERE m.kind = 'T' AND (v_grp IS NULL OR m.group_code = v_grp)
       AND m.week >= employment_kpi.iso_monday(coalesce(p_from, '-infinity'::date))
       AND m.week <= coalesce(p_to, 'infinity'::date)
       AND m.iv_start >= coalesce(p_from, '-infinity'::date) AND m.iv_start <= coalesce(p_to, 'infinity'::date)
    UNION ALL
    -- an ongoing period's weeks are stored under dur 0: their duration is
    -- the weeks observed to the data's end
    SELECT 'C', NULL, a.group_code, a.week, a.band, a.prior, NULL, a.d, a.ev, sum(a.n)::bigint,
           sum(a.ended)::bigint, sum(a.raw_days)::bigint, NULL, NULL, NULL, min(a.last_day) + 1, NULL, NULL
      FROM (SELECT x.group_code, x.week, x.band, x.prior, x.ev, x.n, b.last_day, x.raw_days,
                   CASE WHEN x.dur = 0 THEN 0 ELSE x.n END AS ended,
                   CASE WHEN x.dur = 0 THEN least((b.last_day + 1 - x.week) / 7, v_cap + 1) ELSE x.dur END AS d
              FROM employment_kpi_internal.bi_effect_comparison x CROSS JOIN bounds b
             WHERE (v_grp IS NULL OR x.group_code = v_grp)
               AND x.week >= employment_kpi.iso_monday(coalesce(p_from, '-infinity'::date))
               AND x.week <= coalesce(p_to, 'infinity'::date)) a
     GROUP BY a.group_code, a.week, a.band, a.prior, a.d, a.ev;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.bi_effect_person_weeks(date, date, text, int) IS
'Internal: the effect estimator''s person-weeks (as effect_person_weeks) from the BI storage: treated starts from mv_effect_week, comparison weeks from bi_effect_comparison. Only for cap = effect_follow_up_weeks(), i.e. horizons and curves up to it (else 22023).';

-- Adds (sign 1) or subtracts (sign -1) comparison weeks of mv_effect_week to
-- the counts of bi_effect_comparison: those of the citizens (from_week NULL),
-- or those from from_week on of everyone but the citizens (-infinity and no
-- citizens: all of them, the full rebuild).
CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_effect_count(sign int, citizens text[], from_week date)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- (PL/pgSQL: planned with the values, so each statement finds its rows
    -- by an index and hashes the citizen list)
    IF from_week IS NULL THEN
        INSERT INTO employment_kpi_internal.bi_effect_comparison AS m
        SELECT c.group_code, c.week, c.band, c.prior, c.dur, c.ev, sign * count(*), sign * sum(c.raw_days)
          FROM employment_kpi_internal.effect_comparison_week c
         WHERE c.citizen_id = ANY (citizens)
         GROUP BY c.group_code, c.week, c.band, c.prior, c.dur, c.ev
        ON CONFLICT (group_code, week, band, prior, dur, ev)
        DO UPDATE SET n = m.n + EXCLUDED.n, raw_days = m.raw_days + EXCLUDED.raw_days;
    ELSE
        INSERT INTO employment_kpi_internal.bi_effect_comparison AS m
        SELECT c.group_code, c.week, c.band, c.prior, c.dur, c.ev, sign * count(*), sign * sum(c.raw_days)
          FROM employment_kpi_internal.effect_comparison_week c
         WHERE c.week >= from_week AND (citizens IS NULL OR c.citizen_id <> ALL (citizens))
         GROUP BY c.group_code, c.week, c.band, c.prior, c.dur, c.ev
        ON CONFLICT (group_code, week, band, prior, dur, ev)
        DO UPDATE SET n = m.n + EXCLUDED.n, raw_days = m.raw_days + EXCLUDED.raw_days;
    END IF;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.bi_effect_count(int, text[], date) IS
'Internal, for bi_refresh_effect_week: adds (sign 1) or subtracts (sign -1) comparison weeks of mv_effect_week to bi_effect_comparison: those of the citizens (from_week NULL), or those from from_week on of everyone but the citizens (NULL = nobody excepted).';

-- mv_effect_week: the person-weeks of every
-- citizen.  A row depends only on its citizen's spells and offers (and the
-- settings, through the support periods) and, for the weeks up to the data's
-- end, not on the end itself: an ongoing period or offer only gains new
-- weeks when the end moves on.  So a refresh rebuilds the rows of the
-- citizens with pending changes of spells or offers, adds the weeks after
-- the previous end for the others, and rebuilds everything when the
-- settings changed, the end moved back or the state is unknown.  (The full
-- and incremental contents are compared by the random-edit test of the BI
-- layer.)
SELECT employment_kpi_internal.declare_refresh_function('bi_refresh_effect_week', $body$
DECLARE
    v_end       date := employment_kpi.iso_monday(last_day) + 6;
    v_old_end   date;
    v_citizens  text[];
BEGIN
    SELECT employment_kpi.iso_monday(r.last_day) + 6 INTO v_old_end
      FROM employment_kpi_internal.bi_relation r WHERE r.mv_name = bi_refresh_effect_week.mv_name;
    IF from_date = '-infinity' OR v_end < v_old_end THEN
        -- (readers never see these tables: they are emptied even when concurrently)
        TRUNCATE employment_kpi_internal.mv_effect_week, employment_kpi_internal.bi_effect_comparison;
        INSERT INTO employment_kpi_internal.mv_effect_week
        SELECT w.* FROM employment_kpi_internal.effect_week_rows(NULL, NULL, NULL) w WHERE v_end IS NOT NULL;
        PERFORM employment_kpi_internal.bi_effect_count(1, NULL, '-infinity');
        RETURN 'full';
    END IF;
    v_citizens := employment_kpi_internal.bi_pending_citizens(mv_name, '{support_spell,intervention}');
    IF v_citizens IS NOT NULL THEN
        -- the changed citizens' weeks out of the counts, rebuilt, and in again
        PERFORM employment_kpi_internal.bi_effect_count(-1, v_citizens, NULL);
        DELETE FROM employment_kpi_internal.mv_effect_week m WHERE m.citizen_id = ANY (v_citizens);
        INSERT INTO employment_kpi_internal.mv_effect_week
        SELECT w.* FROM employment_kpi_internal.effect_week_rows(NULL, NULL, v_citizens) w;
        PERFORM employment_kpi_internal.bi_effect_count(1, v_citizens, NULL);
    END IF;
    IF v_end > v_old_end THEN
        -- the others' weeks after the previous end
        INSERT INTO employment_kpi_internal.mv_effect_week
        SELECT w.* FROM employment_kpi_internal.effect_week_rows(v_old_end + 1, NULL, NULL) w
         WHERE v_citizens IS NULL OR w.citizen_id <> ALL (v_citizens);
        PERFORM employment_kpi_internal.bi_effect_count(1, v_citizens, v_old_end + 1);
    END IF;
    DELETE FROM employment_kpi_internal.bi_effect_comparison c WHERE c.n = 0;
    RETURN CASE WHEN v_citizens IS NULL AND v_end = v_old_end THEN 'unchanged'
                ELSE pg_catalog.format('incremental from %s (%s citizens rebuilt)',
                                       employment_kpi.week_label(v_old_end + 1),
                                       coalesce(pg_catalog.cardinality(v_citizens), 0)) END;
END
$body$,
'Refresh function of mv_effect_week and bi_effect_comparison: rebuilds the person-weeks of the citizens with pending changes of spells or offers and adds the weeks after the data''s previous end for the others; rebuilds everything when from_date is -infinity (full, a change of the settings or of everything) or when the data''s end moved back.');

SELECT employment_kpi_internal.declare_refresh_function('bi_refresh_effects', $body$
DECLARE
    v_from     date := from_date;
    v_margin   int;
    v_quarter  date;
    v_keys     text[];
    v_starts   date[];
    v_ends     date[];
BEGIN
    IF v_from = '-infinity' THEN
        v_quarter := '-infinity';
    ELSE
        -- weeks of facts a start's figures can read after its week: durations
        -- are capped at 53 weeks (both relations), the lock-in reads the
        -- planned end of the offer
        v_margin := employment_kpi_internal.effect_follow_up_weeks() + 2;
        IF mv_name = 'mv_intervention_effect' THEN
            v_margin := GREATEST(v_margin, 1 + coalesce(
                (SELECT pg_catalog.max((coalesce(i.end_date, i.start_date) - i.start_date) / 7 + 1)
                   FROM employment_kpi.intervention i), 0));
        END IF;
        v_quarter := pg_catalog.date_trunc('quarter', (v_from - 7 * v_margin)::timestamp)::date;
    END IF;

    IF v_quarter = '-infinity' AND NOT concurrent THEN
        EXECUTE pg_catalog.format('TRUNCATE employment_kpi_internal.%I', mv_name);
    ELSE
        EXECUTE pg_catalog.format('DELETE FROM employment_kpi_internal.%I m WHERE m.period_kind = ''last_12_months'' '
                                  'OR m.period_start >= $1', mv_name) USING v_quarter;
    END IF;

    SELECT pg_catalog.array_agg(p.period_key ORDER BY p.period_key), pg_catalog.array_agg(p.period_start ORDER BY p.period_key),
           pg_catalog.array_agg(p.period_end ORDER BY p.period_key)
      INTO v_keys, v_starts, v_ends
      FROM employment_kpi_internal.bi_effect_periods(v_quarter, last_day) p;

    IF v_keys IS NOT NULL AND last_day IS NOT NULL THEN
        IF mv_name = 'mv_intervention_effect' THEN
            INSERT INTO employment_kpi_internal.mv_intervention_effect
                   (period_kind, period_start, period_end, horizon_weeks, type_code, group_code,
                    participants, observable, exit_rate, exit_rate_low, exit_rate_high, comparison_rate,
                    comparison_rate_low, comparison_rate_high, att, att_low, att_high, significant,
                    unmatched, median_weeks_to_exit, comparison_median_weeks, lock_in, self_support_share,
                    cost_per_participant, cost_per_extra_exit, net_municipal_saving_per_participant)
            SELECT p.period_kind, p.period_start, p.period_end, e.horizon_weeks, e.type_code, e.group_code,
                   e.participants, e.observable, e.exit_rate, e.exit_rate_low, e.exit_rate_high,
                   e.comparison_rate, e.comparison_rate_low, e.comparison_rate_high, e.att, e.att_low,
                   e.att_high, e.significant, e.unmatched, e.median_weeks_to_exit,
                   e.comparison_median_weeks, e.lock_in, e.self_support_share, e.cost_per_participant,
                   e.cost_per_extra_exit, e.net_municipal_saving_per_participant
              FROM employment_kpi_internal.effect_estimate(
                       ARRAY[13, 26, employment_kpi_internal.effect_follow_up_weeks()], v_keys, v_starts, v_ends, NULL,
                       'employment_kpi_internal.bi_effect_person_weeks(date, date, text, int)') e
              JOIN employment_kpi_internal.bi_effect_periods(v_quarter, last_day) p ON p.period_key = e.period_key;
        ELSE
            INSERT INTO employment_kpi_internal.mv_exit_curve
            SELECT p.period_kind, p.period_start, p.period_end, c.type_code, c.group_code, c.arm, c.week,
                   c.surv, c.lower, c.upper, c.n_risk
              FROM employment_kpi_internal.effect_curve_estimate(v_keys, v_starts, v_ends,
                       employment_kpi_internal.effect_follow_up_weeks(), NULL, NULL,
                       'employment_kpi_internal.bi_effect_person_weeks(date, date, text, int)') c
              JOIN employment_kpi_internal.bi_effect_periods(v_quarter, last_day) p ON p.period_key = c.period_key;
        END IF;
    END IF;

    RETURN CASE WHEN v_quarter = '-infinity' THEN 'full'
                ELSE 'incremental from ' || pg_catalog.to_char(v_quarter, 'YYYY-"Q"Q') END;
END
$body$,
'Refresh function of mv_intervention_effect and mv_exit_curve: recomputes the quarters that the changes from from_date on can alter: those ending on or after from_date minus effect_follow_up_weeks() + 2 weeks (durations are capped one week beyond the follow-up) or, for the effects, minus the longest offer in weeks + 1 when that is longer (the lock-in reads the planned end); and always the last 12 months. from_date -infinity recomputes every quarter; identical contents either way.');

-------------------------------------------------------------------------------
-- kpi_intervention_effect, kpi_exit_curve: what readers see
-------------------------------------------------------------------------------

-- The stored figures are already suppressed by intervention_effect with the
-- suppression_k of the refresh; the view applies the current one again, so a
-- raised suppression_k protects at once (a change of it rebuilds the table).
CREATE VIEW employment_kpi.kpi_intervention_effect WITH (security_barrier) AS
SELECT m.period_kind, m.period_start, m.period_end,
       employment_kpi.period_label(m.period_kind, m.period_start, m.period_end) AS period_label,
       CASE WHEN m.period_kind = 'quarter' THEN pg_catalog.to_char(m.period_start, 'YYYY-"Q"Q') END AS quarter_label,
       employment_kpi.month_label(m.period_start) AS month_label,
       (SELECT employment_kpi.iso_monday(r.last_day) + 6 FROM employment_kpi_internal.bi_relation r
         WHERE r.mv_name = 'mv_intervention_effect') AS data_end,
       m.horizon_weeks,
       m.type_code, coalesce(t.label, m.type_code) AS type_label, coalesce(t.label_da, m.type_code) AS type_label_da,
       m.group_code, coalesce(g.label, m.group_code) AS group_label, coalesce(g.label_da, m.group_code) AS group_label_da,
       m.participants, m.observable,
       v.exit_rate, v.exit_rate_low, v.exit_rate_high, v.comparison_rate, v.comparison_rate_low,
       v.comparison_rate_high, v.att, v.att_low, v.att_high, v.significant, m.unmatched,
       v.median_weeks_to_exit, v.comparison_median_weeks, v.lock_in, v.self_support_share,
       v.cost_per_participant, v.cost_per_extra_exit, v.net_municipal_saving_per_participant,
       x.sup AS suppressed
  FROM employment_kpi_internal.mv_intervention_effect m
  LEFT JOIN employment_kpi.intervention_type t ON t.type_code = m.type_code
  LEFT JOIN employment_kpi.citizen_group g ON g.group_code = m.group_code
 CROSS JOIN (SELECT employment_kpi.suppression_k() AS k) k
 CROSS JOIN LATERAL (SELECT m.observable < k.k AS sup) x
  -- the figures of a suppressed cell are NULL
  LEFT JOIN LATERAL (SELECT m.exit_rate, m.exit_rate_low, m.exit_rate_high, m.comparison_rate,
                            m.comparison_rate_low, m.comparison_rate_high, m.att, m.att_low, m.att_high,
                            m.significant, m.median_weeks_to_exit, m.comparison_median_weeks, m.lock_in,
                            m.self_support_share, m.cost_per_participant, m.cost_per_extra_exit,
                            m.net_municipal_saving_per_participant) v ON NOT x.sup
 WHERE (SELECT employment_kpi.is_reader());

COMMENT ON VIEW employment_kpi.kpi_intervention_effect IS
'Effect of each offer type (tilbudstype) on exits from public support (afgang til selvforsørgelse) per target group (målgruppe), by dynamic matched comparison: intervention_effect(horizon_weeks, period_start, period_end) for the horizons 13, 26 and 52 weeks, per calendar quarter of the start (kvartal) and for the last 12 months. From mv_intervention_effect (refresh() keeps it current). Cells with fewer than config.suppression_k participants with an observable outcome show participants, observable and unmatched only (suppressed = true); significant is NULL where the interval is not valid (too few matched participants or comparison), so sort and filter on it to keep small cells from the top. Rows are visible to employment_kpi_reader and employment_kpi_analyst. Effekt af tilbud pr. målgruppe.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_intervention_effect', $c$
period_kind: quarter = starts in a calendar quarter (kvartal); last_12_months = starts in the 12 months to the last day of the data (seneste 12 måneder).
period_start: First day of the start period (quarter start, or the first day of the 12 months).
period_end: Last day of the start period (the quarter's last day even when the quarter is not over; the last day of the data for the 12 months).
period_label: Label for chart axes: 2025-Q3, or last 12 months to 2026-11-22.
quarter_label: Quarter label (kvartal) of quarter rows, e.g. 2025-Q3; NULL on the last-12-months rows.
month_label: Month label of period_start for chart axes, e.g. 2025-07.
data_end: Outcomes observed to (data opgjort til): the Sunday of the latest ISO week with a fact at the last refresh. Outcomes after it are not yet known: starts less than horizon_weeks before it leave the rates (censored).
horizon_weeks: Outcome horizon (opfølgningsperiode): exit within 13, 26 or 52 weeks of the start week's Monday.
type_code: Offer type code (tilbudstype).
type_label: English name of the offer type.
type_label_da: Danish name of the offer type (tilbudstype).
group_code: Target group code (målgruppe) of the participants at the start.
group_label: English name of the target group.
group_label_da: Danish name of the target group (målgruppe).
participants: Participants (deltagere): eligible starts of the offer type in the period by citizens of the group (shown also when suppressed).
observable: Participants with an observable outcome (observerbare): those whose horizon ended by data_end; the denominator of exit_rate, and the count the small-cell rule looks at (shown also when suppressed).
exit_rate: Exit rate (afgangsrate) of the participants: share of the observable participants whose support period ended with an exit within horizon_weeks; 0..1. NULL when suppressed.
exit_rate_low: Lower limit of the 95% Wilson interval of exit_rate. NULL when suppressed.
exit_rate_high: Upper limit of the 95% Wilson interval of exit_rate. NULL when suppressed.
comparison_rate: Exit rate of the matched comparison (sammenligningsgruppe: same group, week, duration band and prior participation, not in an offer that week), weighted by participants per stratum: what would have happened without the offer. NULL when suppressed.
comparison_rate_low: Lower limit of the 95% Wilson interval of comparison_rate at its effective sample size (effect_control_n_eff). NULL when suppressed.
comparison_rate_high: Upper limit of the 95% Wilson interval of comparison_rate at its effective sample size. NULL when suppressed.
att: Effect on the participants (ATT, effekt): exit_rate minus comparison_rate over matched strata, in shares (0.05 = 5 percentage points more exits). NULL when suppressed or no participant was matched.
att_low: Lower limit of the 95% confidence interval of att (konfidensinterval): the hybrid score interval built from the Wilson intervals of the two rates, never below exit_rate_low - comparison_rate_high when unmatched = 0. NULL when suppressed.
att_high: Upper limit of the 95% confidence interval of att, never above exit_rate_high - comparison_rate_low when unmatched = 0. NULL when suppressed.
significant: True when the 95% interval of att excludes 0 (statistisk signifikant), false when it covers 0; NULL (no verdict) when the row is suppressed or the interval is not valid: fewer than config.suppression_k matched observable participants or effective comparison observations.
unmatched: Observable participants without any comparison citizen in their stratum (umatchede), left out of att.
median_weeks_to_exit: Kaplan-Meier median weeks from the start week to exit of the participants (varighed til afgang); NULL beyond 52 weeks or when suppressed.
comparison_median_weeks: The same median for the matched comparison, weighted by participants per stratum; NULL beyond 52 weeks or when suppressed.
lock_in: Lock-in effect (fastholdelseseffekt): the effect measured at the planned end of the offer (median planned length); negative = fewer exits while the offer runs. NULL when suppressed.
self_support_share: Share of the horizon's days after an exit (selvforsørgelsesgrad), mean over participants with an observable horizon; 0..1. NULL when suppressed.
cost_per_participant: Mean cost of the offer per participant (udgift pr. deltager) in DKK. NULL when suppressed.
cost_per_extra_exit: Cost per extra exit (pris pr. ekstra afgang) in DKK: cost_per_participant / att; only where significant and att > 0, else NULL.
net_municipal_saving_per_participant: Net municipal saving per participant (kommunal nettobesparelse) in DKK: benefit weeks saved within the horizon x weekly benefit x (1 - refund rate) - cost_per_participant. NULL when suppressed.
suppressed: True when the cell has fewer than config.suppression_k observable participants (diskretioneret): only participants, observable and unmatched are shown.
$c$);

-- A curve point is suppressed when fewer than k observations are at risk;
-- both arms of a cell are withheld when no participant point has k at risk
-- (the comparison curve would describe fewer than k participants' strata).
CREATE VIEW employment_kpi.kpi_exit_curve WITH (security_barrier) AS
SELECT m.period_kind, m.period_start, m.period_end,
       employment_kpi.period_label(m.period_kind, m.period_start, m.period_end) AS period_label,
       CASE WHEN m.period_kind = 'quarter' THEN pg_catalog.to_char(m.period_start, 'YYYY-"Q"Q') END AS quarter_label,
       employment_kpi.month_label(m.period_start) AS month_label,
       m.type_code, coalesce(t.label, m.type_code) AS type_label, coalesce(t.label_da, m.type_code) AS type_label_da,
       m.group_code, coalesce(g.label, m.group_code) AS group_label, coalesce(g.label_da, m.group_code) AS group_label_da,
       m.arm,
       CASE m.arm WHEN 'participants' THEN 'Participants' ELSE 'Matched comparison' END AS arm_label,
       CASE m.arm WHEN 'participants' THEN 'Deltagere' ELSE 'Sammenligningsgruppe' END AS arm_label_da,
       m.week,
       CASE WHEN x.sup THEN NULL ELSE m.surv END AS surv,
       CASE WHEN x.sup THEN NULL ELSE m.lower END AS lower,
       CASE WHEN x.sup THEN NULL ELSE m.upper END AS upper,
       CASE WHEN x.sup THEN NULL ELSE m.n_risk END AS n_risk,
       x.sup AS suppressed
  FROM (SELECT m.*, pg_catalog.max(m.n_risk) FILTER (WHERE m.arm = 'participants')
                        OVER (PARTITION BY m.period_kind, m.period_start, m.type_code, m.group_code) AS cell_risk
          FROM employment_kpi_internal.mv_exit_curve m) m
  LEFT JOIN employment_kpi.intervention_type t ON t.type_code = m.type_code
  LEFT JOIN employment_kpi.citizen_group g ON g.group_code = m.group_code
 CROSS JOIN (SELECT employment_kpi.suppression_k() AS k) k
 CROSS JOIN LATERAL (SELECT m.n_risk < k.k OR coalesce(m.cell_risk, 0) < k.k AS sup) x
 WHERE (SELECT employment_kpi.is_reader());

COMMENT ON VIEW employment_kpi.kpi_exit_curve IS
'Kaplan-Meier curves of weeks from the start of an offer to exit from public support (afgangskurver), for the participants and their matched comparison, per offer type (tilbudstype), target group (målgruppe) and start period (calendar quarter or last 12 months): intervention_exit_curve(type_code, group_code, period_start, period_end) for weeks 1..52, one row per arm and week with an exit. Draw surv over week as two step lines (arm), with a band lower..upper. Points with fewer than config.suppression_k at risk, and both arms of a cell where no participant point has that many at risk, are NULL with suppressed = true. Rows are visible to employment_kpi_reader and employment_kpi_analyst.';
SELECT employment_kpi_internal.comment_like('employment_kpi.kpi_intervention_effect', 'employment_kpi.kpi_exit_curve',
       'quarter_label', 'type_code', 'type_label', 'type_label_da', 'group_label', 'group_label_da');
SELECT employment_kpi_internal.comment_like('employment_kpi_internal.mv_exit_curve', 'employment_kpi.kpi_exit_curve',
       'period_start', 'period_end');
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_exit_curve', $c$
period_kind: quarter = starts in a calendar quarter (kvartal); last_12_months = starts in the 12 months to the last day of the data.
period_label: Label for chart axes and filters: 2025-Q3, or last 12 months to 2026-11-22.
month_label: Month label of period_start, e.g. 2025-07.
group_code: Target group code (målgruppe).
arm: participants (deltagere) or comparison (the matched comparison, sammenligningsgruppe, weighted to the participants' strata).
arm_label: English legend text of the arm.
arm_label_da: Danish legend text of the arm (Deltagere / Sammenligningsgruppe).
week: Weeks since the start week (uger efter start; 1 = the start week), 1..52; only weeks with an exit have a row (the curve is a step function between them).
surv: Share still on public support after this week (andel stadig på forsørgelse), Kaplan-Meier; 0..1. NULL when suppressed.
lower: Lower limit of the 95% confidence interval of surv. NULL when suppressed or surv = 0.
upper: Upper limit of the 95% confidence interval of surv. NULL when suppressed or surv = 0.
n_risk: Observations at risk (i risiko) at the week: participants, or comparison citizen-weeks (unweighted). NULL when suppressed.
suppressed: True when fewer than config.suppression_k are at risk at this point, or no participant point of the cell has that many (diskretioneret): surv, lower, upper and n_risk are NULL.
$c$);
