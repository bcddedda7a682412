-- Tests src/sql/bi/budget.sql (mv_budget_month, mv_output_month); also bi/refresh.sql.
-- The budget relations of the BI layer: kpi_budget_month equals
-- budget_status at each month end, kpi_output_month equals output_ratios per
-- month; incremental refresh after a new booking and a spell change equals full.
SET client_min_messages = warning;
SET extra_float_digits = 0;
BEGIN;
SELECT count(*) > 0 AS generated FROM employment_kpi.generate_synthetic(300, '2024-01-01', 30, 7);
DELETE FROM employment_kpi_internal.bi_relation WHERE mv_name IN ('mv_caseworker_week', 'mv_team_week');
SELECT view_name, regexp_replace(mode, ' from .*', '') AS mode, rows > 0 AS has_rows, ok, error FROM employment_kpi.refresh();
SELECT min(month), max(month), count(DISTINCT month) AS months, bool_and(as_of <= employment_kpi.data_end()) AS as_of_ok
  FROM employment_kpi.kpi_budget_month;
-- a month end equals budget_status at that date
SELECT count(*) AS differences FROM (
    (SELECT area, kind, budget_dkk, ytd_actual_dkk, forecast_dkk, overrun_risk FROM employment_kpi.kpi_budget_month
      WHERE month = '2024-03-01'
     EXCEPT SELECT area, kind, budget_dkk, ytd_actual_dkk, forecast_dkk, overrun_risk FROM employment_kpi.budget_status(2024, '2024-03-31'))
    UNION ALL
    (SELECT area, kind, budget_dkk, ytd_actual_dkk, forecast_dkk, overrun_risk FROM employment_kpi.budget_status(2024, '2024-03-31')
     EXCEPT SELECT area, kind, budget_dkk, ytd_actual_dkk, forecast_dkk, overrun_risk FROM employment_kpi.kpi_budget_month
      WHERE month = '2024-03-01')) x;
SELECT count(*) AS latest_rows, min(as_of) = employment_kpi.data_end() AS at_last_day
  FROM employment_kpi.kpi_budget_month WHERE is_latest;
-- the weekly report's budget section is read from kpi_budget_month (the
-- status at the latest month end before the week's Sunday), and equals it
SELECT * FROM employment_kpi_internal.report_section_budget('2024-04-08');
SELECT (SELECT round(forecast_dkk / 1e6, 1) FROM employment_kpi.kpi_budget_month WHERE month = '2024-03-01' AND area = 'total')
       AS march_total_forecast_mio;
SELECT * FROM employment_kpi_internal.report_section_budget('2020-01-06');
SELECT scope, count(*) > 0 AS has_rows FROM employment_kpi.kpi_output_month WHERE month = '2024-03-01' GROUP BY scope ORDER BY scope;
SELECT (SELECT gross_benefit_dkk FROM employment_kpi.kpi_output_month WHERE month = '2024-03-01' AND scope = 'municipality')
     = (SELECT gross_benefit_dkk FROM employment_kpi.output_ratios('2024-03-01', '2024-03-31') WHERE scope = 'municipality') AS same_gross;

-- a correcting booking in May and an offer ending earlier in June
INSERT INTO employment_kpi.expense (source_id, booked_on, area, amount_dkk)
SELECT 'bi-test-1', '2024-05-15', area, -1000 FROM employment_kpi.budget_area ORDER BY area LIMIT 1;
UPDATE employment_kpi.intervention SET end_date = start_date
 WHERE (citizen_id, source_id) = (SELECT citizen_id, source_id FROM employment_kpi.intervention
                                   WHERE start_date >= '2024-06-01' ORDER BY citizen_id, source_id LIMIT 1);
-- an ongoing offer that began in the spring gets its end date in July: its
-- cost is spread over all its days, so the spring months change too
UPDATE employment_kpi.intervention SET end_date = '2024-07-10'
 WHERE (citizen_id, source_id) = (SELECT citizen_id, source_id FROM employment_kpi.intervention
                                   WHERE start_date < '2024-04-01' AND coalesce(end_date, 'infinity') > '2024-07-10'
                                   ORDER BY citizen_id, source_id LIMIT 1);
SELECT view_name, regexp_replace(mode, 'incremental from (....-..)', 'incremental from \1') AS mode, ok
  FROM employment_kpi.refresh() WHERE view_name IN ('mv_budget_month', 'mv_output_month');
CREATE TEMP TABLE inc_b AS SELECT * FROM employment_kpi_internal.mv_budget_month;
CREATE TEMP TABLE inc_o AS SELECT * FROM employment_kpi_internal.mv_output_month;
SELECT view_name, mode, ok FROM employment_kpi.refresh(full => true) WHERE view_name IN ('mv_budget_month', 'mv_output_month');
SELECT (SELECT count(*) FROM (TABLE inc_b EXCEPT TABLE employment_kpi_internal.mv_budget_month) a)
     + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_budget_month EXCEPT TABLE inc_b) b) AS budget_differences,
       (SELECT count(*) FROM (TABLE inc_o EXCEPT TABLE employment_kpi_internal.mv_output_month) a)
     + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_output_month EXCEPT TABLE inc_o) b) AS output_differences;
ROLLBACK;
