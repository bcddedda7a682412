-- The descriptions of the report layer's tables: re-run by every upgrade, so
-- an upgraded database describes its storage exactly as a fresh install.

COMMENT ON TABLE employment_kpi.report_section IS
'Sections of the weekly report (ugerapport) in print order. section_function must have the signature (week date) RETURNS SETOF text and receives the Monday of the report week. The extension''s own sections use positions below 1000; add your own at 1000 or above (only those are dumped by pg_dump).';
SELECT employment_kpi_internal.comment_columns('employment_kpi.report_section', $c$
position: Print order of the section (ascending).
title: Heading printed above the section.
section_function: Function (week date) RETURNS SETOF text producing the section's lines.
$c$);
