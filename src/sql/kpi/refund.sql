-- The refund staircase (refusionstrappen) per citizen-week.
--
--   refund_week_numbers / refund_week_count   the C state machine (refund.c)
--   refund_spell_weeks                        the same over one citizen's spells
--   refund_rate_at(refund_week, week)         the rate of a refund-week number
--                                             in the staircase of a week
--   refund_staircase(max_week)                the rates 1..max_week of every
--                                             period with one staircase
--   citizen_refund_weeks(to_date)             refund-week number of every
--                                             citizen's benefit week
--   refund_weeks(citizen_id, as_of)           one citizen's count as of a day
--   refund_weeks(as_of)                       every citizen on support that week
--
-- A week with benefits is an ISO week with at least one day on support in
-- any group (like DREAM); a whole calendar week of self-support is a week
-- with no day on support.  The count starts at the citizen's first loaded
-- spell (earlier history is unknown to the warehouse).  The staircase is
-- dated (refund_rate.effective_from/effective_to): a week's rate comes from
-- the steps in force on its Monday, so a change of the law applies from the
-- first week that starts on or after its date.

-------------------------------------------------------------------------------
-- The refund-week state machine (C, src/refund.c)
-------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION employment_kpi_internal.refund_week_numbers(weeks date[], selfsupport_weeks int, window_weeks int)
RETURNS int[]
AS 'MODULE_PATHNAME', 'ekpi_refund_week_numbers'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;

COMMENT ON FUNCTION employment_kpi_internal.refund_week_numbers(date[], int, int) IS
'The refund-week state machine for one citizen. weeks = the citizen''s weeks with benefits as ISO week Mondays, strictly ascending, no NULLs; returns an int[] of the same length with each week''s refund-week number (ugenummer på refusionstrappen): the number of weeks with benefits since the last reset, counting the week itself. The count resets (the next benefit week is week 1) once the citizen, after the first benefit week of the current count, has had selfsupport_weeks whole self-support weeks (weeks not in the array) in total within the last window_weeks weeks (LBK nr. 221 § 6; config.refund_reset_selfsupport_weeks / refund_reset_window_weeks). Errors: NULL arguments 22004; non-Monday, non-finite, unsorted or duplicate weeks and selfsupport_weeks < 1 or window_weeks < selfsupport_weeks 22023; multi-dimensional array 2202E.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.refund_week_count(weeks date[], as_of date, selfsupport_weeks int, window_weeks int)
RETURNS int
AS 'MODULE_PATHNAME', 'ekpi_refund_week_count'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;

COMMENT ON FUNCTION employment_kpi_internal.refund_week_count(date[], date, int, int) IS
'The refund-week count of one citizen as of the ISO week holding as_of: weeks with benefits since the last reset up to and including that week (benefit weeks after it are ignored). When as_of falls in a benefit week this is that week''s refund-week number; otherwise it is the count the citizen carries (0 once the reset rule has been met, or with no benefit weeks). Same weeks and rule arguments and errors as refund_week_numbers; as_of must be finite (22023).';

-------------------------------------------------------------------------------
-- Staircase and per-citizen refund weeks
-------------------------------------------------------------------------------

-- The rate of one step of the staircase in one week: the one place
-- refund_rate is read.
CREATE OR REPLACE FUNCTION employment_kpi_internal.refund_rate_at(refund_week int, week date)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT COALESCE((SELECT r.rate
                       FROM employment_kpi.refund_rate AS r
                      WHERE r.from_week OPERATOR(pg_catalog.<=) refund_week
                        AND (r.to_week IS NULL OR r.to_week OPERATOR(pg_catalog.>=) refund_week)
                        AND r.effective_from OPERATOR(pg_catalog.<=) employment_kpi.iso_monday(week)
                        AND (r.effective_to IS NULL OR r.effective_to OPERATOR(pg_catalog.>=) employment_kpi.iso_monday(week))
                      ORDER BY r.effective_from DESC, r.from_week DESC
                      LIMIT 1), 0::numeric)
$$;

COMMENT ON FUNCTION employment_kpi_internal.refund_rate_at(int, date) IS
'Internal: the state refund share (0..1) of refund-week number refund_week in the ISO week holding week, from the table refund_rate: among the steps covering refund_week and in force on the week''s Monday (effective_from <= Monday <= effective_to), the one with the latest effective_from, then the highest from_week; 0 when no step covers it.';

