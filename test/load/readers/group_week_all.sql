-- an import-mode BI refresh (Power BI): the whole view
SELECT * FROM employment_kpi.kpi_group_week;
