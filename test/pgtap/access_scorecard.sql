-- Tests src/sql/access/scorecard.sql; also access/checks.sql and access/grants.sql.
-- Scorecard security: a team leader sees only their own team's caseworker
-- rows through every function, an analyst sees all, a reader sees team
-- totals only, and a role without grants gets insufficient_privilege
-- (42501), never an empty result.  Rights follow session_user, so the test
-- switches with SET SESSION AUTHORIZATION (inside pg_temp.as_role, which
-- captures the result or the SQLSTATE and switches back, so that pgTAP
-- itself always runs as the superuser).
BEGIN;
SELECT plan(36);

\i test/fixtures/scorecard/fixture.sql
-- the fixture runs into January 2027: the data's end pinned to its last week
UPDATE employment_kpi.config SET data_end_override = '2027-01-10';
-- tiny fixture: no suppression, so that peers with two citizens can show
UPDATE employment_kpi.config SET suppression_k = 1;

SELECT hasnt_role('employment_kpi_reader', 'the install script creates no reader role');
SELECT hasnt_role('employment_kpi_analyst', 'the install script creates no analyst role');

CREATE ROLE sc_lead1 NOLOGIN;
CREATE ROLE sc_lead2 NOLOGIN;
CREATE ROLE sc_member LOGIN;            -- a login role that holds the leader role of T1
CREATE ROLE sc_analyst NOLOGIN;
CREATE ROLE sc_reader NOLOGIN;
CREATE ROLE sc_nobody NOLOGIN;
SELECT employment_kpi.grant_leader('sc_lead1', 'T1');
SELECT employment_kpi.grant_leader('sc_lead2', 'T2');
GRANT sc_lead1 TO sc_member;
SELECT employment_kpi.grant_analyst('sc_analyst');
SELECT employment_kpi.grant_reader('sc_reader');

SELECT has_role('employment_kpi_reader', 'grant_reader created the reader group role');
SELECT has_role('employment_kpi_analyst', 'grant_analyst created the analyst group role');
SELECT is((SELECT leader_role FROM employment_kpi.team WHERE team_id = 'T1'), 'sc_lead1',
          'grant_leader set the team''s leader_role');
SELECT throws_ok($$SELECT employment_kpi.grant_leader('sc_lead1', 'no such team')$$, '22023', NULL,
                 'grant_leader with an unknown team');
SELECT throws_ok($$SELECT employment_kpi.grant_reader('no_such_role_x')$$, '42704', NULL,
                 'grant_reader with an unknown role');

\i test/lib/as_role.sql

-- caseworker_week -----------------------------------------------------------
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT team_id || '/' || caseworker_id FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04')$$),
          ARRAY['T1/A', 'T1/B'], 'leader of T1 sees the caseworkers of T1 only');
