-- The data-quality report: what in the loaded facts is probably wrong or
-- missing, per check a count and a few example record ids to look up in
-- the source system.  data_quality(as_of) computes it; kpi_data_quality
-- shows it as of the data's end.  It reads the facts when asked (no
-- summary table): every check is one pass over one or two fact tables.
--
-- Who sees what (docs/access.md): readers get the counts and the example
-- record ids (source_id, never a citizen id; a CPR-like record id is
-- masked), analysts also the pseudonymous citizen ids of the examples.

CREATE OR REPLACE FUNCTION employment_kpi.data_quality(as_of date DEFAULT NULL)
RETURNS TABLE (checked_on date, check_name text, description text, problems bigint, examples text[],
               example_citizens text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_analyst boolean := employment_kpi.is_analyst();
BEGIN
    PERFORM employment_kpi_internal.require_reader('the data-quality report');
    IF NOT isfinite(as_of) THEN
        RAISE EXCEPTION 'data_quality: as_of must be a finite date'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave it out (NULL) for the data''s end.';
    END IF;
    -- (here, not in the view: a reader may not read the facts data_end() reads)
    as_of := coalesce(as_of, employment_kpi.data_end(), CURRENT_DATE);
    RETURN QUERY
    WITH chk (ord, name, descr) AS (VALUES
        (1, 'open_spell_without_caseworker',
            'support spells running on as_of whose citizen has no case assignment that day (example: the spell''s source_id)'),
        (2, 'conversation_outside_spell',
            'held conversations up to as_of on a day the citizen had no support spell (the conversation''s source_id)'),
        (3, 'offer_outside_spell',
            'offers starting up to as_of on a day the citizen had no support spell (the offer''s source_id)'),
        (4, 'offer_without_cost',
            'offers starting up to as_of without cost_dkk: they count 0 in every cost (the offer''s source_id)'),
        (5, 'overlapping_assignments',
            'pairs of a citizen''s case assignments starting up to as_of that overlap: two caseworkers hold the case on the same days (both source_ids)'),
        (6, 'future_date',
            'facts dated after as_of: a spell, offer or assignment starting, a held conversation, a booking (table:source_id)'),
        (7, 'spell_too_long',
            'support spells running on as_of for longer than spell_duration_limit.max_weeks of their group: probably a missing end date (the spell''s source_id)'),
        (8, 'team_week_without_conversations',
            'complete ISO weeks, from the team''s first conversation (not before the data''s start) to the week before as_of, in which no caseworker of the team has a conversation of any status: probably a missing export (team_id and week)')
    ), hit (ord, k, citizen_id) AS (
        SELECT 1, s.source_id, s.citizen_id
          FROM employment_kpi.support_spell s
         WHERE s.start_date <= as_of AND (s.end_date IS NULL OR s.end_date >= as_of)
           AND NOT EXISTS (SELECT 1 FROM employment_kpi.case_assignment a
                            WHERE a.citizen_id = s.citizen_id AND a.start_date <= as_of
                              AND (a.end_date IS NULL OR a.end_date >= as_of))
        UNION ALL
        -- checks 2 and 3: a fact on a day (a held conversation, an offer's
        -- start) with no support spell of the citizen that day
        SELECT f.ord, f.source_id, f.citizen_id
          FROM (SELECT 2, c.source_id, c.citizen_id, c.held_on
                  FROM employment_kpi.conversation c
                 WHERE c.status = 'held' AND c.held_on <= as_of
                UNION ALL
                SELECT 3, i.source_id, i.citizen_id, i.start_date
                  FROM employment_kpi.intervention i
                 WHERE i.start_date <= as_of) AS f(ord, source_id, citizen_id, day)
         WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.support_spell s
                            WHERE s.citizen_id = f.citizen_id AND s.start_date <= f.day
                              AND (s.end_date IS NULL OR s.end_date >= f.day))
        UNION ALL
        SELECT 4, i.source_id, i.citizen_id
          FROM employment_kpi.intervention i
         WHERE i.start_date <= as_of AND i.cost_dkk IS NULL
        UNION ALL
        SELECT 5, a.source_id || ' & ' || b.source_id, a.citizen_id
          FROM employment_kpi.case_assignment a
          JOIN employment_kpi.case_assignment b
            ON b.citizen_id = a.citizen_id AND b.source_id > a.source_id
           AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]')
         WHERE a.start_date <= as_of AND b.start_date <= as_of
        UNION ALL
        SELECT 6, 'support_spell:' || s.source_id, s.citizen_id FROM employment_kpi.support_spell s WHERE s.start_date > as_of
        UNION ALL
        SELECT 6, 'conversation:' || c.source_id, c.citizen_id FROM employment_kpi.conversation c
         WHERE c.status = 'held' AND c.held_on > as_of
        UNION ALL
        SELECT 6, 'intervention:' || i.source_id, i.citizen_id FROM employment_kpi.intervention i WHERE i.start_date > as_of
        UNION ALL
        SELECT 6, 'case_assignment:' || a.source_id, a.citizen_id FROM employment_kpi.case_assignment a WHERE a.start_date > as_of
        UNION ALL
        SELECT 6, 'expense:' || e.source_id, NULL FROM employment_kpi.expense e WHERE e.booked_on > as_of
        UNION ALL
        SELECT 7, s.source_id, s.citizen_id
          FROM employment_kpi.support_spell s
          JOIN employment_kpi.spell_duration_limit l ON l.group_code = s.group_code
         WHERE s.start_date <= as_of AND (s.end_date IS NULL OR s.end_date >= as_of)
           AND as_of - s.start_date + 1 > 7 * l.max_weeks
        UNION ALL
        SELECT 8, tw.team_id || ' ' || employment_kpi.week_label(tw.week), NULL
          FROM (SELECT w.team_id, k.week
                  FROM (SELECT cw.team_id,
                               GREATEST(employment_kpi.iso_monday(min(c.held_on)),
                                        coalesce(employment_kpi.iso_monday(employment_kpi.data_start()), '-infinity')) AS first_week
                          FROM employment_kpi.conversation c
                          JOIN employment_kpi.caseworker cw ON cw.caseworker_id = c.caseworker_id
                         WHERE c.held_on <= as_of
                         GROUP BY cw.team_id) w
                 CROSS JOIN LATERAL employment_kpi_internal.week_series(w.first_week, employment_kpi.iso_monday(as_of) - 7) AS k(week)) tw
          -- (the weeks with conversations as a grouped anti-join, not a
          -- correlated subquery: Citus plans it on a cluster)
          LEFT JOIN (SELECT DISTINCT cw.team_id, employment_kpi.iso_monday(c.held_on) AS week
                       FROM employment_kpi.conversation c
                       JOIN employment_kpi.caseworker cw ON cw.caseworker_id = c.caseworker_id
                      WHERE c.held_on <= as_of) hw ON hw.team_id = tw.team_id AND hw.week = tw.week
         WHERE hw.team_id IS NULL
    ), masked AS (
        SELECT h.ord, CASE WHEN employment_kpi.is_cpr_like(h.k) THEN '**********' ELSE h.k END AS k, h.citizen_id,
               row_number() OVER (PARTITION BY h.ord ORDER BY h.k, h.citizen_id) AS rn
          FROM hit h
    )
    SELECT as_of, chk.name, chk.descr, count(m.ord),
           array_remove(array_agg(m.k ORDER BY m.rn) FILTER (WHERE m.rn <= 5), NULL),
           CASE WHEN v_analyst
                THEN coalesce(array_agg(m.citizen_id ORDER BY m.rn) FILTER (WHERE m.rn <= 5 AND m.citizen_id IS NOT NULL), '{}')
           END
      FROM chk LEFT JOIN masked m ON m.ord = chk.ord
     GROUP BY chk.ord, chk.name, chk.descr
     ORDER BY chk.ord;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.data_quality(date) IS
