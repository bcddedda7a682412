-- The storage of the weekly report: the registry of its sections, and the
-- row type of the sections' tables.

CREATE TABLE employment_kpi.report_section (
    position          int PRIMARY KEY,
    title             text NOT NULL CHECK (btrim(title) <> ''),
    section_function  regprocedure NOT NULL
);

COMMENT ON TABLE employment_kpi.report_section IS
'Sections of the weekly report (ugerapport) in print order. section_function must have the signature (week date) RETURNS SETOF text and receives the Monday of the report week. The extension''s own sections use positions below 1000; add your own at 1000 or above (only those are dumped by pg_dump).';
COMMENT ON COLUMN employment_kpi.report_section.position IS 'Print order of the section (ascending).';
COMMENT ON COLUMN employment_kpi.report_section.title IS 'Heading printed above the section.';
COMMENT ON COLUMN employment_kpi.report_section.section_function IS 'Function (week date) RETURNS SETOF text producing the section''s lines.';

SELECT pg_catalog.pg_extension_config_dump('employment_kpi.report_section', 'WHERE position >= 1000');

CREATE TYPE employment_kpi_internal.report_row AS (ord int, label text, cells text[]);
COMMENT ON TYPE employment_kpi_internal.report_row IS
'Internal: a row of a table of the weekly report (report_table): its place (ord, then label), its label and its cells as printed.';
