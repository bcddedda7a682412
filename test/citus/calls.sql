-- Every public function that reads the data, one call a line, run on the
-- single node and on the cluster (test/citus/run.sh compares the results).
-- psql variables: :'wk' a complete week (Monday), :'wk13' 13 weeks before,
-- :'fy' its year, :'q' a quarter start a year before, :'cw' a caseworker,
-- :'team' a team, :'cit' a citizen.
SELECT employment_kpi.data_end(), employment_kpi.data_start()
SELECT * FROM employment_kpi.support_periods(:'wk', NULL)
SELECT * FROM employment_kpi.support_periods(:'wk', ARRAY[:'cit'])
SELECT * FROM employment_kpi.refund_weeks(:'wk')
SELECT * FROM employment_kpi.refund_weeks(:'cit', :'wk')
SELECT * FROM employment_kpi.budget_status(:'fy', :'wk')
SELECT * FROM employment_kpi.benefit_weeks(:'wk13', :'wk')
SELECT * FROM employment_kpi.output_ratios(:'wk13', :'wk')
SELECT * FROM employment_kpi.intervention_effect(26, :'q', :'wk13')
SELECT * FROM employment_kpi.intervention_effect(13, :'q', :'wk13', 'sygedagpenge')
SELECT * FROM employment_kpi.intervention_exit_curve('virksomhedspraktik', 'dagpenge', :'q', :'wk13')
SELECT * FROM employment_kpi.caseworker_week(:'wk', :'wk')
SELECT * FROM employment_kpi.caseworker_week(:'wk13', :'wk')
SELECT * FROM employment_kpi.team_week(:'wk13', :'wk')
SELECT * FROM employment_kpi.caseworker_conversations(:'wk13', :'wk')
SELECT c.caseworker_id, p.* FROM employment_kpi.caseworker c, employment_kpi.peer_sparring(c.caseworker_id, 'activation_rate') p
SELECT c.caseworker_id, p.* FROM employment_kpi.caseworker c, employment_kpi.peer_sparring(c.caseworker_id, 'exits_oe') p
SELECT * FROM employment_kpi.portfolio_compliance(:'wk13', :'wk')
SELECT * FROM employment_kpi.data_quality(:'wk')
SELECT employment_kpi.weekly_report(:'wk')
SELECT employment_kpi.weekly_report(:'wk', :'team')
SELECT employment_kpi.weekly_report(:'wk', NULL, 'html')
SELECT c.caseworker_id, w.* FROM employment_kpi.caseworker c, employment_kpi.caseworker_worklist(c.caseworker_id, :'wk') w
SELECT target_table, row_data, reason, source_rows FROM employment_kpi.import_reject_open
SELECT relation, status, rows, pending_changes FROM employment_kpi.kpi_refresh_status
SELECT employment_kpi.reporting_group('dagpenge', :'wk'), employment_kpi.suppression_k()
SELECT * FROM employment_kpi.reporting_groups()
