-------------------------------------------------------------------------------
-- The weekly report (ugerapport) printed by make demo
--
-- weekly_report(week) prints a header and then every section registered in
-- report_section, in position order.  A section is any function
-- (week date) RETURNS SETOF text; later parts add their own rows.  Counts of
-- persons from 1 to config.suppression_k - 1 are shown as "<k".
-------------------------------------------------------------------------------

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

-- A count as printed: 1..k-1 become "<k" (small-cell suppression), NULL is 0.
CREATE FUNCTION employment_kpi.report_count(n bigint, k int)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN coalesce(n, 0) > 0 AND n < k THEN '<' || k
                ELSE coalesce(n, 0)::text END
$$;

COMMENT ON FUNCTION employment_kpi.report_count(bigint, int) IS
'Formats a count of persons for the weekly report: counts from 1 to k - 1 are shown as "<k" (small-cell suppression, diskretionering), NULL as 0.';

-- The report's suppression threshold.
CREATE FUNCTION employment_kpi.report_k()
RETURNS int
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce((SELECT c.suppression_k FROM employment_kpi.config c), 5)
$$;

COMMENT ON FUNCTION employment_kpi.report_k() IS
'config.suppression_k (5 when the config row is missing): the smallest count the weekly report shows unsuppressed.';

-- The latest date of any fact (spells, conversations, offers, assignments, bookings).
CREATE FUNCTION employment_kpi.report_latest_fact_date()
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT GREATEST(
        (SELECT pg_catalog.max(GREATEST(s.start_date, s.end_date)) FROM employment_kpi.support_spell s),
        (SELECT pg_catalog.max(c.held_on) FROM employment_kpi.conversation c),
        (SELECT pg_catalog.max(i.start_date) FROM employment_kpi.intervention i),
        (SELECT pg_catalog.max(GREATEST(a.start_date, a.end_date)) FROM employment_kpi.case_assignment a),
        (SELECT pg_catalog.max(e.booked_on) FROM employment_kpi.expense e))
$$;

COMMENT ON FUNCTION employment_kpi.report_latest_fact_date() IS
'The latest date found in the facts: spell start/end, conversation, offer start, assignment start/end and booking dates (planned offer end dates are not facts yet). NULL when there are no facts.';

-- Section 10: citizens on support, inflow and exits per target group.
CREATE FUNCTION employment_kpi.report_section_support(week date)
RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH k AS (SELECT employment_kpi.report_k() AS k),
    onsup AS (
        SELECT s.group_code, s.citizen_id
          FROM employment_kpi.support_spell s
         WHERE s.start_date <= week + 6 AND (s.end_date IS NULL OR s.end_date >= week)
    ), per AS (
        SELECT p.* FROM employment_kpi.support_period p
         WHERE p.start_date <= week + 6 AND (p.end_date IS NULL OR p.end_date >= week)
    ), g AS (
        SELECT cg.group_code, pg_catalog.split_part(cg.label_da, ' (', 1) AS label,
               (SELECT pg_catalog.count(DISTINCT o.citizen_id) FROM onsup o WHERE o.group_code = cg.group_code) AS n_on,
               (SELECT pg_catalog.count(*) FROM per p WHERE p.first_group_code = cg.group_code AND p.start_date >= week) AS n_in,
               (SELECT pg_catalog.count(*) FROM per p WHERE p.last_group_code = cg.group_code AND p.is_exit AND p.end_date <= week + 6) AS n_out
          FROM employment_kpi.citizen_group cg
    ), rows AS (
        SELECT 1 AS ord, g.label, g.n_on, g.n_in, g.n_out FROM g WHERE g.n_on + g.n_in + g.n_out > 0
        UNION ALL
        SELECT 2, 'Total', (SELECT pg_catalog.count(DISTINCT o.citizen_id) FROM onsup o),
               (SELECT pg_catalog.count(*) FROM per p WHERE p.start_date >= week),
               (SELECT pg_catalog.count(*) FROM per p WHERE p.is_exit AND p.end_date <= week + 6)
    ), w AS (SELECT GREATEST(pg_catalog.length('Target group (målgruppe)'), pg_catalog.max(pg_catalog.length(r.label))) AS w FROM rows r)
    SELECT line FROM (
        SELECT 0 AS ord, '' AS label,
               pg_catalog.format('  %-*s %10s %8s %8s', w.w, 'Target group (målgruppe)', 'On support', 'Inflow', 'Exits') AS line
          FROM w
        UNION ALL
        SELECT r.ord, r.label,
               pg_catalog.format('  %-*s %10s %8s %8s', w.w, r.label,
                                 employment_kpi.report_count(r.n_on, k.k),
                                 employment_kpi.report_count(r.n_in, k.k),
                                 employment_kpi.report_count(r.n_out, k.k))
          FROM rows r, w, k
    ) x
    ORDER BY x.ord, x.label COLLATE "C"
$$;

