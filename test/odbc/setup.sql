-- Database for the ODBC suite (scripts/test.sh): a small synthetic
-- municipality, every BI relation refreshed, and a login role that is a
-- plain reader (grant_reader: what a politician's Excel or Power BI gets).
SET client_min_messages = warning;
CREATE EXTENSION employment_kpi CASCADE;
SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 800, first_week => '2024-01-01', weeks => 30, seed => 1);
SELECT view_name, mode, rows, ok, error FROM employment_kpi.refresh() WHERE NOT ok;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ekpi_odbc_reader') THEN
        CREATE ROLE ekpi_odbc_reader LOGIN;
    END IF;
END $$;
SELECT employment_kpi.grant_reader('ekpi_odbc_reader');
