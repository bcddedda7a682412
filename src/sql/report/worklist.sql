-- The caseworker's worklist (caseworker_worklist): the caseworker's own
-- citizens who are due or overdue for a conversation under the contact rule
-- in force, or for an offer under STAR's focus measure.  The conversation
-- windows are contact_windows' (the one rule of timeliness: counted from the
-- start of the current benefit, judged by the rules in force on the window's
-- last day, held conversations of the rule's kinds), asked for the windows
-- still open as well.  Citizen-level data: only the caseworker's login role
-- and the team's leader see it.

-- The days before as_of in which a missed deadline is still listed as
-- overdue: four weeks, about one round of a caseworker's calendar.
-- The days before the focus measure's deadline from which an offer is
-- listed as due: 13 weeks, one quarter, time to plan and start an offer.
CREATE OR REPLACE FUNCTION employment_kpi.caseworker_worklist(caseworker_id text, as_of date DEFAULT current_date)
RETURNS TABLE (citizen_id text, task text, group_code text, rule_id text, window_start date, deadline date,
               days_left int, done int, required int, coverage_pct numeric, status text)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_allowed boolean;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be NULL' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM employment_kpi_internal.require_date_range(as_of, 'as_of', as_of, 'as_of');
    -- the caseworker (a member of its login_role) and the team's leader; a
    -- superuser reads the tables anyway.  The same answer for an unknown
    -- caseworker and another's, so it reveals no caseworker.
    SELECT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname = session_user), false)
        OR EXISTS (SELECT 1
                     FROM employment_kpi.caseworker AS c
                     JOIN employment_kpi.team AS t ON t.team_id = c.team_id
                     JOIN pg_catalog.pg_roles AS r ON r.rolname IN (c.login_role, t.leader_role)
                    WHERE c.caseworker_id = caseworker_worklist.caseworker_id
                      AND pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER'))
      INTO v_allowed;
    IF NOT v_allowed THEN
        RAISE EXCEPTION 'permission denied for the worklist of caseworker %', coalesce(quote_literal(caseworker_worklist.caseworker_id), 'NULL')
              USING ERRCODE = 'insufficient_privilege',
                    HINT = 'A worklist is for the caseworker (caseworker.login_role) and the team''s leader (team.leader_role).';
    END IF;

    RETURN QUERY
    WITH own AS (
        SELECT DISTINCT a.citizen_id FROM employment_kpi.case_assignment AS a
         WHERE a.caseworker_id = caseworker_worklist.caseworker_id
           AND a.start_date <= as_of AND (a.end_date IS NULL OR a.end_date >= as_of)
    ), sp AS (
        -- the spells as known on as_of of the own citizens on support then
        SELECT s.* FROM employment_kpi_internal.period_spells(as_of, (SELECT array_agg(o.citizen_id) FROM own AS o), as_of, as_of) AS s
    ), cur AS (
        -- the support period running on as_of, with all its spells
        SELECT s.citizen_id, s.period_start, array_agg(s.start_date) AS starts, array_agg(s.end_date) AS ends,
               array_agg(s.group_code) AS groups,
               (array_agg(s.group_code ORDER BY s.start_date DESC))[1] AS group_now
          FROM sp AS s
         WHERE s.period_end IS NULL
         GROUP BY s.citizen_id, s.period_start
        HAVING bool_or(s.end_date IS NULL AND s.start_date <= as_of)
    ), rules AS (
        SELECT coalesce(array_agg(ROW(r.rule_id, r.group_code, r.effective_from, r.effective_to, r.window_from_week,
                                      r.window_to_week, r.min_conversations, r.coverage_pct,
                                      r.conversation_kinds)::employment_kpi.contact_window_rule ORDER BY r.rule_id), '{}') AS rules,
               coalesce(max(r.window_to_week), 0) AS longest
          FROM employment_kpi.contact_rule AS r
    ), w AS (
        SELECT p.citizen_id, p.group_now, x.*
          FROM cur AS p
         CROSS JOIN rules AS ru
          -- (per citizen by grouped joins, not lateral subqueries: Citus
          -- runs them on the facts' shards)
          LEFT JOIN (SELECT c.citizen_id, array_agg(c.held_on) AS dates, array_agg(c.kind) AS kinds
                       FROM employment_kpi.conversation AS c
                      WHERE c.citizen_id IN (SELECT o.citizen_id FROM own AS o)
                        AND c.status = 'held' AND c.held_on <= as_of
                      GROUP BY c.citizen_id) AS h ON h.citizen_id = p.citizen_id
         CROSS JOIN LATERAL employment_kpi.contact_windows(p.period_start, p.starts, p.ends, p.groups, h.dates, h.kinds,
                                                           ru.rules, as_of - 27, as_of + 7 * ru.longest) AS x
    ), conv AS (
        -- open windows (begun, not yet met) and missed ones of the last four
        -- weeks while the citizen is still on that benefit's group
        SELECT w.citizen_id, 'conversation'::text AS task, w.group_code, w.rule_id, w.first_day, w.last_day,
               w.held, w.required, w.coverage_pct
          FROM w
         WHERE NOT w.met AND w.first_day <= as_of
           AND (w.last_day >= as_of OR w.group_code = w.group_now)
    ), offer AS (
        -- STAR's focus measure (fokusmål): a citizen 12 months or more on
        -- support should have had an active offer in the last 12 months; the
        -- deadline is 12 months after the later of the period's start and
        -- the day after the last offer ended; none while an offer runs
        SELECT p.citizen_id, 'offer'::text AS task, p.group_now AS group_code, 'star_focus_offer_12_months'::text AS rule_id,
               d.since, (d.since + interval '12 months')::date AS deadline, 0 AS held, 1 AS required, NULL::numeric AS coverage_pct
          FROM cur AS p
          LEFT JOIN (SELECT i.citizen_id, max(i.end_date) AS last_end,
                            bool_or(i.end_date IS NULL OR i.end_date >= as_of) AS running
                       FROM employment_kpi.intervention AS i
                      WHERE i.citizen_id IN (SELECT o.citizen_id FROM own AS o) AND i.start_date <= as_of
                      GROUP BY i.citizen_id) AS o ON o.citizen_id = p.citizen_id
         CROSS JOIN LATERAL (SELECT GREATEST(p.period_start, o.last_end + 1) AS since) AS d
         WHERE NOT coalesce(o.running, false)
           AND (d.since + interval '12 months')::date - as_of <= 91
           AND (d.since + interval '12 months')::date >= as_of - 27
    )
    SELECT t.citizen_id, t.task, t.group_code, t.rule_id, t.first_day, t.last_day, (t.last_day - as_of)::int,
           t.held, t.required, t.coverage_pct, CASE WHEN t.last_day < as_of THEN 'overdue' ELSE 'due' END
      FROM (SELECT * FROM conv UNION ALL SELECT * FROM offer) AS t(citizen_id, task, group_code, rule_id, first_day, last_day,
                                                                  held, required, coverage_pct)
     ORDER BY t.last_day, t.citizen_id, t.rule_id;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.caseworker_worklist(text, date) IS
'The caseworker''s worklist (arbejdsliste) on as_of: the own citizens (assigned to the caseworker on as_of and on public support then; pseudonymous ids, which the case system maps back) with what is due. task conversation: a contact-rule window of the current benefit (contact_windows: counted from the benefit''s start, by the rule in force on its last day, held conversations of the rule''s kinds up to as_of) that has begun and is not met: due while open, overdue for four weeks after its last day while the citizen is still on that group; done/required = held/required conversations, coverage_pct set for a portfolio rule (the municipality must reach that share), NULL for a rule every citizen must meet. task offer: STAR''s focus measure, an active offer within 12 months on support: deadline 12 months after the later of the support period''s start and the day after the last offer ended, listed from 13 weeks before it to four weeks after, none while an offer runs. deadline, days_left = deadline - as_of, status due or overdue; ordered by deadline. Only members of the caseworker''s login_role and of the team''s leader_role (and superusers); anyone else, and any caller for an unknown caseworker, gets 42501. as_of NULL or infinite raises 22023.';
