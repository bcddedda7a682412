-- Tests src/sql/kpi/budget.sql.
-- budget_status: year-to-date budget with and without a monthly profile,
-- forecast from the complete months with the share from the profile, from
-- last year's bookings and from the months' days, leap years, the total row,
-- before/after the year; bookings around month ends (on the last day, on the
-- last banking day before it, a month off the pattern, a part month booked
-- mid-month); the overrun flag at its tolerance and thresholds; argument
-- errors.
\i test/lib/err.sql
-- money rounded for presentation only
CREATE FUNCTION pg_temp.status(y int, d date)
RETURNS TABLE (area text, kind text, budget numeric, ytd_budget numeric, ytd_actual numeric,
               ytd_variance numeric, forecast numeric, projected_variance numeric, risk text,
               through date, basis text)
LANGUAGE sql AS $$
    SELECT s.area, s.kind, round(s.budget_dkk, 2), round(s.ytd_budget_dkk, 2), round(s.ytd_actual_dkk, 2),
           round(s.ytd_variance_dkk, 2), round(s.forecast_dkk, 2), round(s.projected_variance_dkk, 2), s.overrun_risk,
           s.forecast_through, s.forecast_basis
      FROM employment_kpi.budget_status(y, d) AS s
$$;
-- the forecast of some areas at several as-of dates
CREATE FUNCTION pg_temp.forecasts(y int, days date[], areas text[])
RETURNS TABLE (as_of date, area text, ytd_actual numeric, forecast numeric, projected_variance numeric,
               risk text, through date, basis text)
LANGUAGE sql AS $$
    SELECT d, s.area, round(s.ytd_actual_dkk, 2), round(s.forecast_dkk, 2), round(s.projected_variance_dkk, 2),
           s.overrun_risk, s.forecast_through, s.forecast_basis
      FROM unnest(days) AS d, employment_kpi.budget_status(y, d) AS s
     WHERE s.area = ANY (areas)
     ORDER BY d, s.area
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

-- The forecast divides the bookings of the complete months (the months whose
-- last day is on or before as_of) by the share of the year expected in them;
-- the flag is ok below a projected variance of 50,000 DKK, else high above 2%
-- of the budget, else watch.  The amounts here are small, so every flag of
-- this first fixture is ok unless the variance reaches 50,000.
--
-- 2028 as of Tuesday 29 February (leap day, the last day of February: January
-- and February are complete, through 29 February; elapsed 60 of 366 days):
--  b_last (no profile, bookings all through 2027, the first on 15 January):
--    ytd budget 100000 x 60/366 = 16393.44; actual 10000 + 19000 + 1000 -
--    1000 = 29000; variance 12606.56; last year's January and February
--    10000 + 20000 = 30000 of 100000 -> share 0.3 -> forecast 96666.67,
--    -3333.33 -> ok; basis last_year
--  b_even (no profile, no 2027 bookings): ytd 366000 x 60/366 = 60000;
--    actual 65000; days of January and February 60/366 -> forecast 65000 x
--    366/60 = 396500, +30500 (8.3%, but below 50000) -> ok; basis days
--  b_prof (profile; its 2027 bookings are ignored): ytd 4000 + 8000 = 12000;
--    actual 12100; share (4000 + 8000)/120000 = 0.1 -> forecast 121000,
--    +1000 -> ok; basis profile
--  b_nobud (bookings, no budget): budget 0; forecast 500 x 366/60 = 3050,
--    +3050 -> ok (below 50000)
--  total: budget 586000, ytd 88393.44, actual 106600, forecast 617216.67,
--    +31216.67 -> ok; through 2028-02-29
SELECT * FROM pg_temp.status(2028, '2028-02-29');
SELECT ytd_budget_dkk = 60000 AS ytd_exact, forecast_dkk = 396500 AS forecast_exact
  FROM employment_kpi.budget_status(2028, '2028-02-29') WHERE area = 'b_even';

