-- The storage of the weekly report: the registry of its sections, and the
-- row type of the sections' tables.

CREATE TABLE employment_kpi.report_section (
    position          int PRIMARY KEY,
    title             text NOT NULL CHECK (btrim(title) <> ''),
    section_function  regprocedure NOT NULL
);

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.report_section', 'WHERE position >= 1000');

CREATE TYPE employment_kpi_internal.report_row AS (ord int, label text, cells text[]);
COMMENT ON TYPE employment_kpi_internal.report_row IS
'Internal: a row of a table of the weekly report (report_table): its place (ord, then label), its label and its cells as printed.';
