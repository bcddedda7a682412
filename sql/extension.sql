-- Tests employment_kpi.control and the install script the Makefile assembles.
-- The extension installs into its fixed schema at the expected version.
SELECT extname, extversion, extrelocatable, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'employment_kpi';
