-- The sections of the weekly report the extension ships: citizens on
-- support, conversations, active offers and exits read from the facts, and
-- target groups, team scorecards and budget read from the kpi_* views.
-- Each section computes its rows; report_table (report.sql) lays them out.

-- Every section has the signature of a section, (week date) RETURNS SETOF
-- text, as a SQL function: declared here once, each section giving only its
-- name, body and comment.
CREATE OR REPLACE FUNCTION employment_kpi_internal.declare_report_section(fname text, body text, comment text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION employment_kpi_internal.%I(week date) RETURNS SETOF text '
                   'LANGUAGE sql STABLE PARALLEL SAFE AS %L', fname, body);
    EXECUTE format('COMMENT ON FUNCTION employment_kpi_internal.%I(date) IS %L', fname, comment);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.declare_report_section(text, text, text) IS
'Internal, install time: CREATE OR REPLACE FUNCTION employment_kpi_internal.fname(week date) RETURNS SETOF text, the signature of a weekly report section (report_section.section_function), as the SQL body, STABLE PARALLEL SAFE, and its comment.';

SELECT employment_kpi_internal.declare_report_section('report_section_support', $body$
    WITH onsup AS (
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
               (SELECT pg_catalog.count(*) FROM per p WHERE p.last_group_code = cg.group_code AND p.is_exit AND p.end_date <= week + 6) AS n_out,
               (SELECT pg_catalog.count(*) FROM per p WHERE p.last_group_code = cg.group_code AND p.is_transition AND p.end_date <= week + 6) AS n_tr
          FROM employment_kpi.citizen_group cg
    ), rows AS (
        SELECT 1 AS ord, g.label, g.n_on, g.n_in, g.n_out, g.n_tr FROM g WHERE g.n_on + g.n_in + g.n_out + g.n_tr > 0
        UNION ALL
        SELECT 2, 'Total', (SELECT pg_catalog.count(DISTINCT o.citizen_id) FROM onsup o),
               (SELECT pg_catalog.count(*) FROM per p WHERE p.start_date >= week),
               (SELECT pg_catalog.count(*) FROM per p WHERE p.is_exit AND p.end_date <= week + 6),
               (SELECT pg_catalog.count(*) FROM per p WHERE p.is_transition AND p.end_date <= week + 6)
    )
    SELECT employment_kpi_internal.report_table(
               'Target group (målgruppe)', ARRAY['On support', 'Inflow', 'Exits', 'Transitions'], ARRAY[10, 8, 8, 12],
               pg_catalog.array_agg((r.ord, r.label, employment_kpi_internal.report_counts(r.n_on, r.n_in, r.n_out, r.n_tr))::employment_kpi_internal.report_row))
      FROM rows r
$body$,
'Weekly report section: per target group the citizens on public support in the week (a spell overlapping it; a citizen on two groups'' benefits counts in both, once in the total), the inflow (support periods starting in the week, by their first group) the exits to self-support and the transitions to another public benefit (support periods ending in the week with an exit / a transition as period_outcome defines them, by their last group).');

-- Section 20: conversations per team by status.
SELECT employment_kpi_internal.declare_report_section('report_section_conversations', $body$
    WITH c AS (
        SELECT t.team_name, v.status, v.citizen_id
          FROM employment_kpi.conversation v
          JOIN employment_kpi.caseworker cw ON cw.caseworker_id = v.caseworker_id
          JOIN employment_kpi.team t ON t.team_id = cw.team_id
         WHERE v.held_on BETWEEN week AND week + 6
    ), rows AS (
        -- a row per team, and the total (the empty grouping set)
        SELECT CASE WHEN GROUPING(c.team_name) = 0 THEN 1 ELSE 2 END AS ord,
               CASE WHEN GROUPING(c.team_name) = 0 THEN c.team_name ELSE 'Total' END AS label,
               pg_catalog.count(*) FILTER (WHERE c.status = 'held') AS held,
               pg_catalog.count(*) FILTER (WHERE c.status = 'no_show') AS no_show,
               pg_catalog.count(*) FILTER (WHERE c.status = 'cancelled') AS cancelled
          FROM c GROUP BY GROUPING SETS ((c.team_name), ())
    )
    SELECT employment_kpi_internal.report_table(
               'Team', ARRAY['Held', 'No-show', 'Cancelled'], ARRAY[8, 8, 10],
               pg_catalog.array_agg((r.ord, r.label, employment_kpi_internal.report_counts(r.held, r.no_show, r.cancelled))::employment_kpi_internal.report_row))
      FROM rows r
$body$,
'Weekly report section: conversations (samtaler) dated in the week per team of the caseworker, by status: held (afholdt), no-show (udeblevet), cancelled (aflyst).');

