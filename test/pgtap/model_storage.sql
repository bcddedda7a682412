-- Tests src/sql/model/storage.sql and model/facts_storage.sql; also model/seed.sql, model/support_periods.sql and the comments of every source.
-- pgTAP: the canonical data model: every constraint,
-- the seeds, the seed bookkeeping, support periods, and COMMENT coverage of
-- the whole schema.
BEGIN;
SELECT plan(180);

SET LOCAL search_path = employment_kpi, public;

-- violates(sql): runs a statement expected to fail and returns
-- "SQLSTATE constraint" (or "SQLSTATE column" for NOT NULL), recording the
-- constraint, so the last test can check that every constraint was hit.
CREATE TEMP TABLE tested_constraint (conname text);
CREATE FUNCTION pg_temp.violates(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; con text; col text;
BEGIN
  BEGIN
    EXECUTE stmt;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, con = CONSTRAINT_NAME, col = COLUMN_NAME;
    IF con <> '' THEN INSERT INTO tested_constraint VALUES (con); END IF;
    RETURN st || ' ' || coalesce(nullif(con, ''), col);
  END;
  RETURN 'no error';
END $$;


-------------------------------------------------------------------------------
-- COMMENT on every table, view, column and function of the schema
-------------------------------------------------------------------------------
SELECT is(
  (SELECT string_agg(c.relname || '.' || a.attname, ', ' ORDER BY c.relname, a.attnum)
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'employment_kpi'
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
      AND pg_catalog.col_description(c.oid, a.attnum) IS NULL),
  NULL, 'every column of every table and view in employment_kpi has a COMMENT');
SELECT is(
  (SELECT string_agg(c.relname, ', ' ORDER BY c.relname)
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'employment_kpi'
    WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
      AND pg_catalog.obj_description(c.oid, 'pg_class') IS NULL),
  NULL, 'every table and view in employment_kpi has a COMMENT');
SELECT is(
  (SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY 1)
     FROM pg_proc p
     JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'employment_kpi'
    WHERE pg_catalog.obj_description(p.oid, 'pg_proc') IS NULL),
  NULL, 'every function in employment_kpi has a COMMENT');
SELECT is(
  (SELECT string_agg(c.relname, ', ' ORDER BY c.relname)
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'employment_kpi'
    WHERE c.relkind = 'i'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
      AND pg_catalog.obj_description(c.oid, 'pg_class') IS NULL),
  NULL, 'every index (other than a constraint''s) in employment_kpi has a COMMENT');
SELECT is(
  (SELECT string_agg(t.tgname || ' ON ' || t.tgrelid::regclass, ', ' ORDER BY 1)
     FROM pg_trigger t
     JOIN pg_class c ON c.oid = t.tgrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'employment_kpi'
    WHERE NOT t.tgisinternal
      AND pg_catalog.obj_description(t.oid, 'pg_trigger') IS NULL),
  NULL, 'every trigger in employment_kpi has a COMMENT');

-------------------------------------------------------------------------------
-- Seeds
-------------------------------------------------------------------------------
SELECT is((SELECT count(*) FROM citizen_group WHERE seeded AND valid_to = '2026-12-31' AND valid_from IS NULL), 10::bigint,
          '10 seeded target groups valid until the 2027 reform');
SELECT is((SELECT count(*) FROM citizen_group WHERE seeded AND valid_from = '2027-01-01' AND valid_to IS NULL AND note ~ '^ASSUMED'), 5::bigint,
          '5 seeded target groups of the 2027 reform, marked as assumed');
SELECT results_eq(
  $$SELECT mapped_group_code, count(*)::int FROM employment_kpi.citizen_group_map
     WHERE seeded AND valid_from = '2027-01-01' AND note ~ '^ASSUMED' GROUP BY 1 ORDER BY 1$$,
  $$VALUES ('dagpengeindsats', 1), ('jobhjaelpsindsats', 3), ('jobsoegningsindsats', 4), ('sygedagpengeindsats', 2)$$,
  'every current group is mapped to a 2027 group from 1 January 2027 (assumed)');
SELECT is((SELECT count(*) FROM intervention_type WHERE seeded), 7::bigint, '7 seeded intervention types');
SELECT is((SELECT count(*) FROM contact_rule WHERE seeded), 17::bigint, '17 seeded contact rules');
SELECT results_eq(
  'SELECT effective_from, effective_to, from_week, to_week, rate FROM employment_kpi.refund_rate ORDER BY from_week',
  $$VALUES ('2016-01-04'::date, NULL::date, 1, 4, 0.80), ('2016-01-04', NULL, 5, 26, 0.40),
           ('2016-01-04', NULL, 27, 52, 0.30), ('2016-01-04', NULL, 53, NULL::int, 0.20)$$,
  'the refund staircase in force since 4 January 2016: 1-4: 80%, 5-26: 40%, 27-52: 30%, 53-: 20%');
SELECT is((SELECT count(*) FROM refund_rate WHERE seeded AND note ~ 'LBK nr. 221'), 4::bigint, 'every seeded step cites its law');
SELECT is(
  (SELECT count(*) FROM refund_rate r
    WHERE r.from_week <> 1
      AND NOT EXISTS (SELECT 1 FROM refund_rate p WHERE p.to_week = r.from_week - 1)),
  0::bigint, 'the staircase has no gaps');