-- 2028 as of 15 February (46 days; only January is complete, through 31
-- January, and last year's share is that of January 2027):
--  b_last: ytd 100000 x 46/366 = 12568.31; actual 29000 (10000 + 19000
--    booked on the 15th: as_of is inclusive); forecast from January only:
--    10000 / (10000/100000) = 100000, variance 0 -> ok
--  b_even: ytd 46000; actual 30000; forecast 30000 x 366/31 = 354193.55,
--    -11806.45 -> ok
--  b_prof: ytd 4000 + 8000 x 15/29 = 8137.93 (February pro rata by days);
--    actual 12100; forecast from January: 4000 / (4000/120000) = 120000,
--    0 -> ok (the 8100 booked on 10 February waits for February to end)
--  b_nobud: 500 x 366/31 = 5903.23 -> ok
--  total: forecast 100000 + 354193.55 + 120000 + 5903.23 = 580096.77,
--    -5903.23 -> ok
SELECT * FROM pg_temp.status(2028, '2028-02-15');

-- 2027 as of 1 March (non-leap; January and February complete, 59 days):
--  b_last: ytd 73000 x 60/365 = 12000; actual 30000; no 2026 bookings and no
--    profile -> days 59/365 -> forecast 30000 x 365/59 = 185593.22,
--    +112593.22 (154%) -> high
--  b_prof: 2027 bookings but no 2027 budget: budget 0, nothing booked in
--    the complete months -> forecast 0 -> ok
--  total: budget 73000, forecast 185593.22 -> high
SELECT * FROM pg_temp.status(2027, '2027-03-01');

-- 2027 after the year: the final figures (every month complete, share 1,
-- forecast = actual): b_last 100000 vs 73000, +27000 (37%, below 50000) ->
-- ok; b_prof 50000 vs budget 0: +50000, exactly the tolerance -> high;
-- total 150000 vs 73000, +77000 -> high
SELECT * FROM pg_temp.status(2027, '2028-06-01');

-- 2029 as of 1 March 2029 (January and February complete, through 28
-- February; last year's same months are January and February 2028, leap
-- day included): b_even's 2028 bookings (from 31 January 2028, a whole
-- year) in those months 65000 of 105000 -> forecast 65000 / (65000/105000)
-- = 105000 vs 110000 -> ok; basis last_year
-- b_next: no bookings ever -> days 59/365 x 0 = 0 -> ok
SELECT * FROM pg_temp.status(2029, '2029-03-01');
-- 2029 before the year starts: no complete month, no forecast (NULL)
SELECT * FROM pg_temp.status(2029, '2028-06-01');
-- the default as_of is today
SELECT (SELECT array_agg(s ORDER BY s.area) FROM employment_kpi.budget_status(2028) AS s)
     = (SELECT array_agg(s ORDER BY s.area) FROM employment_kpi.budget_status(2028, current_date) AS s) AS default_is_today;
ROLLBACK;

-- Bookings around month ends.  A finance system books a month's cost on the
-- month's last day, or on its last banking day when that is a weekend.
BEGIN;
INSERT INTO employment_kpi.budget_area (area, kind, group_code, type_code, label) VALUES
 ('mb_last', 'intervention', NULL, 'mentor', 'Mentor, last year''s bookings'),
 ('mb_prof', 'benefit', 'dagpenge', NULL, 'Dagpenge, profile by days'),
 ('mb_new',  'other', NULL, NULL, 'Started in July of last year');
INSERT INTO employment_kpi.budget (fiscal_year, area, amount_dkk) VALUES
 (2031, 'mb_last', 12000000), (2031, 'mb_prof', 3650000), (2031, 'mb_new', 12000000);
-- mb_prof's profile: 10000 a day, 3650000 a year
INSERT INTO employment_kpi.budget_month (fiscal_year, area, month, amount_dkk)
SELECT 2031, 'mb_prof', m, 10000 * ((make_date(2031, m, 1) + interval '1 month')::date - make_date(2031, m, 1))
  FROM generate_series(1, 12) AS m;
-- mb_last: 1000000 a month in 2030, booked on each month's last day; 2031
-- runs 5% higher, 1050000 a month on the last banking day (31 May 2031 is a
-- Saturday: booked Friday 30 May), except June, 600000 above that.  A part
-- of July is booked on 20 July (as a warehouse extract ending that day
-- holds it).
INSERT INTO employment_kpi.expense (source_id, booked_on, area, amount_dkk)
SELECT 'l30-' || m, (make_date(2030, m, 1) + interval '1 month')::date - 1, 'mb_last', 1000000
  FROM generate_series(1, 12) AS m;
INSERT INTO employment_kpi.expense (source_id, booked_on, area, amount_dkk) VALUES
 ('l31-1', '2031-01-31', 'mb_last', 1050000), ('l31-2', '2031-02-28', 'mb_last', 1050000),
 ('l31-3', '2031-03-31', 'mb_last', 1050000), ('l31-4', '2031-04-30', 'mb_last', 1050000),
 ('l31-5', '2031-05-30', 'mb_last', 1050000), ('l31-6', '2031-06-30', 'mb_last', 1650000),
 ('l31-7', '2031-07-20', 'mb_last', 700000),