-- Section 30: interventions running and started per type.
SELECT employment_kpi_internal.declare_report_section('report_section_interventions', $body$
    WITH i AS (
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
    )
    SELECT employment_kpi_internal.report_table(
               'Offer type (tilbudstype)', ARRAY['Citizens', 'Started'], ARRAY[10, 10],
               pg_catalog.array_agg((r.ord, r.label, employment_kpi_internal.report_counts(r.running, r.started))::employment_kpi_internal.report_row))
      FROM rows r
     WHERE r.ord = 2 OR r.running > 0
$body$,
'Weekly report section: per offer type the citizens in an active offer (tilbud) overlapping the week and the offers started in the week.');

-- Section 40: exits per group and reason, transitions beside them.
SELECT employment_kpi_internal.declare_report_section('report_section_exits', $body$
    WITH e AS (
        SELECT cg.label_da, p.last_exit_reason AS reason, p.is_exit
          FROM employment_kpi.support_period p
          JOIN employment_kpi.citizen_group cg ON cg.group_code = p.last_group_code
         WHERE (p.is_exit OR p.is_transition) AND p.end_date BETWEEN week AND week + 6
    ), rows AS (
        -- a row per group, and the total (the empty grouping set)
        SELECT CASE WHEN GROUPING(e.label_da) = 0 THEN 1 ELSE 2 END AS ord,
               CASE WHEN GROUPING(e.label_da) = 0 THEN pg_catalog.split_part(e.label_da, ' (', 1) ELSE 'Total' END AS label,
               pg_catalog.count(*) FILTER (WHERE e.is_exit AND e.reason = 'job') AS job,
               pg_catalog.count(*) FILTER (WHERE e.is_exit AND e.reason = 'education') AS education,
               pg_catalog.count(*) FILTER (WHERE e.is_exit AND e.reason IS DISTINCT FROM 'job'
                                             AND e.reason IS DISTINCT FROM 'education') AS other,
               pg_catalog.count(*) FILTER (WHERE e.is_exit) AS exits,
               pg_catalog.count(*) FILTER (WHERE NOT e.is_exit) AS transitions
          FROM e GROUP BY GROUPING SETS ((e.label_da), ())
    )
    SELECT employment_kpi_internal.report_table(
               'Target group (målgruppe)', ARRAY['Job', 'Education', 'Other', 'Exits', 'Transitions'],
               ARRAY[6, 10, 8, 8, 12],
               pg_catalog.array_agg((r.ord, r.label, employment_kpi_internal.report_counts(r.job, r.education, r.other, r.exits, r.transitions))::employment_kpi_internal.report_row))
      FROM rows r
$body$,
'Weekly report section: per last target group the support periods ending in the week with an exit to self-support (afgange til selvforsørgelse) by exit reason (job, education, other; "Other" includes an unknown reason) and their total, and beside them the transitions to another public benefit (exit_reason other_benefit: never an exit).');

-------------------------------------------------------------------------------
-- The weekly report, read from the views
-------------------------------------------------------------------------------

-- The cells of the sections read from the views, which give a suppressed
-- count as NULL: a count as printed ("<k" when suppressed), any other
-- figure by its to_char format with a unit ("-" when NULL).
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_view_count(n bigint)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce(n::text, '<' || employment_kpi.suppression_k())
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_view_count(bigint) IS
'Internal: a count of persons read from a kpi_* view as the weekly report prints it: NULL (suppressed in the view) as "<k" with k = suppression_k().';

CREATE OR REPLACE FUNCTION employment_kpi_internal.report_figure(x anyelement, fmt text, unit text DEFAULT '')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce(pg_catalog.to_char(x, fmt) || unit, '-')
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_figure(anyelement, text, text) IS
'Internal: a figure (a rate, a mean, an amount) as the weekly report prints it: to_char(x, fmt) followed by unit, "-" when x is NULL (suppressed or undefined).';

