-- Tests src/sql/model/seed.sql (seeds across dump and restore); also model/storage.sql.
-- pg_dump / restore round-trip of a database using employment_kpi: user rows
-- of every table, changed and deleted seed rows, the config row and the
-- reject log must come back exactly, without colliding with the seeds that
-- the restore's CREATE EXTENSION writes again.  Runs in two databases of its
-- own, dropped at the end.
SET client_min_messages = warning;
DROP DATABASE IF EXISTS ekpi_dump_src;
DROP DATABASE IF EXISTS ekpi_dump_dst;
CREATE DATABASE ekpi_dump_src;
CREATE DATABASE ekpi_dump_dst;
\c ekpi_dump_src
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;

-- Reference data: add, change and delete seed rows.
INSERT INTO employment_kpi.citizen_group VALUES ('flexjob', 'Flex job', 'Fleksjob');
UPDATE employment_kpi.citizen_group SET label = 'A-dagpenge (insured unemployment benefit)' WHERE group_code = 'dagpenge';
DELETE FROM employment_kpi.contact_rule WHERE group_code = 'revalidering';
DELETE FROM employment_kpi.citizen_group WHERE group_code = 'revalidering';
UPDATE employment_kpi.refund_rate SET rate = 0.15 WHERE from_week = 53;
UPDATE employment_kpi.refund_rate SET from_week = 6 WHERE from_week = 5;          -- a changed key
INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES ('2016-01-04', 5, 5, 0.5);
-- a staircase of the user's own from 2030 (keys of two columns)
INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate, note) VALUES ('2030-01-07', 1, NULL, 0.5, 'local');
-- dated groups and their mapping: a relabelled 2027 group, a changed and
-- a deleted mapping, a mapping of the user's own (deleting revalidering
-- above took its mapping with it)
UPDATE employment_kpi.citizen_group SET label_da = 'Jobhjælp' WHERE group_code = 'jobhjaelpsindsats';
UPDATE employment_kpi.citizen_group_map SET mapped_group_code = 'jobhjaelpsindsats' WHERE group_code = 'integration';
DELETE FROM employment_kpi.citizen_group_map WHERE group_code = 'jobafklaring';
INSERT INTO employment_kpi.citizen_group_map VALUES ('flexjob', '2027-01-01', 'jobsoegningsindsats', 'local');
INSERT INTO employment_kpi.contact_rule VALUES ('local_flexjob', 'flexjob', '2026-01-01', NULL, 0, 13, 2, NULL, 'local rule');
UPDATE employment_kpi.contact_rule SET window_to_week = 13 WHERE rule_id = 'l1750_kh_jobparat_first';
INSERT INTO employment_kpi.intervention_type VALUES ('other', 'Other offer (local)', 'Andet tilbud (lokalt)');
UPDATE employment_kpi.config SET exit_grace_days = 30, suppression_k = 3;
INSERT INTO employment_kpi.budget_area VALUES ('A', 'benefit', 'flexjob', NULL, 'Flex');

-- Organisation and facts, some through the import (so import_reject has rows).
\i test/lib/one_team.sql
CREATE TEMP TABLE st (citizen_id text, source_id text, group_code text, start_date text,
                      end_date text, exit_reason text, weekly_benefit_dkk text);
INSERT INTO st VALUES ('c1', '1', 'flexjob', '2024-01-01', '2024-02-01', 'job', '10'),
                      ('c2', '1', 'revalidering', '2024-01-01', NULL, NULL, NULL),
                      ('0101901234', '1', 'dagpenge', '2024-01-01', NULL, NULL, NULL);
SELECT * FROM employment_kpi.import_support_spell('st');
INSERT INTO employment_kpi.case_assignment VALUES ('c1', 'a', 'W1', '2024-01-01', NULL);
INSERT INTO employment_kpi.conversation VALUES ('c1', 'k', 'W1', '2024-01-05', 'job', 'held');
INSERT INTO employment_kpi.intervention VALUES ('c1', 'i', 'W1', 'mentor', '2024-01-10', NULL, 100);
INSERT INTO employment_kpi.budget VALUES (2026, 'A', 1000);
INSERT INTO employment_kpi.budget_month VALUES (2026, 'A', 1, 100);
INSERT INTO employment_kpi.expense VALUES ('e1', '2026-01-05', 'A', -5);

\i test/lib/model_state.sql
-- Row counts of the data model's own tables (the identity check below covers
-- every table of the schema, including those later parts add).
SELECT tab, n FROM pg_temp.model_state()
 WHERE tab IN ('budget', 'budget_area', 'budget_month', 'case_assignment', 'caseworker',
               'citizen_group', 'citizen_group_map', 'config', 'contact_rule', 'conversation', 'expense',
               'import_reject', 'intervention', 'intervention_type', 'refund_rate',
               'seed_removed', 'support_spell', 'team');
SELECT string_agg(tab || ':' || n || ':' || hash, ' ') AS src_state FROM pg_temp.model_state() \gset

\! pg_dump -d ekpi_dump_src -f results/model_seed.dump
\! psql -X -q -v ON_ERROR_STOP=1 -d ekpi_dump_dst -f results/model_seed.dump >/dev/null 2>results/model_seed.restore-errors && echo restore succeeded

\c ekpi_dump_dst
SET client_min_messages = warning;
SET datestyle = 'ISO, MDY';
\i test/lib/model_state.sql
SELECT string_agg(tab || ':' || n || ':' || hash, ' ') = :'src_state' AS identical_after_restore
  FROM pg_temp.model_state();
SELECT group_code, label, seeded FROM employment_kpi.citizen_group WHERE NOT seeded ORDER BY 1;
SELECT effective_from, from_week, to_week, rate FROM employment_kpi.refund_rate ORDER BY 1, 2;
SELECT group_code, valid_from, mapped_group_code, seeded FROM employment_kpi.citizen_group_map
 WHERE NOT seeded OR group_code IN ('jobafklaring', 'revalidering') ORDER BY 1;
SELECT table_name, key_value FROM employment_kpi_internal.seed_removed ORDER BY 1, 2;
SELECT exit_grace_days, suppression_k FROM employment_kpi.config;
-- The reject sequence continues after the restored rows.
SELECT nextval('employment_kpi.import_reject_reject_id_seq') > max(reject_id) AS sequence_restored
  FROM employment_kpi.import_reject;

\c contrib_regression
SET client_min_messages = warning;
DROP DATABASE ekpi_dump_src;
DROP DATABASE ekpi_dump_dst;