SELECT is(pg_temp.as_role('sc_lead2', $$SELECT team_id || '/' || caseworker_id FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04')$$),
          ARRAY['T2/C'], 'leader of T2 sees the caseworkers of T2 only');
SELECT is(pg_temp.as_role('sc_member', $$SELECT team_id || '/' || caseworker_id FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04')$$),
          ARRAY['T1/A', 'T1/B'], 'a login role holding the leader role of T1 sees T1 only');
SELECT is(pg_temp.as_role('sc_analyst', $$SELECT team_id || '/' || caseworker_id FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04')$$),
          ARRAY['T1/A', 'T1/B', 'T2/C'], 'an analyst sees every caseworker');
SELECT is(pg_temp.as_role('sc_reader', $$SELECT caseworker_id FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04')$$),
          ARRAY['ERROR 42501'], 'a reader without a team gets 42501 from caseworker_week, not an empty result');
SELECT is(pg_temp.as_role('sc_nobody', $$SELECT caseworker_id FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04')$$),
          ARRAY['ERROR 42501'], 'a role without grants gets 42501 from caseworker_week');
-- leaders see the same (true-value) flags as analysts: over-dispersion comes from all caseworkers
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT week || coalesce(exits_flag, '-') || coalesce(exits_tau2::text, '-') FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04') WHERE caseworker_id = 'A'$$),
          pg_temp.as_role('sc_analyst', $$SELECT week || coalesce(exits_flag, '-') || coalesce(exits_tau2::text, '-') FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04') WHERE caseworker_id = 'A'$$),
          'a leader sees the same flags for their caseworker as an analyst');

-- caseworker_conversations --------------------------------------------------
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT team_id FROM employment_kpi.caseworker_conversations('2026-12-21', '2027-01-04')$$),
          ARRAY['T1'], 'leader of T1: conversations of T1 only');
SELECT is(pg_temp.as_role('sc_analyst', $$SELECT team_id FROM employment_kpi.caseworker_conversations('2026-12-21', '2027-01-04')$$),
          ARRAY['T1', 'T2'], 'analyst: conversations of all teams');
SELECT is(pg_temp.as_role('sc_reader', $$SELECT team_id FROM employment_kpi.caseworker_conversations('2026-12-21', '2027-01-04')$$),
          ARRAY['ERROR 42501'], 'reader: 42501 from caseworker_conversations');

-- peer_sparring -------------------------------------------------------------
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT peer_caseworker_id FROM employment_kpi.peer_sparring('B', 'activation_rate', 2, 3, '2027-01-04')$$),
          '{}'::text[], 'leader of T1: the better peer C of team T2 is not shown');
SELECT is(pg_temp.as_role('sc_analyst', $$SELECT peer_caseworker_id FROM employment_kpi.peer_sparring('B', 'activation_rate', 2, 3, '2027-01-04')$$),
          ARRAY['C'], 'analyst: peer C of another team is shown');
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT peer_caseworker_id FROM employment_kpi.peer_sparring('B', 'exits_per_100', 2, 3, '2027-01-04')$$),
          ARRAY['A'], 'leader of T1: a peer of the own team is shown');
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT peer_caseworker_id FROM employment_kpi.peer_sparring('C')$$),
          ARRAY['ERROR 42501'], 'leader of T1 asking about a caseworker of T2: 42501');
SELECT is(pg_temp.as_role('sc_nobody', $$SELECT peer_caseworker_id FROM employment_kpi.peer_sparring('A')$$),
          ARRAY['ERROR 42501'], 'no grants: 42501 from peer_sparring');
-- a leader cannot tell another team's caseworker from an unknown id: the
-- same SQLSTATE and the same message
CREATE FUNCTION pg_temp.sqlerrm_as(r text, q text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET SESSION AUTHORIZATION %I', r);
    BEGIN
        EXECUTE q;
    EXCEPTION WHEN OTHERS THEN
        RESET SESSION AUTHORIZATION;
        RETURN SQLSTATE || ': ' || SQLERRM;
    END;
    RESET SESSION AUTHORIZATION;
    RETURN 'no error';
END
$$;
SELECT is((SELECT array_agg(x) FROM (
             SELECT pg_temp.sqlerrm_as('sc_lead1', $$SELECT * FROM employment_kpi.peer_sparring('C', 'activation_rate', 2, 3, '2027-01-04')$$)
             UNION ALL
             SELECT pg_temp.sqlerrm_as('sc_lead1', $$SELECT * FROM employment_kpi.peer_sparring('nobody', 'activation_rate', 2, 3, '2027-01-04')$$)) AS e(x)),
          ARRAY['42501: permission denied for caseworker ''C'': not in your team',
                '42501: permission denied for caseworker ''nobody'': not in your team'],
          'leader: another team''s caseworker and an unknown id get the same 42501');

-- team_week -----------------------------------------------------------------
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT level || '/' || coalesce(team_id, '-') FROM employment_kpi.team_week('2026-12-21', '2027-01-04')$$),
          ARRAY['municipality/-', 'team/T1', 'team/T2'], 'leader: team totals of every team and the municipality');
