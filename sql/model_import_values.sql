-- Tests src/sql/model/import_values.sql (and the imports that use it):
-- number_style ('da', 'en', NULL) and date_style ('iso', 'da'), the
-- plausible date window, typed sources, the style errors; every case of the
-- tables in docs/import.md.  Everything is rolled back at the end.
BEGIN;
SET client_min_messages = warning;
\set SHOW_CONTEXT never
SET datestyle = 'ISO, YMD';

-- Every number case under each style: the value read, or the reason.
CREATE TEMP TABLE number_case (value text);
INSERT INTO number_case VALUES
  ('45'), ('-45'), ('+45'), ('45.5'), ('45,5'), ('45.000'), ('45,000'), ('4.500,00'), ('4,500.00'),
  ('1.234.567'), ('1,234,567'), ('1.234.567,89'), ('1,234,567.89'), ('0.000'), ('0,000'), ('.5'), ('5.'),
  ('1e3'), ('4500.50'), ('4500,50'), ('45.00'), ('4.5000'), ('1.23.456'), ('4 500'), ('4.500.00'),
  ('NaN'), ('Infinity'), ('-Infinity'), ('abc'), ('1,5e3');
SELECT c.value,
       employment_kpi_internal.import_number(c.value, NULL) AS "NULL",
       employment_kpi_internal.import_number(c.value, 'da') AS da,
       employment_kpi_internal.import_number(c.value, 'en') AS en
  FROM number_case c ORDER BY c.value COLLATE "C";
-- the reasons (only where a style does not read the value)
SELECT c.value, s.style,
       employment_kpi_internal.import_number_fault('cost_dkk', c.value, s.style) AS reason
  FROM number_case c CROSS JOIN (VALUES (NULL::text), ('da'), ('en')) AS s(style)
 WHERE employment_kpi_internal.import_number(c.value, s.style) IS NULL
   AND c.value IN ('45.000', '4.500,00', '45.5', '4,500.00', 'Infinity', '4 500')
 ORDER BY c.value COLLATE "C", s.style NULLS FIRST;

-- Every date case under each date_style, whatever the server's DateStyle.
SET datestyle = 'SQL, DMY';
CREATE TEMP TABLE date_case (value text);
INSERT INTO date_case VALUES
  ('2026-01-05'), ('2024-02-29'), ('2023-02-29'), ('2026-13-01'), ('2026-04-31'), ('0000-01-01'),
  ('05-01-2026'), ('05.01.2026'), ('5-1-2026'), ('5.1.2026'), ('05-01.2026'), ('29-02-2024'),
  ('29.02.2023'), ('31-04-2026'), ('05/01/2026'), ('01/05/2026'), ('05-01-26'), ('2026/01/05'),
  ('20260105'), ('today'), ('now'), ('epoch'), ('infinity'), ('-infinity'), ('allballs'),
  ('2026-01-05 BC'), ('Jan 5 2026'), ('2026-01-05T10:00'), ('1900-01-01'), ('9999-12-31');
SELECT c.value,
       employment_kpi_internal.import_date(c.value, 'iso') AS iso,
       employment_kpi_internal.import_date(c.value, 'da') AS da
  FROM date_case c ORDER BY c.value COLLATE "C";
SELECT c.value, s.style, employment_kpi_internal.import_date_fault('held_on', c.value, s.style) AS reason
  FROM date_case c CROSS JOIN (VALUES ('iso'), ('da')) AS s(style)
 WHERE employment_kpi_internal.import_date(c.value, s.style) IS NULL
   AND c.value IN ('05-01-2026', '05/01/2026', 'today', '2023-02-29', '31-04-2026')
 ORDER BY c.value COLLATE "C", s.style;
SET datestyle = 'ISO, YMD';

-- Through an import: intervention cost and dates, under each style.
\i test/lib/one_team.sql
CREATE TEMP TABLE st_int (citizen_id text, source_id text, caseworker_id text, type_code text,
                          start_date text, end_date text, cost_dkk text);
INSERT INTO st_int VALUES
  ('p1', 'i1', 'W1', 'mentor', '2026-01-05', '2026-02-27', '45.000'),
  ('p1', 'i2', 'W1', 'mentor', '2026-01-05', NULL,         '4.500,00'),
  ('p1', 'i3', 'W1', 'mentor', '05-01-2026', '27.02.2026', '4500'),
  ('p1', 'i4', 'W1', 'mentor', '2026-01-05', NULL,         '4,500.00'),
  ('p1', 'i5', 'W1', 'mentor', '2026-01-05', NULL,         '45.5');
