-- Tests src/sql/bi/quality.sql and quality_storage.sql (data_quality,
-- kpi_data_quality, spell_duration_limit): one hand-made fault per check,
-- and who sees what.
SET client_min_messages = warning;
\i test/lib/err.sql
\i test/lib/as_role.sql
BEGIN;
INSERT INTO employment_kpi.team VALUES ('T1', 'Team 1', NULL), ('T2', 'Team 2', NULL);
INSERT INTO employment_kpi.caseworker VALUES ('W1', 'One', 'T1'), ('W2', 'Two', 'T1'), ('W3', 'Three', 'T2');
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason) VALUES
  ('q-1', 'S-1', 'dagpenge',     '2024-01-01', NULL,         NULL),    -- fine
  ('q-2', 'S-2', 'sygedagpenge', '2024-01-01', NULL,         NULL),    -- no caseworker
  ('q-3', 'S-3', 'dagpenge',     '2021-01-04', NULL,         NULL),    -- open for 169 weeks (limit 104)
  ('q-4', 'S-4', 'dagpenge',     '2024-01-01', '2024-01-31', 'job'),
  ('q-5', 'S-5', 'dagpenge',     '2024-04-08', NULL,         NULL),    -- starts after as_of
  ('q-6', '0101901234', 'sygedagpenge', '2024-02-05', NULL,  NULL);    -- no caseworker, a CPR-like record id
INSERT INTO employment_kpi.case_assignment VALUES
  ('q-1', 'A1',  'W1', '2024-01-01', NULL),
  ('q-1', 'A1b', 'W2', '2024-02-01', '2024-02-29'),                    -- overlaps A1
  ('q-3', 'A3',  'W2', '2021-01-04', NULL),
  ('q-4', 'A4',  'W1', '2024-01-01', '2024-01-31'),
  ('q-5', 'A5',  'W3', '2024-04-08', NULL);                            -- starts after as_of
-- team T1 holds a conversation every week of 2024-W02..W13 but W07; T2 one in W12
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on)
SELECT 'q-1', 'C-1-' || w, 'W1', DATE '2024-01-08' + 7 * w + 2
  FROM generate_series(0, 11) AS w WHERE DATE '2024-01-08' + 7 * w <> '2024-02-12';
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, status) VALUES
  ('q-4', 'C-4a', 'W1', '2024-01-10', 'held'),
  ('q-4', 'C-4b', 'W1', '2024-02-22', 'held'),       -- after q-4's spell
  ('q-4', 'C-4c', 'W1', '2024-02-23', 'no_show'),    -- not held: not a conversation outside a spell
  ('q-3', 'C-3',  'W3', '2024-03-20', 'held'),
  ('q-1', 'C-9',  'W1', '2024-05-01', 'held');       -- after as_of
INSERT INTO employment_kpi.intervention VALUES
  ('q-4', 'I-4', 'W1', 'virksomhedspraktik', '2024-02-20', '2024-03-10', 1000),   -- no spell that day
  ('q-1', 'I-5', 'W1', 'virksomhedspraktik', '2024-02-20', NULL, NULL),           -- no cost
  ('q-1', 'I-6', 'W1', 'mentor', '2024-03-01', NULL, 500);                         -- fine
INSERT INTO employment_kpi.budget_area VALUES ('5.68.90', 'benefit', NULL, NULL, 'Dagpenge');
INSERT INTO employment_kpi.expense VALUES ('E-0', '2024-03-01', '5.68.90', 100), ('E-1', '2024-04-15', '5.68.90', 100);

SELECT check_name, problems, examples, example_citizens FROM employment_kpi.data_quality('2024-03-31');
-- the view: as of the data's end
UPDATE employment_kpi.config SET data_end_override = '2024-03-31';
SELECT DISTINCT checked_on FROM employment_kpi.data_quality();
SELECT as_of, week_label, check_name, problems, examples FROM employment_kpi.kpi_data_quality;

-- as of 2024-02-21 C-4b (22 February) is a future date, not yet a
-- conversation outside a spell; the limits are data: 7 weeks for
-- sygedagpenge finds q-2 (52 days on 21 February)
UPDATE employment_kpi.spell_duration_limit SET max_weeks = 7 WHERE group_code = 'sygedagpenge';
SELECT check_name, problems, examples FROM employment_kpi.data_quality('2024-02-21')
 WHERE check_name IN ('conversation_outside_spell', 'offer_outside_spell', 'spell_too_long', 'future_date', 'team_week_without_conversations');
SELECT pg_temp.err($$SELECT * FROM employment_kpi.data_quality('infinity')$$);


-- who sees what: readers the counts and record ids, analysts the citizen ids
CREATE ROLE dq_reader;
CREATE ROLE dq_analyst;
CREATE ROLE dq_direct;
CREATE ROLE dq_nobody;
SELECT employment_kpi.grant_reader('dq_reader');
SELECT employment_kpi.grant_analyst('dq_analyst');
GRANT USAGE ON SCHEMA employment_kpi TO dq_direct;
GRANT SELECT ON employment_kpi.kpi_data_quality TO dq_direct;
SELECT pg_temp.as_role('dq_reader', $$SELECT coalesce(example_citizens, '(none)') FROM employment_kpi.kpi_data_quality$$) AS reader_citizens,
       pg_temp.as_role('dq_reader', $$SELECT problems::text FROM employment_kpi.kpi_data_quality WHERE check_name = 'future_date'$$) AS reader_problems,
       pg_temp.as_role('dq_analyst', $$SELECT example_citizens FROM employment_kpi.kpi_data_quality WHERE check_name = 'open_spell_without_caseworker'$$) AS analyst_citizens,
       pg_temp.as_role('dq_direct', $$SELECT check_name FROM employment_kpi.kpi_data_quality$$) AS direct_rows,
       pg_temp.as_role('dq_direct', $$SELECT check_name FROM employment_kpi.data_quality('2024-03-31')$$) AS direct_call,
       pg_temp.as_role('dq_nobody', $$SELECT check_name FROM employment_kpi.kpi_data_quality$$) AS nobody;
ROLLBACK;

-- the seeded limits cite their reason and say what is assumed
SELECT group_code, max_weeks, seeded, note ~ '^ASSUMED' AS assumed FROM employment_kpi.spell_duration_limit ORDER BY 1;
