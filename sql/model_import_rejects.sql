-- Tests src/sql/model/import.sql (rejects) and model/cpr.sql: every fault of
-- a row in one entry, rejected = the rows import_reject stands for
-- (source_rows), resolved rejects and import_reject_open, CPR-like values in
-- every id column and their masking, import_budget_area.  Rolled back.
BEGIN;
SET client_min_messages = warning;
\set SHOW_CONTEXT never
SET datestyle = 'ISO, YMD';

-- import_budget_area, and the reasons that say how to fix.
CREATE TEMP TABLE st_area (area text, kind text, group_code text, type_code text, label text);
INSERT INTO st_area VALUES
  ('5.68.90', 'benefit',      'dagpenge', NULL,     'A-dagpenge'),
  ('5.68.91', 'intervention', NULL,       'mentor', 'Mentor'),
  ('5.68.92', 'salary',       'flexjob',  'yoga',   'Three faults'),
  ('',        'other',        NULL,       NULL,     '');
CREATE TEMP TABLE st_budget (fiscal_year text, area text, amount_dkk text);
INSERT INTO st_budget VALUES ('2026', '5.68.90', '12.000.000'), ('2026', '5.68.91', '1.000.000,50');
-- budgets before their areas: rejected, with the way out
SELECT * FROM employment_kpi.import_budget('st_budget', 'da');
SELECT reason FROM employment_kpi.import_reject_open WHERE target_table = 'budget' ORDER BY reject_id;
SELECT * FROM employment_kpi.import_budget_area('st_area');
SELECT * FROM employment_kpi.budget_area ORDER BY area;
SELECT row_data ->> 'label' AS label, reason FROM employment_kpi.import_reject_open
 WHERE target_table = 'budget_area' ORDER BY reject_id;
-- now the budgets are accepted and their rejects resolved, not deleted
SELECT * FROM employment_kpi.import_budget('st_budget', 'da');
SELECT * FROM employment_kpi.budget ORDER BY area;
SELECT target_table, row_data ->> 'area' AS area, resolution, resolved_at IS NOT NULL AS resolved
  FROM employment_kpi.import_reject WHERE target_table = 'budget' ORDER BY reject_id;
SELECT count(*) AS open_budget_rejects FROM employment_kpi.import_reject_open WHERE target_table = 'budget';

-- Every fault of a row in one entry.
\i test/lib/one_team.sql
CREATE TEMP TABLE st_spell (citizen_id text, source_id text, group_code text, start_date text,
                            end_date text, exit_reason text, weekly_benefit_dkk text);
INSERT INTO st_spell VALUES
  ('p1', 's1', 'flexjob',  '2026-02-30', '1989-01-01', 'fired', '45.000'),
  ('p2', 's1', 'dagpenge', '2026-03-02', '2026-03-01', 'job',   '-4.500,00'),
  ('p3', 's1', NULL,       NULL,         NULL,         'job',   NULL);
SELECT * FROM employment_kpi.import_support_spell('st_spell');
SELECT row_data ->> 'citizen_id' AS citizen_id, string_to_array(reason, '; ') AS faults
  FROM employment_kpi.import_reject_open WHERE target_table = 'support_spell' ORDER BY 1;

-- rejected = the source rows the entries stand for: two identical bad rows
-- are one entry with source_rows 2.
CREATE TEMP TABLE st_conv (citizen_id text, source_id text, caseworker_id text, held_on text);
INSERT INTO st_conv VALUES ('p1', 'c1', 'W9', '2026-01-05'), ('p1', 'c1', 'W9', '2026-01-05'),
                           ('p1', 'c2', 'W1', '2026-01-05'), ('p1', 'c3', 'W9', '5.1.2026');
SELECT * FROM employment_kpi.import_conversation('st_conv');
SELECT row_data ->> 'source_id' AS source_id, source_rows, reason
  FROM employment_kpi.import_reject_open WHERE target_table = 'conversation' ORDER BY 1;