COMMENT ON FUNCTION employment_kpi.report_section_support(date) IS
'Weekly report section: per target group the citizens on public support in the week (a spell overlapping it; a citizen on two groups'' benefits counts in both, once in the total), the inflow (support periods starting in the week, by their first group) and the exits (support periods ending in the week with an exit, by their last group).';

-- Section 20: conversations per team by status.
CREATE FUNCTION employment_kpi.report_section_conversations(week date)
RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH k AS (SELECT employment_kpi.report_k() AS k),
    c AS (
        SELECT t.team_name, v.status, v.citizen_id
          FROM employment_kpi.conversation v
          JOIN employment_kpi.caseworker cw ON cw.caseworker_id = v.caseworker_id
          JOIN employment_kpi.team t ON t.team_id = cw.team_id
         WHERE v.held_on BETWEEN week AND week + 6
    ), rows AS (
        SELECT 1 AS ord, c.team_name AS label,
               pg_catalog.count(*) FILTER (WHERE c.status = 'held') AS held,
               pg_catalog.count(*) FILTER (WHERE c.status = 'no_show') AS no_show,
               pg_catalog.count(*) FILTER (WHERE c.status = 'cancelled') AS cancelled
          FROM c GROUP BY c.team_name
        UNION ALL
        SELECT 2, 'Total',
               pg_catalog.count(*) FILTER (WHERE c.status = 'held'),
               pg_catalog.count(*) FILTER (WHERE c.status = 'no_show'),
               pg_catalog.count(*) FILTER (WHERE c.status = 'cancelled')
          FROM c
    ), w AS (SELECT GREATEST(pg_catalog.length('Team'), pg_catalog.max(pg_catalog.length(r.label))) AS w FROM rows r)
    SELECT line FROM (
        SELECT 0 AS ord, '' AS label,
               pg_catalog.format('  %-*s %8s %8s %10s', w.w, 'Team', 'Held', 'No-show', 'Cancelled') AS line
          FROM w
        UNION ALL
        SELECT r.ord, r.label,
               pg_catalog.format('  %-*s %8s %8s %10s', w.w, r.label,
                                 employment_kpi.report_count(r.held, k.k),
                                 employment_kpi.report_count(r.no_show, k.k),
                                 employment_kpi.report_count(r.cancelled, k.k))
          FROM rows r, w, k
    ) x
    ORDER BY x.ord, x.label COLLATE "C"
$$;

COMMENT ON FUNCTION employment_kpi.report_section_conversations(date) IS
'Weekly report section: conversations (samtaler) dated in the week per team of the caseworker, by status: held (afholdt), no-show (udeblevet), cancelled (aflyst).';

-- Section 30: interventions running and started per type.
CREATE FUNCTION employment_kpi.report_section_interventions(week date)
RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH k AS (SELECT employment_kpi.report_k() AS k),
    i AS (
        SELECT i.type_code, i.citizen_id, i.start_date
          FROM employment_kpi.intervention i
         WHERE i.start_date <= week + 6 AND (i.end_date IS NULL OR i.end_date >= week)
    ), rows AS (
        SELECT 1 AS ord, t.label_da AS label,
               (SELECT pg_catalog.count(DISTINCT i.citizen_id) FROM i WHERE i.type_code = t.type_code) AS running,
               (SELECT pg_catalog.count(*) FROM i WHERE i.type_code = t.type_code AND i.start_date >= week) AS started
          FROM employment_kpi.intervention_type t
        UNION ALL
        SELECT 2, 'Total', (SELECT pg_catalog.count(DISTINCT i.citizen_id) FROM i),
               (SELECT pg_catalog.count(*) FROM i WHERE i.start_date >= week)
    ), shown AS (SELECT * FROM rows r WHERE r.ord = 2 OR r.running > 0),
    w AS (SELECT GREATEST(pg_catalog.length('Offer type (tilbudstype)'), pg_catalog.max(pg_catalog.length(r.label))) AS w FROM shown r)
    SELECT line FROM (
        SELECT 0 AS ord, '' AS label,
               pg_catalog.format('  %-*s %10s %10s', w.w, 'Offer type (tilbudstype)', 'Citizens', 'Started') AS line
          FROM w
        UNION ALL
        SELECT r.ord, r.label,
               pg_catalog.format('  %-*s %10s %10s', w.w, r.label,
                                 employment_kpi.report_count(r.running, k.k),
                                 employment_kpi.report_count(r.started, k.k))
          FROM shown r, w, k
    ) x
    ORDER BY x.ord, x.label COLLATE "C"
$$;

COMMENT ON FUNCTION employment_kpi.report_section_interventions(date) IS
'Weekly report section: per offer type the citizens in an active offer (tilbud) overlapping the week and the offers started in the week.';

