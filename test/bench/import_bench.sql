-- Benchmark of the import functions (run with scripts/sandbox.sh -f).
-- 100,000 support spells as text (as from a CSV staging table), 1% bad rows,
-- imported with import_support_spell.  Baseline, measured in the same run:
-- a plain INSERT ... SELECT with casts of the good rows into a copy of the
-- table with the same PK, CHECKs and exclusion constraint.  Also times a
-- re-run (nothing changes) and a run with 10% of the rows changed, and
-- prints seconds and the ratio to the baseline.
--   scripts/sandbox.sh -f test/bench/import_bench.sql
\set n 100000
SET client_min_messages = warning;
CREATE TEMP TABLE stage_spell AS
SELECT 'p' || (i / 2)::text AS citizen_id,
       's' || (i % 2)::text AS source_id,
       (ARRAY['dagpenge','sygedagpenge','kontanthjaelp_jobparat','uddannelseshjaelp'])[1 + i % 4] AS group_code,
       (date '2022-01-03' + (i % 2) * 400 + (i % 97))::text AS start_date,
       CASE WHEN i % 2 = 0 THEN (date '2022-01-03' + 300 + (i % 97))::text END AS end_date,
       CASE WHEN i % 2 = 0 THEN 'job' END AS exit_reason,
       CASE WHEN i % 100 = 7 THEN '-1' ELSE (3000 + i % 1500)::text || '.50' END AS weekly_benefit_dkk
  FROM generate_series(0, :n - 1) AS i;

CREATE TEMP TABLE copy_spell (LIKE employment_kpi.support_spell INCLUDING ALL);

CREATE TEMP TABLE t (what text, secs float8);
CREATE FUNCTION pg_temp.clock() RETURNS float8 LANGUAGE sql AS $$ SELECT extract(epoch FROM clock_timestamp())::float8 $$;

SELECT pg_temp.clock() AS t0 \gset
INSERT INTO copy_spell SELECT citizen_id, source_id, group_code, start_date::date, end_date::date, exit_reason, weekly_benefit_dkk::numeric
  FROM stage_spell WHERE weekly_benefit_dkk::numeric >= 0;
INSERT INTO t SELECT 'baseline INSERT ... SELECT', pg_temp.clock() - :t0;

SELECT pg_temp.clock() AS t0 \gset
SELECT * FROM employment_kpi.import_support_spell('stage_spell');
INSERT INTO t SELECT 'import_support_spell, first load', pg_temp.clock() - :t0;

SELECT pg_temp.clock() AS t0 \gset
SELECT * FROM employment_kpi.import_support_spell('stage_spell');
INSERT INTO t SELECT 'import_support_spell, re-run (no change)', pg_temp.clock() - :t0;

UPDATE stage_spell SET weekly_benefit_dkk = '999' WHERE citizen_id LIKE '%3' AND weekly_benefit_dkk <> '-1';
SELECT pg_temp.clock() AS t0 \gset
SELECT * FROM employment_kpi.import_support_spell('stage_spell');
INSERT INTO t SELECT 'import_support_spell, 10% changed', pg_temp.clock() - :t0;

SELECT what, round(secs::numeric, 2) AS seconds,
       round((secs / (SELECT secs FROM t WHERE what LIKE 'baseline%'))::numeric, 1) AS ratio_to_baseline
  FROM t;