-- The staircase expanded per refund-week number for each period in which
-- the steps in force do not change.  A step applies to the weeks whose
-- Monday lies in [effective_from, effective_to], so the periods start on
-- Mondays: the first Monday on or after an effective_from, the Monday after
-- an effective_to.  The set-based callers join it on (refund_week, week).
CREATE OR REPLACE FUNCTION employment_kpi_internal.refund_staircase(max_week int)
RETURNS TABLE (valid_from date, valid_until date, refund_week int, refund_rate numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.valid_from, p.valid_until, n, employment_kpi_internal.refund_rate_at(n, p.valid_from)
      FROM (SELECT b.d AS valid_from,
                   COALESCE(pg_catalog.lead(b.d) OVER (ORDER BY b.d), 'infinity'::date) AS valid_until
              FROM (SELECT '-infinity'::date AS d
                    UNION
                    SELECT employment_kpi.iso_monday(r.effective_from OPERATOR(pg_catalog.+) 6)
                      FROM employment_kpi.refund_rate AS r
                    UNION
                    SELECT employment_kpi.iso_monday(r.effective_to) OPERATOR(pg_catalog.+) 7
                      FROM employment_kpi.refund_rate AS r
                     WHERE r.effective_to IS NOT NULL) AS b) AS p
     CROSS JOIN pg_catalog.generate_series(1, GREATEST(max_week, 1)) AS n
$$;

COMMENT ON FUNCTION employment_kpi_internal.refund_staircase(int) IS
'The dated refund staircase expanded per refund-week number 1..max_week from the editable table refund_rate, for each period in which the steps in force do not change. Columns: valid_from, valid_until = the period, the ISO weeks whose Monday w has valid_from <= w < valid_until (the first period starts at -infinity, the last ends at infinity); refund_week = refund-week number (1 = first week with benefits since the last reset); refund_rate = the state refund share (refusionsprocent, 0..1) of that week in that period, as refund_rate_at gives it (0 where no step covers it, e.g. before the first staircase).';

CREATE OR REPLACE FUNCTION employment_kpi_internal.refund_spell_weeks(starts date[], ends date[], as_of date,
                                                  selfsupport_weeks int, window_weeks int)
RETURNS TABLE (week date, refund_week int)
AS 'MODULE_PATHNAME', 'ekpi_refund_spell_weeks'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 60;

COMMENT ON FUNCTION employment_kpi_internal.refund_spell_weeks(date[], date[], date, int, int) IS
'The refund-week state machine over one citizen''s spells: starts[i]..ends[i] (inclusive; ends[i] NULL = ongoing) in any order, overlaps allowed; spells starting after as_of are ignored and ends are cut at as_of. Returns, in week order, every ISO week with at least one day on support (week = its Monday) and its refund_week number under the reset rule (as refund_week_numbers). Errors: NULL arrays, NULL as_of or NULL rule arguments and NULL start elements 22004; non-finite dates, an end before its start, bad rule arguments 22023; arrays of different lengths or more than one dimension 2202E; more than 1,000,000 weeks 54000.';

-- Benefit weeks of every citizen up to the ISO week holding to_date (spells
-- starting after to_date are not yet known), numbered by the C machine: one
-- call per citizen, so it runs per shard when support_spell is distributed.
CREATE OR REPLACE FUNCTION employment_kpi_internal.citizen_refund_weeks(to_date date)
RETURNS TABLE (citizen_id text, week date, refund_week int)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT a.citizen_id, u.week, u.refund_week
      FROM (SELECT s.citizen_id,
                   pg_catalog.array_agg(s.start_date ORDER BY s.start_date) AS starts,
                   pg_catalog.array_agg(s.end_date ORDER BY s.start_date) AS ends
              FROM employment_kpi.support_spell AS s
             WHERE s.start_date OPERATOR(pg_catalog.<=) to_date
             GROUP BY s.citizen_id) AS a
           -- (the settings as scalar subqueries, not a join: config has one
           -- row, but is never analyzed, and the planner would multiply the
           -- estimate by its guess of a thousand)
           CROSS JOIN LATERAL employment_kpi_internal.refund_spell_weeks(a.starts, a.ends, to_date,
                 (SELECT c.refund_reset_selfsupport_weeks FROM employment_kpi.config AS c),
                 (SELECT c.refund_reset_window_weeks FROM employment_kpi.config AS c)) AS u;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.citizen_refund_weeks(date) IS
'Every citizen''s weeks with benefits (ISO weeks with at least one day on support in any group, Monday <= to_date, spells starting after to_date ignored) with their refund-week numbers from refund_week_numbers under the reset rule in config. Columns: citizen_id; week = the ISO week''s Monday; refund_week = weeks with benefits since the last reset including this one. A group change does not restart the count. Internal building block: no argument checks (a NULL to_date gives no rows).';

CREATE OR REPLACE FUNCTION employment_kpi.refund_weeks(citizen_id text, as_of date)
RETURNS int
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    weeks date[];
    cfg   employment_kpi.config;
BEGIN
    PERFORM employment_kpi_internal.require_arg(citizen_id IS NOT NULL, 'citizen_id must not be NULL');
    PERFORM employment_kpi_internal.require_arg(as_of IS NOT NULL, 'as_of must not be NULL');
    PERFORM employment_kpi_internal.require_date_range(as_of, 'as_of', as_of, 'as_of');
    PERFORM employment_kpi_internal.require_data_until(as_of, 'as_of', true);
    SELECT pg_catalog.array_agg(DISTINCT w.week ORDER BY w.week) INTO weeks
      FROM (SELECT s.start_date AS d0, LEAST(COALESCE(s.end_date, as_of), as_of) AS d1
              FROM employment_kpi.support_spell AS s
             WHERE s.citizen_id OPERATOR(pg_catalog.=) refund_weeks.citizen_id
               AND s.start_date OPERATOR(pg_catalog.<=) as_of) AS sp,
           employment_kpi_internal.week_series(employment_kpi.iso_monday(sp.d0),
                                               employment_kpi.iso_monday(sp.d1)) AS w(week);
    SELECT * INTO cfg FROM employment_kpi.config;
    RETURN employment_kpi_internal.refund_week_count(COALESCE(weeks, '{}'::date[]), as_of,
                                            cfg.refund_reset_selfsupport_weeks, cfg.refund_reset_window_weeks);
END
$$;

COMMENT ON FUNCTION employment_kpi.refund_weeks(text, date) IS
'Refund-week count (antal uger med ydelse på refusionstrappen) of one citizen as of the ISO week holding as_of, from the citizen''s spells known at as_of: the number of weeks with benefits since the last reset up to and including that week. When the citizen is on support in that week it is the week''s step on the staircase (rate: refund_rate, the staircase in force in that week); otherwise it is the count carried forward (0 after a reset under config.refund_reset_selfsupport_weeks within config.refund_reset_window_weeks, or with no spells). The count does not restart on a change of target group. NULL citizen_id, a NULL or infinite as_of, or an as_of in a week after the week of data_end() raise 22023.';

CREATE OR REPLACE FUNCTION employment_kpi.refund_weeks(as_of date)
RETURNS TABLE (citizen_id text, week date, refund_week int, refund_rate numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    monday date;
BEGIN
    PERFORM employment_kpi_internal.require_arg(as_of IS NOT NULL, 'as_of must not be NULL');
    PERFORM employment_kpi_internal.require_date_range(as_of, 'as_of', as_of, 'as_of');
    PERFORM employment_kpi_internal.require_data_until(as_of, 'as_of', true);
    monday := employment_kpi.iso_monday(as_of);
    RETURN QUERY
    SELECT r.citizen_id, r.week, r.refund_week, st.refund_rate
      FROM employment_kpi_internal.citizen_refund_weeks(as_of) AS r
      JOIN employment_kpi_internal.refund_staircase(
               (SELECT pg_catalog.max(x.refund_week) FROM employment_kpi_internal.citizen_refund_weeks(as_of) AS x
                 WHERE x.week OPERATOR(pg_catalog.=) monday)) AS st
        ON st.refund_week OPERATOR(pg_catalog.=) r.refund_week
       AND st.valid_from OPERATOR(pg_catalog.<=) monday AND st.valid_until OPERATOR(pg_catalog.>) monday
     WHERE r.week OPERATOR(pg_catalog.=) monday
     ORDER BY r.citizen_id;
END
$$;

COMMENT ON FUNCTION employment_kpi.refund_weeks(date) IS
'Every citizen on support (at least one day, any group, spells known at as_of) in the ISO week holding as_of, with the week''s position on the refund staircase. Columns: citizen_id; week = Monday of the ISO week; refund_week = weeks with benefits since the last reset including this one (as refund_weeks(citizen_id, as_of)); refund_rate = the state refund share of that week from the staircase in force in that week (refund_rate, 0..1; the municipality''s net share is 1 - refund_rate, for a-dagpenge its co-financing share). A NULL or infinite as_of, or one in a week after the week of data_end(), raises 22023.';
