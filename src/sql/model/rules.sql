-- The model's shared definitions: every KPI calls these, none repeats them.
--
--   iso_monday(d)            the Monday of d's ISO week: the key of every
--                            week-level fact (infinite dates pass unchanged)
--   week_series(lo, hi)      lo, lo + 7, ... up to hi: a spell's weeks
--   period_weeks(from, to)   the ISO weeks a period holds (full-time persons)
--   week_label, month_label  labels for chart axes
--   duration_band(weeks)     the duration band of a week of a support period
--   data_end(), data_start() the data's last and first day
--   require_data_until(...)  no numbers past the data's end
--   require_date_range(...)  date arguments within the data's range and
--                            its margin (date_margin())
--   label_date(d, what)      a date a label can show (finite, within
--                            the timestamps)
--   suppression_k()          the small-cell threshold
--
-- Support periods and their weeks (what a support period is, when it ends
-- in an exit) are in support_periods.sql.

CREATE OR REPLACE FUNCTION employment_kpi.iso_monday(d date)
RETURNS date
AS 'MODULE_PATHNAME', 'ekpi_iso_monday'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION employment_kpi.iso_monday(date) IS
'The Monday of the ISO week (uge) holding date d: the key of week-level facts. Infinite dates pass unchanged.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.week_series(lo date, hi date)
RETURNS SETOF date
AS 'MODULE_PATHNAME', 'ekpi_week_series'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION employment_kpi_internal.week_series(date, date) IS
'The dates lo, lo + 7, lo + 14, ... up to hi (none when lo > hi): expands a spell into its ISO weeks when lo is a Monday. Like generate_series, but declared ROWS 13 so that plans expanding one row per spell are estimated sensibly. Infinite bounds raise invalid_parameter_value (22023).';

-- The ISO weeks a period counts when full-time persons are counted in
-- weeks: those whose Thursday lies in it, the rule that gives a week to
-- one ISO year and here to one month.
CREATE OR REPLACE FUNCTION employment_kpi_internal.period_weeks(from_date date, to_date date)
RETURNS SETOF date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 5
AS $$ SELECT * FROM employment_kpi_internal.week_series(employment_kpi.iso_monday(from_date + 3),
                                                        employment_kpi.iso_monday(to_date - 3)) $$;
COMMENT ON FUNCTION employment_kpi_internal.period_weeks(date, date) IS
'Internal: the Mondays of the ISO weeks whose Thursday lies in from_date..to_date (none when the period holds no Thursday): the weeks a period counts when full-time persons are counted in weeks (output_ratios). Finite dates only (22023 otherwise).';

-- The labels go through to_char on a timestamp: an infinite date would
-- give a silent NULL label and one beyond the timestamps a raw "date out
-- of range for timestamp".  Public, not internal: the labels are inlined
-- into the readers' queries of the kpi_* views, and readers may not use
-- the internal schema.
CREATE OR REPLACE FUNCTION employment_kpi.label_date(d date, what text)
RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF d IS NULL OR (isfinite(d) AND d <= '294276-12-31'::date) THEN
        RETURN d;
    ELSIF NOT isfinite(d) THEN
        RAISE EXCEPTION '% must be a finite date, got %', what, d
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RAISE EXCEPTION '% % is after 294276-12-31, the last day a timestamp holds', what, d
          USING ERRCODE = 'datetime_field_overflow';
END
$$;
COMMENT ON FUNCTION employment_kpi.label_date(date, text) IS
'The dates a label can show (week_label, month_label): d itself when NULL or finite and not after 294276-12-31 (the last day a timestamp holds, which to_char needs); an infinite d raises invalid_parameter_value (22023), a later one datetime_field_overflow (22008), naming the argument what.';

