-- the dashboard's "data as of" tile
SELECT relation, status, week_label FROM employment_kpi.kpi_refresh_status;
