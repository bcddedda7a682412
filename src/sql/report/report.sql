-- The weekly report (ugerapport): weekly_report(week, team_id, format)
-- prints a header, the sections and the legend.  The municipality's
-- sections are those registered in report_section, in position order (a
-- section is any function (week date) RETURNS SETOF text); a team's are the
-- team leader's (team.sql).  The extension's own sections lay out their
-- tables with report_table; format html wraps the same lines in a page with
-- charts (html.sql).

-- The one layout of the sections' tables: the label column as wide as its
-- longest entry or its heading, each cell right-aligned in its column's
-- width, the rows by ord and then label.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_table(
    label_head text, heads text[], widths int[], rows employment_kpi_internal.report_row[],
    if_empty text DEFAULT NULL, before text[] DEFAULT '{}', after text[] DEFAULT '{}')
RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
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

-- The legend: every symbol the report prints.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_legend()
RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT l.line FROM (VALUES
        (1, pg_catalog.format('  <%s     fewer than %s citizens: the count is hidden to protect them (diskretionering); team leaders and analysts see it',
                              employment_kpi.suppression_k(), employment_kpi.suppression_k())),
        (2, '  -      no figure: hidden because a count behind it is hidden, or nothing to compute (no contact window ended, no earlier week)'),
        (3, '  above  more than expected for this mix of citizens, outside the 99.8 % funnel limits: very unlikely to be chance'),
        (4, '  below  fewer than expected, outside the 99.8 % funnel limits: very unlikely to be chance'),
        (5, '  watch  outside the 95 % but inside the 99.8 % limits: keep an eye on it; no flag: within the 95 % limits'),
        (6, '  vs expected  observed / expected over the 13 weeks to the week, adjusted for target group and duration (1.00 = as expected)'),
        (7, '  On time  share of the contact windows ending in the week in which the citizen had the conversations the law requires (rettidighed)'),
        (8, '  To other benefit  left for another public benefit: never counted as an exit'),
        (9, '  pp     percentage points')
    ) AS l(n, line) ORDER BY l.n
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_legend() IS
'Internal: the legend (forklaring) closing the weekly report: the hidden-count mark "<k" with k = suppression_k(), "-", the funnel flags above, below and watch, "vs expected", "On time", "To other benefit" and "pp".';

-- The lines of the text report for a week (its Monday) and a team (NULL:
-- the municipality).  The municipality's sections are the registry's.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_lines(week date, team_id text)
RETURNS SETOF text
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_sec   record;
    v_line  text;
BEGIN
    RETURN NEXT format('Weekly report %s (ugerapport), %s to %s',
                       employment_kpi.week_label(week), to_char(week, 'YYYY-MM-DD'), to_char(week + 6, 'YYYY-MM-DD'));
    RETURN NEXT coalesce((SELECT t.team_name FROM employment_kpi.team t WHERE t.team_id = report_lines.team_id),
                         'Municipality (hele kommunen)');
    RETURN NEXT repeat('=', 60);
    FOR v_sec IN
        SELECT x.title, x.fn FROM (
            SELECT s.position, s.title, s.section_function::text AS fn
              FROM employment_kpi.report_section s WHERE report_lines.team_id IS NULL
            UNION ALL
            SELECT v.position, v.title, v.fn
              FROM (VALUES (10, 'Caseworkers this week (sagsbehandlere)', 'report_team_caseworkers'),
                           (20, 'Against last week and the 13 weeks before', 'report_team_change'),
                           (30, 'Sparring suggestions (sparring)', 'report_team_sparring')) AS v(position, title, fn)
             WHERE report_lines.team_id IS NOT NULL
        ) x ORDER BY x.position
    LOOP
        RETURN NEXT '';
        RETURN NEXT v_sec.title;
        RETURN NEXT repeat('-', length(v_sec.title));
        IF team_id IS NULL THEN
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                            WHERE p.oid = v_sec.fn::regprocedure AND p.pronargs = 1
                              AND p.proargtypes[0] = 'date'::regtype AND p.proretset AND p.prorettype = 'text'::regtype) THEN
                RAISE EXCEPTION 'report section "%" uses % which is not a (week date) RETURNS SETOF text function',
                                v_sec.title, v_sec.fn
                      USING ERRCODE = 'invalid_object_definition';
            END IF;
            FOR v_line IN EXECUTE format('SELECT * FROM %s($1)', v_sec.fn::regprocedure::regproc) USING week LOOP
                RETURN NEXT v_line;
            END LOOP;
        ELSE
            FOR v_line IN EXECUTE format('SELECT * FROM employment_kpi_internal.%I($1, $2)', v_sec.fn) USING week, team_id LOOP
                RETURN NEXT v_line;
            END LOOP;
        END IF;
    END LOOP;
    RETURN NEXT '';
    RETURN NEXT 'Legend (forklaring)';
    RETURN NEXT repeat('-', 19);
    RETURN QUERY SELECT * FROM employment_kpi_internal.report_legend();
