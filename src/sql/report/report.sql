-- The weekly report (ugerapport): weekly_report(week) prints a header and
-- every section registered in report_section, in position order.  A
-- section is any function (week date) RETURNS SETOF text.  Counts of
-- persons from 1 to suppression_k() - 1 are shown as "<k" (report_count).

CREATE OR REPLACE FUNCTION employment_kpi_internal.report_count(n bigint, k int)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN coalesce(n, 0) > 0 AND n < k THEN '<' || k
                ELSE coalesce(n, 0)::text END
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_count(bigint, int) IS
'Formats a count of persons for the weekly report: counts from 1 to k - 1 are shown as "<k" (small-cell suppression, diskretionering), NULL as 0.';

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
'The weekly leadership report (ugerapport) as rows of one text column, line, in print order: a header with the ISO week label (e.g. 2026-W47) and dates, then every report_section in position order. week NULL = the last complete ISO week on or before the data''s end (data_end()); any other date is snapped to the Monday of its ISO week. Counts of persons from 1 to config.suppression_k - 1 are shown as "<k". PARALLEL RESTRICTED: it runs whatever section functions are registered.';