SELECT results_eq(
  'SELECT id, exit_grace_days, suppression_k, default_horizon_weeks, refund_reset_selfsupport_weeks, refund_reset_window_weeks FROM employment_kpi.config',
  $$VALUES (true, 28, 5, 26, 52, 156)$$,
  'config: one row with the documented defaults');
SELECT is(
  (SELECT count(*) FROM contact_rule c
    WHERE c.seeded AND (c.effective_to = '2026-06-30' OR c.effective_from = '2026-07-01')),
  17::bigint, 'every seeded rule is dated until 30 June 2026 or from 1 July 2026');
SELECT is(
  (SELECT count(*) FROM contact_rule WHERE seeded AND (note IS NULL OR note !~ '(LAB|Lov nr)')),
  0::bigint, 'every seeded rule cites its law');
SELECT results_eq(
  $$SELECT window_from_week, window_to_week, min_conversations FROM employment_kpi.contact_rule
     WHERE group_code = 'kontanthjaelp_jobparat' AND effective_to = '2026-06-30' ORDER BY 1, 2$$,
  $$VALUES (0, 1, 1), (0, 26, 4)$$,
  'kontanthjælp until 30 June 2026: first within week 1, 4 in 6 months');
SELECT results_eq(
  $$SELECT group_code, coverage_pct FROM employment_kpi.contact_rule
     WHERE effective_from = '2026-07-01' AND coverage_pct IS NOT NULL ORDER BY 1$$,
  $$VALUES ('dagpenge', 75::numeric), ('kontanthjaelp_jobparat', 75), ('ledighedsydelse', 75)$$,
  'portfolio rules from 1 July 2026 cover 75%');

-------------------------------------------------------------------------------
-- CPR guard
-------------------------------------------------------------------------------
SELECT ok(is_cpr_like('0101901234'), '10 digits are CPR-like');
SELECT ok(is_cpr_like('010190-1234'), 'DDMMYY-XXXX is CPR-like');
SELECT ok(is_cpr_like('  010190-1234 '), 'surrounding whitespace is ignored');
SELECT ok(NOT is_cpr_like('01019-01234'), 'a dash elsewhere is not CPR-like');
SELECT ok(NOT is_cpr_like('010190--1234'), 'two dashes are not CPR-like');
SELECT ok(NOT is_cpr_like('01019012345'), '11 digits are not CPR-like');
SELECT ok(NOT is_cpr_like('c-0101901234'), 'a prefixed id is not CPR-like');
SELECT is(is_cpr_like(NULL), NULL, 'NULL in, NULL out (STRICT)');

-------------------------------------------------------------------------------
-- Reference-table constraints
-------------------------------------------------------------------------------
INSERT INTO team VALUES ('t1', 'Team 1', NULL);
INSERT INTO caseworker VALUES ('w1', 'Worker 1', 't1');
INSERT INTO budget_area VALUES ('a1', 'benefit', 'dagpenge', NULL, 'Dagpenge');

SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group VALUES ('Bad Code', 'x', 'x')$$), '23514 citizen_group_group_code_check', 'citizen_group: code must be lower snake case');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group VALUES ('x', NULL, 'x')$$), '23502 label', 'citizen_group: label required');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group VALUES ('x', 'x', ' ')$$), '23514 citizen_group_label_da_check', 'citizen_group: label_da not blank');
SELECT lives_ok($$INSERT INTO employment_kpi.citizen_group VALUES ('x_group', 'X', 'X')$$, 'citizen_group: a new group');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group VALUES ('x_group', 'Y', 'Y')$$), '23505 citizen_group_pkey', 'citizen_group: duplicate code');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention_type VALUES ('Bad', 'x', 'x')$$), '23514 intervention_type_type_code_check', 'intervention_type: code must be lower snake case');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention_type VALUES ('x', 'x', NULL)$$), '23502 label_da', 'intervention_type: label_da required');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES ('2030-01-07', 0, 4, 0.5)$$), '23514 refund_rate_from_week_check', 'refund_rate: from_week >= 1');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES ('2030-01-07', 60, 59, 0.5)$$), '23514 refund_rate_check', 'refund_rate: to_week >= from_week');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES ('2030-01-07', 60, NULL, 1.01)$$), '23514 refund_rate_rate_check', 'refund_rate: rate <= 1');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES ('2030-01-07', 60, NULL, -0.01)$$), '23514 refund_rate_rate_check', 'refund_rate: rate >= 0');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES ('2030-01-07', 60, NULL, NULL)$$), '23502 rate', 'refund_rate: rate required');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES (NULL, 60, NULL, 0.1)$$), '23502 effective_from', 'refund_rate: effective_from required');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES ('-infinity', 60, NULL, 0.1)$$), '23514 refund_rate_effective_from_check', 'refund_rate: finite effective_from');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, effective_to, from_week, to_week, rate) VALUES ('2030-01-07', 'infinity', 60, NULL, 0.1)$$), '23514 refund_rate_effective_to_check', 'refund_rate: finite effective_to (NULL = open)');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, effective_to, from_week, to_week, rate) VALUES ('2030-01-07', '2030-01-06', 60, NULL, 0.1)$$), '23514 refund_rate_effective_check', 'refund_rate: effective_to >= effective_from');
SELECT lives_ok($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate) VALUES ('2030-01-07', 5, 26, 0.45)$$, 'refund_rate: a later staircase may cover the same weeks');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group (group_code, label, label_da, valid_from) VALUES ('v', 'V', 'V', 'infinity')$$), '23514 citizen_group_valid_from_check', 'citizen_group: finite valid_from (NULL = no lower bound)');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group (group_code, label, label_da, valid_to) VALUES ('v', 'V', 'V', '-infinity')$$), '23514 citizen_group_valid_to_check', 'citizen_group: finite valid_to (NULL = still valid)');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group (group_code, label, label_da, valid_from, valid_to) VALUES ('v', 'V', 'V', '2027-01-01', '2026-12-31')$$), '23514 citizen_group_valid_check', 'citizen_group: valid_to >= valid_from');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group_map (group_code, valid_from, mapped_group_code) VALUES ('nope', '2027-01-01', 'dagpenge')$$), '23503 citizen_group_map_group_code_fkey', 'citizen_group_map: unknown group_code');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group_map (group_code, valid_from, mapped_group_code) VALUES ('x_group', '2027-01-01', 'nope')$$), '23503 citizen_group_map_mapped_group_code_fkey', 'citizen_group_map: unknown mapped_group_code');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group_map (group_code, valid_from, mapped_group_code) VALUES ('x_group', 'infinity', 'dagpenge')$$), '23514 citizen_group_map_valid_from_check', 'citizen_group_map: finite valid_from');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group_map (group_code, valid_from, mapped_group_code) VALUES ('x_group', NULL, 'dagpenge')$$), '23502 valid_from', 'citizen_group_map: valid_from required');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group_map (group_code, valid_from, mapped_group_code) VALUES ('x_group', '2027-01-01', 'dagpenge'), ('x_group', '2027-01-01', 'sygedagpenge')$$), '23505 citizen_group_map_pkey', 'citizen_group_map: one mapping per group and day');
SELECT is(pg_temp.violates($$DELETE FROM employment_kpi.citizen_group WHERE group_code = 'dagpengeindsats'$$), '23503 citizen_group_map_mapped_group_code_fkey', 'citizen_group: a group mapped to cannot be deleted before its mappings');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('r', 'nope', '2026-01-01', NULL, 0, 1, 1, NULL)$$), '23503 contact_rule_group_code_fkey', 'contact_rule: unknown group');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('r', 'dagpenge', '2026-01-01', '2025-12-31', 0, 1, 1, NULL)$$), '23514 contact_rule_check', 'contact_rule: effective_to >= effective_from');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('r', 'dagpenge', '2026-01-01', NULL, -1, 1, 1, NULL)$$), '23514 contact_rule_window_from_week_check', 'contact_rule: window_from_week >= 0');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('r', 'dagpenge', '2026-01-01', NULL, 4, 4, 1, NULL)$$), '23514 contact_rule_check1', 'contact_rule: window_to_week > window_from_week');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('r', 'dagpenge', '2026-01-01', NULL, 0, 4, 0, NULL)$$), '23514 contact_rule_min_conversations_check', 'contact_rule: min_conversations >= 1');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('r', 'dagpenge', '2026-01-01', NULL, 0, 4, 1, 0)$$), '23514 contact_rule_coverage_pct_check', 'contact_rule: coverage_pct > 0');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('r', 'dagpenge', '2026-01-01', NULL, 0, 4, 1, 100.5)$$), '23514 contact_rule_coverage_pct_check', 'contact_rule: coverage_pct <= 100');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('r', 'dagpenge', NULL, NULL, 0, 4, 1, NULL)$$), '23502 effective_from', 'contact_rule: effective_from required');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule (rule_id, group_code, effective_from, window_from_week, window_to_week, min_conversations, conversation_kinds) VALUES ('r', 'dagpenge', '2026-01-01', 0, 4, 1, '{}')$$), '23514 contact_rule_conversation_kinds_check', 'contact_rule: conversation_kinds not empty (NULL = every kind)');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_area VALUES ('b', 'salary', NULL, NULL, 'B')$$), '23514 budget_area_kind_check', 'budget_area: kind must be benefit, intervention, administration or other');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_area VALUES ('b', 'benefit', 'nope', NULL, 'B')$$), '23503 budget_area_group_code_fkey', 'budget_area: unknown group_code');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_area VALUES ('b', 'intervention', NULL, 'nope', 'B')$$), '23503 budget_area_type_code_fkey', 'budget_area: unknown type_code');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_area VALUES ('a1', 'other', NULL, NULL, 'Dup')$$), '23505 budget_area_pkey', 'budget_area: duplicate area');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.config (id) VALUES (false)$$), '23514 config_id_check', 'config: id must be true (one row)');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET exit_grace_days = -1$$), '23514 config_exit_grace_days_check', 'config: exit_grace_days >= 0');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET suppression_k = 0$$), '23514 config_suppression_k_check', 'config: suppression_k >= 1');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET default_horizon_weeks = 0$$), '23514 config_default_horizon_weeks_check', 'config: default_horizon_weeks >= 1');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET refund_reset_window_weeks = 51$$), '23514 config_reset_window_check', 'config: the reset window holds the self-support weeks');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET import_date_from = '2101-01-01'$$), '23514 config_import_window_check', 'config: the imports'' date window is not empty');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET exit_grace_days = NULL$$), '23502 exit_grace_days', 'config: settings are NOT NULL');
SELECT throws_ok($$DELETE FROM employment_kpi.config$$, '23001', NULL, 'config: the row cannot be deleted');

