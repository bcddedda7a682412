-- a dashboard's weekly series: the last half year per target group
SELECT * FROM employment_kpi.kpi_group_week WHERE week > (SELECT max(week) FROM employment_kpi.kpi_group_week) - 7 * 26;
