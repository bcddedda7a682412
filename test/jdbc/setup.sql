-- Database for the JDBC suite (scripts/test.sh): a small synthetic
-- municipality, every BI relation refreshed, and a login role that is a
-- BI login (member of employment_kpi_analyst through grant_analyst, nothing else).
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 800, first_week => '2024-01-01', weeks => 30, seed => 1);
SELECT view_name, mode, rows, ok, error FROM employment_kpi.refresh() WHERE NOT ok;
-- an analyst sees every row of every view (caseworker rows included); the
-- role gets nothing but the views
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ekpi_jdbc_reader') THEN
        CREATE ROLE ekpi_jdbc_reader LOGIN;
    END IF;
END $$;
SELECT employment_kpi.grant_analyst('ekpi_jdbc_reader');
SELECT employment_kpi.grant_bi_views();
-- a Jobindsats download, so that kpi_benchmark has rows
INSERT INTO employment_kpi.benchmark_municipality VALUES ('Syntetisk kommune', 'own', NULL), ('Hele landet', 'national', NULL);
CREATE TEMP TABLE jobindsats (municipality, period, measure, value) AS
VALUES ('Syntetisk kommune', '2024M03', 'Fuldtidspersoner i alt', '500'),
       ('Hele landet', '2024M03', 'Fuldtidspersoner i alt', '123456');
SELECT * FROM employment_kpi.import_benchmark('jobindsats');