-------------------------------------------------------------------------------
-- Organisation
-------------------------------------------------------------------------------
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.team VALUES ('t1', 'Again', NULL)$$), '23505 team_pkey', 'team: duplicate team_id');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.team VALUES ('t2', NULL, NULL)$$), '23502 team_name', 'team: team_name required');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.team VALUES ('', 'Blank', NULL)$$), '23514 team_team_id_check', 'team: team_id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.caseworker VALUES ('w2', 'W', 'nope')$$), '23503 caseworker_team_id_fkey', 'caseworker: unknown team');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.caseworker VALUES ('w2', 'W', NULL)$$), '23502 team_id', 'caseworker: team required');
SELECT is(pg_temp.violates($$DELETE FROM employment_kpi.team WHERE team_id = 't1'$$), '23503 caseworker_team_id_fkey', 'team: cannot delete a team with caseworkers');

-------------------------------------------------------------------------------
-- Facts
-------------------------------------------------------------------------------
INSERT INTO support_spell VALUES ('c1', 's1', 'dagpenge', '2024-01-01', '2024-01-31', 'job', 4500);

SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('0101901234', 's', 'dagpenge', '2024-01-01', NULL, NULL, NULL)$$), '23514 support_spell_citizen_id_check', 'support_spell: CPR-like citizen_id rejected');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('010190-1234', 's', 'dagpenge', '2024-01-01', NULL, NULL, NULL)$$), '23514 support_spell_citizen_id_check', 'support_spell: CPR-like citizen_id with dash rejected');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c2', 's', 'nope', '2024-01-01', NULL, NULL, NULL)$$), '23503 support_spell_group_code_fkey', 'support_spell: unknown group_code');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c2', 's', 'dagpenge', '2024-01-31', '2024-01-30', 'job', NULL)$$), '23514 support_spell_check', 'support_spell: end before start');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c2', 's', 'dagpenge', '2024-01-01', '2024-01-30', 'fired', NULL)$$), '23514 support_spell_exit_reason_check', 'support_spell: invalid exit_reason');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c2', 's', 'dagpenge', '2024-01-01', NULL, 'job', NULL)$$), '23514 support_spell_exit_needs_end', 'support_spell: exit_reason needs an end_date');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c2', 's', 'dagpenge', '2024-01-01', NULL, NULL, -1)$$), '23514 support_spell_weekly_benefit_dkk_check', 'support_spell: negative weekly benefit');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c2', 's', 'dagpenge', 'infinity', NULL, NULL, NULL)$$), '23514 support_spell_start_date_check', 'support_spell: infinite date');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c2', 's', 'dagpenge', NULL, NULL, NULL, NULL)$$), '23502 start_date', 'support_spell: start_date required');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c1', 's1', 'dagpenge', '2025-01-01', NULL, NULL, NULL)$$), '23505 support_spell_pkey', 'support_spell: duplicate (citizen_id, source_id)');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c1', 's2', 'sygedagpenge', '2024-01-31', NULL, NULL, NULL)$$), '23P01 support_spell_no_overlap', 'support_spell: overlap on the end day (end dates are inclusive)');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c1', 's2', 'sygedagpenge', '2023-12-01', NULL, NULL, NULL)$$), '23P01 support_spell_no_overlap', 'support_spell: an open spell before covers the later one');
SELECT lives_ok($$INSERT INTO employment_kpi.support_spell VALUES ('c1', 's2', 'sygedagpenge', '2024-02-01', NULL, NULL, NULL)$$, 'support_spell: the next day is not an overlap');
SELECT lives_ok($$INSERT INTO employment_kpi.support_spell VALUES ('c2', 's1', 'dagpenge', '2024-01-15', NULL, NULL, NULL)$$, 'support_spell: other citizens may overlap');

SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.case_assignment VALUES ('0101901234', 'a', 'w1', '2024-01-01', NULL)$$), '23514 case_assignment_citizen_id_check', 'case_assignment: CPR-like citizen_id rejected');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.case_assignment VALUES ('c1', 'a', 'nope', '2024-01-01', NULL)$$), '23503 case_assignment_caseworker_id_fkey', 'case_assignment: unknown caseworker');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.case_assignment VALUES ('c1', 'a', 'w1', '2024-01-02', '2024-01-01')$$), '23514 case_assignment_check', 'case_assignment: end before start');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.case_assignment VALUES ('c1', 'a', NULL, '2024-01-02', NULL)$$), '23502 caseworker_id', 'case_assignment: caseworker required');
SELECT lives_ok($$INSERT INTO employment_kpi.case_assignment VALUES ('c1', 'a', 'w1', '2024-01-01', NULL)$$, 'case_assignment: a valid row');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.case_assignment VALUES ('c1', 'a', 'w1', '2024-01-01', NULL)$$), '23505 case_assignment_pkey', 'case_assignment: duplicate key');

SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.conversation VALUES ('0101901234', 'k', 'w1', '2024-01-03')$$), '23514 conversation_citizen_id_check', 'conversation: CPR-like citizen_id rejected');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.conversation VALUES ('c1', 'k', 'nope', '2024-01-03')$$), '23503 conversation_caseworker_id_fkey', 'conversation: unknown caseworker');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.conversation VALUES ('c1', 'k', 'w1', '2024-01-03', 'job', 'maybe')$$), '23514 conversation_status_check', 'conversation: invalid status');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.conversation VALUES ('c1', 'k', 'w1', '2024-01-03', '', 'held')$$), '23514 conversation_kind_check', 'conversation: blank kind');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.conversation VALUES ('c1', 'k', 'w1', NULL)$$), '23502 held_on', 'conversation: held_on required');
INSERT INTO conversation (citizen_id, source_id, caseworker_id, held_on) VALUES ('c1', 'k', 'w1', '2024-01-03');
SELECT results_eq($$SELECT kind, status FROM employment_kpi.conversation WHERE source_id = 'k'$$,
                  $$VALUES ('job', 'held')$$, 'conversation: kind defaults to job, status to held');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.conversation VALUES ('c1', 'k', 'w1', '2024-01-04')$$), '23505 conversation_pkey', 'conversation: duplicate key');

SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention VALUES ('0101901234', 'i', NULL, 'mentor', '2024-01-03', NULL, NULL)$$), '23514 intervention_citizen_id_check', 'intervention: CPR-like citizen_id rejected');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention VALUES ('c1', 'i', 'nope', 'mentor', '2024-01-03', NULL, NULL)$$), '23503 intervention_caseworker_id_fkey', 'intervention: unknown caseworker');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention VALUES ('c1', 'i', NULL, 'nope', '2024-01-03', NULL, NULL)$$), '23503 intervention_type_code_fkey', 'intervention: unknown type_code');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention VALUES ('c1', 'i', NULL, 'mentor', '2024-01-03', '2024-01-02', NULL)$$), '23514 intervention_check', 'intervention: end before start');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention VALUES ('c1', 'i', NULL, 'mentor', '2024-01-03', NULL, -100)$$), '23514 intervention_cost_dkk_check', 'intervention: negative cost');
SELECT lives_ok($$INSERT INTO employment_kpi.intervention VALUES ('c1', 'i', NULL, 'mentor', '2024-01-03', NULL, 100)$$, 'intervention: caseworker is optional');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention VALUES ('c1', 'i', NULL, 'mentor', '2024-01-03', NULL, 100)$$), '23505 intervention_pkey', 'intervention: duplicate key');

SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget VALUES (2026, 'nope', 1)$$), '23503 budget_area_fkey', 'budget: unknown area');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget VALUES (2026, 'a1', -1)$$), '23514 budget_amount_dkk_check', 'budget: negative amount');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget VALUES (1800, 'a1', 1)$$), '23514 budget_fiscal_year_check', 'budget: implausible fiscal_year');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget VALUES (2026, 'a1', NULL)$$), '23502 amount_dkk', 'budget: amount required');
INSERT INTO budget VALUES (2026, 'a1', 1200000);
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget VALUES (2026, 'a1', 1)$$), '23505 budget_pkey', 'budget: duplicate (fiscal_year, area)');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_month VALUES (2026, 'a1', 13, 1)$$), '23514 budget_month_month_check', 'budget_month: month 13');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_month VALUES (2026, 'a1', 0, 1)$$), '23514 budget_month_month_check', 'budget_month: month 0');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_month VALUES (2027, 'a1', 1, 1)$$), '23503 budget_month_fiscal_year_area_fkey', 'budget_month: needs the annual budget');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_month VALUES (2026, 'a1', 1, -1)$$), '23514 budget_month_amount_dkk_check', 'budget_month: negative amount');
INSERT INTO budget_month VALUES (2026, 'a1', 1, 100000);
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_month VALUES (2026, 'a1', 1, 1)$$), '23505 budget_month_pkey', 'budget_month: duplicate month');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.expense VALUES ('e1', '2026-01-05', 'nope', 1)$$), '23503 expense_area_fkey', 'expense: unknown area');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.expense VALUES ('e1', NULL, 'a1', 1)$$), '23502 booked_on', 'expense: booked_on required');
SELECT lives_ok($$INSERT INTO employment_kpi.expense VALUES ('e1', '2026-01-05', 'a1', -250)$$, 'expense: a negative correction is allowed');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.expense VALUES ('e1', '2026-01-06', 'a1', 1)$$), '23505 expense_pkey', 'expense: duplicate source_id');

