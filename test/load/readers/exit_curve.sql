-- the two exit curves of one offer type and target group, per quarter
SELECT * FROM employment_kpi.kpi_exit_curve
 WHERE type_code = 'virksomhedspraktik' AND group_code = 'dagpenge' AND period_kind = 'quarter';