SELECT is(pg_temp.as_role('sc_reader', $$SELECT level || '/' || coalesce(team_id, '-') FROM employment_kpi.team_week('2026-12-21', '2027-01-04')$$),
          ARRAY['municipality/-', 'team/T1', 'team/T2'], 'reader: team and municipality totals');
SELECT is(pg_temp.as_role('sc_nobody', $$SELECT team_id FROM employment_kpi.team_week('2026-12-21', '2027-01-04')$$),
          ARRAY['ERROR 42501'], 'no grants: 42501 from team_week');

-- base tables and internal functions are closed ------------------------------
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT caseworker_id FROM employment_kpi.case_assignment$$),
          ARRAY['ERROR 42501'], 'a leader cannot read case_assignment directly');
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT citizen_id FROM employment_kpi.support_period$$),
          ARRAY['ERROR 42501'], 'a leader cannot read the support_period view');
SELECT is(pg_temp.as_role('sc_analyst', $$SELECT caseworker_id FROM employment_kpi_internal.scorecard_raw('2026-12-21', '2027-01-04', 13)$$),
          ARRAY['ERROR 42501'], 'scorecard_raw is not executable by an analyst');
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT caseworker_id FROM employment_kpi_internal.scorecard_rows('2026-12-21', '2027-01-04', 13, false)$$),
          ARRAY['ERROR 42501'], 'scorecard_rows is not executable by a leader');
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT caseworker_id FROM employment_kpi_internal.scorecard_mix('2026-12-21', '2027-01-04')$$),
          ARRAY['ERROR 42501'], 'scorecard_mix is not executable by a leader');
SELECT is(pg_temp.as_role('sc_lead1', $$SELECT employment_kpi.grant_analyst('sc_lead1')::text$$),
          ARRAY['ERROR 42501'], 'a leader cannot make itself an analyst');

-- catalogue: definer functions with a fixed search_path, no citizen ids out
SELECT is(array_agg(p.proname::text ORDER BY p.proname), NULL,
          'every scorecard API function is SECURITY DEFINER with SET search_path')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'employment_kpi'
  AND p.proname IN ('caseworker_week', 'team_week', 'caseworker_conversations', 'peer_sparring')
  AND NOT (p.prosecdef AND 'search_path=pg_catalog, pg_temp' = ANY (p.proconfig));
SELECT is(array_agg(p.proname::text ORDER BY p.proname), NULL, 'no scorecard function returns a citizen_id')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'employment_kpi'
  AND p.proname IN ('caseworker_week', 'team_week', 'caseworker_conversations', 'peer_sparring')
  AND 'citizen_id' = ANY (p.proargnames);
SELECT is(array_agg(p.proname::text ORDER BY p.proname), NULL,
          'PUBLIC cannot execute any scorecard function that reads citizen data')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname IN ('employment_kpi', 'employment_kpi_internal')
  AND p.proname IN ('caseworker_week', 'team_week', 'caseworker_conversations', 'peer_sparring', 'scorecard_raw',
                    'scorecard_rows', 'scorecard_mix', 'grant_reader',
                    'grant_leader', 'grant_analyst')
  AND has_function_privilege('sc_nobody', p.oid, 'EXECUTE');

SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL, 'every scorecard function and aggregate has a COMMENT')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname IN ('employment_kpi', 'employment_kpi_internal')
  AND (p.proname LIKE 'scorecard%' OR p.proname LIKE 'funnel%' OR p.proname LIKE 'grant_%'
       OR p.proname IN ('caseworker_week', 'team_week', 'caseworker_conversations', 'peer_sparring',
                        'week_series', 'iso_monday'))
  AND obj_description(p.oid, 'pg_proc') IS NULL;

SELECT * FROM finish();
ROLLBACK;
