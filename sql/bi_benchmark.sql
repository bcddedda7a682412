-- Tests src/sql/bi/benchmark.sql and benchmark_storage.sql (import_benchmark,
-- kpi_benchmark, benchmark_measure, benchmark_municipality): a small
-- hand-made Jobindsats download beside the municipality's own figures.
SET client_min_messages = warning;
SET extra_float_digits = 0;
\i test/lib/err.sql
\i test/lib/as_role.sql
BEGIN;
-- the own data: two citizens on dagpenge January to March 2024, one on
-- sygedagpenge for three weeks of February (5 February to 25 February).
-- February's weeks (their Thursday in February): 29 Jan, 5, 12, 19, 26 Feb.
-- Full-time persons in February: dagpenge 2 x 5 / 5 = 2, sygedagpenge
-- 3 / 5 = 0.6, all groups 2.6.
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason) VALUES
  ('b-1', 's1', 'dagpenge', '2024-01-01', '2024-03-31', 'job'),
  ('b-2', 's2', 'dagpenge', '2024-01-01', '2024-03-31', 'job'),
  ('b-3', 's3', 'sygedagpenge', '2024-02-05', '2024-02-25', 'other_benefit');
INSERT INTO employment_kpi.budget_area VALUES ('5.68.90', 'benefit', NULL, NULL, 'Dagpenge');
INSERT INTO employment_kpi.budget VALUES (2024, '5.68.90', 1000000);
DELETE FROM employment_kpi_internal.bi_relation WHERE mv_name NOT IN ('mv_support_period', 'mv_output_month');
SELECT count(*) FILTER (WHERE NOT ok) AS refresh_failures FROM employment_kpi.refresh();

INSERT INTO employment_kpi.benchmark_municipality VALUES
  ('Aarhus', 'own', NULL), ('Peer A', 'peer', NULL), ('Peer B', 'peer', NULL), ('Hele landet', 'national', 'the whole country');
SELECT pg_temp.err($$INSERT INTO employment_kpi.benchmark_municipality VALUES ('Odense', 'own', NULL)$$);
INSERT INTO employment_kpi.benchmark_measure (measure, kpi, group_code, note)
VALUES ('Afgange (egen opgørelse)', 'exits', NULL, 'a measure of our own, to show a suppressed own figure');

CREATE TEMP TABLE download (municipality text, period text, measure text, value text);
INSERT INTO download VALUES
  ('Aarhus',      '2024M02',    'Fuldtidspersoner i alt',         '2.5'),
  ('Peer A',      '2024M02',    'Fuldtidspersoner i alt',         '3'),
  ('Peer A',      '2024M02',    'Fuldtidspersoner i alt',         '3'),          -- identical: counts once
  ('Peer B',      '2024-02',    'Fuldtidspersoner i alt',         '5.5'),
  ('Hele landet', '2024-02-15', 'Fuldtidspersoner i alt',         '123456'),
  ('Aarhus',      '2024M02',    'Fuldtidspersoner, a-dagpenge',   '2'),
  ('Peer A',      '2024M02',    'Fuldtidspersoner, a-dagpenge',   '1.25'),
  ('Aarhus',      '2024M02',    'Fuldtidspersoner, sygedagpenge', '0.6'),
  ('Aarhus',      '2024M03',    'Afgange (egen opgørelse)',       '2'),
  ('Odense',      '2024M02',    'Fuldtidspersoner i alt',         '9'),          -- stored, not shown
  -- rejects
  ('Aarhus',      '2024M13',    'Fuldtidspersoner i alt',         '1'),
  ('Aarhus',      '2024M02',    'Ledighed',                       '4'),
  ('Peer A',      '2024M03',    'Fuldtidspersoner i alt',         '1.234'),
  ('Peer A',      '2024M03',    'Fuldtidspersoner, a-dagpenge',   '1,5'),
  (NULL,          '2024M03',    'Fuldtidspersoner i alt',         NULL),
  ('Peer B',      '2024M03',    'Fuldtidspersoner i alt',         '7'),
  ('Peer B',      '2024M03',    'Fuldtidspersoner i alt',         '8');
SELECT * FROM employment_kpi.import_benchmark('download');
SELECT row_data ->> 'value' AS value, reason FROM employment_kpi.import_reject WHERE target_table = 'benchmark' ORDER BY reject_id;
SELECT * FROM employment_kpi.benchmark ORDER BY period, measure, municipality;

SELECT month_label, measure, kpi, group_code, own_computed, own_published, peer_mean, peer_min, peer_max, peers, national
  FROM employment_kpi.kpi_benchmark ORDER BY month, measure;
-- the own figure is kpi_output_month's
SELECT (SELECT own_computed FROM employment_kpi.kpi_benchmark WHERE month = '2024-02-01' AND measure = 'Fuldtidspersoner i alt')
     = (SELECT fulltime_persons FROM employment_kpi.kpi_output_month WHERE month = '2024-02-01' AND scope = 'municipality') AS same_as_output_month;

-- March's own exits (2 persons) are suppressed under the default threshold
-- (5), as in kpi_output_month; with threshold 1 they show
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT month_label, measure, own_computed FROM employment_kpi.kpi_benchmark WHERE kpi = 'exits';
UPDATE employment_kpi.config SET suppression_k = 5;

-- a re-run changes nothing; a corrected value is an update
SELECT * FROM employment_kpi.import_benchmark('download');
UPDATE download SET value = '2.4' WHERE municipality = 'Aarhus' AND measure = 'Fuldtidspersoner i alt' AND period = '2024M02';
SELECT * FROM employment_kpi.import_benchmark('download');
SELECT pg_temp.err($$SELECT * FROM employment_kpi.import_benchmark(NULL)$$);
CREATE TEMP TABLE wrong (municipality text, period text, value text);
SELECT pg_temp.err($$SELECT * FROM employment_kpi.import_benchmark('wrong')$$);

-- who sees what: every reader the rows, a role granted SELECT without a reader role none
CREATE ROLE bm_reader;
CREATE ROLE bm_direct;
SELECT employment_kpi.grant_reader('bm_reader');
GRANT USAGE ON SCHEMA employment_kpi TO bm_direct;
GRANT SELECT ON employment_kpi.kpi_benchmark TO bm_direct;
SELECT pg_temp.as_role('bm_reader', $$SELECT measure FROM employment_kpi.kpi_benchmark$$) AS reader,
       pg_temp.as_role('bm_direct', $$SELECT measure FROM employment_kpi.kpi_benchmark$$) AS direct;
ROLLBACK;

SELECT measure, kpi, group_code, seeded, note ~ '^ASSUMED' AS assumed FROM employment_kpi.benchmark_measure ORDER BY 1;
