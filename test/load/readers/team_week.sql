-- the teams in the latest week
SELECT * FROM employment_kpi.kpi_team_week WHERE week = (SELECT max(week) FROM employment_kpi.kpi_team_week);
