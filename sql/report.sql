-- Tests src/sql/report/report.sql; also report/sections.sql, report/team.sql and report/storage.sql.
-- weekly_report: a hand-made week with exact expected lines (read from the
-- refreshed kpi_* views), the team leader's report, who may run which
-- report, the default week, section registry errors, the legend.
SET client_min_messages = warning;
BEGIN;
-- no facts yet
SELECT line FROM employment_kpi.weekly_report();

-- Week 2024-W10 (2024-03-04 to 2024-03-10), by hand:
--   on support: dagpenge c1 c2 c6..c11 = 8, jobafklaring c3 = 1,
--     kontanthjaelp_jobparat c4 c5 = 2, total 11; new: c2 (dagpenge) = 1
--     (c3's jobafklaring continues its period); exits: c1 and c11 (job) = 2
--     (c5 returns within the interruption rule: no exit; c4 moved: censored)
--   c11 has no caseworker: the teams count 1 exit, the target groups 2, and
--     the note under the teams says so
--   Team A (C1: c1 c2 c6 c7 c8): citizens 5, conversations held 2 (c1, c2;
--     c6 did not come), in offer c6 c7 = 2 (c8's ended 03-03), offers
--     started c7 = 1, exits c1 = 1
--   Team B (C2: c3 c4 c5 c9 c10): citizens 5, held 1 (c3; c4's cancelled,
--     c4's second is next week), in offer c9 = 1 (started 03-10, by C1 but
--     in C2's caseload), started 1, exits 0
INSERT INTO employment_kpi.team VALUES ('T1', 'Team A', NULL), ('T2', 'Team B', NULL);
INSERT INTO employment_kpi.caseworker VALUES ('C1', 'Case Worker 1', 'T1'), ('C2', 'Case Worker 2', 'T2');
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk) VALUES
 ('c1', 's1', 'dagpenge', '2024-01-01', '2024-03-06', 'job', 4500),               -- exit in the week
 ('c2', 's1', 'dagpenge', '2024-03-05', NULL, NULL, 4500),                         -- inflow in the week
 ('c3', 's1', 'sygedagpenge', '2023-06-01', '2024-03-03', 'other_benefit', 4500),  -- chained into
 ('c3', 's2', 'jobafklaring', '2024-03-04', NULL, NULL, 4500),                     -- ... jobafklaring (no inflow)
 ('c4', 's1', 'kontanthjaelp_jobparat', '2024-02-01', '2024-03-08', 'moved', 3000),-- censored, not an exit
 ('c5', 's1', 'kontanthjaelp_jobparat', '2024-02-01', '2024-03-07', 'job', 3000),  -- short interruption:
 ('c5', 's2', 'kontanthjaelp_jobparat', '2024-03-20', NULL, NULL, 3000),           -- ... same period, no exit
 ('c6', 's1', 'dagpenge', '2023-01-01', NULL, NULL, 4500),
 ('c7', 's1', 'dagpenge', '2023-01-01', NULL, NULL, 4500),
 ('c8', 's1', 'dagpenge', '2023-01-01', NULL, NULL, 4500),
 ('c9', 's1', 'dagpenge', '2023-01-01', NULL, NULL, 4500),
 ('c10', 's1', 'dagpenge', '2023-01-01', NULL, NULL, 4500),
 ('c11', 's1', 'dagpenge', '2023-01-01', '2024-03-07', 'job', 4500);             -- exit, no caseworker
INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date, end_date)
SELECT c, 'a1', CASE WHEN c IN ('c1', 'c2', 'c6', 'c7', 'c8') THEN 'C1' ELSE 'C2' END, '2023-01-01', NULL
  FROM unnest(ARRAY['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10']) AS c;
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, kind, status) VALUES
 ('c1', 'v1', 'C1', '2024-03-04', 'job', 'held'),
 ('c2', 'v1', 'C1', '2024-03-05', 'job', 'held'),
 ('c6', 'v1', 'C1', '2024-03-08', 'job', 'no_show'),
 ('c3', 'v1', 'C2', '2024-03-10', 'sick', 'held'),
 ('c4', 'v1', 'C2', '2024-03-06', 'job', 'cancelled'),
 ('c4', 'v2', 'C2', '2024-03-11', 'job', 'held');                                  -- next week
INSERT INTO employment_kpi.intervention (citizen_id, source_id, caseworker_id, type_code, start_date, end_date, cost_dkk) VALUES
 ('c6', 'i1', 'C1', 'virksomhedspraktik', '2024-02-01', '2024-03-31', 4000),       -- running
 ('c7', 'i1', 'C1', 'virksomhedspraktik', '2024-03-06', '2024-04-30', 4000),       -- started
 ('c8', 'i1', 'C1', 'mentor', '2024-01-01', '2024-03-03', 4000),                   -- ended before the week
 ('c9', 'i1', 'C1', 'loentilskud_privat', '2024-03-10', NULL, NULL);               -- started, open

