-- The weekly report (ugerapport): weekly_report(week) prints a header and
-- every section registered in report_section, in position order.  A
-- section is any function (week date) RETURNS SETOF text; the extension's
-- own sections (sections.sql) lay out their tables with report_table.
-- Counts of persons from 1 to suppression_k() - 1 are shown as "<k"
-- (report_count).

-- A count as printed: 1..k-1 become "<k" (small-cell suppression), NULL is 0.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_count(n bigint, k int)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN coalesce(n, 0) > 0 AND n < k THEN '<' || k
                ELSE coalesce(n, 0)::text END
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_count(bigint, int) IS
'Formats a count of persons for the weekly report: counts from 1 to k - 1 are shown as "<k" (small-cell suppression, diskretionering), NULL as 0.';

-- The cells of a row of counts of persons, as printed.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_counts(VARIADIC n bigint[])
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.array_agg(employment_kpi_internal.report_count(u.n, k.k) ORDER BY u.i)
      FROM pg_catalog.unnest(n) WITH ORDINALITY AS u(n, i),
           (SELECT employment_kpi.suppression_k() AS k) AS k
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_counts(bigint[]) IS
'Internal: counts of persons as the weekly report prints them, each by report_count with k = suppression_k().';

-- The one layout of the sections' tables: the label column as wide as its
-- longest entry or its heading, each cell right-aligned in its column's
-- width, the rows by ord and then label.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_table(
    label_head text, heads text[], widths int[], rows employment_kpi_internal.report_row[],
    if_empty text DEFAULT NULL, before text[] DEFAULT '{}', after text[] DEFAULT '{}')
RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    WITH r AS (
        SELECT u.ord, u.label, u.cells FROM pg_catalog.unnest(rows) AS u
    ), w AS (
        SELECT GREATEST(pg_catalog.length(label_head), pg_catalog.max(pg_catalog.length(r.label))) AS w FROM r
    ), t AS (
        -- the heading line and the rows, laid out alike
        SELECT 2 AS part, 0 AS ord, '' AS label, label_head AS shown, heads AS cells
         WHERE EXISTS (SELECT 1 FROM r)
        UNION ALL
        SELECT 3, r.ord, r.label, r.label, r.cells FROM r
    ), lines AS (
        SELECT 0 AS part, 0 AS ord, '' AS label, if_empty AS line
         WHERE NOT EXISTS (SELECT 1 FROM r)
        UNION ALL
        SELECT 1, b.n::int, '', b.line FROM pg_catalog.unnest(before) WITH ORDINALITY AS b(line, n)
         WHERE EXISTS (SELECT 1 FROM r)
        UNION ALL
        SELECT t.part, t.ord, t.label,
               '  ' || pg_catalog.format('%-*s', w.w, t.shown)
               || (SELECT coalesce(pg_catalog.string_agg(pg_catalog.format(' %*s', c.width, c.cell), '' ORDER BY c.n), '')
                     FROM ROWS FROM (pg_catalog.unnest(t.cells), pg_catalog.unnest(widths)) WITH ORDINALITY AS c(cell, width, n))
          FROM t, w
        UNION ALL
        SELECT 4, a.n::int, '', a.line FROM pg_catalog.unnest(after) WITH ORDINALITY AS a(line, n)
         WHERE EXISTS (SELECT 1 FROM r)
    )
    SELECT l.line FROM lines AS l WHERE l.line IS NOT NULL
     ORDER BY l.part, l.ord, l.label COLLATE "C"
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_table(text, text[], int[], employment_kpi_internal.report_row[], text, text[], text[]) IS
'Internal: the lines of a table of the weekly report: a heading line (label_head and heads) and one line per row of rows in ord and then label order (C collation), each as two spaces, the label left-aligned in the width of the longest label or label_head, and every cell right-aligned in its width (widths) after a space. Without rows only if_empty (when not NULL); with rows the lines of before come first and those of after last (NULL entries skipped).';

CREATE OR REPLACE FUNCTION employment_kpi.weekly_report(week date DEFAULT NULL)
RETURNS TABLE (line text)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
AS $fn$
DECLARE
    v_week   date;
    v_latest date;
    v_sec    record;
BEGIN
    IF week IS NULL THEN
        v_latest := employment_kpi.data_end();
        IF v_latest IS NULL THEN
            line := 'Weekly report: there are no facts yet (load support_spell and the other fact tables, or run generate_synthetic()).';
            RETURN NEXT;
            RETURN;
        END IF;
        -- the last complete ISO week on or before the data's end
        v_week := employment_kpi.iso_monday(v_latest + 1) - 7;
    ELSIF NOT pg_catalog.isfinite(week) THEN
        RAISE EXCEPTION 'week must be a finite date' USING ERRCODE = 'invalid_parameter_value';
    ELSE
        PERFORM employment_kpi_internal.require_data_until(week, 'week', true);
        v_week := employment_kpi.iso_monday(week);
    END IF;

    line := pg_catalog.format('Weekly report %s (ugerapport), %s to %s',
                              employment_kpi.week_label(v_week), pg_catalog.to_char(v_week, 'YYYY-MM-DD'),
                              pg_catalog.to_char(v_week + 6, 'YYYY-MM-DD'));
    RETURN NEXT;
    line := pg_catalog.repeat('=', 60);
    RETURN NEXT;
    FOR v_sec IN
        SELECT s.position, s.title, s.section_function, p.oid AS fn,
               (p.pronargs = 1 AND p.proargtypes[0] = 'date'::regtype AND p.proretset
                AND p.prorettype = 'text'::regtype) AS ok
          FROM employment_kpi.report_section s
          JOIN pg_catalog.pg_proc p ON p.oid = s.section_function
         ORDER BY s.position
    LOOP
        IF NOT v_sec.ok THEN
            RAISE EXCEPTION 'report section % uses % which is not a (week date) RETURNS SETOF text function',
                            v_sec.position, v_sec.section_function
                  USING ERRCODE = 'invalid_object_definition';
        END IF;
        line := '';
        RETURN NEXT;
        line := v_sec.title;
        RETURN NEXT;
        line := pg_catalog.repeat('-', pg_catalog.length(v_sec.title));
        RETURN NEXT;
        FOR line IN EXECUTE pg_catalog.format('SELECT * FROM %s($1)', v_sec.fn::regproc) USING v_week
        LOOP
            RETURN NEXT;
        END LOOP;
    END LOOP;
    RETURN;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.weekly_report(date) IS
'The weekly leadership report (ugerapport) as rows of one text column, line, in print order: a header with the ISO week label (e.g. 2026-W47) and dates, then every report_section in position order. week NULL = the last complete ISO week on or before the data''s end (data_end()); any other date is snapped to the Monday of its ISO week; a week after the week of data_end() raises 22023. Counts of persons from 1 to config.suppression_k - 1 are shown as "<k". PARALLEL RESTRICTED: it runs whatever section functions are registered.';