-- default (NULL, 'iso'): i1 ambiguous, i3's dates need date_style 'da'
SELECT * FROM employment_kpi.import_intervention('st_int');
SELECT source_id, start_date, end_date, cost_dkk FROM employment_kpi.intervention ORDER BY source_id;
SELECT row_data ->> 'source_id' AS source_id, reason FROM employment_kpi.import_reject_open ORDER BY 1;
-- 'da': i1 is 45,000 kroner, i3's Danish dates read; the English i4 and i5 are rejected
SELECT * FROM employment_kpi.import_intervention('st_int', number_style => 'da', date_style => 'da');
SELECT source_id, start_date, end_date, cost_dkk FROM employment_kpi.intervention ORDER BY source_id;
SELECT row_data ->> 'source_id' AS source_id, reason FROM employment_kpi.import_reject_open ORDER BY 1;
-- 'en': i1 is 45 kroner (an update), the Danish i2 is rejected
SELECT * FROM employment_kpi.import_intervention('st_int', 'en', 'da');
SELECT source_id, start_date, end_date, cost_dkk FROM employment_kpi.intervention ORDER BY source_id;
SELECT row_data ->> 'source_id' AS source_id, reason FROM employment_kpi.import_reject_open ORDER BY 1;

-- The plausible window: config, both ends, every date column.
CREATE TEMP TABLE st_exp (source_id text, booked_on text, area text, amount_dkk text);
INSERT INTO employment_kpi.budget_area VALUES ('5.68.90', 'benefit', 'dagpenge', NULL, 'A-dagpenge');
INSERT INTO st_exp VALUES ('b1', '1990-01-01', '5.68.90', '1'), ('b2', '1989-12-31', '5.68.90', '1'),
                          ('b3', '2100-12-31', '5.68.90', '1'), ('b4', '2101-01-01', '5.68.90', '1'),
                          ('b5', '31-12-1899', '5.68.90', '1');
SELECT * FROM employment_kpi.import_expense('st_exp', date_style => 'da');
SELECT row_data ->> 'source_id' AS source_id, reason FROM employment_kpi.import_reject_open
 WHERE target_table = 'expense' ORDER BY 1;
UPDATE employment_kpi.config SET import_date_from = '1800-01-01';
SELECT * FROM employment_kpi.import_expense('st_exp', date_style => 'da');
SELECT source_id, booked_on FROM employment_kpi.expense ORDER BY 1;

-- A typed source is read in its type's form, whatever DateStyle and number_style.
SET datestyle = 'SQL, DMY';
CREATE TEMP TABLE typed_int (citizen_id text, source_id text, caseworker_id text, type_code text,
                             start_date date, end_date date, cost_dkk numeric);
INSERT INTO typed_int VALUES ('p2', 't1', 'W1', 'mentor', '05/01/2026', '2026-12-31'::date, 45.000),
                             ('p2', 't2', 'W1', 'mentor', 'infinity', NULL, 'Infinity');
SELECT * FROM employment_kpi.import_intervention('typed_int', 'da');
SELECT source_id, start_date, end_date, cost_dkk FROM employment_kpi.intervention WHERE citizen_id = 'p2';
SELECT reason FROM employment_kpi.import_reject_open WHERE row_data ->> 'source_id' = 't2';
SET datestyle = 'ISO, YMD';

-- The staging's fast path gives what the readers give, on every number case
-- and every style (the stored text, so the scale counts too).
UPDATE employment_kpi.config SET import_date_from = '1990-01-01';
CREATE TEMP TABLE st_num AS
SELECT value AS source_id, '2026-01-05'::text AS booked_on, '5.68.90'::text AS area, value AS amount_dkk FROM number_case;
CREATE TEMP TABLE fast_vs_reader (style text, value text, stored text, reader text);
DELETE FROM employment_kpi.expense;
SELECT inserted + rejected AS rows FROM employment_kpi.import_expense('st_num');
INSERT INTO fast_vs_reader SELECT 'NULL', c.value, e.amount_dkk::text, employment_kpi_internal.import_number(c.value, NULL)::text
  FROM number_case c LEFT JOIN employment_kpi.expense e ON e.source_id = c.value;
DELETE FROM employment_kpi.expense;
SELECT inserted + rejected AS rows FROM employment_kpi.import_expense('st_num', 'da');
INSERT INTO fast_vs_reader SELECT 'da', c.value, e.amount_dkk::text, employment_kpi_internal.import_number(c.value, 'da')::text
  FROM number_case c LEFT JOIN employment_kpi.expense e ON e.source_id = c.value;
DELETE FROM employment_kpi.expense;
SELECT inserted + rejected AS rows FROM employment_kpi.import_expense('st_num', 'en');
INSERT INTO fast_vs_reader SELECT 'en', c.value, e.amount_dkk::text, employment_kpi_internal.import_number(c.value, 'en')::text
  FROM number_case c LEFT JOIN employment_kpi.expense e ON e.source_id = c.value;
SELECT style, count(*) AS cases, count(*) FILTER (WHERE stored IS NOT NULL) AS read,
       count(*) FILTER (WHERE stored IS NOT DISTINCT FROM reader) AS agree
  FROM fast_vs_reader GROUP BY 1 ORDER BY 1;

-- Unknown styles stop the call (22023).
\set ON_ERROR_ROLLBACK on
SELECT * FROM employment_kpi.import_intervention('st_int', 'de');
SELECT * FROM employment_kpi.import_intervention('st_int', NULL, 'us');
\set ON_ERROR_ROLLBACK off

ROLLBACK;
