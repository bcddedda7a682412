-- Tests src/sql/model/import.sql; also model/cpr.sql.
-- The import functions: every reject reason, CPR masking, idempotent re-runs,
-- updates, and the load order.  Everything is rolled back at the end.
BEGIN;
SET client_min_messages = warning;
SET datestyle = 'ISO, MDY';
\set SHOW_CONTEXT never

-- Staging tables as a municipality's ETL fills them from CSV: all text.
CREATE TEMP TABLE st_team (team_id text, team_name text, leader_role text);
INSERT INTO st_team VALUES
  ('T1', 'Team Nord', 'leader_nord'),
  ('T2', ' Team Syd ', ''),              -- trimmed; '' reads as NULL
  ('T3', NULL, NULL),                    -- NULL in required column
  ('T1', 'Team Nord', 'leader_nord');    -- exact duplicate: counts once
SELECT * FROM employment_kpi.import_team('st_team');

CREATE TEMP TABLE st_caseworker (caseworker_id text, caseworker_name text, team_id text, extra_column text, login_role text);
INSERT INTO st_caseworker VALUES
  ('W1', 'Anna', 'T1', 'ignored'),
  ('W2', 'Bo',   'T2', NULL),
  ('W3', 'Carl', 'T9', NULL),            -- unknown team_id
  ('W4', 'Dina', 'T1', NULL),
  ('W4', 'Dina', 'T2', NULL);            -- same key, different values
SELECT * FROM employment_kpi.import_caseworker('st_caseworker');

INSERT INTO employment_kpi.support_spell VALUES
  ('p-stored', 'old', 'dagpenge', '2024-01-01', '2024-03-31', 'job', NULL),
  ('p-keep',   'k1',  'dagpenge', '2024-01-01', '2024-01-31', 'job', NULL);

CREATE TEMP TABLE st_spell (citizen_id text, source_id text, group_code text, start_date text,
                            end_date text, exit_reason text, weekly_benefit_dkk text);
