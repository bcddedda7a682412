-- The intervention-effect estimator: one for the public functions and the
-- BI views.
--
--   effect_follow_up_weeks()    how long every start's outcome is followed
--   effect_load(...)            fills the work table of person-weeks
--                               (effect_estimate adds two more of what does
--                               not depend on the horizon)
--   effect_estimate(...)        effects per start period, offer type and group
--   effect_curve_estimate(...)  Kaplan-Meier curves of participants and
--                               their matched comparison
--   intervention_effect, intervention_exit_curve   the public API
--
-- The estimator reads the person-weeks (effect_weeks.sql) from a work table,
-- pg_temp.ekpi_effect_pw, which it fills through a source function: the
-- public functions build them from the facts (effect_person_weeks), the BI
-- refresh reads its stored copy (bi/effects.sql).  So the two paths share
-- every line of the estimate, and the estimate gets real statistics (the
-- table is analyzed): on the person-week CTE of earlier versions the planner
-- estimated a few rows for 10^5 and looped over them (minutes instead of
-- seconds).  The functions are VOLATILE for that table; they run on a
-- primary, not on a hot standby.
--
-- Batched: one pass over the person-weeks for any number of start periods
-- (the BI layer asks for every calendar quarter and the last 12 months at
-- once; building the person-weeks is most of the cost and does not depend on
-- the period).  Each period's rows are those of intervention_effect(h, from,
-- to, group): the treated are joined to the periods holding their start
-- date, and everything after that is grouped by the period as well.  Sums
-- of float8 values are order-independent (fsum, correctly rounded) or take
-- their input in a fixed order (ORDER BY inside the aggregate), so a
-- period's figures do not depend on the plan nor on which other periods are
-- computed with it, to the last bit: the BI views equal the public
-- functions, and an incremental BI refresh equals a full one.

