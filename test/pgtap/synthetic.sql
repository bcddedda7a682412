-- Tests src/sql/synthetic/synthetic.sql; also report/storage.sql (the report registry).
-- pgTAP: generate_synthetic's errors (SQLSTATEs), refusal and replacement
-- of real data, determinism, and the weekly report's registry.
BEGIN;
SELECT plan(24);

SELECT has_function('employment_kpi', 'generate_synthetic', ARRAY['integer', 'date', 'integer', 'integer', 'boolean']);
SELECT has_function('employment_kpi', 'weekly_report', ARRAY['date', 'text', 'text']);
SELECT has_table('employment_kpi', 'synthetic_truth', 'synthetic_truth exists');
SELECT has_table('employment_kpi', 'synthetic_caseworker_truth', 'synthetic_caseworker_truth exists');
SELECT volatility_is('employment_kpi', 'generate_synthetic', ARRAY['integer', 'date', 'integer', 'integer', 'boolean'], 'volatile');
SELECT volatility_is('employment_kpi', 'weekly_report', ARRAY['date', 'text', 'text'], 'stable');

SELECT throws_ok($$SELECT * FROM employment_kpi.generate_synthetic(citizens => 0)$$, '22023', NULL, 'citizens < 1 is rejected');
SELECT throws_ok($$SELECT * FROM employment_kpi.generate_synthetic(weeks => 1041)$$, '22023', NULL, 'weeks > 1040 is rejected');
SELECT throws_ok($$SELECT * FROM employment_kpi.generate_synthetic(first_week => '2024-01-03')$$, '22023',
                 'first_week must be a Monday (the start of an ISO week), got 2024-01-03 (a Wednesday)', 'non-Monday first_week is rejected');
SELECT throws_ok($$SELECT * FROM employment_kpi.generate_synthetic(first_week => NULL)$$, '22023', NULL, 'NULL first_week is rejected');
SELECT throws_ok($$SELECT * FROM employment_kpi.generate_synthetic(seed => NULL)$$, '22004', NULL, 'NULL seed is rejected');
SELECT throws_ok($$SELECT * FROM employment_kpi_internal.synthetic_simulate(5, '2024-01-02', 5, 1)$$, '22023', NULL, 'the C core checks first_week too');
SELECT throws_ok($$SELECT * FROM employment_kpi.weekly_report('infinity')$$, '22023', NULL, 'weekly_report rejects an infinite week');

-- refusal on a single foreign row, and replacement on request
INSERT INTO employment_kpi.team VALUES ('T-real', 'Real team', NULL);
SELECT throws_ok($$SELECT * FROM employment_kpi.generate_synthetic(50, '2024-01-01', 8, 1)$$, '55000',
                 'generate_synthetic refuses to replace data it did not generate: employment_kpi.team holds rows that are not synthetic',
                 'a real team makes generate_synthetic refuse');
SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(50, '2024-01-01', 8, 1, replace_real_data => true)$$,
                'replace_real_data => true replaces real data');
SELECT is((SELECT count(*) FROM employment_kpi.team WHERE team_id = 'T-real'), 0::bigint, 'the real team is gone');
SELECT ok((SELECT count(*) FROM employment_kpi.team) >= 6, 'synthetic teams are there');
INSERT INTO employment_kpi.expense VALUES ('B-1', '2024-01-15', 'syn-administration', 100);
SELECT throws_ok($$SELECT * FROM employment_kpi.generate_synthetic(50, '2024-01-01', 8, 1)$$, '55000', NULL,
                 'one real booking among synthetic data makes it refuse');
DELETE FROM employment_kpi.expense WHERE source_id = 'B-1';
SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(50, '2024-01-01', 8, 2)$$, 'synthetic data alone is replaced without the flag');

-- determinism
CREATE TEMP TABLE d1 AS SELECT * FROM employment_kpi.support_spell;
CREATE TEMP TABLE t1 AS SELECT * FROM employment_kpi.synthetic_truth;
SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(50, '2024-01-01', 8, 2)$$, 'regenerate with the same seed');
SELECT bag_eq($$SELECT * FROM employment_kpi.support_spell$$, $$SELECT * FROM d1$$, 'same seed, same spells');
SELECT bag_eq($$SELECT * FROM employment_kpi.synthetic_truth$$, $$SELECT * FROM t1$$, 'same seed, same truth');

-- the report registry
SELECT results_eq($$SELECT position FROM employment_kpi.report_section ORDER BY 1$$, ARRAY[10, 20, 30, 40], 'seeded report sections (target groups, teams, offers that work, budget)');
INSERT INTO employment_kpi.report_section VALUES (99, 'Broken', 'employment_kpi.suppression_k()');
SELECT throws_ok($$SELECT * FROM employment_kpi.weekly_report('2024-01-08')$$, '42P17', NULL,
                 'a section function with the wrong signature is reported');

SELECT * FROM finish();
ROLLBACK;
