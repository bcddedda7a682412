-- Timeliness (rettidighed): contact_windows, the contact-rule windows of one
-- support period with the held conversations in each (src/timeliness.c),
-- and timeliness_windows, every window that ends in a range of days, for
-- every citizen: the one path the scorecards and portfolio_compliance use.

CREATE OR REPLACE FUNCTION employment_kpi.contact_windows(
    period_start date,
    spell_starts date[],
    spell_ends   date[],
    spell_groups text[],
    held_dates   date[],
    held_kinds   text[],
    rules        employment_kpi.contact_window_rule[],
    from_day     date,
    to_day       date)
RETURNS TABLE (rule_id text, group_code text, benefit_start date, first_day date, last_day date,
               held int, required int, met boolean, coverage_pct numeric)
AS 'MODULE_PATHNAME', 'ekpi_contact_windows'
-- not STRICT: held_dates and held_kinds NULL = no held conversations
-- (array_agg of none); every other NULL raises 22004
-- COST: a call deconstructs and sorts arrays and fills a tuplestore; at the
-- default cost of 1 the planner would happily call it once per row of a
-- join instead of before it
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 100 ROWS 1;
COMMENT ON FUNCTION employment_kpi.contact_windows(date, date[], date[], text[], date[], text[], employment_kpi.contact_window_rule[], date, date) IS
'Timeliness (rettidighed) of one support period, counted from the start of each benefit: a benefit is a run of consecutive spells of the period with the same group (a change of group restarts the count; the same group continued after a gap within the period does not), benefit_start its first day. One row per benefit and contact rule of its group whose window [benefit_start + 7 window_from_week, benefit_start + 7 window_to_week - 1] ends in [from_day, to_day] while the rule is in force (effective_from <= last_day <= effective_to) and the citizen is on a spell of that benefit; held = the held conversations dated in the window whose kind is in the rule''s conversation_kinds (NULL = every kind), met = held >= min_conversations (required). Windows still open on to_day give no row. Rows in order of last_day, then rule position. Spells: three parallel arrays of every spell of the period, in any order (sorted by start inside), the first starting on period_start, not overlapping, only the last open (NULL end); held_dates and held_kinds: parallel arrays in any order (NULL = none held). A walk in C (src/timeliness.c); the rules are parsed once per query. NULL arguments or elements raise null_value_not_allowed (22004); multi-dimensional arrays, spell or held arrays of different lengths array_subscript_error (2202E); non-finite dates, overlapping spells, spells before period_start or ending before they start, an open spell that is not the last, a first spell not on period_start, and impossible rules (negative or empty window, min_conversations < 1, effective_to < effective_from, coverage_pct outside (0, 100], an empty conversation_kinds) invalid_parameter_value (22023); an altered contact_window_rule type datatype_mismatch (42804).';

-- Every window of the contact rules (employment_kpi.contact_rule) that ends
-- in [from_day, to_day], per citizen: the support periods active in the
-- range, each handed to contact_windows with all its spells and the
-- citizen's held conversations up to to_day.  A period is only
-- handed over when a window can end in the range: it has a spell in the
-- range, and a benefit can only have a window ending there if it started
-- at most the longest window before from_day, and every benefit starts at
-- a spell's start - so a period without a spell starting in [from_day -
-- 7 * longest window + 1, to_day] has none (the periods of long-term
-- recipients mostly).  A citizen's held conversations up to to_day are
-- aggregated once per citizen, not bounded by a period's start
-- (contact_windows ignores the conversations before a benefit anyway; a
-- bound from the period once made the planner intersect the whole held_on
-- index with each citizen's rows: 22 s instead of 0.16 s for 156 weeks of
-- 20,000 citizens).  The arrays are
-- aggregated without ORDER BY (an ordered aggregate sorts per period, which
-- costs more than the walk); contact_windows sorts them.
CREATE OR REPLACE FUNCTION employment_kpi_internal.timeliness_windows(from_day date, to_day date)
RETURNS TABLE (citizen_id text, period_start date, rule_id text, group_code text, benefit_start date,
               first_day date, last_day date, held int, required int, met boolean, coverage_pct numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
WITH
rules AS (
    SELECT coalesce(pg_catalog.array_agg(
               ROW(r.rule_id, r.group_code, r.effective_from, r.effective_to, r.window_from_week,
                   r.window_to_week, r.min_conversations, r.coverage_pct,
                   r.conversation_kinds)::employment_kpi.contact_window_rule
               ORDER BY r.rule_id), '{}') AS rules,
           coalesce(pg_catalog.max(r.window_to_week), 0) AS longest
      FROM employment_kpi.contact_rule AS r
),
-- MATERIALIZED: otherwise the planner may join the periods with what the
-- caller joins them to first and call contact_windows once per row of that
-- join instead of once per period
period AS MATERIALIZED (
    SELECT sp.citizen_id, sp.period_start,
           pg_catalog.array_agg(sp.start_date) AS starts,
           pg_catalog.array_agg(sp.end_date) AS ends,
           pg_catalog.array_agg(sp.group_code) AS groups
      FROM employment_kpi_internal.period_spells('infinity', NULL, from_day, to_day) AS sp
     CROSS JOIN rules AS ru
     GROUP BY sp.citizen_id, sp.period_start, ru.longest
    HAVING pg_catalog.bool_or(sp.start_date <= to_day AND (sp.end_date IS NULL OR sp.end_date >= from_day))
       AND pg_catalog.bool_or(sp.start_date BETWEEN from_day - 7 * ru.longest + 1 AND to_day)
),
-- the held conversations of those citizens, once per citizen (a grouped
-- semi-join, not a lateral subquery per period: Citus runs it on the
-- conversations' shards)
held AS (
    SELECT c.citizen_id, pg_catalog.array_agg(c.held_on) AS dates, pg_catalog.array_agg(c.kind) AS kinds
      FROM employment_kpi.conversation AS c
     WHERE c.status = 'held' AND c.held_on <= to_day
       AND c.citizen_id IN (SELECT p.citizen_id FROM period AS p)
     GROUP BY c.citizen_id
)
SELECT p.citizen_id, p.period_start, w.rule_id, w.group_code, w.benefit_start, w.first_day, w.last_day,
       w.held, w.required, w.met, w.coverage_pct
  FROM period AS p
 CROSS JOIN rules AS ru
  LEFT JOIN held AS h ON h.citizen_id = p.citizen_id
 CROSS JOIN LATERAL employment_kpi.contact_windows(p.period_start, p.starts, p.ends, p.groups, h.dates, h.kinds,
                                                   ru.rules, from_day, to_day) AS w;
END
$$;
COMMENT ON FUNCTION employment_kpi_internal.timeliness_windows(date, date) IS
'Internal (EXECUTE revoked from PUBLIC): every contact-rule window (contact_rule, all rules) ending in [from_day, to_day], per citizen and support period, as contact_windows defines it (counted from the start of the current benefit; only held conversations of the rule''s kinds). The one source of the scorecards'' timeliness and of portfolio_compliance.';
