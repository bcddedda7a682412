-- Tests src/sql/final/privileges.sql; also access/grants.sql and
-- access/scorecard.sql (one answer for "not yours" and "not there").
-- No internal helper is executable by PUBLIC, and the readers' surface
-- still works without them: every kpi_* view and the reader functions, as
-- a reader and as a team leader (pg_temp.as_role switches the session user).
BEGIN;
SELECT plan(14);

SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc AS p
                 WHERE p.pronamespace = 'employment_kpi_internal'::regnamespace
                   AND has_function_privilege('public', p.oid, 'EXECUTE')
                 ORDER BY 1),
          '{}'::text[], 'no function of employment_kpi_internal is executable by PUBLIC');
SELECT ok((SELECT count(*) FROM pg_proc AS p WHERE p.pronamespace = 'employment_kpi_internal'::regnamespace) > 50,
          'the check above looked at the internal functions (there are more than 50)');

SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(300, employment_kpi.iso_monday(current_date) - 7 * 30, 30, 7)$$,
                'a small synthetic municipality');
SELECT lives_ok($$SELECT * FROM employment_kpi.refresh()$$, 'refreshed');
-- a Jobindsats download, so that kpi_benchmark has rows
INSERT INTO employment_kpi.benchmark_municipality VALUES ('Syntetisk kommune', 'own', NULL);
CREATE TEMP TABLE gp_jobindsats (municipality, period, measure, value) AS
VALUES ('Syntetisk kommune', to_char(current_date - 60, 'YYYY"M"MM'), 'Fuldtidspersoner i alt', '500');
SELECT lives_ok($$SELECT * FROM employment_kpi.import_benchmark('gp_jobindsats')$$, 'a Jobindsats download');

CREATE ROLE gp_reader NOLOGIN;
CREATE ROLE gp_lead NOLOGIN;
SELECT employment_kpi.grant_reader('gp_reader');
SELECT employment_kpi.grant_leader('gp_lead', (SELECT min(team_id) FROM employment_kpi.team));
\i test/lib/as_role.sql

-- every kpi_* view reads as a reader: none of them calls an internal
-- function with the reader's rights
SELECT is(pg_temp.as_role('gp_reader',
              (SELECT string_agg(format('SELECT %L || '':'' || (count(*) > 0)::text FROM employment_kpi.%I', c.relname, c.relname),
                                 ' UNION ALL ' ORDER BY c.relname)
                 FROM pg_class AS c
                WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'kpi\_%'
                  AND c.relname NOT IN ('kpi_caseworker_week'))),
          (SELECT array_agg(c.relname || ':true' ORDER BY c.relname || ':true')
             FROM pg_class AS c
            WHERE c.relnamespace = 'employment_kpi'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'kpi\_%'
              AND c.relname NOT IN ('kpi_caseworker_week')),
          'a reader reads rows from every kpi_* view but kpi_caseworker_week (team and municipality rows)');
SELECT is(pg_temp.as_role('gp_lead', $$SELECT (count(*) > 0)::text FROM employment_kpi.kpi_caseworker_week$$),
          ARRAY['true'], 'a team leader reads the caseworker rows of kpi_caseworker_week');
SELECT is(pg_temp.as_role('gp_reader', $$SELECT employment_kpi.week_label(date '2026-01-05') || ' ' || employment_kpi.month_label(date '2026-01-05')$$),
          ARRAY['2026-W02 2026-01'], 'a reader calls the label helpers');
SELECT is(pg_temp.as_role('gp_reader', $$SELECT (count(*) > 0)::text FROM employment_kpi.team_week(employment_kpi.iso_monday(current_date) - 21, employment_kpi.iso_monday(current_date) - 7)$$),
          ARRAY['true'], 'a reader calls team_week');
SELECT is(pg_temp.as_role('gp_reader', $$SELECT count(*)::text FROM employment_kpi.portfolio_compliance(current_date - 200, current_date - 10)$$)
          = ARRAY['ERROR 42501'], false, 'a reader calls portfolio_compliance');
SELECT is(pg_temp.as_role('gp_lead', $$SELECT (count(*) > 0)::text FROM employment_kpi.caseworker_week(employment_kpi.iso_monday(current_date) - 21, employment_kpi.iso_monday(current_date) - 7)$$),
          ARRAY['true'], 'a team leader calls caseworker_week');
SELECT is(pg_temp.as_role('gp_lead', $$SELECT (count(*) >= 0)::text FROM employment_kpi.caseworker_conversations(employment_kpi.iso_monday(current_date) - 21, employment_kpi.iso_monday(current_date) - 7)$$),
          ARRAY['true'], 'a team leader calls caseworker_conversations');

-- "not yours" and "not there": a team leader asking about a caseworker of
-- another team and about one that does not exist gets the same SQLSTATE
-- and the same message text but for the id
CREATE FUNCTION pg_temp.err_as(r text, q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE m text;
BEGIN
    EXECUTE format('SET SESSION AUTHORIZATION %I', r);
    BEGIN
        EXECUTE q;
        m := 'no error';
    EXCEPTION WHEN OTHERS THEN
        m := SQLSTATE || ' ' || SQLERRM;
    END;
    RESET SESSION AUTHORIZATION;
    RETURN m;
END $$;
SELECT is(replace(pg_temp.err_as('gp_lead', format($$SELECT * FROM employment_kpi.peer_sparring(%L)$$,
                                                   (SELECT max(caseworker_id) FROM employment_kpi.caseworker
                                                     WHERE team_id <> (SELECT min(team_id) FROM employment_kpi.team)))),
                  (SELECT max(caseworker_id) FROM employment_kpi.caseworker
                    WHERE team_id <> (SELECT min(team_id) FROM employment_kpi.team)), 'ID'),
          replace(pg_temp.err_as('gp_lead', $$SELECT * FROM employment_kpi.peer_sparring('no-such-caseworker')$$),
                  'no-such-caseworker', 'ID'),
          'peer_sparring: the same SQLSTATE and text for another team''s caseworker and an unknown one');
SELECT matches(pg_temp.err_as('gp_lead', $$SELECT * FROM employment_kpi.peer_sparring('no-such-caseworker')$$),
               '^42501 ', 'and it is 42501');

SELECT * FROM finish();
ROLLBACK;