-- What a section read from the views prints for a week they have no rows of.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_view_missing(week date)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN week < employment_kpi.iso_monday(employment_kpi.data_start())
                THEN '  (before the data''s start, ' || pg_catalog.to_char(employment_kpi.data_start(), 'YYYY-MM-DD') || ': no figures)'
                ELSE '  (not in the BI views yet: run SELECT * FROM employment_kpi.refresh())' END
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_view_missing(date) IS
'Internal: the line a weekly report section read from the BI views prints when they hold no rows of the week: before the data''s start, or not refreshed yet.';

SELECT employment_kpi_internal.declare_report_section('report_section_group_week', $body$
    WITH r AS (
        SELECT CASE WHEN v.scope = 'municipality' THEN 'Total'
                    ELSE pg_catalog.split_part(v.group_label_da, ' (', 1) END AS label,
               v.scope, v.citizens_on_support, v.fulltime_persons, v.activation_rate,
               v.median_weeks_on_support, v.days_in_week
          FROM employment_kpi.kpi_group_week v
         WHERE v.week = report_section_group_week.week
    )
    SELECT employment_kpi_internal.report_table(
               'Target group (målgruppe)', ARRAY['On support', 'Full-time', 'Activation', 'Median weeks'],
               ARRAY[10, 10, 11, 13],
               pg_catalog.array_agg((CASE WHEN r.scope = 'municipality' THEN 2 ELSE 1 END, r.label,
                                     ARRAY[employment_kpi_internal.report_view_count(r.citizens_on_support),
                                           employment_kpi_internal.report_figure(r.fulltime_persons, 'FM999999990.0'),
                                           employment_kpi_internal.report_figure(100 * r.activation_rate, 'FM990.0', ' %'),
                                           employment_kpi_internal.report_figure(r.median_weeks_on_support, 'FM99990.0')]
                                    )::employment_kpi_internal.report_row),
               if_empty => employment_kpi_internal.report_view_missing(report_section_group_week.week),
               after => ARRAY['  (week to date: ' || pg_catalog.min(r.days_in_week) FILTER (WHERE r.scope = 'municipality'
                                                                                            AND r.days_in_week < 7)
                              || ' of 7 days)',
                              CASE WHEN EXISTS (SELECT 1 FROM employment_kpi_internal.bi_change c
                                                 WHERE c.source <> 'config_suppression_k')
                                   THEN '  (the facts changed since the last refresh(); these figures do not include the changes yet)'
                              END])
      FROM r
$body$,
'Weekly report section read from the BI view kpi_group_week: per target group the citizens on support, full-time persons, activation rate and median weeks on support (suppressed cells shown as <k or -); says so when the views are not refreshed for the week or the facts changed since the last refresh.');

SELECT employment_kpi_internal.declare_report_section('report_section_team_week', $body$
    WITH r AS (
        SELECT CASE WHEN v.level = 'municipality' THEN 'Total' ELSE v.team_name END AS label,
               v.level, v.caseload, v.conversations_held, v.activation_rate, v.exits,
               v.timeliness, v.exits_oe, v.exits_flag
          FROM employment_kpi.kpi_team_week v
         WHERE v.week = report_section_team_week.week
    )
    SELECT employment_kpi_internal.report_table(
               'Team', ARRAY['Caseload', 'Conversations', 'Activation', 'Exits', 'Timeliness', 'Exits O/E (13 w)'],
               ARRAY[8, 13, 11, 6, 11, 16],
               pg_catalog.array_agg((CASE WHEN r.level = 'municipality' THEN 2 ELSE 1 END, r.label,
                                     ARRAY[employment_kpi_internal.report_view_count(r.caseload),
                                           r.conversations_held::text,
                                           employment_kpi_internal.report_figure(100 * r.activation_rate, 'FM990.0', ' %'),
                                           employment_kpi_internal.report_view_count(r.exits),
                                           employment_kpi_internal.report_figure(100 * r.timeliness, 'FM990', ' %'),
                                           employment_kpi_internal.report_figure(r.exits_oe, 'FM90.00',
                                                         CASE WHEN r.exits_flag IN ('above', 'below', 'watch')
                                                              THEN ' ' || r.exits_flag ELSE '' END)]
                                    )::employment_kpi_internal.report_row),
               if_empty => employment_kpi_internal.report_view_missing(report_section_team_week.week))
      FROM r
$body$,
'Weekly report section read from the BI view kpi_team_week: per team and for the municipality the caseload, conversations held, activation rate, exits, timeliness (rettidighed) and mix-adjusted exits O/E over 13 weeks with its funnel flag when not within (suppressed cells shown as <k or -); says so when the views are not refreshed for the week.');

