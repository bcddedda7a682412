-- Budget status: year to date and year-end forecast per budget area
-- (budget_status).

CREATE OR REPLACE FUNCTION employment_kpi.budget_status(fiscal_year int, as_of date DEFAULT CURRENT_DATE)
RETURNS TABLE (
    area                    text,
    kind                    text,
    budget_dkk              numeric,
    ytd_budget_dkk          numeric,
    ytd_actual_dkk          numeric,
    ytd_variance_dkk        numeric,
    forecast_dkk            numeric,
    projected_variance_dkk  numeric,
    overrun_risk            text
)
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
    PERFORM employment_kpi_internal.budget_require(fiscal_year IS NOT NULL, 'fiscal_year must not be NULL');
    PERFORM employment_kpi_internal.budget_require(fiscal_year BETWEEN 1990 AND 2200,
                                          pg_catalog.format('fiscal_year must be between 1990 and 2200, got %s', fiscal_year));
    PERFORM employment_kpi_internal.budget_require(as_of IS NOT NULL AND pg_catalog.isfinite(as_of),
                                          'as_of must be a finite date');
    RETURN QUERY
    WITH p AS (
        SELECT q.*,
               -- elapsed days of the year up to and including as_of (0..ydays)
               GREATEST(q.cut - q.y0 + 1, 0) AS elapsed,
               -- month of as_of inside the year (0 before the year starts)
               CASE WHEN as_of OPERATOR(pg_catalog.<) q.y0 THEN 0 ELSE EXTRACT(month FROM q.cut)::int END AS cur_month,
               EXTRACT(day FROM q.cut)::int AS cur_day,
               ((pg_catalog.date_trunc('month', q.cut) + interval '1 month')::date
                 - pg_catalog.date_trunc('month', q.cut)::date) AS cur_month_days
          FROM (SELECT pg_catalog.make_date(fiscal_year, 1, 1) AS y0,
                       pg_catalog.make_date(fiscal_year, 12, 31) AS y1,
                       pg_catalog.make_date(fiscal_year + 1, 1, 1) - pg_catalog.make_date(fiscal_year, 1, 1) AS ydays,
                       pg_catalog.make_date(fiscal_year - 1, 1, 1) AS ly0,
                       pg_catalog.make_date(fiscal_year - 1, 12, 31) AS ly1,
                       LEAST(as_of, pg_catalog.make_date(fiscal_year, 12, 31)) AS cut) AS q
    ), pl AS (
        -- the same point of last year: the same day number, the year's last
        -- day mapping to last year's last day
        SELECT p.*,
               CASE WHEN p.cut OPERATOR(pg_catalog.>=) p.y1 THEN p.ly1
                    ELSE LEAST(p.ly0 + p.elapsed - 1, p.ly1) END AS ly_cut
          FROM p
    ), areas AS (
        SELECT b.area FROM employment_kpi.budget AS b, pl
         WHERE b.fiscal_year OPERATOR(pg_catalog.=) budget_status.fiscal_year
        UNION
        SELECT e.area FROM employment_kpi.expense AS e, pl
         WHERE e.booked_on BETWEEN pl.y0 AND pl.y1
    ), prof AS (
        SELECT bm.area,
               pg_catalog.sum(bm.amount_dkk) AS total,
               pg_catalog.sum(CASE WHEN bm.month OPERATOR(pg_catalog.<) pl.cur_month THEN bm.amount_dkk
                                   WHEN bm.month OPERATOR(pg_catalog.=) pl.cur_month
                                   THEN bm.amount_dkk * pl.cur_day / pl.cur_month_days
                                   ELSE 0 END) AS ytd
          FROM employment_kpi.budget_month AS bm, pl
         WHERE bm.fiscal_year OPERATOR(pg_catalog.=) budget_status.fiscal_year
         GROUP BY bm.area
    ), actual AS (
        SELECT e.area,
               pg_catalog.sum(e.amount_dkk) FILTER (WHERE e.booked_on BETWEEN pl.y0 AND pl.cut) AS ytd,
               pg_catalog.count(*) FILTER (WHERE e.booked_on BETWEEN pl.ly0 AND pl.ly1) AS ly_n,
               pg_catalog.sum(e.amount_dkk) FILTER (WHERE e.booked_on BETWEEN pl.ly0 AND pl.ly1) AS ly_total,
               pg_catalog.sum(e.amount_dkk) FILTER (WHERE e.booked_on BETWEEN pl.ly0 AND pl.ly_cut) AS ly_ytd
          FROM employment_kpi.expense AS e, pl
         WHERE e.booked_on BETWEEN pl.ly0 AND pl.y1
         GROUP BY e.area
    ), arows AS (
        SELECT a.area, ba.kind,
               COALESCE(b.amount_dkk, 0) AS budget,
               CASE WHEN pr.area IS NOT NULL THEN pr.ytd
                    ELSE COALESCE(b.amount_dkk, 0) * pl.elapsed / pl.ydays END AS ytd_budget,
               COALESCE(ac.ytd, 0) AS ytd_actual,
               -- expected share spent by as_of, kept as a fraction so that
               -- the forecast divides only once
               CASE WHEN pr.area IS NOT NULL AND pr.total > 0 THEN pr.ytd
                    WHEN ac.ly_n > 0 AND ac.ly_total > 0 THEN COALESCE(ac.ly_ytd, 0)
                    ELSE pl.elapsed END AS share_num,
               CASE WHEN pr.area IS NOT NULL AND pr.total > 0 THEN pr.total
                    WHEN ac.ly_n > 0 AND ac.ly_total > 0 THEN ac.ly_total
                    ELSE pl.ydays END AS share_den
          FROM areas AS a
          JOIN employment_kpi.budget_area AS ba ON ba.area OPERATOR(pg_catalog.=) a.area
          CROSS JOIN pl
          LEFT JOIN employment_kpi.budget AS b
                 ON b.area OPERATOR(pg_catalog.=) a.area AND b.fiscal_year OPERATOR(pg_catalog.=) budget_status.fiscal_year
          LEFT JOIN prof AS pr ON pr.area OPERATOR(pg_catalog.=) a.area
          LEFT JOIN actual AS ac ON ac.area OPERATOR(pg_catalog.=) a.area
    ), fc AS (
        SELECT r.*, CASE WHEN r.share_num > 0 THEN r.ytd_actual * r.share_den / r.share_num END AS forecast
          FROM arows AS r
    ), tot AS (
        SELECT 'total'::text AS area, 'total'::text AS kind,
               pg_catalog.sum(f.budget) AS budget, pg_catalog.sum(f.ytd_budget) AS ytd_budget,
               pg_catalog.sum(f.ytd_actual) AS ytd_actual,
               CASE WHEN pg_catalog.count(f.forecast) OPERATOR(pg_catalog.=) pg_catalog.count(*)
                    THEN pg_catalog.sum(f.forecast) END AS forecast,
               1 AS ord
          FROM fc AS f
        HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 0
    ), res AS (
        SELECT f.area, f.kind, f.budget, f.ytd_budget, f.ytd_actual, f.forecast, 0 AS ord FROM fc AS f
        UNION ALL
        SELECT t.area, t.kind, t.budget, t.ytd_budget, t.ytd_actual, t.forecast, t.ord FROM tot AS t
    )
    SELECT o.area, o.kind, o.budget, o.ytd_budget, o.ytd_actual,
           o.ytd_actual - o.ytd_budget,
           o.forecast,
           o.forecast - o.budget,
           CASE WHEN o.forecast IS NULL THEN NULL
                WHEN o.forecast OPERATOR(pg_catalog.>) o.budget * 1.02 THEN 'high'
                WHEN o.forecast OPERATOR(pg_catalog.>) o.budget THEN 'watch'
                ELSE 'ok' END
      FROM res AS o
     ORDER BY o.ord, o.kind, o.area;
