-- Tests src/sql/model/import.sql.
-- pgTAP: behaviour of the import functions: counts,
-- idempotent re-runs that touch nothing, updates, CPR masking, reject
-- de-duplication, sources of any type (views, typed columns), errors.
BEGIN;
SELECT plan(28);

SET LOCAL search_path = employment_kpi, public;
SET LOCAL datestyle = 'ISO, YMD';

-- pg_temp.imports(f, src, inserted, updated, rejected, description): pgTAP's
-- results_eq of employment_kpi.<f>(src), an import function, against its
-- three counts.
CREATE FUNCTION pg_temp.imports(f text, src text, inserted bigint, updated bigint, rejected bigint,
                                description text) RETURNS text LANGUAGE sql AS $$
  SELECT results_eq(format('SELECT * FROM employment_kpi.%I(%L)', f, src),
                    format('VALUES (%s::bigint, %s::bigint, %s::bigint)', inserted, updated, rejected),
                    description) $$;

CREATE TEMP TABLE st_team (team_id text, team_name text, leader_role text);
INSERT INTO st_team VALUES ('T1', 'Nord', NULL), ('T2', 'Syd', 'syd_leader');
CREATE TEMP TABLE st_cw (caseworker_id text, caseworker_name text, team_id text, login_role text);
INSERT INTO st_cw VALUES ('W1', 'Anna', 'T1'), ('W2', 'Bo', 'T2'), ('W3', 'Carl', 'T3');

-- Load order: caseworkers before their team are rejected, then accepted.
SELECT pg_temp.imports('import_caseworker', 'st_cw', 0, 0, 3, 'caseworkers before teams: all rejected (unknown team_id)');
SELECT pg_temp.imports('import_team', 'st_team', 2, 0, 0, 'teams: 2 inserted');
SELECT pg_temp.imports('import_caseworker', 'st_cw', 2, 0, 1, 'caseworkers after teams: 2 inserted, T3 still unknown');
SELECT is((SELECT count(*) FROM import_reject WHERE target_table = 'caseworker'), 3::bigint,
          'the re-rejected W3 row is recorded once');

-- Spells from a view over a typed table (not text): any source type works.
CREATE TEMP TABLE raw_spell (citizen_id text, source_id int, group_code text, start_date date,
                             end_date date, exit_reason text, weekly_benefit_dkk numeric, note text);
INSERT INTO raw_spell
SELECT 'cit-' || i, 1, 'dagpenge', date '2024-01-01' + i, date '2024-03-01' + i,
       CASE WHEN i % 3 = 0 THEN 'job' END, 4000 + i, 'x'
  FROM generate_series(1, 200) AS i;
INSERT INTO raw_spell VALUES ('0101901234', 1, 'dagpenge', '2024-01-01', NULL, NULL, NULL, NULL);
CREATE TEMP VIEW v_spell AS SELECT * FROM raw_spell;

SELECT pg_temp.imports('import_support_spell', 'v_spell', 200, 0, 1, 'spells from a view: 200 inserted, the CPR row rejected');
SELECT is((SELECT count(*) FROM support_spell), 200::bigint, 'a bad row never aborts the good ones');
SELECT is((SELECT sum(weekly_benefit_dkk) FROM support_spell), (SELECT sum(4000 + i) FROM generate_series(1, 200) AS i)::numeric,
          'values arrive unchanged');
SELECT is((SELECT count(*) FROM import_reject r, jsonb_each_text(r.row_data) kv WHERE is_cpr_like(kv.value)), 0::bigint,
          'no CPR-like value in import_reject');
SELECT is((SELECT row_data ->> 'citizen_id' FROM import_reject WHERE reason LIKE 'CPR-like%'), '**********',
          'the CPR-like citizen_id is masked');
INSERT INTO raw_spell VALUES ('cit-1', 2, 'dagpenge', '2024-02-01', NULL, NULL, NULL, NULL);  -- overlaps cit-1/1
SELECT pg_temp.imports('import_support_spell', 'v_spell', 0, 0, 2, 'a spell overlapping a stored one is rejected');
SELECT is((SELECT reason FROM import_reject WHERE row_data ->> 'source_id' = '2'),
          'overlapping spell: overlaps source_id ''1'' already in employment_kpi.support_spell',
          'the overlap names the other spell');

