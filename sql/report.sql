-- Tests src/sql/report/report.sql; also report/sections.sql and report/storage.sql.
-- weekly_report: a hand-made week with exact expected lines, small-cell
-- suppression, the default week, section registry errors, synthetic data.
SET client_min_messages = warning;
BEGIN;
-- no facts yet
SELECT line FROM employment_kpi.weekly_report();

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
 ('c10', 's1', 'dagpenge', '2023-01-01', NULL, NULL, 4500);
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

-- every count below 5 is suppressed by default
SELECT line FROM employment_kpi.weekly_report('2024-03-06');
-- exact counts with suppression_k = 1
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT line FROM employment_kpi.weekly_report('2024-03-06');
UPDATE employment_kpi.config SET suppression_k = 3;
SELECT line FROM employment_kpi.weekly_report('2024-03-04') WHERE line ~ '(Total|dagpenge)';
-- the default week: latest fact 2024-03-20 (a Wednesday) -> the complete week 2024-W11
SELECT employment_kpi.data_end();
SELECT line FROM employment_kpi.weekly_report() LIMIT 1;
SELECT employment_kpi_internal.report_count(0, 5), employment_kpi_internal.report_count(1, 5), employment_kpi_internal.report_count(4, 5),
       employment_kpi_internal.report_count(5, 5), employment_kpi_internal.report_count(NULL, 5);
-- errors
SAVEPOINT s;
SELECT line FROM employment_kpi.weekly_report('infinity');
ROLLBACK TO s;
-- the week after the week of the data's end (2024-03-20): no report
SELECT line FROM employment_kpi.weekly_report('2024-03-25');
ROLLBACK TO s;
INSERT INTO employment_kpi.report_section VALUES (50, 'Broken', 'employment_kpi.suppression_k()');
SELECT line FROM employment_kpi.weekly_report('2024-03-04');
ROLLBACK TO s;
-- a section added by a later part appears in position order
CREATE FUNCTION pg_temp.extra_section(week date) RETURNS SETOF text LANGUAGE sql AS $$ SELECT '  extra for ' || to_char(week, 'YYYY-MM-DD') $$;
INSERT INTO employment_kpi.report_section VALUES (15, 'Extra section', 'pg_temp.extra_section(date)');
SELECT line FROM employment_kpi.weekly_report('2024-03-04') WHERE line ~ '^(Citizens|Extra|Conversations|  extra)';
ROLLBACK;

-- on the synthetic municipality: every section is there and the week is the last one
BEGIN;
SELECT count(*) FROM employment_kpi.generate_synthetic(400, '2024-01-01', 52, 3);
SELECT line FROM employment_kpi.weekly_report() LIMIT 1;
SELECT count(*) FILTER (WHERE line IN (SELECT title FROM employment_kpi.report_section)) AS sections,
       count(*) > 25 AS has_lines,
       count(*) FILTER (WHERE line ~ '^  Total') AS total_lines
  FROM employment_kpi.weekly_report();
ROLLBACK;
