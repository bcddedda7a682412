-- The imports beside those of changes_facts.sql, run the same in the
-- single-node and the cluster database (compare the tables after with
-- compare.sh): DREAM weeks (new spells, a changed and a deleted one, rejected
-- weeks), Jobindsats benchmarks, budget areas, budgets, teams and
-- caseworkers (reference tables), each run twice with a change between.
\set ON_ERROR_STOP on
CREATE TEMP TABLE dream_src AS
SELECT c AS citizen_id, to_char(d, 'IYYYIW') AS iso_week, code AS benefit_code
  FROM (VALUES ('citus-dream-a', '111', 0, 10), ('citus-dream-a', '651', 10, 11), ('citus-dream-b', '890', 3, 20),
               ('citus-dream-c', '730', 0, 30), ('citus-dream-d', '111', 0, 5), ('citus-dream-d', '111', 15, 20))
       AS v(c, code, w0, w1),
       generate_series(date '2025-01-06' + 7 * w0, date '2025-01-06' + 7 * (w1 - 1), '7 days') AS d
UNION ALL SELECT 'citus-dream-b', '202512', 'zzz'
UNION ALL SELECT '010190-1234', '202512', '111';
SELECT * FROM employment_kpi.import_dream('dream_src');
DELETE FROM dream_src WHERE citizen_id = 'citus-dream-c' AND iso_week > '202515';
DELETE FROM dream_src WHERE citizen_id = 'citus-dream-d' AND iso_week > '202510';
SELECT * FROM employment_kpi.import_dream('dream_src');

CREATE TEMP TABLE bench_src (municipality text, period text, measure text, value text);
INSERT INTO bench_src VALUES ('Aarhus', '2025M01', 'Fuldtidspersoner i alt', '1234.5'),
  ('Aarhus', '2025M02', 'Fuldtidspersoner i alt', '1240'), ('Odense', '2025M01', 'Fuldtidspersoner i alt', '1.234'),
  ('Odense', '2025M01', 'nope', '5');
SELECT * FROM employment_kpi.import_benchmark('bench_src');
UPDATE bench_src SET value = '1300' WHERE period = '2025M02';
SELECT * FROM employment_kpi.import_benchmark('bench_src');

CREATE TEMP TABLE area_src (area text, kind text, group_code text, type_code text, label text);
INSERT INTO area_src VALUES ('citus-area', 'other', NULL, NULL, 'Citus'),
  ('citus-bad-area', 'benefit', 'nogroup', NULL, 'bad');
SELECT * FROM employment_kpi.import_budget_area('area_src');
UPDATE area_src SET label = 'Citus (changed)' WHERE area = 'citus-area';
SELECT * FROM employment_kpi.import_budget_area('area_src');
CREATE TEMP TABLE budget_src AS
SELECT 2025 AS fiscal_year, 'citus-area' AS area, '1000,50' AS amount_dkk UNION ALL SELECT 2025, 'missing', '5';
SELECT * FROM employment_kpi.import_budget('budget_src', 'da');
UPDATE budget_src SET amount_dkk = '2000' WHERE area = 'citus-area';
SELECT * FROM employment_kpi.import_budget('budget_src', 'da');

CREATE TEMP TABLE team_src AS
SELECT team_id, team_name || ' (renamed)' AS team_name, leader_role FROM employment_kpi.team ORDER BY team_id LIMIT 2;
SELECT * FROM employment_kpi.import_team('team_src');
CREATE TEMP TABLE cw_src AS
SELECT caseworker_id, caseworker_name, (SELECT max(t.team_id) FROM employment_kpi.team t) AS team_id, login_role
  FROM employment_kpi.caseworker ORDER BY caseworker_id LIMIT 3;
SELECT * FROM employment_kpi.import_caseworker('cw_src');