-- mb_prof: 10500 a day (5% over the profile), booked like mb_last
 ('p31-1', '2031-01-31', 'mb_prof', 325500), ('p31-2', '2031-02-28', 'mb_prof', 294000),
 ('p31-3', '2031-03-31', 'mb_prof', 325500), ('p31-4', '2031-04-30', 'mb_prof', 315000),
 ('p31-5', '2031-05-30', 'mb_prof', 325500), ('p31-6', '2031-06-30', 'mb_prof', 315000),
-- mb_new: first booked on 31 July 2030, 1000000 a month at month end
 ('n30-7', '2030-07-31', 'mb_new', 1000000), ('n30-8', '2030-08-31', 'mb_new', 1000000),
 ('n30-9', '2030-09-30', 'mb_new', 1000000), ('n30-10', '2030-10-31', 'mb_new', 1000000),
 ('n30-11', '2030-11-30', 'mb_new', 1000000), ('n30-12', '2030-12-31', 'mb_new', 1000000),
 ('n31-1', '2031-01-31', 'mb_new', 1000000), ('n31-2', '2031-02-28', 'mb_new', 1000000),
 ('n31-3', '2031-03-31', 'mb_new', 1000000);

-- January 2031 before and on its last day: no complete month on the 30th
-- (no forecast, no flag); on the 31st January is complete:
--  mb_last 1050000 / (1000000/12000000) = 12600000, +600000 (5%) -> high
--  mb_prof 325500 / (310000/3650000) = 3832500, +182500 (5%) -> high
--  mb_new (last year holds only July-December: not a pattern, basis days)
--    1000000 x 365/31 = 11774193.55 -> ok
SELECT * FROM pg_temp.forecasts(2031, '{2031-01-30, 2031-01-31}', '{mb_last, mb_prof, mb_new}');

-- May, booked on its last banking day (Friday 30 May), the day before, on
-- and after the booking and after the month's end: the forecast stays
-- 12600000 and 3832500 (5% over) throughout.  Before 31 May it comes from
-- January-April (mb_last 4200000 / (4000000/12000000); mb_prof 1260000 /
-- (1200000/3650000)), from 31 May on from January-May (5250000 /
-- (5000000/12000000); 1585500 / (1510000/3650000)): the May booking moves
-- neither.  (A forecast from last year's share by day number would jump on
-- 30 May, when this year's May is booked and last year's, booked on 31 May,
-- is not: 5250000 / (4000000/12000000) = 15750000 for one day.)
SELECT * FROM pg_temp.forecasts(2031, '{2031-05-29, 2031-05-30, 2031-05-31, 2031-06-01}', '{mb_last, mb_prof}');

-- June, booked on its last day, 29 June / 30 June / 1 July:
--  mb_prof follows its pattern: 3832500 on all three days (on 29 June from
--    January-May, from 30 June from January-June: 1900500 / (1810000/3650000)).
--    (A forecast against the profile pro rata by days would read 1585500 /
--    ((1510000 + 300000 x 29/30)/3650000) = 3215041.67 (ok) on 29 June and
--    3832500 (high) on 30 June: the flicker at every month end.)
--  mb_last's June is 600000 above the pattern: the forecast moves once, on
--    the day June is complete: 12600000 on 29 June, then (5250000 + 1650000)
--    / (6000000/12000000) = 13800000, +1800000 (15%) -> high
SELECT * FROM pg_temp.forecasts(2031, '{2031-06-29, 2031-06-30, 2031-07-01}', '{mb_last, mb_prof}');

