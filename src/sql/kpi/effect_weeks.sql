-- The comparison weeks of mv_effect_week in the terms of
-- bi_effect_comparison: how its rows are counted, and how a changed
-- citizen's weeks are subtracted and added again.
CREATE VIEW employment_kpi_internal.effect_comparison_week AS
SELECT m.citizen_id, m.group_code, m.week, m.band, m.prior,
       CASE WHEN m.end_date IS NULL THEN 0 ELSE least((m.end_date - m.week) / 7 + 1, 53) END AS dur,
       m.end_date IS NOT NULL AND coalesce(m.is_exit, false) AND (m.end_date - m.week) / 7 + 1 <= 52 AS ev,
       coalesce(m.end_date + 1 - m.week, 0)::bigint AS raw_days
  FROM employment_kpi_internal.mv_effect_week m
 WHERE m.kind = 'C';

COMMENT ON VIEW employment_kpi_internal.effect_comparison_week IS
'Internal: the comparison weeks of mv_effect_week with the duration (0 = ongoing), exit and days as counted in bi_effect_comparison. Not granted to readers.';
COMMENT ON COLUMN employment_kpi_internal.effect_comparison_week.citizen_id IS 'Pseudonymous citizen id.';
COMMENT ON COLUMN employment_kpi_internal.effect_comparison_week.group_code IS 'Target group (målgruppe).';
COMMENT ON COLUMN employment_kpi_internal.effect_comparison_week.week IS 'Monday of the ISO week.';
COMMENT ON COLUMN employment_kpi_internal.effect_comparison_week.band IS 'Duration band.';
COMMENT ON COLUMN employment_kpi_internal.effect_comparison_week.prior IS 'Prior participation.';
COMMENT ON COLUMN employment_kpi_internal.effect_comparison_week.dur IS 'Weeks to the end of the support period, capped at 53; 0 = ongoing.';
COMMENT ON COLUMN employment_kpi_internal.effect_comparison_week.ev IS 'Ended with an exit within 52 weeks.';
COMMENT ON COLUMN employment_kpi_internal.effect_comparison_week.raw_days IS 'Days from the week''s Monday to the period''s end (0 while ongoing).';

-- The effects observe outcomes to the end of the data's last week.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_data_end()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT employment_kpi.iso_monday(employment_kpi.data_end()) + 6 $$;