-- The latest budget status in kpi_budget_month as of the report week's Sunday.
-- The variance is printed in DKK million with one decimal, the resolution
-- budget_overrun_risk's tolerance is chosen for: a flagged row never shows
-- +0.0.
SELECT employment_kpi_internal.declare_report_section('report_section_budget', $body$
    WITH m AS (
        SELECT pg_catalog.max(v.month) AS month FROM employment_kpi.kpi_budget_month v
         WHERE v.as_of <= report_section_budget.week + 6
    ), r AS (
        SELECT CASE WHEN v.area = 'total' THEN 'Total' ELSE coalesce(v.area_label, v.area) END AS label,
               v.area = 'total' AS is_total, v.as_of, v.budget_dkk, v.ytd_actual_dkk, v.forecast_dkk,
               v.projected_variance_dkk, v.overrun_risk, v.forecast_through
          FROM employment_kpi.kpi_budget_month v, m
         WHERE v.month = m.month
    )
    SELECT employment_kpi_internal.report_table(
               'Budget area', ARRAY['Budget', 'Spent', 'Forecast', 'Variance', 'Risk'], ARRAY[8, 8, 9, 9, 6],
               pg_catalog.array_agg((CASE WHEN r.is_total THEN 2 ELSE 1 END, r.label,
                                     ARRAY[employment_kpi_internal.report_figure(r.budget_dkk / 1e6, 'FM99990.0'),
                                           employment_kpi_internal.report_figure(r.ytd_actual_dkk / 1e6, 'FM99990.0'),
                                           employment_kpi_internal.report_figure(r.forecast_dkk / 1e6, 'FM99990.0'),
                                           employment_kpi_internal.report_figure(r.projected_variance_dkk / 1e6, 'FMS99990.0'),
                                           coalesce(r.overrun_risk, '-')]
                                    )::employment_kpi_internal.report_row),
               if_empty => '  (no budget status in the BI views for this week: load budgets and run SELECT * FROM employment_kpi.refresh())',
               before => ARRAY[pg_catalog.format('  as of %s (DKK million); %s',
                                                 pg_catalog.to_char(pg_catalog.min(r.as_of), 'YYYY-MM-DD'),
                                                 coalesce('forecast from the complete months to '
                                                          || pg_catalog.to_char(pg_catalog.max(r.forecast_through), 'YYYY-MM-DD'),
                                                          'no forecast before the first month of the year is complete'))],
               after => ARRAY['  Risk: ok when the variance is below +0.05 (shown +0.0), high above 2% of the budget, else watch.'])
      FROM r
$body$,
'Weekly report section read from the BI view kpi_budget_month: the latest budget status computed by the end of the report week, per budget area and in total: budget, spent year to date, year-end forecast, projected variance (DKK million, one decimal) and overrun risk, headed by the as-of date and the last day of the complete months the forecast is computed from, and followed by the rule of the risk flag.');

INSERT INTO employment_kpi.report_section (position, title, section_function) VALUES
 (10, 'Citizens on public support (borgere på offentlig forsørgelse)', 'employment_kpi_internal.report_section_support(date)'),
 (20, 'Conversations (samtaler)', 'employment_kpi_internal.report_section_conversations(date)'),
 (30, 'Active offers (aktive tilbud)', 'employment_kpi_internal.report_section_interventions(date)'),
 (40, 'Exits from public support (afgange til selvforsørgelse)', 'employment_kpi_internal.report_section_exits(date)'),
 (90, 'Target groups from the BI views (kpi_group_week)', 'employment_kpi_internal.report_section_group_week(date)'),
 (91, 'Team scorecards from the BI views (kpi_team_week)', 'employment_kpi_internal.report_section_team_week(date)'),
 (92, 'Budget from the BI views (kpi_budget_month)', 'employment_kpi_internal.report_section_budget(date)')
ON CONFLICT (position) DO UPDATE SET title = EXCLUDED.title, section_function = EXCLUDED.section_function;
