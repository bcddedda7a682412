-- Tests src/sql/kpi/budget.sql on the synthetic municipality; also kpi/output.sql and kpi/refund.sql.
-- Budget versus output on the synthetic municipality (2,000 citizens, ISO
-- weeks 2023-01-02 .. 2025-12-28, seed 1). The generator plants one benefit
-- area (syn-benefit-sygedagpenge) budgeted 15% below its run rate in the last
-- fiscal year (2025), and books each benefit area's gross benefit per month
-- (days on support x weekly benefit / 7, rounded to the øre) - an independent
-- computation that output_ratios must reproduce.
BEGIN;
SELECT plan(10);

SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(citizens => 2000, first_week => '2023-01-02', weeks => 156, seed => 1)$$,
                'synthetic municipality generated');

-- the planted overrun is flagged high by mid-year ...
SELECT is((SELECT overrun_risk FROM employment_kpi.budget_status(2025, '2025-06-30') WHERE area = 'syn-benefit-sygedagpenge'),
          'high', 'the area built to overrun is flagged high on 30 June');
-- ... and is the benefit area with the largest projected overrun
SELECT is((SELECT area FROM employment_kpi.budget_status(2025, '2025-06-30')
            WHERE kind = 'benefit' ORDER BY projected_variance_dkk / budget_dkk DESC LIMIT 1),
          'syn-benefit-sygedagpenge', 'it has the largest relative projected variance of the benefit areas');
-- the year's final figures: forecast = actual on 31 December of a year the
-- bookings cover to its end ...
SELECT is((SELECT count(*) FROM employment_kpi.budget_status(2024, '2024-12-31') WHERE forecast_dkk <> ytd_actual_dkk),
          0::bigint, 'at year end the forecast equals the actual spending');
-- ... but the data end on Sunday 28 December 2025, December booked to that
-- day: December is not complete, and the forecast runs to 30 November
SELECT is((SELECT array_agg(DISTINCT forecast_through) FROM employment_kpi.budget_status(2025, '2025-12-31')),
          ARRAY['2025-11-30'::date], 'a month the bookings end inside is not complete, even after its last day');

-- net + refund = gross, exactly in every row and to the øre against the
-- citizen-week expansion (the year to the data's end, 28 December: no
-- numbers are given past it)
SELECT is((SELECT count(*) FROM employment_kpi.output_ratios('2025-01-01', '2025-12-28')
            WHERE net_benefit_dkk + refund_dkk <> gross_benefit_dkk),
          0::bigint, 'net + refund = gross in every row');
SELECT results_eq(
    $$SELECT round(gross_benefit_dkk, 2), round(net_benefit_dkk, 2), round(refund_dkk, 2)
        FROM employment_kpi.output_ratios('2025-01-01', '2025-12-28') WHERE scope = 'municipality'$$,
    $$SELECT round(sum(gross_dkk), 2), round(sum(net_dkk), 2), round(sum(refund_dkk), 2)
        FROM employment_kpi.benefit_weeks('2025-01-01', '2025-12-28')$$,
    'output_ratios money equals the citizen-week expansion to the øre');

-- gross benefit per group and month equals the generator's monthly bookings
-- (booked on the month's last day; December is booked on the data's last day,
-- 28 December, so January-November x 9 groups = 99 group-months compare)
SELECT is((SELECT count(*) FILTER (WHERE abs(round(r.gross_benefit_dkk, 2) - e.amount_dkk) < 0.01)
             FROM generate_series(date '2025-01-01', date '2025-11-01', interval '1 month') AS m,
                  LATERAL employment_kpi.output_ratios(m::date, (m + interval '1 month')::date - 1) AS r,
                  employment_kpi.expense AS e
            WHERE e.area = 'syn-benefit-' || r.scope_code AND e.booked_on = (m + interval '1 month')::date - 1
              AND r.scope = 'group'),
          99::bigint, 'gross benefit per group and month equals the synthetic bookings (99 of 99)');

-- no citizen is on two benefits at once in the model: the municipality's
-- full-time persons are the sum of the groups'
SELECT is((SELECT round((sum(fulltime_persons) FILTER (WHERE scope = 'group')
                         - sum(fulltime_persons) FILTER (WHERE scope = 'municipality'))::numeric, 9)
             FROM employment_kpi.output_ratios('2025-01-01', '2025-12-28')),
          0::numeric, 'municipality full-time persons = sum over groups');

-- the set-returning refund_weeks agrees with the per-citizen form
SELECT is((SELECT count(*) FROM employment_kpi.refund_weeks('2025-06-30'::date) AS r
            WHERE employment_kpi.refund_weeks(r.citizen_id, '2025-06-30') <> r.refund_week),
          0::bigint, 'refund_weeks(as_of) agrees with refund_weeks(citizen_id, as_of)');

SELECT * FROM finish();
ROLLBACK;
