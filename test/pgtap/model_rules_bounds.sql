-- Tests src/sql/model/rules.sql (require_date_range, date_margin,
-- label_date); also every public function with date arguments and the
-- cancellation of long calls (the C loops' CHECK_FOR_INTERRUPTS).
-- Date arguments outside the data's range and its margin get 22023 naming
-- the range; the label helpers answer infinite and too-late dates with
-- 22023 / 22008; long calls on a municipality's data stop at
-- statement_timeout with 57014 instead of running to the end.
BEGIN;
SELECT plan(33);

SELECT lives_ok($$SELECT * FROM employment_kpi.generate_synthetic(1500, employment_kpi.iso_monday(current_date) - 7 * 104, 104, 11)$$,
                'a synthetic municipality, two years');
SELECT lives_ok($$SELECT * FROM employment_kpi.refresh()$$, 'refreshed');
SELECT is(employment_kpi.date_margin(), interval '5 years', 'the margin is five years');

-- the range: data_start() - 5 years .. data_end() + 5 years, named in the message
CREATE TEMP TABLE r AS
SELECT to_char(employment_kpi.data_start() - interval '5 years', 'YYYY-MM-DD') AS lo,
       to_char(employment_kpi.data_end() + interval '5 years', 'YYYY-MM-DD') AS hi,
       employment_kpi.iso_monday(employment_kpi.data_end()) AS last_monday;
SELECT throws_ok($$SELECT * FROM employment_kpi.output_ratios('0001-01-01', '9999-12-31')$$, '22023',
                 format('from_date 0001-01-01 is outside the dates the data allow (%s to %s)', lo, hi),
                 'output_ratios over a typo''d range: 22023 naming the range') FROM r;
SELECT throws_ok($$SELECT * FROM employment_kpi.benefit_weeks('-infinity', '2026-01-01')$$, '22023',
                 format('from_date -infinity is outside the dates the data allow (%s to %s)', lo, hi),
                 'benefit_weeks from -infinity') FROM r;
SELECT throws_ok($$SELECT * FROM employment_kpi.output_ratios(current_date - 10, current_date - 20)$$, '22023', NULL,
                 'output_ratios with from_date after to_date');
SELECT throws_ok(format($$SELECT * FROM employment_kpi.intervention_effect(26, %L, NULL)$$, (employment_kpi.data_start() - interval '5 years 1 day')::date),
                 '22023', format('from_date %s is outside the dates the data allow (%s to %s)',
                                 to_char(employment_kpi.data_start() - interval '5 years 1 day', 'YYYY-MM-DD'), lo, hi),
                 'intervention_effect: one day before the margin') FROM r;
SELECT lives_ok(format($$SELECT * FROM employment_kpi.intervention_effect(26, %L, NULL)$$, (employment_kpi.data_start() - interval '5 years')::date),
                'intervention_effect: the first day of the margin is accepted');
SELECT throws_ok($$SELECT * FROM employment_kpi.intervention_effect(26, NULL, 'infinity')$$, '22023', NULL,
                 'intervention_effect to infinity');
SELECT throws_ok($$SELECT * FROM employment_kpi.intervention_exit_curve('x', 'y', '0001-01-01', NULL)$$, '22023', NULL,
                 'intervention_exit_curve from year 1');
SELECT throws_ok(format($$SELECT * FROM employment_kpi.intervention_exit_curve('x', 'y', NULL, %L)$$, (employment_kpi.data_end() + interval '5 years 1 day')::date),
                 '22023', NULL, 'intervention_exit_curve: one day after the margin');
SELECT throws_ok($$SELECT * FROM employment_kpi.portfolio_compliance('2020-01-01', '9999-12-31')$$, '22023',
                 format('to_date 9999-12-31 is outside the dates the data allow (%s to %s)', lo, hi),
                 'portfolio_compliance to 9999') FROM r;
SELECT throws_ok($$SELECT * FROM employment_kpi.portfolio_compliance('infinity', 'infinity')$$, '22023', NULL,
                 'portfolio_compliance with infinite dates');
SELECT throws_ok($$SELECT * FROM employment_kpi.team_week('1900-01-01', '1900-01-08')$$, '22023', NULL,
                 'team_week in 1900');
SELECT throws_ok($$SELECT * FROM employment_kpi.caseworker_week('-infinity', '2026-01-05')$$, '22023', NULL,
                 'caseworker_week from -infinity');
-- (budget_status keeps its own bound: a fiscal year from 1990 to 2200)
SELECT throws_ok($$SELECT * FROM employment_kpi.budget_status(2026, 'infinity')$$, '22023', NULL,
                 'budget_status as of infinity');
SELECT throws_ok($$SELECT * FROM employment_kpi.refund_weeks('0001-01-01')$$, '22023', NULL,
                 'refund_weeks as of year 1');
SELECT throws_ok($$SELECT employment_kpi.refund_weeks('c', '-infinity')$$, '22023', NULL,
                 'refund_weeks of a citizen as of -infinity');

-- the label helpers, callable by anyone
SELECT throws_ok($$SELECT employment_kpi.week_label('infinity')$$, '22023', 'week must be a finite date, got infinity',
                 'week_label(infinity)');
SELECT throws_ok($$SELECT employment_kpi.week_label('-infinity')$$, '22023', NULL, 'week_label(-infinity)');
SELECT throws_ok($$SELECT employment_kpi.week_label('5874897-12-31')$$, '22008', NULL, 'week_label after the last timestamp');
SELECT throws_ok($$SELECT employment_kpi.month_label('infinity')$$, '22023', NULL, 'month_label(infinity)');
SELECT throws_ok($$SELECT employment_kpi.month_label('300000-01-01')$$, '22008', NULL, 'month_label after the last timestamp');
SELECT is(employment_kpi.week_label('294276-12-31'), '294276-W52', 'week_label of the last day a timestamp holds');
SELECT is(employment_kpi.iso_monday('infinity'), 'infinity'::date, 'iso_monday passes infinity (open bounds stay open)');
SELECT is(employment_kpi.iso_monday('4714-11-24 BC'), '4714-11-24 BC'::date, 'iso_monday of the first date is that date (a Monday)');

-- cancellation: each call runs far longer than the timeout on these data,
-- so a finished call means it ignored the cancel.  pg_temp.cancelled
-- catches query_canceled (which WHEN OTHERS does not) and reports it.
CREATE FUNCTION pg_temp.cancelled(q text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'finished';
EXCEPTION WHEN query_canceled THEN
    RETURN 'cancelled ' || SQLSTATE;
END $$;
SET statement_timeout = '20ms';
SELECT is(pg_temp.cancelled($$SELECT count(*) FROM employment_kpi.intervention_effect(26, employment_kpi.data_start(), employment_kpi.data_end())$$),
          'cancelled 57014', 'intervention_effect over all the data stops at statement_timeout');
SELECT is(pg_temp.cancelled($$SELECT count(*) FROM employment_kpi.intervention_exit_curve((SELECT min(type_code) FROM employment_kpi.intervention), (SELECT min(group_code) FROM employment_kpi.support_spell))$$),
          'cancelled 57014', 'intervention_exit_curve stops at statement_timeout');
SELECT is(pg_temp.cancelled($$SELECT count(*) FROM employment_kpi.output_ratios(employment_kpi.data_start(), employment_kpi.data_end())$$),
          'cancelled 57014', 'output_ratios over all the data stops at statement_timeout');
SELECT is(pg_temp.cancelled($$SELECT count(*) FROM employment_kpi.caseworker_week(employment_kpi.iso_monday(employment_kpi.data_start()), employment_kpi.iso_monday(employment_kpi.data_end()))$$),
          'cancelled 57014', 'caseworker_week over all weeks stops at statement_timeout');
SELECT is(pg_temp.cancelled($$SELECT count(*) FROM employment_kpi.refresh(full => true)$$),
          'cancelled 57014', 'refresh(full => true) stops at statement_timeout');
SELECT is(pg_temp.cancelled($$SELECT count(*) FROM employment_kpi.generate_synthetic(citizens => 20000)$$),
          'cancelled 57014', 'generate_synthetic of 20,000 citizens stops at statement_timeout');
RESET statement_timeout;
-- and the data are intact: the cancelled generate_synthetic rolled back
SELECT is((SELECT count(*) FROM employment_kpi.synthetic_truth) > 0, true, 'the municipality is still there after the cancelled calls');

SELECT * FROM finish();
ROLLBACK;
