-- Tests src/sql/kpi/budget.sql.
-- budget_status: year-to-date budget with and without a monthly profile,
-- forecast from the profile, from last year's pattern and from elapsed days,
-- leap years, the total row, before/after the year, and argument errors.
\i test/lib/err.sql
-- money rounded for presentation only
CREATE FUNCTION pg_temp.status(y int, d date)
RETURNS TABLE (area text, kind text, budget numeric, ytd_budget numeric, ytd_actual numeric,
               ytd_variance numeric, forecast numeric, projected_variance numeric, risk text)
LANGUAGE sql AS $$
    SELECT s.area, s.kind, round(s.budget_dkk, 2), round(s.ytd_budget_dkk, 2), round(s.ytd_actual_dkk, 2),
           round(s.ytd_variance_dkk, 2), round(s.forecast_dkk, 2), round(s.projected_variance_dkk, 2), s.overrun_risk
      FROM employment_kpi.budget_status(y, d) AS s
$$;

BEGIN;
INSERT INTO employment_kpi.budget_area (area, kind, group_code, type_code, label) VALUES
 ('b_even',  'benefit',        'dagpenge', NULL, 'Dagpenge, no profile'),
 ('b_prof',  'intervention',   NULL, 'virksomhedspraktik', 'Internships, monthly profile'),
 ('b_last',  'administration', NULL, NULL, 'Administration, last year''s pattern'),
 ('b_nobud', 'other',          NULL, NULL, 'Bookings without a budget'),
 ('b_next',  'other',          NULL, NULL, 'Next year only');
INSERT INTO employment_kpi.budget (fiscal_year, area, amount_dkk) VALUES
 (2028, 'b_even', 366000), (2029, 'b_even', 110000),
 (2028, 'b_prof', 120000),
 (2027, 'b_last', 73000), (2028, 'b_last', 100000),
 (2029, 'b_next', 400000);
-- profile of b_prof 2028: 4000, 8000, 12000, 8 x 10000, 16000 = 120000
INSERT INTO employment_kpi.budget_month (fiscal_year, area, month, amount_dkk)
SELECT 2028, 'b_prof', m, CASE m WHEN 1 THEN 4000 WHEN 2 THEN 8000 WHEN 3 THEN 12000 WHEN 12 THEN 16000 ELSE 10000 END
  FROM generate_series(1, 12) AS m;
INSERT INTO employment_kpi.expense (source_id, booked_on, area, amount_dkk) VALUES
 ('x1', '2028-01-31', 'b_even', 30000), ('x2', '2028-02-29', 'b_even', 35000), ('x3', '2028-03-31', 'b_even', 40000),
 ('x4', '2029-02-28', 'b_even', 65000),
 ('p0', '2027-06-30', 'b_prof', 50000),
 ('p1', '2028-01-20', 'b_prof', 4000), ('p2', '2028-02-10', 'b_prof', 8100),
 ('l1', '2027-01-15', 'b_last', 10000), ('l2', '2027-02-15', 'b_last', 20000), ('l3', '2027-12-15', 'b_last', 70000),
 ('l4', '2028-01-15', 'b_last', 10000), ('l5', '2028-02-15', 'b_last', 19000),
 -- a correction booked negative and its original
 ('l6', '2028-02-20', 'b_last', 1000), ('l7', '2028-02-21', 'b_last', -1000),
 ('n1', '2028-01-05', 'b_nobud', 500);

-- 2028 as of Tuesday 29 February (leap day; elapsed 31 + 29 = 60 of 366 days):
--  b_last (no profile, bookings in 2027): ytd budget 100000 x 60/366 =
--    16393.44; actual 10000 + 19000 + 1000 - 1000 = 29000; variance 12606.56;
--    last year's same day is day 60 of 2027 = 1 March 2027: 10000 + 20000 =
--    30000 of 100000 -> share 0.3 -> forecast 96666.67, -3333.33 -> ok
--  b_even (no profile, no 2027 bookings): ytd 366000 x 60/366 = 60000;
--    actual 65000; share 60/366 -> forecast 65000 x 366/60 = 396500,
--    +30500 = 8.3% -> high
--  b_prof (profile; its 2027 bookings are ignored): ytd 4000 + 8000 = 12000;
--    actual 12100; share 12000/120000 = 0.1 -> forecast 121000, +1000 =
--    0.83% -> watch
--  b_nobud (bookings, no budget): budget 0; forecast 500 x 366/60 = 3050 -> high
--  total: budget 586000, ytd 88393.44, actual 106600, forecast 617216.67,
--    +31216.67 = 5.3% -> high
SELECT * FROM pg_temp.status(2028, '2028-02-29');
SELECT ytd_budget_dkk = 60000 AS ytd_exact, forecast_dkk = 396500 AS forecast_exact
  FROM employment_kpi.budget_status(2028, '2028-02-29') WHERE area = 'b_even';

-- 2028 as of 15 February (46 days):
--  b_last: ytd 100000 x 46/366 = 12568.31; actual 29000 (10000 + 19000
--    booked on the 15th: as_of is inclusive); last year up to 15 February
--    2027 = 30000 -> 0.3 -> 96666.67 ok
--  b_even: ytd 46000; actual 30000; forecast 30000 x 366/46 = 238695.65 ok
--  b_prof: ytd 4000 + 8000 x 15/29 = 8137.93 (February pro rata by days);
--    actual 12100; forecast 12100 / (8137.93/120000) = 178423.73 -> high
--  b_nobud: 500 x 366/46 = 3978.26 -> high
SELECT * FROM pg_temp.status(2028, '2028-02-15');

-- 2027 as of 1 March (non-leap: day 60 of 365):
--  b_last: ytd 73000 x 60/365 = 12000; actual 30000; no 2026 bookings and no
--    profile -> elapsed share 60/365 -> forecast 182500 -> high
--  b_prof: 2027 bookings but no 2027 budget: budget 0, nothing booked yet by
--    1 March -> forecast 0 -> ok
SELECT * FROM pg_temp.status(2027, '2027-03-01');

-- 2027 after the year: the final figures (share 1, forecast = actual)
SELECT * FROM pg_temp.status(2027, '2028-06-01');

-- 2029 as of 1 March 2029 (day 60 of non-leap 2029 -> day 60 of leap 2028 =
-- 29 February 2028): b_even's 2028 bookings to that day 65000 of 105000 ->
-- forecast 65000 / (65000/105000) = 105000 vs 110000 -> ok
-- b_next: no bookings ever -> elapsed share 60/365 -> 0 -> ok
SELECT * FROM pg_temp.status(2029, '2029-03-01');
-- 2029 before the year starts: nothing elapsed, no forecast (NULL)
SELECT * FROM pg_temp.status(2029, '2028-06-01');
-- the default as_of is today
SELECT (SELECT array_agg(s ORDER BY s.area) FROM employment_kpi.budget_status(2028) AS s)
     = (SELECT array_agg(s ORDER BY s.area) FROM employment_kpi.budget_status(2028, current_date) AS s) AS default_is_today;
ROLLBACK;

-- no budget data at all: no rows (not even a total)
SELECT count(*) AS rows_1995 FROM employment_kpi.budget_status(1995, '1995-06-30');

-- argument errors (22023)
SELECT pg_temp.err($$SELECT * FROM employment_kpi.budget_status(NULL, '2028-01-01')$$) AS null_year;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.budget_status(2028, NULL)$$) AS null_as_of;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.budget_status(1800, '2028-01-01')$$) AS year_out_of_range;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.budget_status(2028, 'infinity')$$) AS infinite_as_of;
