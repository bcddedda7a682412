-------------------------------------------------------------------------------
-- Internal helpers
-------------------------------------------------------------------------------

-- 1900-01-01 was a Monday; integer arithmetic is much cheaper than
-- date_trunc on millions of rows.
CREATE OR REPLACE FUNCTION employment_kpi.iso_monday(d date)
RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT d - ((((d - DATE '1900-01-01') % 7) + 7) % 7) $$;
COMMENT ON FUNCTION employment_kpi.iso_monday(date) IS
'The Monday of the ISO week (uge) holding date d: the key of week-level facts.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.week_series(lo date, hi date)
RETURNS SETOF date
AS 'MODULE_PATHNAME', 'ekpi_week_series'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION employment_kpi_internal.week_series(date, date) IS
'The dates lo, lo + 7, lo + 14, ... up to hi (none when lo > hi): expands a spell into its ISO weeks when lo is a Monday. Like generate_series, but declared ROWS 13 so that plans expanding one row per spell are estimated sensibly. Infinite bounds raise invalid_parameter_value (22023).';

CREATE OR REPLACE FUNCTION employment_kpi.week_label(week date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.to_char(week, 'IYYY-"W"IW') $$;

COMMENT ON FUNCTION employment_kpi.week_label(date) IS
'The ISO week label of a date for chart axes, e.g. 2026-W48 (ISO year, not calendar year, so 2024-12-30 is 2025-W01).';

CREATE OR REPLACE FUNCTION employment_kpi.month_label(month date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.to_char(month, 'YYYY-MM') $$;

COMMENT ON FUNCTION employment_kpi.month_label(date) IS
'The month label of a date for chart axes, e.g. 2026-11.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.report_latest_fact_date()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT GREATEST(
        (SELECT pg_catalog.max(GREATEST(s.start_date, s.end_date)) FROM employment_kpi.support_spell s),
        (SELECT pg_catalog.max(c.held_on) FROM employment_kpi.conversation c),
        (SELECT pg_catalog.max(i.start_date) FROM employment_kpi.intervention i),
        (SELECT pg_catalog.max(GREATEST(a.start_date, a.end_date)) FROM employment_kpi.case_assignment a),
        (SELECT pg_catalog.max(e.booked_on) FROM employment_kpi.expense e))
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_latest_fact_date() IS
'The latest date found in the facts: spell start/end, conversation, offer start, assignment start/end and booking dates (planned offer end dates are not facts yet). NULL when there are no facts.';

-- Section 10: citizens on support, inflow and exits per target group.

-- ---- the person-week construction -----------------------------------------
--
-- One pass of set logic over spells, periods and interventions:
--   * last_day: the Sunday of the latest ISO week with a fact (a spell start
--     or end, a held conversation date, an intervention start): the data's
--     end.  Outcomes not observable by then are censored.
--   * grid: one row per citizen and ISO week on support (a spell overlaps the
--     week; when a spell ends and the next starts in the same week the week
--     belongs to the later spell, as the simulation's Monday group change),
--     with the group of that spell, the duration band (weeks since the
--     support period's first week: 0-12, 13-25, 26-51, 52-103, 104+), prior
--     participation (an intervention started in this period before the
--     week) and the week offset of the period's end.
--   * a week is treated for type T when the citizen starts T in it and no
--     other intervention overlaps the week; a comparison week when no
--     intervention overlaps it (the citizen may start one later).  Weeks
--     with a running intervention, or a start during another one, are
--     neither.
-- Returned: treated rows one per start (kind 'T'), comparison rows counted
-- per stratum and duration (kind 'C').  dur = weeks from the start week's
-- Monday to the end of the period (1 = ended in the start week), capped at
-- cap + 1; ev = the period ended there with an exit (afgang); censored
-- otherwise (moved/deceased, or ongoing at the data's end: dur = full weeks
-- observed).  days = days on support within horizon_weeks from the Monday.
-- The data's end for the effects: outcomes later than this are censored.
CREATE OR REPLACE FUNCTION employment_kpi_internal.effect_data_end()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT (pg_catalog.date_trunc('week', greatest(
                (SELECT pg_catalog.max(s.start_date) FROM employment_kpi.support_spell s),
                (SELECT pg_catalog.max(s.end_date) FROM employment_kpi.support_spell s),
                (SELECT pg_catalog.max(v.held_on) FROM employment_kpi.conversation v),
                (SELECT pg_catalog.max(i.start_date) FROM employment_kpi.intervention i)))::date + 6)
$$;

COMMENT ON FUNCTION employment_kpi_internal.effect_data_end() IS
'The data''s end for intervention_effect and intervention_exit_curve: the Sunday of the latest ISO week holding a fact (spell start or end, conversation, intervention start). Outcomes not observable by then are censored. NULL without facts.';

-- The person-weeks of the citizens (all when citizens is NULL) from the ISO
-- week of from_date to to_date (NULL = unbounded), before anything that
-- depends on a horizon, a cap or the start period: one row per citizen and
-- week that is a comparison week (kind C) or a treated start (kind T).  A
-- row does not depend on from_date, to_date or citizens (they only choose
-- which rows are built), nor, once its week is over, on later facts of other
-- citizens or on a later data end: the BI layer keeps these rows
-- (mv_effect_week) and rebuilds only the changed citizens' rows and the new
-- weeks.  end_date is NULL while the support period is ongoing.

CREATE OR REPLACE FUNCTION employment_kpi_internal.bi_last_day()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT LEAST(CURRENT_DATE, employment_kpi_internal.report_latest_fact_date()) $$;

COMMENT ON FUNCTION employment_kpi_internal.bi_last_day() IS
'The last day the BI relations cover: the latest date in the facts (report_latest_fact_date()), but not after today. Its ISO week is the last week of the weekly relations (to date when the week is not over). NULL when there are no facts.';