END
$fn$;

COMMENT ON FUNCTION employment_kpi_internal.report_lines(date, text) IS
'Internal: the lines of the weekly report for the week starting on week and a team (NULL: the municipality): the header, the sections (the municipality''s from report_section in position order; a team''s: caseworkers, change, sparring) and the legend. Raises 42P17 when a registered section is not a (week date) RETURNS SETOF text function.';

CREATE OR REPLACE FUNCTION employment_kpi.weekly_report(week date DEFAULT NULL, team_id text DEFAULT NULL,
                                                        format text DEFAULT 'text')
RETURNS TABLE (line text)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    v_week   date;
    v_latest date;
BEGIN
    IF format IS NULL OR format NOT IN ('text', 'html') THEN
        RAISE EXCEPTION 'format must be text or html, got %', coalesce(quote_literal(format), 'NULL')
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the caller's rights (session_user, as every access check): a team's
    -- report for its leaders and the analysts; the same answer for an
    -- unknown team and another's, so it reveals no team
    IF team_id IS NOT NULL AND NOT employment_kpi.is_analyst()
       AND NOT team_id = ANY (employment_kpi.leader_teams()) THEN
        RAISE EXCEPTION 'permission denied for the report of team %: not your team', quote_literal(team_id)
              USING ERRCODE = 'insufficient_privilege',
                    HINT = 'A team''s report is for its leader (grant_leader) and analysts; SELECT * FROM employment_kpi.weekly_report() gives the municipality''s.';
    END IF;
    IF team_id IS NULL THEN
        PERFORM employment_kpi_internal.require_reader('the weekly report');
    END IF;
    IF week IS NULL THEN
        v_latest := employment_kpi.data_end();
        IF v_latest IS NULL THEN
            line := 'Weekly report: there are no facts yet (load support_spell and the other fact tables, or run generate_synthetic()).';
            RETURN NEXT;
            RETURN;
        END IF;
        -- the last complete ISO week on or before the data's end
        v_week := employment_kpi.iso_monday(v_latest + 1) - 7;
    ELSIF NOT isfinite(week) THEN
        RAISE EXCEPTION 'week must be a finite date' USING ERRCODE = 'invalid_parameter_value';
    ELSE
        PERFORM employment_kpi_internal.require_data_until(week, 'week', true);
        v_week := employment_kpi.iso_monday(week);
    END IF;
    IF format = 'text' THEN
        RETURN QUERY SELECT * FROM employment_kpi_internal.report_lines(v_week, team_id);
    ELSE
        line := employment_kpi_internal.report_html(v_week, team_id);
        RETURN NEXT;
    END IF;
END
$fn$;

COMMENT ON FUNCTION employment_kpi.weekly_report(date, text, text) IS
'The weekly leadership report (ugerapport). week NULL = the last complete ISO week on or before the data''s end (data_end()); any other date is snapped to the Monday of its ISO week; a week after the week of data_end() raises 22023. team_id NULL = the municipality''s report (the report_section sections: target groups, teams, which offers work for which group, budget); a team = its leader''s report (one row per caseworker, change against last week and the 13 weeks before, sparring suggestions), for that team''s leader and analysts only (else 42501, the same for an unknown team). Every figure is read from the kpi_* views, so the caller sees what the views show that role. format text = rows of one line each, ending with the legend; html = one row holding a self-contained HTML page (inline CSS and SVG charts: funnel plot, exit curves, budget burn-up, 13-week sparklines). SECURITY DEFINER with the caller''s rights checked through session_user, as in every kpi_* view.';
