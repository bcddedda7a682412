-- Database for the JDBC suite (scripts/test.sh): a small synthetic
-- municipality, every BI relation refreshed, and a login role that is a
-- plain reader (member of employment_kpi_reader, nothing else).
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 2000, first_week => '2024-01-01', weeks => 60, seed => 1);
SELECT view_name, mode, rows, ok, error FROM employment_kpi.refresh() WHERE NOT ok;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'employment_kpi_reader') THEN
        CREATE ROLE employment_kpi_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ekpi_jdbc_reader') THEN
        CREATE ROLE ekpi_jdbc_reader LOGIN;
    END IF;
END $$;
GRANT employment_kpi_reader TO ekpi_jdbc_reader;
SELECT employment_kpi.grant_bi_views();