SELECT sum(source_rows) AS rows_in_import_reject
  FROM employment_kpi.import_reject WHERE target_table = 'conversation'
   AND last_seen_at = (SELECT max(last_seen_at) FROM employment_kpi.import_reject WHERE target_table = 'conversation');
-- a re-run: the same counts, no new entry, the same open list
SELECT * FROM employment_kpi.import_conversation('st_conv');
SELECT count(*) AS entries, sum(source_rows) AS source_rows
  FROM employment_kpi.import_reject WHERE target_table = 'conversation';
-- one copy fixed: c1 still rejected once (source_rows 1), and the other
-- copy accepted resolves nothing else; c3 fixed differently but still bad:
-- its old entry is superseded by the new one
DELETE FROM st_conv WHERE ctid = (SELECT min(ctid) FROM st_conv WHERE source_id = 'c1');
UPDATE st_conv SET held_on = '05-01-2026' WHERE source_id = 'c3';
SELECT * FROM employment_kpi.import_conversation('st_conv');
SELECT row_data ->> 'source_id' AS source_id, source_rows, resolution, reason
  FROM employment_kpi.import_reject WHERE target_table = 'conversation' ORDER BY reject_id;
-- all fixed: every conversation reject resolved as accepted
UPDATE st_conv SET caseworker_id = 'W1';
SELECT * FROM employment_kpi.import_conversation('st_conv', date_style => 'da');
SELECT row_data ->> 'source_id' AS source_id, resolution
  FROM employment_kpi.import_reject WHERE target_table = 'conversation' ORDER BY reject_id;
SELECT count(*) AS open_conversation_rejects FROM employment_kpi.import_reject_open WHERE target_table = 'conversation';
-- a row bad again after it was accepted reopens its entry
UPDATE st_conv SET caseworker_id = 'W9' WHERE source_id = 'c2';
SELECT * FROM employment_kpi.import_conversation('st_conv', date_style => 'da');
SELECT row_data ->> 'source_id' AS source_id, reason FROM employment_kpi.import_reject_open
 WHERE target_table = 'conversation';

-- CPR numbers in any id column, in every written form, are rejected and
-- masked: citizen, source, caseworker and team ids.
SELECT v AS written, employment_kpi.is_cpr_like(v) AS cpr_like, employment_kpi_internal.mask_cpr('x ' || v || ' y') AS masked
  FROM unnest(ARRAY['0101901234', '010190-1234', '010190 1234', '010190.1234', '010190/1234',
                    U&'010190\20131234', U&'010190\20141234', '010190 - 1234', ' 010190-1234 ',
                    '01019012345', '101901234', '010190--1234', '2026-01-05', 'p-0101']) AS v;
CREATE TEMP TABLE st_team (team_id text, team_name text, leader_role text);
INSERT INTO st_team VALUES ('010190/1234', 'Team 010190 1234', NULL);
SELECT * FROM employment_kpi.import_team('st_team');
CREATE TEMP TABLE st_cw (caseworker_id text, caseworker_name text, team_id text, login_role text);
INSERT INTO st_cw VALUES ('010190.1234', 'Bo', 'T1', NULL), ('W2', 'Carl', U&'010190\20131234', NULL);
SELECT * FROM employment_kpi.import_caseworker('st_cw');
CREATE TEMP TABLE st_assign (citizen_id text, source_id text, caseworker_id text, start_date text, end_date text);
INSERT INTO st_assign VALUES ('p1', '010190 1234', 'W1', '2026-01-05', NULL),
                             ('p1', 'a1', '0101901234', '2026-01-05', NULL);
SELECT * FROM employment_kpi.import_case_assignment('st_assign');
SELECT target_table, row_data, reason FROM employment_kpi.import_reject_open
 WHERE target_table IN ('team', 'caseworker', 'case_assignment') ORDER BY reject_id;
SELECT count(*) AS cpr_like_runs_in_import_reject
  FROM employment_kpi.import_reject r
 WHERE employment_kpi_internal.mask_cpr(r.row_data::text) <> r.row_data::text
    OR employment_kpi_internal.mask_cpr(r.reason) <> r.reason;

ROLLBACK;