'The data-quality report as of the day as_of (NULL, the default: the data''s end, data_end(), or today without facts; checked_on says which day): one row per check (check_name, description, problems = how many, examples = up to 5 record ids in order, a CPR-like one masked) for open_spell_without_caseworker, conversation_outside_spell, offer_outside_spell, offer_without_cost, overlapping_assignments, future_date, spell_too_long (spell_duration_limit) and team_week_without_conversations (a missing export). example_citizens: the pseudonymous citizen ids of the examples, for analysts only (NULL for other readers). Readers and team leaders may call it, anyone else gets 42501; an infinite as_of raises 22023. See docs/quality.md.';

-- The duration limits are seeded reference data (see seed.sql).
CREATE OR REPLACE TRIGGER seed_guard BEFORE INSERT OR UPDATE OR DELETE ON employment_kpi.spell_duration_limit
    FOR EACH ROW EXECUTE FUNCTION employment_kpi_internal.seed_guard();
COMMENT ON TRIGGER seed_guard ON employment_kpi.spell_duration_limit IS 'Keeps the seeded flag and the tombstones right (see seed_guard()).';

-- The function runs only for readers (a lateral call on no row is not
-- made), so a role granted SELECT without a reader role gets no rows.
CREATE VIEW employment_kpi.kpi_data_quality WITH (security_barrier) AS
SELECT q.checked_on AS as_of, employment_kpi.week_label(q.checked_on) AS week_label, q.check_name, q.description,
       q.problems, pg_catalog.array_to_string(q.examples, ', ') AS examples,
       pg_catalog.array_to_string(q.example_citizens, ', ') AS example_citizens
  FROM (SELECT 1 WHERE (SELECT employment_kpi.is_reader())) AS r
 CROSS JOIN LATERAL employment_kpi.data_quality() AS q;

COMMENT ON VIEW employment_kpi.kpi_data_quality IS
'The data-quality report (datakvalitet) as of the data''s end (data_end(), today without facts): data_quality(data_end()), one row per check. Computed when read. Rows: readers, leaders and analysts; example_citizens only for analysts.';
SELECT employment_kpi_internal.comment_columns('employment_kpi.kpi_data_quality', $c$
as_of: The day the checks look at: data_end().
week_label: ISO week label of as_of, e.g. 2026-W48.
check_name: The check: open_spell_without_caseworker, conversation_outside_spell, offer_outside_spell, offer_without_cost, overlapping_assignments, future_date, spell_too_long, team_week_without_conversations.
description: What the check finds and what its examples are.
problems: How many records (or pairs, or team weeks) the check finds; 0 = none.
examples: Up to 5 of them, comma-separated: record ids (source_id) of the source system, never citizen ids; a CPR-like id is masked.
example_citizens: The pseudonymous citizen ids of the examples, for analysts only (NULL for every other reader).
$c$);
