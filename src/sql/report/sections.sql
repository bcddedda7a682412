-- The sections of the municipality's weekly report: target groups, teams,
-- which offers work for which group, and budget.  Every figure is read from
-- a kpi_* view, so each has one definition (the view's), the totals of two
-- sections come from the same rows, and the caller's audience applies: the
-- views decide what a reader, a team leader or an analyst sees.  Each
-- section computes its rows; report_table (report.sql) lays them out.

-- Every section has the signature of a section, (week date) RETURNS SETOF
-- text, as a PL/pgSQL function returning its query (a SQL function with
-- parameters that reads a table cannot run on a Citus cluster): declared
-- here once, each section giving only its name, body and comment.  The
-- team report's sections (team.sql) take the team too.
CREATE OR REPLACE FUNCTION employment_kpi_internal.declare_report_section(fname text, body text, comment text,
                                                                          args text DEFAULT 'week date',
                                                                          parallel text DEFAULT 'SAFE')
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION employment_kpi_internal.%I(%s) RETURNS SETOF text '
                   'LANGUAGE plpgsql STABLE PARALLEL %s AS %L', fname, args, parallel,
                   E'\n#variable_conflict use_column\nBEGIN\n    RETURN QUERY' || body || E';\nEND\n');
    -- (COMMENT takes the arguments with their names)
    EXECUTE format('COMMENT ON FUNCTION employment_kpi_internal.%I(%s) IS %L', fname, args, comment);
END
$$;

COMMENT ON FUNCTION employment_kpi_internal.declare_report_section(text, text, text, text, text) IS
'Internal, install time: CREATE OR REPLACE FUNCTION employment_kpi_internal.fname(args) RETURNS SETOF text (args by default week date: the signature of a weekly report section, report_section.section_function), returning the query body (PL/pgSQL RETURN QUERY), STABLE and PARALLEL parallel (default SAFE), and its comment.';

-- The cells read from the views, which give a hidden count as NULL: a count
-- as printed ("<k" when hidden), any other figure by its to_char format
-- with a unit ("-" when NULL).  The legend (report_legend) explains both.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_view_count(n bigint)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(n::text, '<' || employment_kpi.suppression_k())
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_view_count(bigint) IS
'Internal: a count of persons read from a kpi_* view as the weekly report prints it: NULL (suppressed in the view) as "<k" with k = suppression_k().';

CREATE OR REPLACE FUNCTION employment_kpi_internal.report_figure(x anyelement, fmt text, unit text DEFAULT '')
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(pg_catalog.to_char(x, fmt) || unit, '-')
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_figure(anyelement, text, text) IS
'Internal: a figure (a rate, a mean, an amount) as the weekly report prints it: to_char(x, fmt) followed by unit, "-" when x is NULL (suppressed or undefined).';