-- Re-run: nothing changes, no row is even rewritten.
CREATE TEMP TABLE before_rerun AS SELECT citizen_id, source_id, xmin::text AS x FROM support_spell;
SELECT pg_temp.imports('import_support_spell', 'v_spell', 0, 0, 2, 're-run: 0 inserted, 0 updated');
SELECT is((SELECT count(*) FROM support_spell s JOIN before_rerun b USING (citizen_id, source_id) WHERE s.xmin::text = b.x),
          200::bigint, 're-run: identical rows are not touched');
SELECT is((SELECT count(*) FROM import_reject WHERE target_table = 'support_spell'), 2::bigint,
          're-run: no reject recorded twice');

-- Updates: changed rows by primary key; a numerically equal value is no change.
UPDATE raw_spell SET weekly_benefit_dkk = weekly_benefit_dkk + 1 WHERE citizen_id IN ('cit-1', 'cit-2', 'cit-3') AND source_id = 1;
UPDATE raw_spell SET weekly_benefit_dkk = 4004.000 WHERE citizen_id = 'cit-4';
UPDATE raw_spell SET end_date = NULL, exit_reason = NULL WHERE citizen_id = 'cit-6';
SELECT pg_temp.imports('import_support_spell', 'v_spell', 0, 4, 2, 'changed rows are updated (4004.000 = 4004 is no change)');
SELECT results_eq($$SELECT weekly_benefit_dkk, end_date FROM employment_kpi.support_spell WHERE citizen_id IN ('cit-1', 'cit-6') ORDER BY citizen_id$$,
                  $$VALUES (4002::numeric, '2024-03-02'::date), (4006, NULL)$$, 'updated values are stored');

-- A rejected row that is fixed in the source is accepted on the next run.
UPDATE raw_spell SET start_date = '2024-03-10' WHERE citizen_id = 'cit-1' AND source_id = 2;
SELECT pg_temp.imports('import_support_spell', 'v_spell', 1, 0, 1, 'a fixed row is accepted');

-- Conversations: kind and status may be left out (defaults job / held).
CREATE TEMP TABLE st_conv (citizen_id text, source_id text, caseworker_id text, held_on text);
INSERT INTO st_conv VALUES ('cit-1', 'k1', 'W1', '2024-01-05'), ('cit-1', 'k2', 'W1', '2024-01-12');
SELECT pg_temp.imports('import_conversation', 'st_conv', 2, 0, 0, 'conversations without kind/status');
SELECT results_eq($$SELECT DISTINCT kind, status FROM employment_kpi.conversation$$,
                  $$VALUES ('job', 'held')$$, 'the defaults are applied');

-- Budget chain.
INSERT INTO budget_area VALUES ('A', 'intervention', NULL, 'mentor', 'Mentor');
CREATE TEMP TABLE st_b (fiscal_year text, area text, amount_dkk text);
INSERT INTO st_b VALUES ('2026', 'A', '1000000');
CREATE TEMP TABLE st_bm (fiscal_year text, area text, month text, amount_dkk text);
INSERT INTO st_bm SELECT '2026', 'A', m::text, '83333.33' FROM generate_series(1, 12) m;
SELECT pg_temp.imports('import_budget_month', 'st_bm', 0, 0, 12, 'monthly profile before the annual budget: rejected');
SELECT pg_temp.imports('import_budget', 'st_b', 1, 0, 0, 'annual budget');
SELECT pg_temp.imports('import_budget_month', 'st_bm', 12, 0, 0, 'monthly profile after the annual budget');
UPDATE st_b SET amount_dkk = '1100000';
SELECT pg_temp.imports('import_budget', 'st_b', 0, 1, 0, 'a changed budget is updated in place (months keep their FK)');

-- Whole-call errors.
CREATE TEMP TABLE st_short (citizen_id text);
SELECT throws_ok($$SELECT * FROM employment_kpi.import_intervention('st_short')$$, '42703', NULL,
                 'a source without a required column is an error, not a reject');
SELECT throws_ok($$SELECT * FROM employment_kpi_internal.import_rows('config', 'st_short')$$, '22023', NULL,
                 'import_rows refuses tables it has no import for');
SELECT throws_ok($$SELECT * FROM employment_kpi_internal.import_rows(NULL, 'st_short')$$, '22004', NULL,
                 'import_rows refuses NULL');
SELECT throws_ok($$SELECT * FROM employment_kpi.import_team('no_such_table')$$, '42P01', NULL,
                 'an unknown source relation');
SELECT is((SELECT count(*) FROM import_reject), (SELECT count(DISTINCT (target_table, reason, row_data)) FROM import_reject),
          'import_reject holds each (table, row, reason) once');

SELECT * FROM finish();
ROLLBACK;
