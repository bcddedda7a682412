-- Budget status: year to date and year-end forecast per budget area
-- (budget_status), and the overrun flag it shows (budget_overrun_risk).

-- The flag is read beside the projected variance in DKK million with one
-- decimal (weekly report, dashboards): a variance below the tolerance prints
-- as +0.0 (or negative) and is ok, one at or above it prints as at least +0.1
-- and is flagged, so the flag never contradicts the figure beside it.
CREATE OR REPLACE FUNCTION employment_kpi_internal.budget_overrun_risk(projected_variance numeric, budget numeric)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN projected_variance IS NULL OR budget IS NULL THEN NULL
                WHEN projected_variance OPERATOR(pg_catalog.<) 50000 THEN 'ok'
                WHEN projected_variance OPERATOR(pg_catalog.>) budget * 0.02 THEN 'high'
                ELSE 'watch' END
$$;

COMMENT ON FUNCTION employment_kpi_internal.budget_overrun_risk(numeric, numeric) IS
'Internal: the overrun flag (overrun_risk) of budget_status from the projected variance (forecast - budget) and the budget, both in DKK: ok below the tolerance of 50,000 DKK (half of 0.1 million, the resolution the weekly report prints), else high when the variance exceeds 2% of the budget, else watch; NULL when either is NULL.';

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
    overrun_risk            text,
    forecast_through        date,
    forecast_basis          text
)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    PERFORM employment_kpi_internal.require_arg(fiscal_year IS NOT NULL, 'fiscal_year must not be NULL');
    PERFORM employment_kpi_internal.require_arg(fiscal_year BETWEEN 1990 AND 2200,
                                                pg_catalog.format('fiscal_year must be between 1990 and 2200, got %s', fiscal_year));
    PERFORM employment_kpi_internal.require_arg(as_of IS NOT NULL AND pg_catalog.isfinite(as_of),
                                                'as_of must be a finite date');
    RETURN QUERY
    WITH q0 AS (
        SELECT pg_catalog.make_date(fiscal_year, 1, 1) AS y0,
               pg_catalog.make_date(fiscal_year, 12, 31) AS y1,
               -- the day up to which months can be complete: as_of, but not
               -- past the latest booking, so that an as_of after the data's
               -- end does not take a month loaded in part for a whole one
               CASE WHEN b.booked_to IS NOT NULL THEN LEAST(as_of, b.booked_to) END AS upto
          FROM (SELECT pg_catalog.max(e.booked_on) AS booked_to FROM employment_kpi.expense AS e) AS b
    ), q AS (
        SELECT q0.y0, q0.y1,
               pg_catalog.make_date(fiscal_year + 1, 1, 1) - q0.y0 AS ydays,
               pg_catalog.make_date(fiscal_year - 1, 1, 1) AS ly0,
               pg_catalog.make_date(fiscal_year - 1, 12, 31) AS ly1,
               LEAST(as_of, q0.y1) AS cut,
               -- complete months: the months of the year whose last day is
               -- on or before upto (their bookings are all in by as_of)
               CASE WHEN q0.upto IS NULL OR q0.upto OPERATOR(pg_catalog.<) q0.y0 THEN 0
                    WHEN q0.upto OPERATOR(pg_catalog.>=) q0.y1 THEN 12
                    ELSE EXTRACT(month FROM q0.upto + 1)::int - 1 END AS cm
          FROM q0
    ), p AS (
        SELECT q.*,
               -- elapsed days of the year up to and including as_of (0..ydays)
               GREATEST(q.cut - q.y0 + 1, 0) AS elapsed,
               -- month of as_of inside the year (0 before the year starts)
               CASE WHEN as_of OPERATOR(pg_catalog.<) q.y0 THEN 0 ELSE EXTRACT(month FROM q.cut)::int END AS cur_month,
               EXTRACT(day FROM q.cut)::int AS cur_day,
               ((pg_catalog.date_trunc('month', q.cut) + interval '1 month')::date
                 - pg_catalog.date_trunc('month', q.cut)::date) AS cur_month_days,
               -- the last day of the last complete month, this year and the
               -- same month last year (calendar months line up in leap years)
               CASE WHEN q.cm OPERATOR(pg_catalog.>) 0
                    THEN (q.y0 + pg_catalog.make_interval(months => q.cm))::date - 1 END AS fc_end,
               (q.ly0 + pg_catalog.make_interval(months => q.cm))::date - 1 AS ly_fc_end
          FROM q
    ), areas AS (
        SELECT b.area FROM employment_kpi.budget AS b
         WHERE b.fiscal_year OPERATOR(pg_catalog.=) budget_status.fiscal_year
        UNION
        SELECT e.area FROM employment_kpi.expense AS e, p
         WHERE e.booked_on BETWEEN p.y0 AND p.y1
    ), prof AS (
        SELECT bm.area,
               pg_catalog.sum(bm.amount_dkk) AS total,
               pg_catalog.sum(CASE WHEN bm.month OPERATOR(pg_catalog.<) p.cur_month THEN bm.amount_dkk
                                   WHEN bm.month OPERATOR(pg_catalog.=) p.cur_month
                                   THEN bm.amount_dkk * p.cur_day / p.cur_month_days
                                   ELSE 0 END) AS ytd,
               pg_catalog.sum(bm.amount_dkk) FILTER (WHERE bm.month OPERATOR(pg_catalog.<=) p.cm) AS fc
          FROM employment_kpi.budget_month AS bm, p
         WHERE bm.fiscal_year OPERATOR(pg_catalog.=) budget_status.fiscal_year
         GROUP BY bm.area
    ), actual AS (
        SELECT e.area,
               pg_catalog.sum(e.amount_dkk) FILTER (WHERE e.booked_on BETWEEN p.y0 AND p.cut) AS ytd,
               pg_catalog.sum(e.amount_dkk) FILTER (WHERE e.booked_on BETWEEN p.y0 AND p.fc_end) AS fc,
               pg_catalog.sum(e.amount_dkk) FILTER (WHERE e.booked_on BETWEEN p.ly0 AND p.ly1) AS ly_total,
               pg_catalog.sum(e.amount_dkk) FILTER (WHERE e.booked_on BETWEEN p.ly0 AND p.ly_fc_end) AS ly_fc
          FROM employment_kpi.expense AS e, p
         WHERE e.booked_on BETWEEN p.ly0 AND p.y1
         GROUP BY e.area
    ), arows AS (
        SELECT a.area, ba.kind, p.fc_end,
               COALESCE(b.amount_dkk, 0) AS budget,
               CASE WHEN pr.area IS NOT NULL THEN pr.ytd
                    ELSE COALESCE(b.amount_dkk, 0) * p.elapsed / p.ydays END AS ytd_budget,
               COALESCE(ac.ytd, 0) AS ytd_actual,
               COALESCE(ac.fc, 0) AS fc_actual,
               -- last year is a pattern only when the warehouse holds the
               -- area's whole last year: a booking by 31 January of it
               CASE WHEN pr.total OPERATOR(pg_catalog.>) 0 THEN 'profile'
                    WHEN ac.ly_total OPERATOR(pg_catalog.>) 0
                         AND EXISTS (SELECT 1 FROM employment_kpi.expense AS x
                                      WHERE x.area OPERATOR(pg_catalog.=) a.area
                                        AND x.booked_on OPERATOR(pg_catalog.<=) p.ly0 + 30) THEN 'last_year'
                    ELSE 'days' END AS basis,
               pr.fc AS prof_fc, pr.total AS prof_total, ac.ly_fc, ac.ly_total, p.y0, p.ydays
          FROM areas AS a
          JOIN employment_kpi.budget_area AS ba ON ba.area OPERATOR(pg_catalog.=) a.area
          CROSS JOIN p
          LEFT JOIN employment_kpi.budget AS b
                 ON b.area OPERATOR(pg_catalog.=) a.area AND b.fiscal_year OPERATOR(pg_catalog.=) budget_status.fiscal_year
          LEFT JOIN prof AS pr ON pr.area OPERATOR(pg_catalog.=) a.area
          LEFT JOIN actual AS ac ON ac.area OPERATOR(pg_catalog.=) a.area
    ), shares AS (
        -- the share of the year's spending expected in the complete months,
        -- kept as a fraction so that the forecast divides only once
        SELECT r.*,
               CASE r.basis WHEN 'profile' THEN COALESCE(r.prof_fc, 0)
                            WHEN 'last_year' THEN COALESCE(r.ly_fc, 0)
                            ELSE COALESCE(r.fc_end - r.y0 + 1, 0) END AS share_num,
               CASE r.basis WHEN 'profile' THEN r.prof_total
                            WHEN 'last_year' THEN r.ly_total
                            ELSE r.ydays END AS share_den
          FROM arows AS r
    ), fc AS (
        SELECT s.*, CASE WHEN s.share_num OPERATOR(pg_catalog.>) 0
                         THEN s.fc_actual * s.share_den / s.share_num END AS forecast
          FROM shares AS s
    ), tot AS (
        SELECT 'total'::text AS area, 'total'::text AS kind,
               pg_catalog.sum(f.budget) AS budget, pg_catalog.sum(f.ytd_budget) AS ytd_budget,
               pg_catalog.sum(f.ytd_actual) AS ytd_actual,
               CASE WHEN pg_catalog.count(f.forecast) OPERATOR(pg_catalog.=) pg_catalog.count(*)
                    THEN pg_catalog.sum(f.forecast) END AS forecast,
               pg_catalog.min(f.fc_end) AS fc_end, NULL::text AS basis,
               1 AS ord
          FROM fc AS f
        HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 0
    ), res AS (
        SELECT f.area, f.kind, f.budget, f.ytd_budget, f.ytd_actual, f.forecast, f.fc_end, f.basis, 0 AS ord FROM fc AS f
        UNION ALL
        SELECT t.area, t.kind, t.budget, t.ytd_budget, t.ytd_actual, t.forecast, t.fc_end, t.basis, t.ord FROM tot AS t
    )
    SELECT o.area, o.kind, o.budget, o.ytd_budget, o.ytd_actual,
           o.ytd_actual - o.ytd_budget,
           o.forecast,
           o.forecast - o.budget,
           employment_kpi_internal.budget_overrun_risk(o.forecast - o.budget, o.budget),
           CASE WHEN o.forecast IS NOT NULL THEN o.fc_end END,
           o.basis
      FROM res AS o
     ORDER BY o.ord, o.kind, o.area;
