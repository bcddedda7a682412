-- Tests employment_kpi.control.
BEGIN;
SELECT plan(3);
SELECT has_extension('employment_kpi');
SELECT has_schema('employment_kpi');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'employment_kpi'), '1.0.0', 'version 1.0.0');
SELECT * FROM finish();
ROLLBACK;
