-- ---------------------------------------------------------------------------
-- 69_timeliness.sql: contact-rule windows (rettidighed), issue 5.
--
--   * contact_window_rule: a contact rule as a value (the columns of
--     contact_rule that define a window)
--   * contact_windows: the windows of one support period that end in a day
--     range, with the held conversations in each (src/timeliness.c)
--
-- Sorted before 70_scorecard.sql because scorecard_raw calls it.
-- ---------------------------------------------------------------------------

CREATE TYPE employment_kpi.contact_window_rule AS (
    rule_id            text,
    group_code         text,
    effective_from     date,
    effective_to       date,
    window_from_week   int,
    window_to_week     int,
    min_conversations  int,
    coverage_pct       numeric
);
COMMENT ON TYPE employment_kpi.contact_window_rule IS
'A contact rule (samtalekrav) as a value, the argument type of contact_windows: build it from employment_kpi.contact_rule with ROW(rule_id, group_code, effective_from, effective_to, window_from_week, window_to_week, min_conversations, coverage_pct)::employment_kpi.contact_window_rule, or write hypothetical rules by hand.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.rule_id IS 'Identifier of the rule, passed through to the output.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.group_code IS 'Target group (målgruppe) the rule applies to; compared bytewise with the spell groups.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.effective_from IS 'First day the rule is in force (ikrafttræden); -infinity allowed.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.effective_to IS 'Last day the rule is in force (inclusive); NULL = still in force.';
COMMENT ON COLUMN employment_kpi.contact_window_rule.window_from_week IS 'Start of the window in whole weeks since the start of the support period (inclusive; >= 0).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.window_to_week IS 'End of the window in whole weeks since the start of the support period (exclusive; > window_from_week).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.min_conversations IS 'Minimum number of held conversations (afholdte samtaler) in the window (>= 1).';
COMMENT ON COLUMN employment_kpi.contact_window_rule.coverage_pct IS 'NULL = a per-citizen rule; a percentage in (0, 100] = a portfolio rule (porteføljekrav), passed through to the output.';

CREATE FUNCTION employment_kpi.contact_windows(
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
