-- The person-weeks of the effect estimator: every citizen-week on support
-- that is a comparison week (no offer running or starting) or a treated
-- start (one offer starting, none other running), with its stratum, and the
-- outcome of each (effect_outcome).  effects.sql estimates from them.

CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_data_end()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT employment_kpi.iso_monday(employment_kpi.data_end()) + 6 $$;

COMMENT ON FUNCTION employment_kpi_internal.effect_data_end() IS
'Internal: the last day whose outcomes the effects observe: the Sunday of the ISO week holding data_end(). Later outcomes are censored. NULL without facts.';

-- The facts the person-weeks read, through PL/pgSQL functions (the spells
-- through period_spells, the offers here), and nothing else: effect_week_rows
-- itself stays a SQL function the planner inlines into its callers (their
-- filters reach into it and its millions of rows stream), and on a Citus
-- cluster, which cannot plan an inlined SQL function that reads its tables,
-- only these readers query the distributed tables.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_offers(citizens text[])
RETURNS TABLE (citizen_id text, type_code text, start_date date, end_date date, cost_dkk numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN QUERY
    SELECT i.citizen_id, i.type_code, i.start_date, i.end_date, i.cost_dkk
      FROM employment_kpi.intervention AS i
     WHERE citizens IS NULL OR i.citizen_id = ANY (citizens);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.effect_offers(text[]) IS
'Internal: the offers (intervention) of the citizens (NULL = all) as the effects read them: citizen, type, start, end and cost. A PL/pgSQL function, so that effect_week_rows, which reads the facts only through it and period_spells, can stay an inlined SQL function that also runs on a Citus cluster.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_week_rows(from_date date, to_date date, citizens text[])
RETURNS TABLE (citizen_id text, week date, kind text, group_code text, band int, prior boolean,
               period_week int, end_date date, is_exit boolean, weekly_benefit_dkk numeric,
               type_code text, iv_start date, cost_dkk numeric, planned_weeks int, iv_end date)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
WITH bounds AS MATERIALIZED (
    SELECT employment_kpi_internal.effect_data_end() AS last_day,
           employment_kpi.iso_monday(coalesce($1, '-infinity'::date)) AS first_week
), spell0 AS MATERIALIZED (
    -- the spells known at the data's end with their support periods
    SELECT sp.*
      FROM employment_kpi_internal.period_spells((SELECT b.last_day FROM bounds b), $3, NULL, NULL) AS sp
     -- periods over before the first week have no week in the grid
     WHERE $1 IS NULL OR sp.period_end IS NULL OR sp.period_end >= (SELECT b.first_week FROM bounds b)
), offer AS MATERIALIZED (
    SELECT o.* FROM employment_kpi_internal.effect_offers($3) AS o
), spell AS MATERIALIZED (
    -- with the first offer of each spell's period (looked up once per
    -- spell, not per week)
    SELECT sp.*, f.first_iv
      FROM spell0 sp
      LEFT JOIN (SELECT s.citizen_id, s.source_id, pg_catalog.min(i.start_date) AS first_iv
                   FROM spell0 s
                   JOIN offer i
                     ON i.citizen_id = s.citizen_id AND i.start_date >= s.period_start
                    AND i.start_date <= coalesce(s.period_end, 'infinity')
                  GROUP BY s.citizen_id, s.source_id) f
        ON f.citizen_id = sp.citizen_id AND f.source_id = sp.source_id
), grid AS (
    SELECT sp.citizen_id, sp.group_code, sp.weekly_benefit_dkk, w.week,
           employment_kpi.duration_band((w.week - employment_kpi.iso_monday(sp.period_start)) / 7) AS band,
           coalesce(sp.first_iv < w.week, false) AS prior,
           (w.week - employment_kpi.iso_monday(sp.period_start)) / 7 AS period_week,
           -- a transition to another public benefit is no exit to
           -- self-support and no benefit saved: the citizen stays on public
           -- support, so the period counts as ongoing (its outcome is
           -- observed to the data's end)
           CASE WHEN sp.period_transition THEN NULL ELSE sp.period_end END AS end_date,
           sp.period_exit AS is_exit
      FROM spell sp, bounds b,
           employment_kpi_internal.spell_weeks(sp.start_date, sp.end_date, sp.next_start, b.first_week,
               LEAST(coalesce($2, 'infinity'::date), employment_kpi.iso_monday(b.last_day))) AS w(week)
), iv AS (
    SELECT i.citizen_id, i.type_code, i.start_date, i.cost_dkk,
           employment_kpi.iso_monday(i.start_date) AS w0,
           ((coalesce(i.end_date, i.start_date) - i.start_date) / 7 + 1)::int AS weeks,
           i.end_date
      FROM offer i, bounds b
     WHERE $1 IS NULL OR coalesce(i.end_date, b.last_day) >= b.first_week
), ivweek AS (
    SELECT i.citizen_id, w.week, pg_catalog.count(*) AS n_iv,
           pg_catalog.min(i.type_code) FILTER (WHERE i.w0 = w.week) AS start_type,
           pg_catalog.count(*) FILTER (WHERE i.w0 = w.week) AS n_start,
           pg_catalog.min(i.start_date) FILTER (WHERE i.w0 = w.week) AS start_date,
           pg_catalog.min(i.cost_dkk) FILTER (WHERE i.w0 = w.week) AS cost_dkk,
           pg_catalog.min(i.weeks) FILTER (WHERE i.w0 = w.week) AS planned_weeks,
           pg_catalog.min(i.end_date) FILTER (WHERE i.w0 = w.week) AS iv_end
      FROM iv i, bounds b,
           employment_kpi_internal.week_series(greatest(i.w0, b.first_week),
               employment_kpi.iso_monday(coalesce(i.end_date, b.last_day))) AS w(week)
     GROUP BY 1, 2
)
SELECT g.citizen_id, g.week, CASE WHEN x.n_iv IS NULL THEN 'C' ELSE 'T' END, g.group_code, g.band, g.prior,
       g.period_week, g.end_date, g.is_exit, g.weekly_benefit_dkk,
       x.start_type, x.start_date, x.cost_dkk, x.planned_weeks, x.iv_end
  FROM grid g
  LEFT JOIN ivweek x ON x.citizen_id = g.citizen_id AND x.week = g.week
 WHERE x.n_iv IS NULL OR (x.n_iv = 1 AND x.n_start = 1)
$$;

COMMENT ON FUNCTION employment_kpi_internal.effect_week_rows(date, date, text[]) IS
'Internal building block of the effects: the person-weeks of the citizens (NULL = all) from the ISO week of from_date to to_date (NULL = unbounded) that are comparison weeks (kind C: on support, no offer running or starting) or treated starts (kind T: one offer starting, none other running), with the target group, duration band, prior participation, weeks since the support period began (period_week), the period''s end (NULL = ongoing at the data''s end, or ended with a transition to another public benefit: still on public support) and exit, and for kind T the offer''s type, start, cost, planned weeks and end. Nothing in a row depends on a horizon, so effect_person_weeks derives durations and outcomes from it, and mv_effect_week keeps it.';

-- The outcome of a person-week: the one definition of durations and exits
-- the effects use, for the facts and for the BI layer's stored rows.
--   dur  = weeks from the week's Monday to the end of the support period
--          (1 = it ended in that week); while it is ongoing at the data's end,
--          the whole weeks observed; capped at cap + 1
--   ev   = it ended with an exit within cap weeks
-- Nothing in it depends on a horizon: the days on support within a horizon
-- follow from dur and the days to the period's end (effect_days), so one
-- load of person-weeks serves every horizon.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_outcome(
    week date, end_date date, is_exit boolean, data_end date, cap int)
RETURNS TABLE (dur int, ev boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 1 AS $$
    SELECT least(d.raw, cap + 1), end_date IS NOT NULL AND is_exit AND d.raw <= cap
      FROM (SELECT CASE WHEN end_date IS NULL THEN (data_end + 1 - week) / 7
                        ELSE (end_date - week) / 7 + 1 END AS raw) AS d
$$;

COMMENT ON FUNCTION employment_kpi_internal.effect_outcome(date, date, boolean, date, int) IS
'Internal: the outcome of a person-week (week = its Monday) of a support period ending on end_date (NULL = ongoing at data_end) with is_exit: dur = weeks to the period''s end (1 = that week; while ongoing the whole weeks observed to data_end), capped at cap + 1; ev = ended with an exit within cap weeks. One row.';

-- Days on support within horizon weeks of n person-weeks with the same
-- duration dur, of which ended had a period that ended (ended_days days
-- from their Mondays to the ends, together): an ended period within the
-- horizon (dur <= horizon, i.e. ended_days <= 7 x horizon each) counts its
-- days, everything else the whole horizon.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_days(
    horizon int, dur int, n bigint, ended bigint, ended_days bigint)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 7 * horizon * n - CASE WHEN dur <= horizon THEN 7 * horizon * ended - ended_days ELSE 0 END
$$;

COMMENT ON FUNCTION employment_kpi_internal.effect_days(int, int, bigint, bigint, bigint) IS
'Internal: days on support within horizon weeks of n person-weeks of duration dur (effect_outcome), ended of them in a period that ended, ended_days days from their Mondays to those ends: 7 x horizon x n less, when dur <= horizon, the part of the horizon after the ends.';

-- The person-weeks from the facts: treated starts (kind T) one row each,
-- comparison weeks (kind C) counted per stratum and outcome.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_person_weeks(
    from_date date, to_date date, group_code text, cap int)
RETURNS SETOF employment_kpi_internal.effect_person_week
LANGUAGE sql STABLE PARALLEL SAFE AS $$
WITH bounds AS MATERIALIZED (
    SELECT employment_kpi_internal.effect_data_end() AS last_day
), classified AS (
    SELECT r.*, o.dur, o.ev, b.last_day
      FROM employment_kpi_internal.effect_week_rows($1, $2, NULL) r
     CROSS JOIN bounds b
     CROSS JOIN LATERAL employment_kpi_internal.effect_outcome(r.week, r.end_date, r.is_exit, b.last_day, $4) o
     WHERE $3 IS NULL OR r.group_code = $3
)
SELECT 'T', c.type_code, c.group_code, c.week, c.band, c.prior, c.citizen_id, c.dur, c.ev, 1::bigint,
       (c.end_date IS NOT NULL)::int::bigint, coalesce(c.end_date + 1 - c.week, 0)::bigint,
       -- planned length only when the offer was not cut short by the period's end
       CASE WHEN c.end_date IS NULL OR c.iv_end < c.end_date THEN c.planned_weeks END,
       c.cost_dkk, c.weekly_benefit_dkk, c.last_day + 1, c.period_week, c.iv_start
  FROM classified c
 WHERE c.kind = 'T'
   AND c.iv_start >= coalesce($1, '-infinity'::date) AND c.iv_start <= coalesce($2, 'infinity'::date)
UNION ALL
SELECT 'C', NULL, c.group_code, c.week, c.band, c.prior, NULL, c.dur, c.ev, pg_catalog.count(*),
       pg_catalog.count(c.end_date),
       coalesce(pg_catalog.sum(c.end_date + 1 - c.week), 0)::bigint,
       NULL, NULL, NULL, pg_catalog.min(c.last_day) + 1, NULL, NULL
  FROM classified c
 WHERE c.kind = 'C'
 GROUP BY c.group_code, c.week, c.band, c.prior, c.dur, c.ev
$$;

COMMENT ON FUNCTION employment_kpi_internal.effect_person_weeks(date, date, text, int) IS
'Internal: the person-weeks of the effect estimator from the facts: treated starts (kind T, one row each) and comparison citizen-weeks counted per stratum (group x ISO week x duration band x prior participation) and outcome (kind C), for the ISO weeks from from_date to to_date (NULL = unbounded) and group_code (NULL = all). dur and ev from effect_outcome(cap); n person-weeks, ended of them in a period that ended, ended_days the days from their Mondays to those ends (effect_days gives the days on support within a horizon); observable_to = the Monday after the data''s last week (an outcome at horizon H is observable when week + 7 H <= observable_to); start_date = the offer''s start (kind T).';
