-- Tests src/sql/kpi/budget.sql at every as-of day of the last 60 days of a synthetic municipality; also report/sections.sql (report_section_budget) and bi/budget.sql.
-- No false alarm from the budget forecast.  The synthetic municipality (3,000
-- citizens, ISO weeks 2021-01-04 .. 2023-12-31, seed 1) books every area's
-- cost once a month, on the month's last day, as finance systems do, and
-- plants one benefit area (syn-benefit-sygedagpenge) budgeted 15% below its
-- run rate in 2023.  The data end on 31 December, so the window's year has a
-- known outcome.  budget_status(2023, d) for every day d of the last 60 days
-- (2 November .. 31 December) and the weekly report's budget section of
-- every week ending in them raise a false alarm when
--   1. the forecast moves on a day that completes no month (the forecast
--      is documented to change only when a month is complete),
--   2. the flag disagrees with the projected variance shown beside it in DKK
--      million with one decimal (a flag other than ok needs at least +0.1;
--      ok needs +0.0 or less; high needs more than 2% of the budget), or
--   3. an area's flag comes back: it leaves a value and returns to it within
--      the window (ok -> high -> ok, high -> ok -> high, ...), whatever the
--      year's outcome;
-- and the planted overrun must be flagged high on every day (no missed alarm).
BEGIN;
SELECT plan(9);

SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(citizens => 3000, first_week => '2021-01-04', weeks => 156, seed => 1)$$,
                'synthetic municipality generated');
SELECT is(employment_kpi.data_end(), '2023-12-31'::date, 'the data end on 31 December 2023');

CREATE TEMP TABLE sweep ON COMMIT DROP AS
SELECT d::date AS as_of, s.*,
       pg_catalog.to_char(s.projected_variance_dkk / 1e6, 'FMS99990.0')::numeric AS shown_variance
  FROM pg_catalog.generate_series(date '2023-11-02', date '2023-12-31', interval '1 day') AS d,
       LATERAL employment_kpi.budget_status(2023, d::date) AS s;

SELECT is((SELECT pg_catalog.count(DISTINCT as_of) FILTER (WHERE forecast_dkk IS NOT NULL) FROM sweep),
          60::bigint, 'a forecast on each of the 60 days');

-- 1. the forecast moves only on a month's last day
SELECT is((SELECT pg_catalog.count(*)
             FROM (SELECT as_of, area, forecast_dkk,
                          pg_catalog.lag(forecast_dkk) OVER (PARTITION BY area ORDER BY as_of) AS before
                     FROM sweep) x
            WHERE x.before IS NOT NULL AND x.forecast_dkk <> x.before
              AND x.as_of + 1 <> pg_catalog.date_trunc('month', x.as_of + 1)::date),
          0::bigint, 'the forecast moves only on a day that completes a month');
-- ... and there it moves: the two month ends in the window bring new months
SELECT ok((SELECT pg_catalog.count(*) FROM sweep a JOIN sweep b ON b.area = a.area AND b.as_of = a.as_of - 1
            WHERE a.as_of IN ('2023-11-30', '2023-12-31') AND a.forecast_dkk <> b.forecast_dkk) > 0,
          'the forecast takes in a month on its last day');

-- 2. the flag agrees with the variance shown
SELECT is((SELECT pg_catalog.count(*) FROM sweep
            WHERE (overrun_risk <> 'ok') <> (shown_variance > 0)
               OR (overrun_risk = 'high' AND NOT projected_variance_dkk > 0.02 * budget_dkk)),
          0::bigint, 'no flag disagrees with the projected variance shown (DKK million, one decimal)');

-- 3. no flag comes back within the window
SELECT is((SELECT pg_catalog.string_agg(DISTINCT r.area, ', ')
             FROM (SELECT x.area, x.overrun_risk, pg_catalog.count(*) FILTER (WHERE x.starts) AS runs
                     FROM (SELECT area, overrun_risk,
                                  overrun_risk IS DISTINCT FROM
                                  pg_catalog.lag(overrun_risk) OVER (PARTITION BY area ORDER BY as_of) AS starts
                             FROM sweep) x
                    GROUP BY x.area, x.overrun_risk) r
            WHERE r.runs > 1),
          NULL, 'no area''s flag leaves a value and returns to it');

-- no missed alarm: the planted overrun is high every day and at the year's end
SELECT is((SELECT pg_catalog.count(*) FROM sweep WHERE area = 'syn-benefit-sygedagpenge' AND overrun_risk = 'high'),
          60::bigint, 'the planted overrun is flagged high on all 60 days');

-- The weekly report of every week ending in the window shows the status
-- stored in kpi_budget_month (the latest month end before the week's
-- Sunday, or the data's end); the flag in each line agrees with the
-- variance printed beside it.
SELECT employment_kpi_internal.bi_refresh_budget('mv_budget_month', '-infinity', false, employment_kpi.data_end());
SELECT is((SELECT ARRAY[pg_catalog.count(DISTINCT l.w) FILTER (WHERE l.m IS NOT NULL),
                         pg_catalog.count(*) FILTER (WHERE l.m IS NOT NULL AND (l.m[2] <> 'ok') <> (l.m[1]::numeric > 0))]
             FROM (SELECT w, pg_catalog.regexp_match(t, '\s([+-][0-9]+\.[0-9])\s+(ok|watch|high)$') AS m
                     FROM pg_catalog.generate_series(date '2023-10-30', date '2023-12-25', interval '7 days') AS w,
                          LATERAL employment_kpi_internal.report_section_budget(w::date) AS t) l),
          ARRAY[9, 0]::bigint[],
          'the report''s budget section of each of the 9 weeks shows flags, none disagreeing with its variance');

SELECT * FROM finish();
ROLLBACK;
