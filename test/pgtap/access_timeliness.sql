-- Tests src/sql/access/timeliness.sql; also access/grants.sql and the contact rules' storage (model/storage.sql).
-- portfolio_compliance is for the roles that see municipality totals:
-- readers, team leaders and analysts get the same (suppressed) rows, any
-- other role gets insufficient_privilege (42501), never an empty result;
-- the internal path is not for PUBLIC.  And the seeded rules say what the
-- sources say (docs/timeliness.md).  Rights follow session_user, so the
-- test switches with SET SESSION AUTHORIZATION inside pg_temp.as_role.
BEGIN;
SELECT plan(12);

-- the scorecard fixture's timeliness block: windows ending around the rule
-- change of 2026-07-01 (t4: kh portfolio not met, t7: dagpenge portfolio
-- not met, t8: dagpenge portfolio met; test/fixtures/scorecard/fixture.sql)
\i test/fixtures/scorecard/fixture.sql
UPDATE employment_kpi.config SET suppression_k = 1;

CREATE ROLE tl_lead NOLOGIN;
CREATE ROLE tl_analyst NOLOGIN;
CREATE ROLE tl_reader NOLOGIN;
CREATE ROLE tl_nobody NOLOGIN;
SELECT employment_kpi.grant_leader('tl_lead', 'T1');
SELECT employment_kpi.grant_analyst('tl_analyst');
SELECT employment_kpi.grant_reader('tl_reader');

\i test/lib/as_role.sql

-- the third quarter of 2026: dagpenge t7 (not met) and t8 (met) end
-- 07-01 / 07-02, kh t4 (not met) 07-01
SELECT is(pg_temp.as_role('tl_reader', $$SELECT rule_id || ' ' || windows || '/' || met || ' ' || coalesce(target_met::text, '-')
                                          FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30')$$),
          ARRAY['l1750_dagpenge_portfolio 2/1 false', 'l1750_kh_jobparat_portfolio 1/0 false',
                'l1750_ledighedsydelse_portfolio 0/0 -'],
          'a reader gets the municipality''s portfolio share per rule');
SELECT is(pg_temp.as_role('tl_lead', $$SELECT rule_id || ' ' || windows || '/' || met FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30')$$),
          pg_temp.as_role('tl_reader', $$SELECT rule_id || ' ' || windows || '/' || met FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30')$$),
          'a team leader gets the same municipality rows (not only the own team)');
SELECT is(pg_temp.as_role('tl_analyst', $$SELECT rule_id || ' ' || windows || '/' || met FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30')$$),
          pg_temp.as_role('tl_reader', $$SELECT rule_id || ' ' || windows || '/' || met FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30')$$),
          'an analyst gets the same rows');
SELECT is(pg_temp.as_role('tl_nobody', $$SELECT rule_id FROM employment_kpi.portfolio_compliance('2026-07-01', '2026-09-30')$$),
          ARRAY['ERROR 42501'], 'a role without grants gets 42501, not an empty result');
SELECT ok(NOT has_function_privilege('public', 'employment_kpi.portfolio_compliance(date, date, text)', 'EXECUTE'),
          'portfolio_compliance is not executable by PUBLIC');
SELECT ok(NOT has_function_privilege('public', 'employment_kpi_internal.timeliness_windows(date, date)', 'EXECUTE'),
          'timeliness_windows is not executable by PUBLIC');
SELECT ok(has_function_privilege('employment_kpi_reader', 'employment_kpi.portfolio_compliance(date, date, text)', 'EXECUTE'),
          'grant_reader grants portfolio_compliance');

-- the caseworkers' rows carry no pass/fail of the portfolio rules
SELECT hasnt_column('employment_kpi', 'kpi_caseworker_week', 'timeliness_target_met',
                    'kpi_caseworker_week has no portfolio pass/fail');
SELECT has_column('employment_kpi', 'kpi_caseworker_week', 'portfolio_share',
                  'kpi_caseworker_week shows the caseworker''s contribution');

-- the seeded rules against their sources
SELECT results_eq(
  $$SELECT group_code, window_from_week, window_to_week, min_conversations, coverage_pct
      FROM employment_kpi.contact_rule WHERE effective_from = '2026-07-01' ORDER BY group_code, coverage_pct NULLS FIRST$$,
  $$VALUES ('dagpenge', 13, 26, 2, 75::numeric), ('kontanthjaelp_jobparat', 0, 26, 1, NULL), ('kontanthjaelp_jobparat', 0, 26, 4, 75),
           ('ledighedsydelse', 0, 26, 1, NULL), ('ledighedsydelse', 0, 26, 4, 75)$$,
  'from 1 July 2026: dagpenge 2 after the first 3 months, job-ready kontanthjælp and ledighedsydelse 4 in 6 months (75 %), a first conversation for everyone');
SELECT is((SELECT count(*) FROM employment_kpi.contact_rule
            WHERE seeded AND group_code <> 'sygedagpenge' AND conversation_kinds IS DISTINCT FROM '{job}'),
          0::bigint, 'every seeded job-conversation rule counts the kind job only');
SELECT is((SELECT conversation_kinds FROM employment_kpi.contact_rule WHERE rule_id = 'lab31_sygedagpenge_first'),
          NULL::text[], 'the sygedagpenge follow-up counts every kind');

SELECT * FROM finish();
ROLLBACK;
