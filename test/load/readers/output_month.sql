-- cost per full-time person and per exit, the municipality, the last six months
SELECT month_label, cost_per_fulltime_person, cost_per_exit FROM employment_kpi.kpi_output_month
 WHERE scope = 'municipality' AND month > (SELECT max(month) FROM employment_kpi.kpi_output_month) - interval '6 months';