-- Durations are followed to max(horizon, this) weeks and capped one week
-- beyond (effect_person_weeks' cap); the BI layer stores them for horizons
-- up to this and curves to this week.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_follow_up_weeks()
RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT 52 $$;

COMMENT ON FUNCTION employment_kpi_internal.effect_follow_up_weeks() IS
'Internal: 52, the weeks every start''s outcome is followed at least: durations are capped at max(horizon, 52) + 1 (a start''s figures read no fact later than that), the BI layer stores person-weeks for horizons up to 52 and its curves end at week 52.';

-- Shared argument check of the batched effect functions.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_check_periods(p_keys text[], p_from date[], p_to date[])
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_bad text;
BEGIN
    IF p_keys IS NULL OR p_from IS NULL OR p_to IS NULL THEN
        RAISE EXCEPTION 'period_keys, from_dates and to_dates must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF array_ndims(p_keys) > 1 OR array_ndims(p_from) > 1 OR array_ndims(p_to) > 1
       OR cardinality(p_keys) <> cardinality(p_from) OR cardinality(p_keys) <> cardinality(p_to) THEN
        RAISE EXCEPTION 'period_keys, from_dates and to_dates must be one-dimensional arrays of the same length'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF array_position(p_keys, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'period keys must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT u.k INTO v_bad FROM unnest(p_keys) AS u(k) GROUP BY u.k HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'period key % occurs more than once', v_bad
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT pg_catalog.format('from_date %s is after to_date %s', to_char(u.f, 'YYYY-MM-DD'), to_char(u.t, 'YYYY-MM-DD'))
      INTO v_bad FROM unnest(p_from, p_to) AS u(f, t) WHERE u.f > u.t LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%', v_bad USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.effect_check_periods(text[], date[], date[]) IS
'Internal: validates the period arrays of the batched effect functions (not NULL, one-dimensional, equal lengths, distinct non-NULL keys, from <= to); raises 22004 or 22023.';

-- The work table: the person-weeks of the weeks from the earliest to the
-- latest period bound (NULL = unbounded) from source(from, to, group, cap),
-- analyzed.  The source has effect_person_weeks' arguments and returns
-- effect_person_week rows.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_load(
    p_source regprocedure, p_from date[], p_to date[], p_group text, p_cap int)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_lo date;
    v_hi date;
BEGIN
    SELECT CASE WHEN bool_or(u.f IS NULL) THEN NULL ELSE min(u.f) END,
           CASE WHEN bool_or(u.t IS NULL) THEN NULL ELSE max(u.t) END
      INTO v_lo, v_hi
      FROM unnest(p_from, p_to) AS u(f, t);
    PERFORM employment_kpi_internal.drop_temp_table('ekpi_effect_pw');
    -- the codes in the C collation: the estimate sorts and groups about
    -- 10^5 rows by them, and equality (all it needs) is the same in every
    -- deterministic collation, while strcoll costs several times memcmp
    EXECUTE pg_catalog.format('CREATE TEMP TABLE ekpi_effect_pw ON COMMIT DROP AS '
                              'SELECT s.kind COLLATE "C" AS kind, s.type_code COLLATE "C" AS type_code, '
                              's.group_code COLLATE "C" AS group_code, s.week, s.band, s.prior, '
                              's.citizen_id COLLATE "C" AS citizen_id, s.dur, s.ev, s.n, s.ended, s.ended_days, s.planned_weeks, '
                              's.cost_dkk, s.weekly_benefit_dkk, s.observable_to, s.period_week, s.start_date '
                              'FROM %s($1, $2, $3, $4) AS s',
                              p_source::oid::regproc)
      USING v_lo, v_hi, p_group, p_cap;
    ANALYZE pg_temp.ekpi_effect_pw;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.effect_load(regprocedure, date[], date[], text, int) IS
'Internal: fills and analyzes the work table pg_temp.ekpi_effect_pw (dropped at commit) with source(from, to, group, cap) for the weeks from the earliest of p_from to the latest of p_to (a NULL bound = unbounded). source: effect_person_weeks (from the facts) or the BI layer''s stored person-weeks.';

-- The effects.  The work is done by a PL/pgSQL function whose parameter
-- names differ from the output columns (PL/pgSQL rejects a name used for
-- both); the public function is a plain SQL wrapper.  Any number of
-- horizons from one load of the person-weeks: nothing in them depends on
-- the horizon (the BI layer asks for three).
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_estimate(
    p_horizons int[], p_keys text[], p_from date[], p_to date[], p_group text, p_source regprocedure)
RETURNS TABLE (period_key text, horizon_weeks int, type_code text, group_code text, participants bigint,
               observable bigint, exit_rate float8, exit_rate_low float8, exit_rate_high float8,
               comparison_rate float8, comparison_rate_low float8, comparison_rate_high float8,
               att float8, att_low float8, att_high float8, significant boolean,
               unmatched bigint, median_weeks_to_exit float8, comparison_median_weeks float8,
               lock_in float8, self_support_share float8, cost_per_participant numeric,
               cost_per_extra_exit numeric, net_municipal_saving_per_participant numeric)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
#variable_conflict use_column
DECLARE
    h int;
BEGIN
    SELECT u.h INTO h FROM unnest(coalesce(p_horizons, '{NULL}')) AS u(h)
     WHERE u.h IS NULL OR u.h < 1 OR u.h > 520 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'horizon_weeks must be between 1 and 520, got %', coalesce(h::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM employment_kpi_internal.effect_check_periods(p_keys, p_from, p_to);
    IF cardinality(p_keys) = 0 OR cardinality(p_horizons) = 0 THEN
        RETURN;
    END IF;
    PERFORM employment_kpi_internal.effect_load(p_source, p_from, p_to, p_group,
        greatest((SELECT max(u.h) FROM unnest(p_horizons) AS u(h)), employment_kpi_internal.effect_follow_up_weeks()));
    -- What does not depend on the horizon is computed once for all of them,
    -- into work tables (dropped at commit) the horizons' query joins:
    -- ekpi_effect_cum, per stratum the durations with exits and the exits up
    -- to each (so the comparison exits within any number of weeks are one
    -- lookup per treated cell instead of a join of the cell with every
    -- comparison row of its stratum), and ekpi_effect_cmp_km, the weighted
    -- comparison median per period, type and group.  Both joins fan a cell
    -- out to its stratum's rows, ~15 per cell; grouped back with text keys
    -- they took most of a horizon's time.
    PERFORM employment_kpi_internal.drop_temp_table('ekpi_effect_cum');
    CREATE TEMP TABLE ekpi_effect_cum ON COMMIT DROP AS
    SELECT e.group_code, e.week, e.band, e.prior,
           array_agg(e.dur ORDER BY e.dur) AS durs, array_agg(e.cum ORDER BY e.dur) AS cum
      FROM (SELECT p.group_code, p.week, p.band, p.prior, p.dur,
                   (sum(sum(p.n)) OVER (PARTITION BY p.group_code, p.week, p.band, p.prior ORDER BY p.dur))::bigint AS cum
              FROM pg_temp.ekpi_effect_pw p WHERE p.kind = 'C' AND p.ev
             GROUP BY 1, 2, 3, 4, 5) e
     GROUP BY 1, 2, 3, 4;
    ANALYZE pg_temp.ekpi_effect_cum;
    PERFORM employment_kpi_internal.drop_temp_table('ekpi_effect_cmp_km');
    CREATE TEMP TABLE ekpi_effect_cmp_km ON COMMIT DROP AS
    WITH per AS (
        SELECT u.k COLLATE "C" AS k, coalesce(u.f, '-infinity'::date) AS f, coalesce(u.t, 'infinity'::date) AS t
          FROM unnest(p_keys, p_from, p_to) AS u(k, f, t)
    ), stratum AS (
        SELECT p.group_code, p.week, p.band, p.prior, sum(p.n) AS n0
          FROM pg_temp.ekpi_effect_pw p WHERE p.kind = 'C'
         GROUP BY 1, 2, 3, 4
    ), treated AS (
        SELECT q.k AS pkey, p.type_code, p.group_code, p.week, p.band, p.prior, s.n0
          FROM pg_temp.ekpi_effect_pw p
          JOIN per q ON p.start_date >= q.f AND p.start_date <= q.t
          LEFT JOIN stratum s ON s.group_code = p.group_code AND s.week = p.week
               AND s.band = p.band AND s.prior = p.prior
         WHERE p.kind = 'T'
    ), w AS MATERIALIZED (
        -- the weight of each stratum of a cell, the cell numbered (cid): the
        -- strata's comparison rows are grouped per cell and duration by
        -- that number rather than by three text columns
        SELECT x.*, dense_rank() OVER (ORDER BY x.pkey, x.type_code, x.group_code) AS cid
          FROM (SELECT t.pkey, t.type_code, t.group_code, t.week, t.band, t.prior,
                       count(*)::float8 / min(t.n0) AS wt
                  FROM treated t WHERE t.n0 > 0 GROUP BY 1, 2, 3, 4, 5, 6) x
    )
    -- comparison Kaplan-Meier weighted by treated per stratum (weights
    -- n1/n0): per-time sums (fsum: correctly rounded whatever the input
    -- order), one km_weighted call per cell, median = first time with S <= 0.5
    SELECT c.pkey, c.type_code, c.group_code,
           (SELECT min(k."time") FROM employment_kpi.km_weighted(a.t, a.d, a.tot, a.n) k
             WHERE k.surv <= 0.5) AS median
      FROM (SELECT y.cid,
                   array_agg(y.dur::float8 ORDER BY y.dur) AS t, array_agg(y.d ORDER BY y.dur) AS d,
                   array_agg(y.tot ORDER BY y.dur) AS tot, array_agg(y.n ORDER BY y.dur) AS n
              FROM (SELECT w.cid, p.dur,
                           employment_kpi.fsum(p.n * w.wt) AS tot,
                           coalesce(employment_kpi.fsum(p.n * w.wt) FILTER (WHERE p.ev), 0) AS d,
                           sum(p.n)::bigint AS n
                      FROM w
                      JOIN pg_temp.ekpi_effect_pw p ON p.kind = 'C' AND p.group_code = w.group_code
                       AND p.week = w.week AND p.band = w.band AND p.prior = w.prior
                     GROUP BY 1, 2) y
             GROUP BY 1) a
      JOIN (SELECT DISTINCT w.cid, w.pkey, w.type_code, w.group_code FROM w) c ON c.cid = a.cid;
    ANALYZE pg_temp.ekpi_effect_cmp_km;
    FOREACH h IN ARRAY p_horizons LOOP
    RETURN QUERY
    WITH per AS (
        SELECT u.k COLLATE "C" AS k, coalesce(u.f, '-infinity'::date) AS f, coalesce(u.t, 'infinity'::date) AS t
          FROM unnest(p_keys, p_from, p_to) AS u(k, f, t)
    ), stratum AS (
        -- comparison per stratum: observations, exits within H, mean days on support
        SELECT p.group_code, p.week, p.band, p.prior,
               sum(p.n) AS n0,
               sum(p.n) FILTER (WHERE p.ev AND p.dur <= h) AS y0,
               sum(employment_kpi_internal.effect_days(h, p.dur, p.n, p.ended, p.ended_days))::float8
                   / sum(p.n) AS days0,
               min(p.observable_to) AS observable_to
          FROM pg_temp.ekpi_effect_pw p WHERE p.kind = 'C'
         GROUP BY 1, 2, 3, 4
    ), treated AS (
        -- one row per start and period holding its start date
        SELECT q.k AS pkey, p.*, p.group_code || '|' || p.week || '|' || p.band || '|' || p.prior::text AS key,
               employment_kpi_internal.effect_days(h, p.dur, p.n, p.ended, p.ended_days) AS days,
               p.week + 7 * h <= p.observable_to AS obs_h,
               s.n0, s.days0
          FROM pg_temp.ekpi_effect_pw p
          JOIN per q ON p.start_date >= q.f AND p.start_date <= q.t
          LEFT JOIN stratum s ON s.group_code = p.group_code AND s.week = p.week
               AND s.band = p.band AND s.prior = p.prior
         WHERE p.kind = 'T'
    ), lock_len AS (
        -- planned length of the offer (median of those not cut short), weeks
        SELECT t.pkey, t.type_code, t.group_code,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY t.planned_weeks) AS l
          FROM treated t GROUP BY 1, 2, 3
    ), cells AS (
        SELECT DISTINCT t.pkey, t.type_code, t.group_code, t.week, t.band, t.prior, t.key,
               coalesce(l.l, h) AS l
          FROM treated t JOIN lock_len l USING (pkey, type_code, group_code)
    ), ctrl AS (
        -- comparison counts fed to the effect aggregates, per treated cell:
        -- its stratum's observations with and without an exit within H and
        -- within the lock-in length (the aggregate adds whole counts per
        -- stratum, and a count of 0 adds nothing).  Every row of the work
        -- table has the same observable_to (the Monday after the data's last
        -- week), so whether the outcome is observable is one test per cell.
        SELECT c.pkey, c.type_code, c.group_code, c.key,
               c.week + 7 * h <= s.observable_to AS obs_h,
               c.week + 7 * c.l <= s.observable_to AS obs_l,
               s.n0::bigint AS n, coalesce(s.y0, 0)::bigint AS e_h,
               coalesce(u.cum[pg_catalog.width_bucket(c.l, u.durs)], 0) AS e_l
          FROM cells c
          JOIN stratum s ON s.group_code = c.group_code AND s.week = c.week
           AND s.band = c.band AND s.prior = c.prior
          LEFT JOIN pg_temp.ekpi_effect_cum u ON u.group_code = c.group_code AND u.week = c.week
           AND u.band = c.band AND u.prior = c.prior
    ), eff AS (
        SELECT x.pkey, x.type_code, x.group_code,
               employment_kpi.matched_effect_agg(x.key, x.treated, x.y_h, x.n_h) FILTER (WHERE x.obs_h) AS e_h,
               employment_kpi.matched_effect_agg(x.key, x.treated, x.y_l, x.n_l) FILTER (WHERE x.obs_l) AS e_l
          FROM (SELECT c.pkey, c.type_code, c.group_code, c.key, false AS treated, c.obs_h, c.obs_l,
                       v.y AS y_h, v.y AS y_l, v.n_h, v.n_l
                  FROM ctrl c
                 CROSS JOIN LATERAL (VALUES (true, c.e_h, c.e_l), (false, c.n - c.e_h, c.n - c.e_l)) AS v(y, n_h, n_l)
                UNION ALL
                SELECT t.pkey, t.type_code, t.group_code, t.key, true, t.obs_h,
                       t.week + 7 * coalesce(l.l, h) <= t.observable_to,
                       t.ev AND t.dur <= h, t.ev AND t.dur <= coalesce(l.l, h), 1, 1
                  FROM treated t JOIN lock_len l USING (pkey, type_code, group_code)) x
         GROUP BY 1, 2, 3
    ), per_cell AS (
        SELECT t.pkey, t.type_code, t.group_code,
               count(*) AS participants,
               count(*) FILTER (WHERE t.obs_h) AS n_obs,
               count(*) FILTER (WHERE t.obs_h AND t.ev AND t.dur <= h) AS y_obs,
               employment_kpi.km_median(employment_kpi.survival_agg(t.dur, t.ev)) AS median_weeks,
               avg(CASE WHEN t.ev AND t.dur <= h
                        THEN (7 * h - t.days)::float8 / (7 * h) ELSE 0 END
                   ORDER BY t.week, t.citizen_id, t.days) FILTER (WHERE t.obs_h) AS self_support,
               avg(t.cost_dkk) AS cost,
               avg((t.days0 - t.days) / 7.0 * t.weekly_benefit_dkk::float8
                   * (1 - employment_kpi_internal.refund_rate_at(t.period_week + 1 + h / 2, t.week + 7 * (h / 2))::float8)
                   ORDER BY t.week, t.citizen_id, t.days)
                   FILTER (WHERE t.obs_h AND t.n0 > 0 AND t.weekly_benefit_dkk IS NOT NULL) AS saving
          FROM treated t
         GROUP BY 1, 2, 3
    ), k AS (
        SELECT employment_kpi.suppression_k() AS k
    )
    -- sup: fewer than k participants with an observable outcome (the rates'
    -- denominator; the medians and amounts are over at least as many).
    -- valid: the interval deserves a significance label - at least k
    -- matched observable participants, an effective comparison sample of at
    -- least k, and limits that do not coincide; else significant is NULL
    SELECT pc.pkey, h, pc.type_code, pc.group_code, pc.participants, pc.n_obs,
           CASE WHEN sup THEN NULL ELSE pc.y_obs::float8 / nullif(pc.n_obs, 0) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.wilson_low(pc.y_obs, pc.n_obs) END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.wilson_high(pc.y_obs, pc.n_obs) END,
           CASE WHEN sup THEN NULL ELSE a.cr END,
           CASE WHEN sup THEN NULL ELSE a.cr_low END,
           CASE WHEN sup THEN NULL ELSE a.cr_high END,
           CASE WHEN sup THEN NULL ELSE a.att END,
           CASE WHEN sup THEN NULL ELSE a.att_low END,
           CASE WHEN sup THEN NULL ELSE a.att_high END,
           CASE WHEN valid THEN a.att_low > 0 OR a.att_high < 0 END,
           coalesce(employment_kpi.effect_unmatched(e.e_h), 0),
           CASE WHEN sup THEN NULL ELSE pc.median_weeks END,
           CASE WHEN sup THEN NULL ELSE ck.median END,
           CASE WHEN sup THEN NULL ELSE employment_kpi.effect_att(e.e_l) END,
           CASE WHEN sup THEN NULL ELSE pc.self_support END,
           CASE WHEN sup THEN NULL ELSE round(pc.cost, 2) END,
           -- a price only for a demonstrated extra exit
           CASE WHEN valid AND a.att_low > 0 THEN round(pc.cost / a.att::numeric, 2) END,
           CASE WHEN sup THEN NULL ELSE round(pc.saving::numeric - coalesce(pc.cost, 0), 2) END
      FROM per_cell pc
      CROSS JOIN k
      LEFT JOIN eff e ON e.pkey = pc.pkey AND e.type_code = pc.type_code AND e.group_code = pc.group_code
      LEFT JOIN pg_temp.ekpi_effect_cmp_km ck ON ck.pkey = pc.pkey AND ck.type_code = pc.type_code
           AND ck.group_code = pc.group_code
      CROSS JOIN LATERAL (SELECT employment_kpi.effect_att(e.e_h) AS att,
                                 employment_kpi.effect_ci_low(e.e_h) AS att_low,
                                 employment_kpi.effect_ci_high(e.e_h) AS att_high,
                                 employment_kpi.effect_control_rate(e.e_h) AS cr,
                                 employment_kpi.effect_control_rate_low(e.e_h) AS cr_low,
                                 employment_kpi.effect_control_rate_high(e.e_h) AS cr_high,
                                 employment_kpi.effect_treated(e.e_h) AS n1,
                                 employment_kpi.effect_control_n_eff(e.e_h) AS n0_eff) a
      CROSS JOIN LATERAL (SELECT pc.n_obs < k.k AS sup) s
      CROSS JOIN LATERAL (SELECT NOT s.sup AND coalesce(a.n1 >= k.k AND a.n0_eff >= k.k
                                                        AND a.att_low < a.att_high, false) AS valid) v
     ORDER BY pc.pkey COLLATE "default", pc.type_code COLLATE "default", pc.group_code COLLATE "default";
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.effect_estimate(int[], text[], date[], date[], text, regprocedure) IS
'Internal: the effect estimator behind intervention_effect and kpi_intervention_effect. For every horizon (in the order given) and period (period_key, from, to; NULL bound = unbounded) the rows of intervention_effect(horizon, from, to, group) over the person-weeks of source (effect_person_weeks from the facts, or the BI layer''s stored copy), read once for all horizons. The period arrays must have the same length, keys distinct and not NULL (22023 / 22004), from <= to (22023), every horizon 1..520 (22023).';

CREATE OR REPLACE FUNCTION employment_kpi.intervention_effect(
    horizon_weeks int DEFAULT 26, from_date date DEFAULT NULL,
    to_date date DEFAULT NULL, group_code text DEFAULT NULL)
RETURNS TABLE (type_code text, group_code text, participants bigint, observable bigint,
               exit_rate float8, exit_rate_low float8, exit_rate_high float8,
               comparison_rate float8, comparison_rate_low float8, comparison_rate_high float8,
               att float8, att_low float8, att_high float8, significant boolean,
               unmatched bigint, median_weeks_to_exit float8, comparison_median_weeks float8,
               lock_in float8, self_support_share float8, cost_per_participant numeric,
               cost_per_extra_exit numeric, net_municipal_saving_per_participant numeric)
LANGUAGE sql VOLATILE PARALLEL UNSAFE AS $$
    SELECT employment_kpi_internal.require_date_range($2, 'from_date', $3, 'to_date');
    SELECT e.type_code, e.group_code, e.participants, e.observable, e.exit_rate, e.exit_rate_low,
           e.exit_rate_high, e.comparison_rate, e.comparison_rate_low, e.comparison_rate_high,
           e.att, e.att_low, e.att_high, e.significant, e.unmatched, e.median_weeks_to_exit,
           e.comparison_median_weeks, e.lock_in, e.self_support_share, e.cost_per_participant,
           e.cost_per_extra_exit, e.net_municipal_saving_per_participant
      FROM employment_kpi_internal.effect_estimate(ARRAY[$1], ARRAY['all'], ARRAY[$2], ARRAY[$3], $4,
               'employment_kpi_internal.effect_person_weeks(date, date, text, int)') AS e
$$;

COMMENT ON FUNCTION employment_kpi.intervention_effect(int, date, date, text) IS
'Effect of each intervention type (tilbudstype) on exits from public support (afgang til selvforsørgelse) per citizen group, by dynamic matched comparison ("now versus not now", Sianesi 2004): a citizen starting type T in ISO week w while in no other intervention is compared with citizens of the same group on support in week w, in the same duration band (duration_band) and with the same prior participation (an intervention earlier in the period), who neither run nor start an intervention in week w (they may start later). One row per type x group with starts in [from_date, to_date] (NULL = unbounded; group_code NULL = all). Columns: participants = eligible starts; observable = those whose horizon ends by the data''s last week (later starts are censored: out of the rate denominators, censored in the Kaplan-Meier medians); exit_rate (Wilson interval exit_rate_low/high) = share of the observable participants whose support period ended with an exit within horizon_weeks of the start week''s Monday; comparison_rate = treated-weighted comparison exit rate, comparison_rate_low/high its Wilson interval at the effective comparison sample size (effect_control_n_eff); att, att_low, att_high = ATT with its 95% hybrid score interval (effect_att, effect_ci_low/high: built from the Wilson intervals of the participants'' and the comparison rate, so it lies within [exit_rate_low - comparison_rate_high, exit_rate_high - comparison_rate_low] when unmatched = 0); significant = the interval excludes 0, NULL (no verdict) unless the cell is not suppressed, has at least suppression_k() matched observable participants and an effective comparison sample of at least suppression_k(), and its limits differ; unmatched = observable participants in strata without comparison citizens (left out of the ATT); median_weeks_to_exit = Kaplan-Meier median weeks from the start week to exit, comparison_median_weeks the same for the comparison weighted by treated per stratum (NULL beyond max(horizon, 52) weeks); lock_in = the ATT measured at the planned end of the offer (the median planned length in weeks of the type x group''s offers not cut short); self_support_share = mean share of the horizon''s days after an exit (selvforsørgelsesgrad; a return to support within the horizon is not seen); cost_per_participant = mean intervention.cost_dkk; cost_per_extra_exit = cost_per_participant / att, only where significant and att > 0; net_municipal_saving_per_participant = mean over participants of (comparison - own weeks on support within the horizon) x weekly benefit x (1 - refund_rate at the benefit week count at the middle of the horizon, approximated by weeks since the period began + 1 + horizon/2) - cost_per_participant. Rows with fewer than suppression_k() observable participants show counts (participants, observable, unmatched) and NULL for everything else. horizon_weeks must be 1..520 and from_date <= to_date (22023). The data''s end is the Sunday of the ISO week of data_end(). The same estimator serves kpi_intervention_effect, to the last bit. VOLATILE: it writes a temporary work table (so it runs on a primary, not on a hot standby).';

-- The exit curves: participants (km_curve of their durations) and the
-- matched comparison (km_weighted of the comparison weeks of the same
-- strata, each weighted n1/n0 within its stratum).
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_curve_estimate(
    p_keys text[], p_from date[], p_to date[], p_max_week int, p_type text, p_group text, p_source regprocedure)
RETURNS TABLE (period_key text, type_code text, group_code text, arm text, week int,
               surv float8, lower float8, upper float8, n_risk bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
#variable_conflict use_column
BEGIN
    IF p_max_week IS NULL OR p_max_week < 1 OR p_max_week > 520 THEN
        RAISE EXCEPTION 'max_week must be between 1 and 520, got %', coalesce(p_max_week::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM employment_kpi_internal.effect_check_periods(p_keys, p_from, p_to);
    IF cardinality(p_keys) = 0 THEN
        RETURN;
    END IF;
    -- durations capped at p_max_week + 1: the curve up to p_max_week is exact
    PERFORM employment_kpi_internal.effect_load(p_source, p_from, p_to, p_group, p_max_week);
    RETURN QUERY
    WITH per AS (
        SELECT u.k, coalesce(u.f, '-infinity'::date) AS f, coalesce(u.t, 'infinity'::date) AS t
          FROM unnest(p_keys, p_from, p_to) AS u(k, f, t)
    ), treated AS (
        SELECT q.k AS pkey, p.*
          FROM pg_temp.ekpi_effect_pw p JOIN per q ON p.start_date >= q.f AND p.start_date <= q.t
         WHERE p.kind = 'T' AND (p_type IS NULL OR p.type_code = p_type)
    ), n0 AS (
        SELECT p.group_code, p.week, p.band, p.prior, sum(p.n) AS n0
          FROM pg_temp.ekpi_effect_pw p WHERE p.kind = 'C'
         GROUP BY 1, 2, 3, 4
    ), wt AS MATERIALIZED (
        -- participants per stratum of a cell, with the stratum's comparison
        -- total, the cell numbered (cid): the comparison rows are grouped
        -- per cell and duration by that number rather than by three text
        -- columns
        SELECT x.*, s.n0, dense_rank() OVER (ORDER BY x.pkey, x.type_code, x.group_code) AS cid
          FROM (SELECT t.pkey, t.type_code, t.group_code, t.week, t.band, t.prior, count(*) AS n1
                  FROM treated t GROUP BY 1, 2, 3, 4, 5, 6) x
          JOIN n0 s ON s.group_code = x.group_code AND s.week = x.week AND s.band = x.band AND s.prior = x.prior
    ), cmp_t AS (
        -- comparison observations weighted n1/n0 within their stratum
        SELECT w.cid, p.dur,
               employment_kpi.fsum(p.n * w.n1::float8 / w.n0) FILTER (WHERE p.ev) AS d,
               employment_kpi.fsum(p.n * w.n1::float8 / w.n0) AS tot, sum(p.n) AS n
          FROM pg_temp.ekpi_effect_pw p JOIN wt w ON w.group_code = p.group_code AND w.week = p.week
           AND w.band = p.band AND w.prior = p.prior
         WHERE p.kind = 'C'
         GROUP BY 1, 2
    ), cmp_s AS (
        SELECT c.pkey, c.type_code, c.group_code, k."time"::int AS dur, k.n_risk AS nr,
               k.surv AS s, k.lower, k.upper
          FROM (SELECT c.cid,
                       array_agg(c.dur::float8 ORDER BY c.dur) AS t,
                       array_agg(coalesce(c.d, 0) ORDER BY c.dur) AS d,
                       array_agg(c.tot ORDER BY c.dur) AS tot,
                       array_agg(c.n::bigint ORDER BY c.dur) AS n
                  FROM cmp_t c GROUP BY 1) a
          JOIN (SELECT DISTINCT w.cid, w.pkey, w.type_code, w.group_code FROM wt w) c ON c.cid = a.cid
         CROSS JOIN LATERAL employment_kpi.km_weighted(a.t, a.d, a.tot, a.n) k
    )
    SELECT x.pkey, x.type_code, x.group_code, 'participants'::text, k."time"::int, k.surv, k.lower, k.upper, k.n_risk
      FROM (SELECT t.pkey, t.type_code, t.group_code, employment_kpi.survival_agg(t.dur, t.ev) AS s
              FROM treated t GROUP BY 1, 2, 3) x
     CROSS JOIN LATERAL employment_kpi.km_curve(x.s) k
     WHERE k.n_event > 0
    UNION ALL
    SELECT c.pkey, c.type_code, c.group_code, 'comparison', c.dur, c.s, c.lower, c.upper, c.nr
      FROM cmp_s c
     ORDER BY 1, 2, 3, 4 DESC, 5;
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.effect_curve_estimate(text[], date[], date[], int, text, text, regprocedure) IS
'Internal: the exit curves behind intervention_exit_curve and kpi_exit_curve: per period, offer type (p_type NULL = all) and group (p_group NULL = all) the participant and comparison Kaplan-Meier curves to week p_max_week (1..520, 22023) over the person-weeks of source. Period arrays as effect_estimate.';

CREATE OR REPLACE FUNCTION employment_kpi.intervention_exit_curve(
    type_code text, group_code text, from_date date DEFAULT NULL, to_date date DEFAULT NULL)
RETURNS TABLE (arm text, week int, surv float8, lower float8, upper float8, n_risk bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $fn$
#variable_conflict use_column
BEGIN
    PERFORM employment_kpi_internal.require_arg(
        intervention_exit_curve.type_code IS NOT NULL AND intervention_exit_curve.group_code IS NOT NULL,
        'type_code and group_code must not be NULL', 'null_value_not_allowed');
    PERFORM employment_kpi_internal.require_date_range(from_date, 'from_date', to_date, 'to_date');
    RETURN QUERY
    SELECT c.arm, c.week, c.surv, c.lower, c.upper, c.n_risk
      FROM employment_kpi_internal.effect_curve_estimate(ARRAY['all'], ARRAY[from_date], ARRAY[to_date], 156,
               intervention_exit_curve.type_code, intervention_exit_curve.group_code,
               'employment_kpi_internal.effect_person_weeks(date, date, text, int)') AS c
     ORDER BY 1 DESC, 2;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.intervention_exit_curve(text, text, date, date) IS
'Kaplan-Meier curves of weeks from the start week to exit from public support, for the participants of type_code in group_code starting in [from_date, to_date] (arm participants: km_curve of survival_agg over the starts, censored at the data''s end or at moved/deceased; a transition to another public benefit is no exit and is followed to the data''s end, so the curve is the cumulative incidence of self-support) and for their matched comparison (arm comparison: km_weighted over the comparison citizen-weeks of the same strata, each weighted n1/n0 within its stratum so the curve is what would have happened to the participants without starting now; log-type 95% limits from Greenwood''s variance on the weights, which sum to the number of participants). One row per week with an exit: surv = S(week), lower/upper = 95% limits, n_risk = observations at risk (comparison: unweighted citizen-weeks). Weeks are capped at 156. NULL type_code or group_code raise 22004, from_date > to_date 22023. VOLATILE: it writes a temporary work table.';