-------------------------------------------------------------------------------
-- The remaining constraints (blank ids and names, infinite dates, keys)
-------------------------------------------------------------------------------
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.citizen_group VALUES ('y', ' ', 'Y')$$), '23514 citizen_group_label_check', 'citizen_group: label not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention_type VALUES ('y', '', 'Y')$$), '23514 intervention_type_label_check', 'intervention_type: label not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention_type VALUES ('y', 'Y', '')$$), '23514 intervention_type_label_da_check', 'intervention_type: label_da not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention_type VALUES ('mentor', 'M', 'M'), ('mentor', 'M2', 'M2')$$), '23505 intervention_type_pkey', 'intervention_type: duplicate code');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.refund_rate (effective_from, from_week, rate) VALUES ('2016-01-04', 70, 0.1), ('2016-01-04', 70, 0.1)$$), '23505 refund_rate_pkey', 'refund_rate: duplicate (effective_from, from_week)');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES (' ', 'dagpenge', '2026-01-01', NULL, 0, 4, 1, NULL)$$), '23514 contact_rule_rule_id_check', 'contact_rule: rule_id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.contact_rule VALUES ('z', 'dagpenge', '2026-01-01', NULL, 0, 4, 1, NULL), ('z', 'dagpenge', '2026-01-01', NULL, 0, 4, 1, NULL)$$), '23505 contact_rule_pkey', 'contact_rule: duplicate rule_id');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_area VALUES (' ', 'other', NULL, NULL, 'B')$$), '23514 budget_area_area_check', 'budget_area: area not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.budget_area VALUES ('b', 'other', NULL, NULL, '')$$), '23514 budget_area_label_check', 'budget_area: label not blank');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET suppression_k = 4; INSERT INTO employment_kpi.config (id) VALUES (true)$$), '23505 config_pkey', 'config: once changed, a second row with id = true is a duplicate');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET refund_reset_selfsupport_weeks = 0$$), '23514 config_refund_reset_selfsupport_weeks_check', 'config: refund_reset_selfsupport_weeks >= 1');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET data_end_override = 'infinity'$$), '23514 config_data_end_override_check', 'config: data_end_override finite');
SELECT is(pg_temp.violates($$UPDATE employment_kpi.config SET data_start = '-infinity'$$), '23514 config_data_start_check', 'config: data_start finite');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi_internal.seed_removed (table_name, key_value) VALUES ('x', 'y'), ('x', 'y')$$), '23505 seed_removed_pkey', 'seed_removed: one tombstone per key');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.team VALUES ('t9', ' ', NULL)$$), '23514 team_team_name_check', 'team: team_name not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.team VALUES ('t9', 'T', '')$$), '23514 team_leader_role_check', 'team: leader_role NULL or not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.caseworker VALUES (' ', 'W', 't1')$$), '23514 caseworker_caseworker_id_check', 'caseworker: id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.caseworker VALUES ('w9', '', 't1')$$), '23514 caseworker_caseworker_name_check', 'caseworker: name not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.caseworker VALUES ('w1', 'Again', 't1')$$), '23505 caseworker_pkey', 'caseworker: duplicate id');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.caseworker VALUES ('w9', 'W', 't1', ' ')$$), '23514 caseworker_login_role_check', 'caseworker: login_role NULL or not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c9', ' ', 'dagpenge', '2024-01-01', NULL, NULL, NULL)$$), '23514 support_spell_source_id_check', 'support_spell: source_id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES (' ', 's', 'dagpenge', '2024-01-01', NULL, NULL, NULL)$$), '23514 support_spell_citizen_id_check', 'support_spell: citizen_id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.support_spell VALUES ('c9', 's', 'dagpenge', '2024-01-01', 'infinity', NULL, NULL)$$), '23514 support_spell_check', 'support_spell: infinite end_date');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.case_assignment VALUES ('c9', '', 'w1', '2024-01-01', NULL)$$), '23514 case_assignment_source_id_check', 'case_assignment: source_id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.case_assignment VALUES ('c9', 'a', 'w1', '-infinity', NULL)$$), '23514 case_assignment_start_date_check', 'case_assignment: infinite start_date');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.conversation VALUES ('c9', ' ', 'w1', '2024-01-03')$$), '23514 conversation_source_id_check', 'conversation: source_id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.conversation VALUES ('c9', 'k', 'w1', 'infinity')$$), '23514 conversation_held_on_check', 'conversation: infinite held_on');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention VALUES ('c9', '', NULL, 'mentor', '2024-01-03', NULL, NULL)$$), '23514 intervention_source_id_check', 'intervention: source_id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.intervention VALUES ('c9', 'i', NULL, 'mentor', 'infinity', NULL, NULL)$$), '23514 intervention_start_date_check', 'intervention: infinite start_date');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.expense VALUES (' ', '2026-01-05', 'a1', 1)$$), '23514 expense_source_id_check', 'expense: source_id not blank');
SELECT is(pg_temp.violates($$INSERT INTO employment_kpi.expense VALUES ('e9', 'infinity', 'a1', 1)$$), '23514 expense_booked_on_check', 'expense: infinite booked_on');
SELECT is(pg_temp.violates($$DELETE FROM employment_kpi.citizen_group WHERE group_code = 'dagpenge'$$), '23503 contact_rule_group_code_fkey', 'citizen_group: a group used by a contact rule cannot be deleted');

