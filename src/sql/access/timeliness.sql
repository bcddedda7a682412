-- The access layer, timeliness: portfolio_compliance, the portfolio rules
-- (porteføljekrav) judged as the law judges them - the municipality's share
-- of the group's citizens meeting the rule over a period - for the roles
-- that may see municipality totals.

CREATE OR REPLACE FUNCTION employment_kpi.portfolio_compliance(from_date date, to_date date,
                                                            period text DEFAULT 'quarter')
RETURNS TABLE (rule_id text, group_code text, period_start date, period_end date, complete boolean,
               windows int, met int, share float8, coverage_pct numeric, target_met boolean,
               suppressed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_end   date := employment_kpi.data_end();
    v_step  interval;
    v_first date;
    v_last  date;
    k       int := employment_kpi.suppression_k();
BEGIN
    PERFORM employment_kpi_internal.require_arg(from_date IS NOT NULL AND to_date IS NOT NULL AND period IS NOT NULL,
                                                'from_date, to_date and period must not be NULL');
    PERFORM employment_kpi_internal.require_date_range(from_date, 'from_date', to_date, 'to_date');
    IF period NOT IN ('month', 'quarter', 'year') THEN
        RAISE EXCEPTION 'unknown period %', quote_literal(period)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Valid periods: month, quarter, year.';
    END IF;
    PERFORM employment_kpi_internal.require_reader('portfolio compliance');
    v_step := CASE period WHEN 'month' THEN interval '1 month' WHEN 'quarter' THEN interval '3 months'
                          ELSE interval '1 year' END;
    v_first := pg_catalog.date_trunc(period, from_date)::date;
    v_last := (pg_catalog.date_trunc(period, to_date) + v_step - interval '1 day')::date;
    -- no numbers past the data: periods that begin after its end have no
    -- row, and the windows of the last period are those ended by then
    IF v_end IS NULL OR v_first > v_end THEN
        RETURN;
    END IF;

    RETURN QUERY
    WITH per AS (
        SELECT g::date AS ps, (g + v_step - interval '1 day')::date AS pe
          FROM pg_catalog.generate_series(v_first::timestamp, LEAST(v_last, v_end)::timestamp, v_step) AS g
    ), pr AS (
        SELECT r.rule_id, r.group_code, r.coverage_pct, r.effective_from, r.effective_to
          FROM employment_kpi.contact_rule AS r
         WHERE r.coverage_pct IS NOT NULL
    ), w AS (
        SELECT x.rule_id, x.last_day, x.met
          FROM employment_kpi_internal.timeliness_windows(v_first, LEAST(v_last, v_end)) AS x
         WHERE x.coverage_pct IS NOT NULL
    ), cnt AS (
        SELECT pr.rule_id, pr.group_code, pr.coverage_pct, per.ps, per.pe,
               pg_catalog.count(w.rule_id)::int AS n,
               pg_catalog.count(*) FILTER (WHERE w.met)::int AS m
          FROM pr
          JOIN per ON pr.effective_from <= per.pe AND (pr.effective_to IS NULL OR pr.effective_to >= per.ps)
          LEFT JOIN w ON w.rule_id = pr.rule_id AND w.last_day BETWEEN per.ps AND per.pe
         GROUP BY pr.rule_id, pr.group_code, pr.coverage_pct, per.ps, per.pe
    )
    SELECT c.rule_id, c.group_code, c.ps, c.pe, c.pe <= v_end,
           employment_kpi.suppress_count(c.n, k)::int,
           CASE WHEN employment_kpi.is_small_cell(c.n, k) THEN NULL
                ELSE employment_kpi.suppress_count(c.m, k)::int END,
           CASE WHEN c.n = 0 OR employment_kpi.is_small_cell(c.n, k) OR employment_kpi.is_small_cell(c.m, k)
                THEN NULL ELSE c.m::float8 / c.n END,
           c.coverage_pct,
           CASE WHEN c.n > 0 AND c.pe <= v_end THEN 100 * c.m >= c.coverage_pct * c.n END,
           employment_kpi.is_small_cell(c.n, k) OR employment_kpi.is_small_cell(c.m, k)
      FROM cnt AS c
     ORDER BY c.ps, c.group_code, c.rule_id;
END
$$;
COMMENT ON FUNCTION employment_kpi.portfolio_compliance(date, date, text) IS
'The portfolio rules (porteføljekrav: contact rules with a coverage_pct, e.g. job conversations with at least 75% of the group in the first 6 months, lov nr. 1750 af 29/12/2025) judged for the municipality over a period: one row per portfolio rule and calendar period (period = month, quarter (default) or year) from the one holding from_date to the one holding to_date in which the rule is in force on some day. windows = the citizens'' windows of the rule that ended in the period (counted from the start of the current benefit, while the citizen was still on it; see contact_windows), met = those with enough held conversations of the rule''s kinds, share = met / windows, target_met = share >= coverage_pct / 100 (NULL while the period is not complete or has no window). complete = the period ended on or before the data''s end (data_end()); periods beginning after it have no row, and the last one counts the windows ended by then. Counts of 1 .. suppression_k() - 1 and the share built on them are NULL (suppressed = true); target_met uses the true counts. Visible to readers, team leaders and analysts; others get insufficient_privilege (42501). NULL dates, an unknown period, from_date > to_date or a date outside the data''s range and its margin (require_date_range: data_start() - date_margin() .. data_end() + date_margin()) raise invalid_parameter_value (22023).';