END
$$;

COMMENT ON FUNCTION employment_kpi.budget_status(int, date) IS
'Budget versus spend (budgetopfølgning) of fiscal_year as of as_of (default today): one row per budget area with a budget for the year or bookings in it, then a total row (area = kind = ''total''; its forecast is NULL when any area''s is). Columns: area, kind = the budget area and what it pays for (budget_area); budget_dkk = the adopted annual budget (0 when the area has bookings but no budget); ytd_budget_dkk = the budget for 1 January..as_of: from the monthly profile (budget_month) where the area has one for the year (whole months before as_of''s month plus that month''s amount x elapsed days / days in the month; missing months count 0), else budget_dkk x elapsed days / days in the year (365 or 366); ytd_actual_dkk = bookings (expense) 1 January..as_of; ytd_variance_dkk = ytd_actual - ytd_budget (positive = overspending); forecast_dkk = the bookings of the complete months (the months of the year whose last day is on or before as_of and on or before the latest booking in expense, so that a month the data hold only in part is not complete) / the share of the year''s spending expected in those months, so that bookings inside a month that is not complete (e.g. on its last day) move the forecast only once the month is; forecast_basis = where the share comes from: profile (the profile''s complete months / the profile''s total, when the area has a profile for the year), last_year (last year''s bookings in the same calendar months / last year''s total, when the area had bookings last year (total > 0) and one on or before 31 January of last year), else days (the complete months'' days / days in the year); forecast_through = the last day of the last complete month; forecast NULL (and forecast_through NULL) when no month is complete yet or the share is not positive (e.g. as_of before the year); projected_variance_dkk = forecast - budget; overrun_risk = ok when the projected variance is below 50,000 DKK, else high when it exceeds 2% of the budget, else watch (NULL without forecast). The total row''s forecast_basis is NULL. as_of on or after 31 December gives the year''s final figures (forecast = actual) once the bookings reach 31 December. Money is unrounded numeric. NULL or out-of-range (1990..2200) fiscal_year and NULL or infinite as_of raise 22023.';