END
$$;

COMMENT ON FUNCTION employment_kpi.budget_status(int, date) IS
'Budget versus spend (budgetopfølgning) of fiscal_year as of as_of (default today): one row per budget area with a budget for the year or bookings in it, then a total row (area = kind = ''total''; its forecast is NULL when any area''s is). Columns: area, kind = the budget area and what it pays for (budget_area); budget_dkk = the adopted annual budget (0 when the area has bookings but no budget); ytd_budget_dkk = the budget for 1 January..as_of: from the monthly profile (budget_month) where the area has one for the year (whole months before as_of''s month plus that month''s amount x elapsed days / days in the month; missing months count 0), else budget_dkk x elapsed days / days in the year (365 or 366); ytd_actual_dkk = bookings (expense) 1 January..as_of; ytd_variance_dkk = ytd_actual - ytd_budget (positive = overspending); forecast_dkk = ytd_actual / expected share spent by as_of, the share being the profile''s ytd / profile total when there is a profile, else last year''s bookings up to the same day number of the year / last year''s total when the area had bookings last year (total > 0), else elapsed days / days in the year; NULL when the share is not positive (e.g. as_of before the year); projected_variance_dkk = forecast - budget; overrun_risk = high when the forecast exceeds the budget by more than 2%, watch when it exceeds it at all, ok otherwise (NULL without forecast). as_of after the year gives the year''s final figures. Money is unrounded numeric. NULL or out-of-range (1990..2200) fiscal_year and NULL or infinite as_of raise 22023.';