-- Section 40: exits per group and reason.
CREATE FUNCTION employment_kpi.report_section_exits(week date)
RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH k AS (SELECT employment_kpi.report_k() AS k),
    e AS (
        SELECT p.last_group_code AS group_code, p.last_exit_reason AS reason
          FROM employment_kpi.support_period p
         WHERE p.is_exit AND p.end_date BETWEEN week AND week + 6
    ), rows AS (
        SELECT 1 AS ord, pg_catalog.split_part(cg.label_da, ' (', 1) AS label,
               pg_catalog.count(*) FILTER (WHERE e.reason = 'job') AS job,
               pg_catalog.count(*) FILTER (WHERE e.reason = 'education') AS education,
               pg_catalog.count(*) FILTER (WHERE e.reason = 'other_benefit') AS other_benefit,
               pg_catalog.count(*) FILTER (WHERE e.reason IS DISTINCT FROM 'job' AND e.reason IS DISTINCT FROM 'education'
                                             AND e.reason IS DISTINCT FROM 'other_benefit') AS other,
               pg_catalog.count(*) AS total
          FROM e JOIN employment_kpi.citizen_group cg ON cg.group_code = e.group_code
         GROUP BY cg.label_da
        UNION ALL
        SELECT 2, 'Total',
               pg_catalog.count(*) FILTER (WHERE e.reason = 'job'),
               pg_catalog.count(*) FILTER (WHERE e.reason = 'education'),
               pg_catalog.count(*) FILTER (WHERE e.reason = 'other_benefit'),
               pg_catalog.count(*) FILTER (WHERE e.reason IS DISTINCT FROM 'job' AND e.reason IS DISTINCT FROM 'education'
                                             AND e.reason IS DISTINCT FROM 'other_benefit'),
               pg_catalog.count(*)
          FROM e
    ), w AS (SELECT GREATEST(pg_catalog.length('Target group (målgruppe)'), pg_catalog.max(pg_catalog.length(r.label))) AS w FROM rows r)
    SELECT line FROM (
        SELECT 0 AS ord, '' AS label,
               pg_catalog.format('  %-*s %6s %10s %14s %8s %6s', w.w, 'Target group (målgruppe)',
                                 'Job', 'Education', 'Other benefit', 'Other', 'Total') AS line
          FROM w
        UNION ALL
        SELECT r.ord, r.label,
               pg_catalog.format('  %-*s %6s %10s %14s %8s %6s', w.w, r.label,
                                 employment_kpi.report_count(r.job, k.k),
                                 employment_kpi.report_count(r.education, k.k),
                                 employment_kpi.report_count(r.other_benefit, k.k),
                                 employment_kpi.report_count(r.other, k.k),
                                 employment_kpi.report_count(r.total, k.k))
          FROM rows r, w, k
    ) x
    ORDER BY x.ord, x.label COLLATE "C"
$$;

COMMENT ON FUNCTION employment_kpi.report_section_exits(date) IS
'Weekly report section: exits from public support (afgange til selvforsørgelse: support periods ending in the week with an exit) per last target group and exit reason; "Other" includes an unknown reason.';

INSERT INTO employment_kpi.report_section (position, title, section_function) VALUES
 (10, 'Citizens on public support (borgere på offentlig forsørgelse)', 'employment_kpi.report_section_support(date)'),
 (20, 'Conversations (samtaler)', 'employment_kpi.report_section_conversations(date)'),
 (30, 'Active offers (aktive tilbud)', 'employment_kpi.report_section_interventions(date)'),
 (40, 'Exits from public support (afgange til selvforsørgelse)', 'employment_kpi.report_section_exits(date)');

CREATE FUNCTION employment_kpi.weekly_report(week date DEFAULT NULL)
RETURNS TABLE (line text)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
AS $fn$
DECLARE
    v_week   date;
    v_latest date;
    v_sec    record;
BEGIN
    IF week IS NULL THEN
        v_latest := employment_kpi.report_latest_fact_date();
        IF v_latest IS NULL THEN
            line := 'Weekly report: there are no facts yet (load support_spell and the other fact tables, or run generate_synthetic()).';
            RETURN NEXT;
            RETURN;
        END IF;
        -- the last complete ISO week on or before min(today, latest fact)
        v_week := pg_catalog.date_trunc('week', (LEAST(CURRENT_DATE, v_latest) + 1)::timestamp)::date - 7;
    ELSIF NOT pg_catalog.isfinite(week) THEN
        RAISE EXCEPTION 'week must be a finite date' USING ERRCODE = 'invalid_parameter_value';
    ELSE
        v_week := pg_catalog.date_trunc('week', week::timestamp)::date;
    END IF;

    line := pg_catalog.format('Weekly report %s (ugerapport), %s to %s',
                              pg_catalog.to_char(v_week, 'IYYY-"W"IW'), pg_catalog.to_char(v_week, 'YYYY-MM-DD'),
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
'The weekly leadership report (ugerapport) as rows of one text column, line, in print order: a header with the ISO week label (e.g. 2026-W47) and dates, then every report_section in position order. week NULL = the most recent complete ISO week on or before min(current_date, the latest date in the facts); any other date is snapped to the Monday of its ISO week. Counts of persons from 1 to config.suppression_k - 1 are shown as "<k". PARALLEL RESTRICTED: it runs whatever section functions are registered.';
