-- Tests src/sql/model/storage.sql and model/facts_storage.sql; also model/cpr.sql and model/support_periods.sql.
-- The canonical data model: the seeded reference data as installed, the CPR
-- guard, and support periods on hand-made spells.  Rolled back at the end.
SET datestyle = 'ISO, MDY';
\set SHOW_CONTEXT never

SELECT group_code, label, label_da, valid_from, valid_to FROM employment_kpi.citizen_group ORDER BY group_code;
SELECT group_code, valid_from, mapped_group_code FROM employment_kpi.citizen_group_map ORDER BY group_code;
SELECT type_code, label, label_da FROM employment_kpi.intervention_type ORDER BY type_code;
SELECT effective_from, effective_to, from_week, to_week, rate, note FROM employment_kpi.refund_rate ORDER BY from_week;
SELECT rule_id, group_code, effective_from, effective_to, window_from_week AS wk_from,
       window_to_week AS wk_to, min_conversations AS min_n, coverage_pct
  FROM employment_kpi.contact_rule ORDER BY effective_from, group_code, rule_id;
SELECT * FROM employment_kpi.config;

SELECT x AS id, employment_kpi.is_cpr_like(x)
  FROM unnest(ARRAY['0101901234', '010190-1234', ' 0101901234 ', '01019-01234', '010190 1234',
                    '010190.1234', U&'010190\20131234', '010190--1234', '010190 - 1234',
                    '01019012345', '010190123', 'K0101901234', 'cit-000042', '']) AS x;

BEGIN;
-- A citizen's spells may not overlap (end dates are inclusive) ...
INSERT INTO employment_kpi.support_spell VALUES ('a', '1', 'dagpenge', '2024-01-01', '2024-01-31', 'other_benefit', 4600);
SAVEPOINT s;
INSERT INTO employment_kpi.support_spell VALUES ('a', 'x', 'dagpenge', '2024-01-31', '2024-02-05', NULL, NULL);
ROLLBACK TO s;
-- ... and never carry a CPR number.
INSERT INTO employment_kpi.support_spell VALUES ('010190-1234', '1', 'dagpenge', '2024-01-01', NULL, NULL, NULL);
ROLLBACK;

BEGIN;
INSERT INTO employment_kpi.support_spell VALUES
  ('a', '1', 'dagpenge',     '2024-01-01', '2024-01-31', 'other_benefit', 4600),
  ('a', '2', 'sygedagpenge', '2024-02-28', '2024-03-31', 'job', NULL),          -- 28 days after: same period
  ('a', '3', 'dagpenge',     '2024-04-29', NULL, NULL, 4600),                   -- 29 days after: new period
  ('b', '1', 'kontanthjaelp_jobparat', '2024-01-01', '2024-06-30', 'moved', NULL),
  ('c', '1', 'sygedagpenge', '2024-01-01', '2024-02-15', 'deceased', NULL),
  ('d', '1', 'uddannelseshjaelp', '2023-09-01', '2023-12-31', 'education', NULL),
  ('d', '2', 'uddannelseshjaelp', '2024-08-01', '2024-08-31', NULL, NULL);
SELECT * FROM employment_kpi.support_period ORDER BY citizen_id, period_no;
-- As known on 15 March 2024: a's second spell is still running, its third
-- has not started, d's second spell is in the future.
SELECT * FROM employment_kpi.support_periods('2024-03-15') ORDER BY citizen_id, period_no;
-- The grace period is a setting.
UPDATE employment_kpi.config SET exit_grace_days = 29;
SELECT citizen_id, period_no, start_date, end_date, spells FROM employment_kpi.support_period
 WHERE citizen_id = 'a' ORDER BY period_no;
ROLLBACK;