CREATE OR REPLACE FUNCTION employment_kpi.week_label(week date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.to_char(employment_kpi.label_date(week, 'week'), 'IYYY-"W"IW') $$;
COMMENT ON FUNCTION employment_kpi.week_label(date) IS
'The ISO week label of a date for chart axes, e.g. 2026-W48 (ISO year, not calendar year, so 2024-12-30 is 2025-W01). An infinite date raises invalid_parameter_value (22023), one after 294276-12-31 (beyond the timestamps) datetime_field_overflow (22008).';

CREATE OR REPLACE FUNCTION employment_kpi.month_label(month date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.to_char(employment_kpi.label_date(month, 'month'), 'YYYY-MM') $$;
COMMENT ON FUNCTION employment_kpi.month_label(date) IS
'The month label of a date for chart axes, e.g. 2026-11. An infinite date raises invalid_parameter_value (22023), one after 294276-12-31 (beyond the timestamps) datetime_field_overflow (22008).';

-- width_bucket: 0 below 13, 1 for 13..25, ..., 4 from 104 on.
CREATE OR REPLACE FUNCTION employment_kpi.duration_band(weeks int)
RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.width_bucket(weeks, '{13,26,52,104}'::int[]) $$;
COMMENT ON FUNCTION employment_kpi.duration_band(int) IS
'The duration band (varighedsgruppe) of a week of a support period, from the whole weeks since the ISO week the period began: 0 = weeks 0-12, 1 = 13-25, 2 = 26-51, 3 = 52-103, 4 = 104 and later. The strata of the scorecards'' expected counts and of the effects'' matching.';

-- The data's end: what every KPI treats as "now".  Facts later than today
-- (planned end dates typed in early) do not move it; config can pin it.
CREATE OR REPLACE FUNCTION employment_kpi.data_end()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    -- (LEAST would ignore a NULL: without facts the result is NULL, not today)
    SELECT coalesce((SELECT c.data_end_override FROM employment_kpi.config c),
                    CASE WHEN f.latest > CURRENT_DATE THEN CURRENT_DATE ELSE f.latest END)
      FROM (SELECT GREATEST(
                (SELECT pg_catalog.max(GREATEST(s.start_date, s.end_date)) FROM employment_kpi.support_spell s),
                (SELECT pg_catalog.max(c.held_on) FROM employment_kpi.conversation c),
                (SELECT pg_catalog.max(i.start_date) FROM employment_kpi.intervention i),
                (SELECT pg_catalog.max(GREATEST(a.start_date, a.end_date)) FROM employment_kpi.case_assignment a),
                (SELECT pg_catalog.max(e.booked_on) FROM employment_kpi.expense e)) AS latest) AS f
$$;
COMMENT ON FUNCTION employment_kpi.data_end() IS
'The data''s last day (datagrundlagets slutdato): the latest date of any fact - a spell''s start or end, a conversation, an offer''s start, an assignment''s start or end, a booking - but not after today; config.data_end_override instead when set. The BI views cover the weeks up to it (its week is the week to date, marked partial), explicit requests for later dates raise 22023, the weekly report''s default week is the last complete week before it, and the effects observe outcomes up to the end of its ISO week. NULL when there are no facts (and no override).';

-- The data's start: where the facts begin to hold every citizen (an
-- extract's first day); NULL = from the earliest fact.
CREATE OR REPLACE FUNCTION employment_kpi.data_start()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT c.data_start FROM employment_kpi.config c $$;
COMMENT ON FUNCTION employment_kpi.data_start() IS
'The first day of the data window (datagrundlagets startdato): config.data_start, NULL when not set (the data then begin with the earliest fact). Spells running on that day keep their true earlier start dates, but the weeks before it hold only those citizens, so the BI views start at its ISO week (kpi_group_week, kpi_caseworker_week, kpi_team_week) and the effect views at the first calendar quarter starting on or after it.';

-- The argument checks of the functions: when ok is not true (false or
-- NULL), the error with the given message and SQLSTATE (by default
-- invalid_parameter_value; null_value_not_allowed for a NULL argument).
CREATE OR REPLACE FUNCTION employment_kpi_internal.require_arg(ok boolean, message text,
                                                               errcode text DEFAULT 'invalid_parameter_value')
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION USING MESSAGE = message, ERRCODE = errcode;
    END IF;
    RETURN true;
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.require_arg(boolean, text, text) IS
'Internal argument check: returns true when ok is true, otherwise (false or NULL) raises the error errcode (a condition name or SQLSTATE; default invalid_parameter_value, 22023) with the given message.';

-- No numbers past the data: a request reaching after the data's end is an
-- error naming it, never confident zeros.  By week, the week holding the
-- data's end may be asked for (the week to date).
CREATE OR REPLACE FUNCTION employment_kpi_internal.require_data_until(last_day date, what text, by_week boolean)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v_end  date := employment_kpi.data_end();
    v_past boolean;
BEGIN
    IF by_week THEN
        v_past := employment_kpi.iso_monday(last_day) > employment_kpi.iso_monday(v_end);
    ELSE
        v_past := last_day > v_end;
    END IF;
    IF v_past THEN
        RAISE EXCEPTION '% % is after the data''s end (%)', what,
                    pg_catalog.to_char(last_day, 'YYYY-MM-DD'), pg_catalog.to_char(v_end, 'YYYY-MM-DD')
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = CASE WHEN by_week
                                THEN 'Ask for weeks up to the week of data_end(); that week is the week to date.'
                                ELSE 'Ask for days up to data_end().' END;
    END IF;
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.require_data_until(date, text, boolean) IS
'Internal, the one rule "no numbers past the data": raises invalid_parameter_value (22023) naming data_end() when last_day is after it (by_week: when last_day''s ISO week is after the week of data_end()). Does nothing without facts or for a NULL last_day.';

-- Date arguments are bounded by the data: a date further than
-- date_margin() before the data's first day or after its last day is a
-- typo (9999 for 2025), and a range reaching there would make a function
-- walk millennia of empty weeks.  The margin leaves room for whole
-- fiscal years, quarters and comparison periods around the data.
CREATE OR REPLACE FUNCTION employment_kpi.date_margin()
RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT interval '5 years' $$;
COMMENT ON FUNCTION employment_kpi.date_margin() IS
'The margin around the data''s range within which date arguments are accepted: 5 years. A public function given a date before data_start() (without it: the earliest fact) minus the margin, or after data_end() plus the margin, or an infinite date, raises invalid_parameter_value (22023) naming the accepted range (without facts: today plus or minus the margin).';

-- A date in an error message: YYYY-MM-DD whatever the DateStyle, and the
-- dates to_char cannot take (past 294276-12-31, infinite) as they are.
CREATE OR REPLACE FUNCTION employment_kpi_internal.date_text(d date)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN d BETWEEN '0001-01-01' AND '294276-12-31' THEN pg_catalog.to_char(d, 'YYYY-MM-DD') ELSE d::text END $$;

COMMENT ON FUNCTION employment_kpi_internal.date_text(date) IS
'Internal: a date as error messages write it, YYYY-MM-DD (independent of DateStyle); a date to_char cannot convert (after 294276-12-31, infinite, BC) as its text form.';

CREATE OR REPLACE FUNCTION employment_kpi_internal.require_date_range(first_day date, first_name text,
                                                                      last_day date, last_name text)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_end   date := employment_kpi.data_end();
    v_start date;
    v_lo    date;
    v_hi    date;
    v_bad   text;
    v_day   date;
BEGIN
    IF (first_day IS NULL OR isfinite(first_day)) AND (last_day IS NULL OR isfinite(last_day))
       AND first_day > last_day THEN
        RAISE EXCEPTION '% % is after % %', first_name, employment_kpi_internal.date_text(first_day),
                        last_name, employment_kpi_internal.date_text(last_day)
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the data's first day: data_start(), else the earliest fact of those
    -- data_end() reads
    v_start := coalesce(employment_kpi.data_start(),
                        (SELECT LEAST((SELECT min(s.start_date) FROM employment_kpi.support_spell s),
                                      (SELECT min(c.held_on) FROM employment_kpi.conversation c),
                                      (SELECT min(i.start_date) FROM employment_kpi.intervention i),
                                      (SELECT min(a.start_date) FROM employment_kpi.case_assignment a),
                                      (SELECT min(e.booked_on) FROM employment_kpi.expense e))),
                        v_end, CURRENT_DATE);
    v_lo := (LEAST(v_start, coalesce(v_end, CURRENT_DATE)) - employment_kpi.date_margin())::date;
    v_hi := (coalesce(v_end, CURRENT_DATE) + employment_kpi.date_margin())::date;
    FOREACH v_bad IN ARRAY ARRAY[first_name, last_name] LOOP
        v_day := CASE WHEN v_bad = first_name THEN first_day ELSE last_day END;
        IF v_day IS NOT NULL AND NOT (v_day BETWEEN v_lo AND v_hi) THEN
            RAISE EXCEPTION '% % is outside the dates the data allow (% to %)', v_bad,
                            employment_kpi_internal.date_text(v_day),
                            to_char(v_lo, 'YYYY-MM-DD'), to_char(v_hi, 'YYYY-MM-DD')
                  USING ERRCODE = 'invalid_parameter_value',
                        HINT = 'Dates up to employment_kpi.date_margin() before data_start() or after data_end() are accepted.';
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.require_date_range(date, text, date, text) IS
'Internal, the one rule for date arguments of the public functions: raises invalid_parameter_value (22023) when first_day is after last_day, or when either is infinite or outside data_start() (without it the earliest fact) minus date_margin() .. data_end() plus date_margin() (without facts: today plus or minus the margin), naming that range. first_name and last_name name the arguments in the message; a NULL date is not checked (the callers decide what NULL means). For one date, pass it twice under the same name.';

-- SECURITY DEFINER: the kpi_* views ask it as the reader, who may not read
-- config; it reveals only the threshold.
CREATE OR REPLACE FUNCTION employment_kpi.suppression_k()
RETURNS int
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce((SELECT c.suppression_k FROM employment_kpi.config c), 5) $$;
COMMENT ON FUNCTION employment_kpi.suppression_k() IS
'The small-cell threshold (diskretionering): config.suppression_k, 5 when unset. Counts of persons from 1 to suppression_k() - 1 are suppressed.';