-- 20 July: the 700000 booked on 20 July is spent (ytd_actual 7600000) but
-- waits for July to end before it counts in the forecast: still 13800000,
-- through 30 June
-- 5 August: July is over, but the bookings end on 20 July (the data's end):
-- July is not complete in the data and the forecast stays through 30 June
SELECT * FROM pg_temp.forecasts(2031, '{2031-07-20, 2031-08-05}', '{mb_last}');

-- mb_new as of 31 March: January-March 3000000 x 365/90 = 12166666.67,
-- +166666.67 (1.4%: over 50000, not over 2%) -> watch.  (Last year's
-- January-March hold no booking: as a pattern it would give no forecast.)
SELECT * FROM pg_temp.status(2031, '2031-03-31') WHERE area = 'mb_new';
ROLLBACK;

-- A leap year against last year's bookings: 1000000 booked on every month's
-- last day of 2031 and of January-March 2032, budget 12000000 for 2032.  On
-- 30 March 2032 (day 90) the forecast comes from January-February, on 31
-- March from January-March: 2000000 / (2000000/12000000) = 3000000 /
-- (3000000/12000000) = 12000000 -> ok on both days.  (Last year's share up
-- to the same day number would count 31 March 2031, day 90, against this
-- year's 30 March: 2000000 / (3000000/12000000) = 8000000 for one day each
-- month from March to December.)
BEGIN;
INSERT INTO employment_kpi.budget_area (area, kind, group_code, type_code, label) VALUES
 ('mb_leap', 'administration', NULL, NULL, 'Administration, leap year');
INSERT INTO employment_kpi.budget (fiscal_year, area, amount_dkk) VALUES (2032, 'mb_leap', 12000000);
INSERT INTO employment_kpi.expense (source_id, booked_on, area, amount_dkk)
SELECT 'leap-' || y || '-' || m, (make_date(y, m, 1) + interval '1 month')::date - 1, 'mb_leap', 1000000
  FROM generate_series(2031, 2032) AS y, generate_series(1, 12) AS m
 WHERE y = 2031 OR m <= 3;
SELECT * FROM pg_temp.forecasts(2032, '{2032-02-28, 2032-02-29, 2032-03-30, 2032-03-31}', '{mb_leap}');
ROLLBACK;

-- The flag at its tolerance and thresholds (2033, final figures: the
-- forecast is the year's bookings).  ok below a projected variance of
-- 50000 DKK, which the weekly report prints as +0.0 (DKK million, one
-- decimal); from 50000 on, printed +0.1 or more: high above 2% of the
-- budget, else watch.
BEGIN;
INSERT INTO employment_kpi.budget_area (area, kind, group_code, type_code, label)
SELECT a, 'other', NULL, NULL, 'Flag ' || a
  FROM unnest('{f_under, f_tol, f_2pct, f_high, f_small_ok, f_small_high, f_nobudget}'::text[]) AS a;
INSERT INTO employment_kpi.budget (fiscal_year, area, amount_dkk) VALUES
 (2033, 'f_under', 10000000), (2033, 'f_tol', 10000000), (2033, 'f_2pct', 10000000), (2033, 'f_high', 10000000),
 (2033, 'f_small_ok', 1000000), (2033, 'f_small_high', 1000000);
INSERT INTO employment_kpi.expense (source_id, booked_on, area, amount_dkk) VALUES
 ('f1', '2033-12-31', 'f_under', 10049999.99),     -- +49999.99 -> ok
 ('f2', '2033-12-31', 'f_tol', 10050000),          -- +50000 (0.5%) -> watch
 ('f3', '2033-12-31', 'f_2pct', 10200000),         -- +200000 = 2% exactly -> watch
 ('f4', '2033-12-31', 'f_high', 10200000.01),      -- just over 2% -> high
 ('f5', '2033-12-31', 'f_small_ok', 1049999.99),   -- 5%, but +49999.99 -> ok
 ('f6', '2033-12-31', 'f_small_high', 1050000),    -- +50000 = 5% -> high
 ('f7', '2033-12-31', 'f_nobudget', 60000);        -- no budget: +60000 -> high
-- total: budget 42000000, spent 42659999.99, +659999.99 (1.6%) -> watch
SELECT area, budget, forecast, projected_variance, risk,
       to_char(projected_variance / 1e6, 'FMS99990.0') AS printed, through, basis
  FROM pg_temp.status(2033, '2034-01-01');
ROLLBACK;
SELECT employment_kpi_internal.budget_overrun_risk(NULL, 1) AS no_forecast,
       employment_kpi_internal.budget_overrun_risk(1, NULL) AS no_budget,
       employment_kpi_internal.budget_overrun_risk(-1e9, 0) AS underspent;

-- no budget data at all: no rows (not even a total)
SELECT count(*) AS rows_1995 FROM employment_kpi.budget_status(1995, '1995-06-30');

-- argument errors (22023)
SELECT pg_temp.err($$SELECT * FROM employment_kpi.budget_status(NULL, '2028-01-01')$$) AS null_year;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.budget_status(2028, NULL)$$) AS null_as_of;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.budget_status(1800, '2028-01-01')$$) AS year_out_of_range;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.budget_status(2028, 'infinity')$$) AS infinite_as_of;
