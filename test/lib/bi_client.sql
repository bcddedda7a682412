-- The database of a BI client suite (scripts/test.sh: JDBC, ODBC): a small
-- synthetic municipality, every BI relation refreshed, a Jobindsats
-- download (so that kpi_benchmark has rows), and the login role :role made
-- what the client is, by :grant (grant_analyst: every row of every view;
-- grant_reader: what a politician's Excel or Power BI gets), nothing else.
--   psql -v role=ekpi_jdbc_reader -v grant=grant_analyst -f test/lib/bi_client.sql
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 800, first_week => '2024-01-01', weeks => 30, seed => 1);
SELECT view_name, mode, rows, ok, error FROM employment_kpi.refresh() WHERE NOT ok;
SELECT pg_catalog.format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT pg_catalog.format('SELECT employment_kpi.%I(%L)', :'grant', :'role') \gexec
SELECT employment_kpi.grant_bi_views();
INSERT INTO employment_kpi.benchmark_municipality VALUES ('Syntetisk kommune', 'own', NULL), ('Hele landet', 'national', NULL);
CREATE TEMP TABLE jobindsats (municipality, period, measure, value) AS
VALUES ('Syntetisk kommune', '2024M03', 'Fuldtidspersoner i alt', '500'),
       ('Hele landet', '2024M03', 'Fuldtidspersoner i alt', '123456');
SELECT * FROM employment_kpi.import_benchmark('jobindsats');
