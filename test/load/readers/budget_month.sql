-- the current budget status
SELECT * FROM employment_kpi.kpi_budget_month WHERE is_latest;