-- before refresh(): the sections say so
SELECT line FROM employment_kpi.weekly_report('2024-03-06') WHERE line LIKE '  (%';
-- exact counts (suppression_k = 1 hides nothing, whoever reads)
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT count(*) > 0 AS refreshed FROM employment_kpi.refresh() WHERE ok;
SELECT line FROM employment_kpi.weekly_report('2024-03-06');
-- the team leader's report of Team A
SELECT line FROM employment_kpi.weekly_report('2024-03-06', team_id => 'T1');
-- hidden counts are "<k" in the sections: 1 and 2 of k = 3 (as a reader sees them)
UPDATE employment_kpi.config SET suppression_k = 3;
SELECT count(*) > 0 AS refreshed FROM employment_kpi.refresh() WHERE ok;
CREATE ROLE ekpi_report_reader;
CREATE ROLE ekpi_report_leader;
CREATE ROLE ekpi_report_nobody;
SELECT employment_kpi.grant_reader('ekpi_report_reader');
SELECT employment_kpi.grant_leader('ekpi_report_leader', 'T1');
SET SESSION AUTHORIZATION ekpi_report_reader;
SELECT line FROM employment_kpi.weekly_report('2024-03-04') WHERE line ~ '^  (Total|A-dagpenge|Jobafklaring)';
RESET SESSION AUTHORIZATION;
-- who may run which report: a reader the municipality's, a leader also the
-- own team's; another team and an unknown one give the same 42501
\i test/lib/err.sql
\i test/lib/as_role.sql
SELECT r, q, pg_temp.as_role(r, format('SELECT count(*) > 20 FROM employment_kpi.weekly_report(%s)', q)) AS result
  FROM unnest(ARRAY['ekpi_report_reader', 'ekpi_report_leader', 'ekpi_report_nobody']) AS r,
       unnest(ARRAY['''2024-03-04''', '''2024-03-04'', team_id => ''T1''', '''2024-03-04'', team_id => ''T2''',
                    '''2024-03-04'', team_id => ''no such team''']) AS q
 ORDER BY r, q;
SET SESSION AUTHORIZATION ekpi_report_leader;
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.weekly_report('2024-03-04', team_id => 'T2')$$);
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.weekly_report('2024-03-04', team_id => 'no such team')$$);
RESET SESSION AUTHORIZATION;
-- the default week: latest fact 2024-03-20 (a Wednesday) -> the complete week 2024-W11
SELECT employment_kpi.data_end();
SELECT line FROM employment_kpi.weekly_report() LIMIT 1;
-- errors
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.weekly_report('infinity')$$);
-- the week after the week of the data's end (2024-03-20): no report
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.weekly_report('2024-03-25')$$);
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.weekly_report('2024-03-04', format => 'pdf')$$);
SELECT * FROM pg_temp.err($$SELECT * FROM employment_kpi.weekly_report('2024-03-04', format => NULL)$$);
SAVEPOINT s;
INSERT INTO employment_kpi.report_section VALUES (50, 'Broken', 'employment_kpi.suppression_k()');
SELECT line FROM employment_kpi.weekly_report('2024-03-04');
ROLLBACK TO s;
-- a section added by a later part appears in position order
CREATE FUNCTION pg_temp.extra_section(week date) RETURNS SETOF text LANGUAGE sql AS $$ SELECT '  extra for ' || to_char(week, 'YYYY-MM-DD') $$;
INSERT INTO employment_kpi.report_section VALUES (15, 'Extra section', 'pg_temp.extra_section(date)');
SELECT line FROM employment_kpi.weekly_report('2024-03-04') WHERE line ~ '^(Target|Extra|Teams|  extra)';
ROLLBACK;

-- the cells
SELECT employment_kpi_internal.report_flagged(0.456, 'below'), employment_kpi_internal.report_flagged(1.2, 'within'),
       employment_kpi_internal.report_flagged(NULL, 'above'),
       employment_kpi_internal.report_effect(0.1234, -0.004, 0.25), employment_kpi_internal.report_effect(-0.003, -0.2, 0.1),
       employment_kpi_internal.report_effect(NULL, 0, 1),
       employment_kpi_internal.report_change(11, 9, 9.46), employment_kpi_internal.report_change(3, NULL, NULL),
       employment_kpi_internal.report_change(NULL, 4, 2);

-- on the synthetic municipality: every section is there, the week is the
-- last one, the legend closes it
BEGIN;
SELECT count(*) FROM employment_kpi.generate_synthetic(400, '2024-01-01', 52, 3);
SELECT count(*) > 0 AS refreshed FROM employment_kpi.refresh() WHERE ok;
SELECT line FROM employment_kpi.weekly_report() LIMIT 2;
SELECT count(*) FILTER (WHERE line IN (SELECT title FROM employment_kpi.report_section)) AS sections,
       count(*) > 25 AS has_lines,
       count(*) FILTER (WHERE line ~ '^  Total') AS total_lines,
       count(*) FILTER (WHERE line = 'Legend (forklaring)') AS legend
  FROM employment_kpi.weekly_report();
ROLLBACK;