-- Every constraint of the model's tables was hit by a test above.
SELECT is(
  (SELECT string_agg(k.conname, ', ' ORDER BY k.conname)
     FROM pg_constraint k
    WHERE k.conrelid IN (SELECT coalesce(to_regclass(format('employment_kpi.%I', t)),
                                         to_regclass(format('employment_kpi_internal.%I', t))) FROM unnest(ARRAY[
            'citizen_group', 'citizen_group_map', 'intervention_type', 'refund_rate', 'contact_rule', 'budget_area', 'config',
            'team', 'caseworker', 'support_spell', 'case_assignment', 'conversation',
            'intervention', 'budget', 'budget_month', 'expense']) AS t
                         UNION ALL SELECT 'employment_kpi_internal.seed_removed'::regclass)
      AND k.conname NOT IN (SELECT conname FROM tested_constraint)),
  NULL, 'every CHECK, FOREIGN KEY, PRIMARY KEY and EXCLUDE constraint of the model is tested');

-------------------------------------------------------------------------------
-- Seed bookkeeping (what makes pg_dump of the reference data loss-free)
-------------------------------------------------------------------------------
-- tombstones(t, k): how many tombstones seed_removed holds for key k of table t
CREATE FUNCTION pg_temp.tombstones(t text, k text) RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM employment_kpi_internal.seed_removed WHERE table_name = t AND key_value = k $$;
-- tombstone_cycle(t, gone, gone_key, restored_key, restored): deleting the
-- rows of table t matching gone leaves the tombstone gone_key, and
-- restoring the tombstone restored_key removes the re-created seed rows
-- matching restored (what a pg_restore of the reference data does)
CREATE FUNCTION pg_temp.tombstone_cycle(t text, gone text, gone_key text, restored_key text, restored text)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('DELETE FROM employment_kpi.%I WHERE %s', t, gone);
    RETURN NEXT is(pg_temp.tombstones(t, gone_key), 1::bigint, t || ': deleting a row leaves a tombstone');
    INSERT INTO employment_kpi_internal.seed_removed (table_name, key_value) VALUES (t, restored_key);
    EXECUTE format('SELECT count(*) FROM employment_kpi.%I WHERE %s', t, restored) INTO n;
    RETURN NEXT is(n, 0::bigint, t || ': restoring a tombstone removes the re-created seed');
END
$$;
UPDATE intervention_type SET label = 'Mentor support (edited)' WHERE type_code = 'mentor';
SELECT is((SELECT seeded FROM intervention_type WHERE type_code = 'mentor'), false, 'a changed seed row loses its seeded flag (and is dumped)');
UPDATE intervention_type SET label = label WHERE type_code = 'other';
SELECT is((SELECT seeded FROM intervention_type WHERE type_code = 'other'), true, 'a no-op update keeps the seeded flag');
SELECT is((SELECT seeded FROM citizen_group WHERE group_code = 'x_group'), false, 'user rows are never seeded, whatever the insert says');
INSERT INTO intervention_type VALUES ('nytteindsats', 'Utility work (restored)', 'Nytteindsats');
SELECT results_eq($$SELECT label, seeded FROM employment_kpi.intervention_type WHERE type_code = 'nytteindsats'$$,
                  $$VALUES ('Utility work (restored)', false)$$, 'inserting the key of a pristine seed overwrites it (as a restore does)');
SELECT pg_temp.tombstone_cycle('contact_rule', $$rule_id = 'lab31_revalidering_4in6m'$$, 'lab31_revalidering_4in6m',
                                'lab31_ressourceforloeb_4in6m', $$rule_id = 'lab31_ressourceforloeb_4in6m'$$);
-- keys of two columns: the tombstone is a JSON array in key order
UPDATE refund_rate SET rate = 0.35 WHERE effective_from = '2016-01-04' AND from_week = 27;
SELECT results_eq($$SELECT rate, seeded FROM employment_kpi.refund_rate WHERE effective_from = '2016-01-04' AND from_week = 27$$,
                  $$VALUES (0.35, false)$$, 'refund_rate: a changed step loses its seeded flag');
UPDATE refund_rate SET from_week = 54 WHERE effective_from = '2016-01-04' AND from_week = 53;
SELECT is(pg_temp.tombstones('refund_rate', '["2016-01-04", 53]'),
          1::bigint, 'refund_rate: re-keying a step leaves a tombstone naming (effective_from, from_week)');
INSERT INTO refund_rate (effective_from, from_week, to_week, rate) VALUES ('2016-01-04', 5, 26, 0.42);
SELECT results_eq($$SELECT to_week, rate, seeded, note FROM employment_kpi.refund_rate WHERE effective_from = '2016-01-04' AND from_week = 5$$,
                  $$VALUES (26, 0.42, false, NULL::text)$$, 'refund_rate: inserting the key of a pristine step overwrites it (as a restore does)');
SELECT pg_temp.tombstone_cycle('citizen_group_map', $$group_code = 'integration'$$, '["integration", "2027-01-01"]',
                                '["sygedagpenge", "2027-01-01"]', $$group_code = 'sygedagpenge'$$);
