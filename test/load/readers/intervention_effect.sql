-- the 26-week effects of the last 12 months
SELECT * FROM employment_kpi.kpi_intervention_effect WHERE period_kind = 'last_12_months' AND horizon_weeks = 26;
