-- the caseworker scorecards of the latest week (a plain reader sees none: the
-- access filter still runs)
SELECT * FROM employment_kpi.kpi_caseworker_week WHERE week = (SELECT max(week) FROM employment_kpi.kpi_caseworker_week);