-- An observed/expected ratio with its funnel flag when it is not within.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_flagged(oe float8, flag text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(pg_catalog.to_char(oe, 'FM990.00')
                    || CASE WHEN flag IN ('above', 'below', 'watch') THEN ' ' || flag ELSE '' END, '-')
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_flagged(float8, text) IS
'Internal: an observed/expected ratio as the weekly report prints it, two decimals followed by its funnel flag when above, below or watch; "-" when NULL.';

-- The scorecard's count columns as the team and caseworker tables print
-- them, in their order: citizens, conversations, in offer, offers started,
-- exits, to other benefit, on time.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_scorecard_cells(
    caseload bigint, conversations_held bigint, in_offer bigint, offers_started bigint,
    exits bigint, transitions bigint, timeliness float8)
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ARRAY[employment_kpi_internal.report_view_count(caseload), conversations_held::text,
                 employment_kpi_internal.report_view_count(in_offer),
                 employment_kpi_internal.report_view_count(offers_started),
                 employment_kpi_internal.report_view_count(exits),
                 employment_kpi_internal.report_view_count(transitions),
                 employment_kpi_internal.report_figure(100 * timeliness, 'FM990', ' %')]
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_scorecard_cells(bigint, bigint, bigint, bigint, bigint, bigint, float8) IS
'Internal: the count cells of a scorecard row as the weekly report prints them: citizens, conversations, in offer, offers started, exits, to other benefit (report_view_count) and on time (a percentage).';

-- An effect in percentage points with its interval.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_effect(att float8, low float8, high float8)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN att IS NULL OR low IS NULL OR high IS NULL THEN '-'
                ELSE pg_catalog.format('%s pp (%s to %s)', pg_catalog.to_char(pg_catalog.round((100 * att)::numeric), 'FMS990'),
                                       pg_catalog.to_char(pg_catalog.round((100 * low)::numeric), 'FMS990'),
                                       pg_catalog.to_char(pg_catalog.round((100 * high)::numeric), 'FMS990')) END
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_effect(float8, float8, float8) IS
'Internal: an effect (a difference of two shares) as the weekly report prints it: percentage points with sign and its 95% interval, e.g. "+12 pp (+3 to +21)"; "-" when any is NULL.';

-- What a section read from the views prints for a week they have no rows of.
CREATE OR REPLACE FUNCTION employment_kpi_internal.report_view_missing(week date)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN week < employment_kpi.iso_monday(employment_kpi.data_start())
                THEN '  (before the data''s start, ' || pg_catalog.to_char(employment_kpi.data_start(), 'YYYY-MM-DD') || ': no figures)'
                ELSE '  (not in the BI views yet: run SELECT * FROM employment_kpi.refresh())' END
$$;

COMMENT ON FUNCTION employment_kpi_internal.report_view_missing(date) IS
'Internal: the line a weekly report section read from the BI views prints when they hold no rows of the week: before the data''s start, or not refreshed yet.';

SELECT employment_kpi_internal.declare_report_section('report_section_groups', $body$
    WITH r AS (
        SELECT CASE WHEN v.scope = 'municipality' THEN 'Total'
                    ELSE pg_catalog.split_part(v.group_label_da, ' (', 1) END AS label,
               v.scope, v.citizens_on_support, v.inflow, v.exits, v.transitions, v.activation_rate,
               v.median_weeks_on_support, v.days_in_week
          FROM employment_kpi.kpi_group_week v
         WHERE v.week = report_section_groups.week
    )
    SELECT employment_kpi_internal.report_table(
               'Target group (målgruppe)', ARRAY['On support', 'New', 'Exits', 'To other benefit', 'In offer', 'Median weeks'],
               ARRAY[10, 6, 6, 16, 9, 13],
               pg_catalog.array_agg((CASE WHEN r.scope = 'municipality' THEN 2 ELSE 1 END, r.label,
                                     ARRAY[employment_kpi_internal.report_view_count(r.citizens_on_support),
                                           employment_kpi_internal.report_view_count(r.inflow),
                                           employment_kpi_internal.report_view_count(r.exits),
                                           employment_kpi_internal.report_view_count(r.transitions),
                                           employment_kpi_internal.report_figure(100 * r.activation_rate, 'FM990.0', ' %'),
                                           employment_kpi_internal.report_figure(r.median_weeks_on_support, 'FM99990.0')]
                                    )::employment_kpi_internal.report_row),
               if_empty => employment_kpi_internal.report_view_missing(report_section_groups.week),
               after => ARRAY['  (week to date: ' || pg_catalog.min(r.days_in_week) FILTER (WHERE r.scope = 'municipality'
                                                                                            AND r.days_in_week < 7)
                              || ' of 7 days)',
                              CASE WHEN EXISTS (SELECT 1 FROM employment_kpi_internal.bi_change c
                                                 WHERE c.source <> 'config_suppression_k')
                                   THEN '  (the facts changed since the last refresh; these figures do not include the changes yet)'
                              END])
      FROM r
$body$,
'Weekly report section read from kpi_group_week: per target group and in total the citizens on public support in the week, new support periods, exits to self-support, transitions to another public benefit (never counted as exits), the share in an active offer (activation rate) and the median weeks on support; says so when the views are not refreshed for the week or the facts changed since the last refresh.');

-- The teams' exits count the citizens with a caseworker; the target groups'
-- count every citizen.  The note under the table gives the difference
-- instead of leaving two totals that disagree unexplained.
SELECT employment_kpi_internal.declare_report_section('report_section_teams', $body$
    WITH r AS (
        SELECT CASE WHEN v.level = 'municipality' THEN 'Total' ELSE v.team_name END AS label,
               v.level, v.caseload, v.conversations_held, v.in_offer, v.offers_started, v.exits, v.transitions,
               v.timeliness, v.exits_oe, v.exits_flag
          FROM employment_kpi.kpi_team_week v
         WHERE v.week = report_section_teams.week
    ), g AS (
        SELECT v.exits FROM employment_kpi.kpi_group_week v
         WHERE v.week = report_section_teams.week AND v.scope = 'municipality'
    )
    SELECT employment_kpi_internal.report_table(
               'Team', ARRAY['Citizens', 'Conversations', 'In offer', 'Offers started', 'Exits', 'To other benefit',
                             'On time', 'Exits vs expected (13 w)'],
               ARRAY[8, 13, 8, 14, 6, 16, 8, 24],
               pg_catalog.array_agg((CASE WHEN r.level = 'municipality' THEN 2 ELSE 1 END, r.label,
                                     employment_kpi_internal.report_scorecard_cells(
                                         r.caseload, r.conversations_held, r.in_offer, r.offers_started,
                                         r.exits, r.transitions, r.timeliness)
                                     || employment_kpi_internal.report_flagged(r.exits_oe, r.exits_flag)
                                    )::employment_kpi_internal.report_row),
               if_empty => employment_kpi_internal.report_view_missing(report_section_teams.week),
               after => ARRAY[(SELECT pg_catalog.format('  Exits: %s in the teams (citizens with a caseworker), %s in all target groups; the difference, %s, left support without an assigned caseworker.',
                                                        t.exits, g.exits, g.exits - t.exits)
                                 FROM g, r AS t
                                WHERE t.level = 'municipality' AND g.exits <> t.exits)])
      FROM r
$body$,
'Weekly report section read from kpi_team_week: per team and in total the citizens of the caseload, conversations held, citizens in an active offer, offers started, exits to self-support, transitions to another public benefit, the share of contact windows met on time (rettidighed) and the mix-adjusted exits observed/expected over 13 weeks with its funnel flag; a note gives the difference to the target groups'' exits (citizens without a caseworker) when they differ.');

-- "Which offers work for which group": the last 12 months of starts, the
-- cells whose interval is valid (significant is not NULL), at the middle of
-- the three horizons (26 weeks): long enough for most offers to have ended.
SELECT employment_kpi_internal.declare_report_section('report_section_effects', $body$
    WITH r AS (
        SELECT v.type_label_da, pg_catalog.split_part(v.group_label_da, ' (', 1) AS group_label,
               v.period_label, v.data_end, v.observable, v.exit_rate, v.comparison_rate, v.att, v.att_low, v.att_high,
               v.significant
          FROM employment_kpi.kpi_intervention_effect v
         WHERE v.period_kind = 'last_12_months' AND v.horizon_weeks = 26 AND v.significant IS NOT NULL
    )
    SELECT employment_kpi_internal.report_table(
               'Offer (tilbud) / target group', ARRAY['Participants', 'Exits', 'Comparison', 'Effect (95% interval)', 'Verdict'],
               ARRAY[12, 6, 10, 24, 16],
               pg_catalog.array_agg((CASE WHEN r.significant THEN 1 ELSE 2 END, r.type_label_da || ' / ' || r.group_label,
                                     ARRAY[r.observable::text,
                                           employment_kpi_internal.report_figure(100 * r.exit_rate, 'FM990', ' %'),
                                           employment_kpi_internal.report_figure(100 * r.comparison_rate, 'FM990', ' %'),
                                           employment_kpi_internal.report_effect(r.att, r.att_low, r.att_high),
                                           CASE WHEN NOT r.significant THEN 'no clear effect'
                                                WHEN r.att > 0 THEN 'more exits' ELSE 'fewer exits' END]
                                    )::employment_kpi_internal.report_row),
               if_empty => '  (no offer and target group with enough participants for a valid interval: run SELECT * FROM employment_kpi.refresh() or wait for more starts)',
               before => ARRAY[pg_catalog.format('  Offers started in the %s; exit to self-support within 26 weeks of the start, observed to %s.',
                                                 pg_catalog.min(r.period_label), pg_catalog.to_char(pg_catalog.min(r.data_end), 'YYYY-MM-DD')),
                               '  Only offers and groups with enough participants and comparison citizens for a valid interval are shown;',
                               '  the effect is the participants'' exit share minus the matched comparison''s, in percentage points.'])
      FROM r
$body$,
'Weekly report section read from kpi_intervention_effect: which offers work for which target group: per offer type and group with a valid interval (significant not NULL), starts in the last 12 months at the 26-week horizon, the participants with an observable outcome, their exit rate, the matched comparison''s, the effect in percentage points with its 95% interval, and the verdict (more exits, fewer exits, no clear effect); cells with a clear effect first.');

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

-- The extension's own sections (positions below 1000); a section of an
-- earlier version that is gone leaves with its row.
DELETE FROM employment_kpi.report_section
 WHERE position < 1000 AND position NOT IN (10, 20, 30, 40);
INSERT INTO employment_kpi.report_section (position, title, section_function) VALUES
 (10, 'Target groups (målgrupper)', 'employment_kpi_internal.report_section_groups(date)'),
 (20, 'Teams', 'employment_kpi_internal.report_section_teams(date)'),
 (30, 'Which offers work for which group (virker tilbuddene)', 'employment_kpi_internal.report_section_effects(date)'),
 (40, 'Budget (budgetopfølgning)', 'employment_kpi_internal.report_section_budget(date)')
ON CONFLICT (position) DO UPDATE SET title = EXCLUDED.title, section_function = EXCLUDED.section_function;