INSERT INTO st_spell VALUES
  ('p1',          's1', 'dagpenge',     '2024-01-01', '2024-03-31', 'job',    '4500.00'),
  ('p1',          's2', 'sygedagpenge', '2024-04-01', NULL,         NULL,     NULL),
  ('p2',          's1', 'dagpenge',     '2024-01-01', '2026-13-01', NULL,     NULL),
  ('p3',          's1', 'dagpenge',     '01-01-2024x', NULL,        NULL,     NULL),
  ('0101901234',  's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     NULL),
  ('010190-1234', 's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     NULL),
  ('p4',          's1', 'flexjob',      '2024-01-01', NULL,         NULL,     NULL),
  ('p5',          's1', 'dagpenge',     '2024-02-01', '2024-01-31', 'job',    NULL),
  ('p6',          's1', 'dagpenge',     '2024-01-01', '2024-01-31', 'fired',  NULL),
  ('p7',          's1', 'dagpenge',     '2024-01-01', NULL,         'job',    NULL),
  ('p8',          's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     '-10'),
  ('p9',          's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     '45.000'),      -- ambiguous without number_style
  ('p10',         's1', 'dagpenge',     '2024-01-01', '2024-01-31', NULL,     NULL),
  ('p10',         's2', 'dagpenge',     '2024-01-31', NULL,         NULL,     NULL),
  ('p-stored',    'new','dagpenge',     '2024-03-01', NULL,         NULL,     NULL),
  ('p11',         's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     NULL),
  ('p11',         's1', 'dagpenge',     '2024-02-01', NULL,         NULL,     NULL),
  ('p12',         NULL, 'dagpenge',     '2024-01-01', NULL,         NULL,     NULL),
  ('p13',         's1', NULL,           '2024-01-01', NULL,         NULL,     NULL),
  ('p14',         's1', 'dagpenge',     '',           NULL,         NULL,     NULL),
  ('p15',         's1', 'dagpenge',     '2024-02-29', '2024-02-30', NULL,     NULL),
  ('p16',         's1', 'dagpenge',     'infinity',   NULL,         NULL,     NULL),
  ('p17',         's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     'NaN'),
  -- no silent misread: dates only as YYYY-MM-DD, no infinite amounts, and
  -- CPR numbers written with a space, a dot or an en dash
  ('p18',         's1', 'dagpenge',     'today',      NULL,         NULL,     NULL),
  ('p19',         's1', 'dagpenge',     'epoch',      NULL,         NULL,     NULL),
  ('p20',         's1', 'dagpenge',     '2024-01-08 BC', NULL,      NULL,     NULL),
  ('p21',         's1', 'dagpenge',     '01-02-2024', NULL,         NULL,     NULL),
  ('p22',         's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     'Infinity'),
  ('p23',         's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     '-Infinity'),
  ('010190 1234', 's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     NULL),
  ('010190.1234', 's1', 'dagpenge',     '2024-01-01', NULL,         NULL,     NULL),
  (U&'010190\20131234', 's1', 'dagpenge', '2024-01-01', NULL,       NULL,     NULL),
  -- p-keep: the stored k1 (January) is moved to June, where it overlaps k3,
  -- so both are rejected; the stored k1 then stays, and k2 (which only
  -- overlaps the stored k1) is rejected in the second round
  ('p-keep',      'k1', 'dagpenge',     '2024-06-01', '2024-06-30', 'job',    NULL),
  ('p-keep',      'k3', 'dagpenge',     '2024-06-15', NULL,         NULL,     NULL),
  ('p-keep',      'k2', 'dagpenge',     '2024-01-15', '2024-01-20', 'job',    NULL),
  ('p-keep',      'k4', 'dagpenge',     '2024-03-01', '2024-03-31', 'job',    NULL);
SELECT * FROM employment_kpi.import_support_spell('st_spell');

SELECT reject_id > 0 AS has_id, target_table, row_data, reason
  FROM employment_kpi.import_reject ORDER BY reject_id;
SELECT * FROM employment_kpi.support_spell ORDER BY citizen_id, source_id;

-- No CPR-like value is stored anywhere in the reject table.
SELECT count(*) AS cpr_like_values_in_import_reject
  FROM employment_kpi.import_reject r, jsonb_each_text(r.row_data) AS kv
 WHERE employment_kpi.is_cpr_like(kv.value) OR r.reason ~ '[0-9]{6}-?[0-9]{4}';

-- A re-run changes nothing and records no reject twice.
SELECT * FROM employment_kpi.import_support_spell('st_spell');
SELECT count(*) AS rejects_after_rerun FROM employment_kpi.import_reject;

-- Changed rows are updated (including a spell moved onto dates it only
-- frees in the same run), identical rows left alone.
UPDATE st_spell SET end_date = '2024-02-29', exit_reason = 'education' WHERE citizen_id = 'p1' AND source_id = 's1';
UPDATE st_spell SET start_date = '2024-03-01' WHERE citizen_id = 'p1' AND source_id = 's2';
SELECT * FROM employment_kpi.import_support_spell('st_spell');
SELECT * FROM employment_kpi.support_spell WHERE citizen_id = 'p1' ORDER BY source_id;

-- case_assignment, conversation, intervention
CREATE TEMP TABLE st_assign (citizen_id text, source_id text, caseworker_id text, start_date text, end_date text);
INSERT INTO st_assign VALUES
  ('p1', 'a1', 'W1', '2024-01-01', NULL),
  ('p1', 'a2', 'W3', '2024-01-01', NULL),           -- W3 was rejected: unknown
  ('p1', 'a3', 'W1', '2024-05-01', '2024-04-30'),
  ('0101901234', 'a1', 'W1', '2024-01-01', NULL);
SELECT * FROM employment_kpi.import_case_assignment('st_assign');

CREATE TEMP TABLE st_conv (citizen_id text, source_id text, caseworker_id text, held_on text, status text);
INSERT INTO st_conv VALUES                            -- no kind column: defaults to 'job'
  ('p1', 'c1', 'W1', '2024-01-03', 'held'),
  ('p1', 'c2', 'W2', '2024-01-10', NULL),            -- NULL status: default 'held'
  ('p1', 'c3', 'W1', '2024-01-17', 'maybe'),
  ('p1', 'c4', 'WX', '2024-01-17', 'held'),
  ('p1', 'c5', 'W1', '17/01/2024', 'held');
SELECT * FROM employment_kpi.import_conversation('st_conv');
SELECT * FROM employment_kpi.conversation ORDER BY citizen_id, source_id;

CREATE TEMP TABLE st_int (citizen_id text, source_id text, caseworker_id text, type_code text,
                          start_date text, end_date text, cost_dkk text);
INSERT INTO st_int VALUES
  ('p1', 'i1', NULL, 'virksomhedspraktik', '2024-02-01', '2024-03-15', '0'),
  ('p1', 'i2', 'W1', 'yoga',               '2024-02-01', NULL, NULL),
  ('p1', 'i3', 'W9', 'mentor',             '2024-02-01', NULL, NULL),
  ('p1', 'i4', 'W1', 'mentor',             '2024-02-01', '2024-01-01', NULL),
  ('p1', 'i5', 'W1', 'mentor',             '2024-02-01', NULL, '-1200');
SELECT * FROM employment_kpi.import_intervention('st_int');

-- budget_area has no import (a short list kept by hand); budget, budget_month, expense
INSERT INTO employment_kpi.budget_area VALUES ('5.68.90', 'benefit', 'dagpenge', NULL, 'A-dagpenge');
CREATE TEMP TABLE st_budget (fiscal_year text, area text, amount_dkk text);
INSERT INTO st_budget VALUES ('2026', '5.68.90', '12000000'), ('2026', '9.99', '1'),
                             ('1066', '5.68.90', '1'), ('2027', '5.68.90', '-5'), ('twenty', '5.68.90', '1');
SELECT * FROM employment_kpi.import_budget('st_budget');
CREATE TEMP TABLE st_month (fiscal_year int, area text, month int, amount_dkk numeric);  -- typed source
INSERT INTO st_month VALUES (2026, '5.68.90', 1, 1000000), (2026, '5.68.90', 13, 1),
                            (2025, '5.68.90', 1, 1), (2026, '5.68.90', 2, -1);
SELECT * FROM employment_kpi.import_budget_month('st_month');
CREATE TEMP TABLE st_expense (source_id text, booked_on text, area text, amount_dkk text);
INSERT INTO st_expense VALUES ('b1', '2026-01-05', '5.68.90', '250000'), ('b2', '2026-01-06', '5.68.90', '-1000'),
                              ('b3', '2026-01-06', '1.00', '5'), ('b4', '2026-01-06', '5.68.90', NULL);
SELECT * FROM employment_kpi.import_expense('st_expense');

SELECT target_table, row_data, reason FROM employment_kpi.import_reject
 WHERE target_table NOT IN ('support_spell') ORDER BY reject_id;

-- Whole-call errors (not rejects): a missing column, an unknown table, NULL.
CREATE TEMP TABLE st_bad (citizen_id text, source_id text);
-- an error undoes only its own statement (psql's implicit savepoints)
\set ON_ERROR_ROLLBACK on
SELECT * FROM employment_kpi.import_support_spell('st_bad');
SELECT * FROM employment_kpi_internal.import_rows('citizen_group', 'st_bad');
SELECT * FROM employment_kpi_internal.import_rows(NULL, 'st_bad');
SELECT * FROM employment_kpi.import_support_spell(NULL);

ROLLBACK;