-- a restored tombstone of a group removes its mapping with it and records
-- nothing more (a tombstone restored later must not collide)
INSERT INTO employment_kpi_internal.seed_removed (table_name, key_value) VALUES ('citizen_group', 'revalidering');
SELECT results_eq($$SELECT (SELECT count(*) FROM employment_kpi.citizen_group WHERE group_code = 'revalidering'),
                           (SELECT count(*) FROM employment_kpi.citizen_group_map WHERE group_code = 'revalidering'),
                           (SELECT count(*) FROM employment_kpi_internal.seed_removed
                             WHERE table_name IN ('citizen_group', 'citizen_group_map') AND key_value ~ 'revalidering')$$,
                  $$VALUES (0::bigint, 0::bigint, 1::bigint)$$,
                  'citizen_group: restoring its tombstone removes the seed and its mapping, and records no other tombstone');
SELECT lives_ok($$INSERT INTO employment_kpi_internal.seed_removed (table_name, key_value) VALUES ('citizen_group_map', '["revalidering", "2027-01-01"]')$$,
                'the mapping''s own tombstone restores after it');
-- a user's deletion of a group deletes its mapping too, with a tombstone each
DELETE FROM contact_rule WHERE group_code = 'ressourceforloeb';
DELETE FROM citizen_group WHERE group_code = 'ressourceforloeb';
SELECT results_eq($$SELECT table_name, key_value FROM employment_kpi_internal.seed_removed WHERE key_value ~ 'ressourceforloeb' AND table_name <> 'contact_rule' ORDER BY 1$$,
                  $$VALUES ('citizen_group', 'ressourceforloeb'), ('citizen_group_map', '["ressourceforloeb", "2027-01-01"]'),
                           ('spell_duration_limit', 'ressourceforloeb')$$,
                  'citizen_group: deleting a group deletes its mapping and its duration limit, each with a tombstone');

-------------------------------------------------------------------------------
-- Support periods
-------------------------------------------------------------------------------
DELETE FROM conversation; DELETE FROM case_assignment; DELETE FROM intervention; DELETE FROM support_spell;
INSERT INTO support_spell VALUES
  -- a: gap of exactly 28 days (start - end = 28) chains; 29 starts a new period
  ('a', '1', 'dagpenge',     '2024-01-01', '2024-01-31', 'other_benefit', NULL),
  ('a', '2', 'sygedagpenge', '2024-02-28', '2024-03-31', 'job', NULL),
  ('a', '3', 'dagpenge',     '2024-04-29', NULL, NULL, NULL),
  ('b', '1', 'dagpenge',     '2024-01-01', '2024-06-30', 'moved', NULL),
  ('c', '1', 'sygedagpenge', '2024-01-01', '2024-06-30', 'deceased', NULL),
  ('d', '1', 'jobafklaring', '2024-01-01', '2024-06-30', NULL, NULL),
  ('e', '1', 'jobafklaring', '2024-01-01', '2024-06-30', 'education', NULL);

SELECT results_eq(
  'SELECT citizen_id, period_no, start_date, end_date, first_group_code, last_group_code, spells, last_exit_reason, is_exit
     FROM employment_kpi.support_period ORDER BY citizen_id, period_no',
  $$VALUES
    ('a', 1, '2024-01-01'::date, '2024-03-31'::date, 'dagpenge', 'sygedagpenge', 2, 'job', true),
    ('a', 2, '2024-04-29', NULL, 'dagpenge', 'dagpenge', 1, NULL, false),
    ('b', 1, '2024-01-01', '2024-06-30', 'dagpenge', 'dagpenge', 1, 'moved', false),
    ('c', 1, '2024-01-01', '2024-06-30', 'sygedagpenge', 'sygedagpenge', 1, 'deceased', false),
    ('d', 1, '2024-01-01', '2024-06-30', 'jobafklaring', 'jobafklaring', 1, NULL, true),
    ('e', 1, '2024-01-01', '2024-06-30', 'jobafklaring', 'jobafklaring', 1, 'education', true)$$,
  'support_period: 28-day gap chains, 29-day gap splits, moved/deceased censored, open period');
SELECT results_eq(
  $$SELECT citizen_id, period_no, start_date, end_date, spells, last_exit_reason, is_exit
      FROM employment_kpi.support_periods('2024-03-15') WHERE citizen_id IN ('a', 'd') ORDER BY 1, 2$$,
  $$VALUES ('a', 1, '2024-01-01'::date, NULL::date, 2, NULL::text, false),
           ('d', 1, '2024-01-01', NULL, 1, NULL, false)$$,
  'support_periods(as_of): later spells ignored, ends after as_of censored');
SELECT results_eq(
  $$SELECT citizen_id, end_date, is_exit, is_transition FROM employment_kpi.support_periods('2024-02-10') WHERE citizen_id = 'a'$$,
  $$VALUES ('a', '2024-01-31'::date, false, true)$$,
  'support_periods(as_of): an end before as_of is seen as the end then (other_benefit: a transition, not an exit)');
SELECT is((SELECT count(*) FROM support_periods(NULL)), 0::bigint, 'support_periods(NULL) returns no rows');
UPDATE config SET exit_grace_days = 29;
SELECT results_eq(
  $$SELECT period_no, spells, end_date FROM employment_kpi.support_period WHERE citizen_id = 'a'$$,
  $$VALUES (1, 3, NULL::date)$$,
  'support_period follows config.exit_grace_days');
SELECT is((SELECT seeded FROM config), false, 'a changed config row is dumped');

SELECT * FROM finish();
ROLLBACK;
