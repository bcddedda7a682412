-- Timeliness (rettidighed): contact_windows, the contact-rule windows of one
-- support period with the held conversations in each (src/timeliness.c).

CREATE OR REPLACE FUNCTION employment_kpi.contact_windows(
    period_start date,
    spell_starts date[],
    spell_ends   date[],
    spell_groups text[],
    held_dates   date[],
    rules        employment_kpi.contact_window_rule[],
    from_day     date,
    to_day       date)
RETURNS TABLE (rule_id text, group_code text, first_day date, last_day date,
               held int, required int, met boolean, coverage_pct numeric)
AS 'MODULE_PATHNAME', 'ekpi_contact_windows'
-- not STRICT: held_dates NULL = no held conversations (array_agg of none);
-- every other NULL raises 22004
-- COST: a call deconstructs and sorts arrays and fills a tuplestore; at the
-- default cost of 1 the planner would happily call it once per row of a
-- join instead of before it
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 100 ROWS 1;
COMMENT ON FUNCTION employment_kpi.contact_windows(date, date[], date[], text[], date[], employment_kpi.contact_window_rule[], date, date) IS
'Timeliness (rettidighed) of one support period: one row per contact rule whose window [period_start + 7 window_from_week, period_start + 7 window_to_week - 1] ends in [from_day, to_day] while the rule is in force (effective_from <= last_day <= effective_to) and the citizen is on a spell of the rule''s group that day; held = the held conversations dated in the window, met = held >= min_conversations (required). Windows still open on to_day give no row. Rows in order of last_day, then rule position. Spells: three parallel arrays in any order (sorted by start inside), not overlapping, none before period_start, only the last open (NULL end); held_dates in any order (NULL = none held). A one-pass walk in C (src/timeliness.c); the rules are parsed once per query. NULL arguments or elements raise null_value_not_allowed (22004); multi-dimensional arrays or spell arrays of different lengths array_subscript_error (2202E); non-finite dates, overlapping spells, spells before period_start or ending before they start, an open spell that is not the last, and impossible rules (negative or empty window, min_conversations < 1, effective_to < effective_from, coverage_pct outside (0, 100]) invalid_parameter_value (22023); an altered contact_window_rule type datatype_mismatch (42804).';