COMMENT ON FUNCTION employment_kpi_internal.effect_data_end() IS
'Internal: the last day whose outcomes the effects observe: the Sunday of the ISO week holding data_end(). Later outcomes are censored. NULL without facts.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_week_rows(from_date date, to_date date, citizens text[])
RETURNS TABLE (citizen_id text, week date, kind text, group_code text, band int, prior boolean,
               period_week int, end_date date, is_exit boolean, weekly_benefit_dkk numeric,
               type_code text, iv_start date, cost_dkk numeric, planned_weeks int, iv_end date)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH bounds AS MATERIALIZED (
    SELECT employment_kpi_internal.effect_data_end() AS last_day,
           employment_kpi.iso_monday(coalesce($1, '-infinity'::date)) AS first_week
), spell AS MATERIALIZED (
    -- the spells known at the data's end with their support periods
    -- (materialized: the first offer of a period is looked up once per
    -- spell, not per week)
    SELECT sp.*,
           (SELECT pg_catalog.min(i.start_date) FROM employment_kpi.intervention i
             WHERE i.citizen_id = sp.citizen_id AND i.start_date >= sp.period_start
               AND i.start_date <= coalesce(sp.period_end, 'infinity')) AS first_iv
      FROM employment_kpi_internal.period_spells((SELECT b.last_day FROM bounds b), $3, NULL, NULL) AS sp
     -- periods over before the first week have no week in the grid
     WHERE $1 IS NULL OR sp.period_end IS NULL OR sp.period_end >= (SELECT b.first_week FROM bounds b)
), grid AS (
    SELECT sp.citizen_id, sp.group_code, sp.weekly_benefit_dkk, w.week,
           employment_kpi.duration_band((w.week - employment_kpi.iso_monday(sp.period_start)) / 7) AS band,
           coalesce(sp.first_iv < w.week, false) AS prior,
           (w.week - employment_kpi.iso_monday(sp.period_start)) / 7 AS period_week,
           sp.period_end AS end_date, sp.period_exit AS is_exit
      FROM spell sp, bounds b,
           employment_kpi_internal.spell_weeks(sp.start_date, sp.end_date, sp.next_start, b.first_week,
               LEAST(coalesce($2, 'infinity'::date), employment_kpi.iso_monday(b.last_day))) AS w(week)
), iv AS (
    SELECT i.citizen_id, i.type_code, i.start_date, i.cost_dkk,
           employment_kpi.iso_monday(i.start_date) AS w0,
           ((coalesce(i.end_date, i.start_date) - i.start_date) / 7 + 1)::int AS weeks,
           i.end_date
      FROM employment_kpi.intervention i, bounds b
     WHERE ($3 IS NULL OR i.citizen_id = ANY ($3))
       AND ($1 IS NULL OR coalesce(i.end_date, b.last_day) >= b.first_week)
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
'Internal building block of the effects: the person-weeks of the citizens (NULL = all) from the ISO week of from_date to to_date (NULL = unbounded) that are comparison weeks (kind C: on support, no offer running or starting) or treated starts (kind T: one offer starting, none other running), with the target group, duration band, prior participation, weeks since the support period began (period_week), the period''s end (NULL = ongoing at the data''s end) and exit, and for kind T the offer''s type, start, cost, planned weeks and end. Nothing in a row depends on a horizon, so effect_person_weeks derives durations and outcomes from it, and mv_effect_week keeps it.';

-- Durations and outcomes from the person-weeks, live (stored false: built
-- from the facts now) or from mv_effect_week (stored true: what the BI
-- relations use; equal to the live rows once refresh() has run).
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_person_weeks_of(
    horizon_weeks int, from_date date, to_date date, group_code text, cap int, stored boolean)
RETURNS TABLE (kind text, type_code text, group_code text, week date, band int,
               prior boolean, citizen_id text, dur int, ev boolean, n bigint,
               days bigint, planned_weeks int, cost_dkk numeric,
               weekly_benefit_dkk numeric, observable_to date, period_week int,
               start_date date)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
WITH bounds AS MATERIALIZED (
    SELECT employment_kpi_internal.effect_data_end() AS last_day
), r AS (
    SELECT * FROM employment_kpi_internal.effect_week_rows($2, $3, NULL) w
     WHERE NOT $6 AND ($4 IS NULL OR w.group_code = $4)
    UNION ALL
    -- stored: the treated starts here, the comparison weeks already counted below
    SELECT m.* FROM employment_kpi_internal.mv_effect_week m
     WHERE $6 AND m.kind = 'T' AND ($4 IS NULL OR m.group_code = $4)
       AND m.week >= employment_kpi.iso_monday(coalesce($2, '-infinity'::date))
       AND m.week <= coalesce($3, 'infinity'::date)
), classified AS (
    SELECT r.*,
           CASE WHEN r.end_date IS NULL THEN (b.last_day + 1 - r.week) / 7
                ELSE (r.end_date - r.week) / 7 + 1 END AS dur_raw,
           r.end_date IS NOT NULL AND r.is_exit AS ev_raw,
           least(coalesce(r.end_date + 1 - r.week, 7 * $1), 7 * $1) AS days,
           b.last_day
      FROM r CROSS JOIN bounds b
)
SELECT 'T', c.type_code, c.group_code, c.week, c.band, c.prior, c.citizen_id,
       least(c.dur_raw, $5 + 1), c.ev_raw AND c.dur_raw <= $5, 1::bigint,
       c.days::bigint,
       -- planned length only when the offer was not cut short by the period's end
       CASE WHEN c.end_date IS NULL OR c.iv_end < c.end_date THEN c.planned_weeks END,
       c.cost_dkk, c.weekly_benefit_dkk, c.last_day + 1, c.period_week, c.iv_start
  FROM classified c
 WHERE c.kind = 'T'
   AND c.iv_start >= coalesce($2, '-infinity'::date) AND c.iv_start <= coalesce($3, 'infinity'::date)
UNION ALL
SELECT 'C', NULL, c.group_code, c.week, c.band, c.prior, NULL,
       least(c.dur_raw, $5 + 1), c.ev_raw AND c.dur_raw <= $5, pg_catalog.count(*),
       pg_catalog.sum(c.days)::bigint, NULL, NULL, NULL, pg_catalog.min(c.last_day) + 1, NULL, NULL
  FROM classified c
 WHERE c.kind = 'C'
 GROUP BY c.group_code, c.week, c.band, c.prior,
          least(c.dur_raw, $5 + 1), c.ev_raw AND c.dur_raw <= $5
UNION ALL
-- stored comparison weeks (cap 52 and horizon <= 52 only: the callers check):
-- within the horizon an ended period's days are its raw days, else 7 x horizon
SELECT 'C', NULL, a.group_code, a.week, a.band, a.prior, NULL, a.d, a.ev, pg_catalog.sum(a.n)::bigint,
       pg_catalog.sum(a.days)::bigint, NULL, NULL, NULL, pg_catalog.min(a.last_day) + 1, NULL, NULL
  FROM (SELECT x.group_code, x.week, x.band, x.prior, x.ev, x.n, b.last_day,
               CASE WHEN x.dur = 0 THEN least((b.last_day + 1 - x.week) / 7, 53) ELSE x.dur END AS d,
               CASE WHEN x.dur > 0 AND x.dur <= $1 THEN x.raw_days ELSE 7 * $1 * x.n END AS days
          FROM employment_kpi_internal.bi_effect_comparison x CROSS JOIN bounds b
         WHERE $6 AND ($4 IS NULL OR x.group_code = $4)
           AND x.week >= employment_kpi.iso_monday(coalesce($2, '-infinity'::date))
           AND x.week <= coalesce($3, 'infinity'::date)) a
 GROUP BY a.group_code, a.week, a.band, a.prior, a.d, a.ev
$$;

COMMENT ON FUNCTION employment_kpi_internal.effect_person_weeks_of(int, date, date, text, int, boolean) IS
'Internal: effect_person_weeks built from the facts (stored false) or from mv_effect_week and bi_effect_comparison (stored true, what the BI refresh uses after bringing them up to date; only for cap 52 and horizon_weeks <= 52, which the callers check).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_person_weeks(
    horizon_weeks int, from_date date, to_date date, group_code text, cap int)
RETURNS TABLE (kind text, type_code text, group_code text, week date, band int,
               prior boolean, citizen_id text, dur int, ev boolean, n bigint,
               days bigint, planned_weeks int, cost_dkk numeric,
               weekly_benefit_dkk numeric, observable_to date, period_week int,
               start_date date)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM employment_kpi_internal.effect_person_weeks_of($1, $2, $3, $4, $5, false) $$;

COMMENT ON FUNCTION employment_kpi_internal.effect_person_weeks(int, date, date, text, int) IS
'Internal building block of intervention_effect and intervention_exit_curve: treated starts (kind T, one row each) and comparison citizen-weeks counted per stratum (group x ISO week x duration band x prior participation) and duration (kind C). dur = weeks from the week''s Monday to the end of the support period, capped at cap + 1; ev = ended with an exit (afgang) within cap weeks; days = days on support within horizon_weeks; observable_to = the Monday after the data''s last week (an outcome at horizon H is observable when week + 7 H <= observable_to). start_date = the intervention''s start date (kind T; NULL on kind C). Arguments: horizon_weeks, from_date, to_date (NULL = unbounded), group_code (NULL = all), cap.';
