-- The registry of the BI relations (bi_relation), in one list: each summary
-- table in refresh order with its refresh function, the relations it reads,
-- the change sources that make it recompute (the tables it reads, and
-- config_suppression_k or intervention_span where it stores what they
-- change) and what it holds.  It runs after the refresh functions exist;
-- over an older version it updates the rows and keeps their last_day.

INSERT INTO employment_kpi_internal.bi_relation (position, mv_name, refresh_function, depends_on, sources, description)
VALUES
    (10, 'mv_support_period',      'employment_kpi_internal.bi_refresh_support_period(text, date, boolean, date)', '{}',                  '{support_spell,config}', 'Support periods per citizen as of the last day (input of the weekly relations).'),
    (20, 'mv_group_week',          'employment_kpi_internal.bi_refresh_group_week(text, date, boolean, date)',     '{mv_support_period}', '{support_spell,intervention,config}', 'Citizens on support, full-time persons, inflow, exits, offers and duration per target group and ISO week (kpi_group_week).'),
    (30, 'mv_caseworker_week',     'employment_kpi_internal.bi_refresh_scorecard(text, date, boolean, date)',      '{}',                  '{support_spell,intervention,case_assignment,conversation,team,caseworker,contact_rule,config,config_suppression_k}', 'Caseworker scorecards per ISO week (kpi_caseworker_week).'),
    (40, 'mv_team_week',           'employment_kpi_internal.bi_refresh_scorecard(text, date, boolean, date)',      '{}',                  '{support_spell,intervention,case_assignment,conversation,team,caseworker,contact_rule,config,config_suppression_k}', 'Team and municipality scorecards per ISO week (kpi_team_week).'),
    (50, 'mv_budget_month',        'employment_kpi_internal.bi_refresh_budget(text, date, boolean, date)',         '{}',                  '{expense,budget,budget_month}', 'Budget status per area at each month end and at the latest as-of date (kpi_budget_month).'),
    (55, 'mv_output_month',        'employment_kpi_internal.bi_refresh_budget(text, date, boolean, date)',         '{}',                  '{support_spell,intervention,conversation,case_assignment,expense,team,caseworker,refund_rate,config,citizen_group,intervention_type,intervention_span}', 'Output ratios per month and scope (kpi_output_month).'),
    (58, 'mv_effect_week',         'employment_kpi_internal.bi_refresh_effect_week(text, date, boolean, date)',    '{}',                  '{support_spell,intervention,config}', 'Person-weeks of every citizen (comparison weeks and treated starts) behind the effect relations; internal.'),
    (60, 'mv_intervention_effect', 'employment_kpi_internal.bi_refresh_effects(text, date, boolean, date)',        '{mv_effect_week}',    '{support_spell,intervention,config,config_suppression_k,refund_rate}', 'Intervention effects per offer type, target group, horizon (13, 26, 52 weeks) and start quarter or last 12 months (kpi_intervention_effect).'),
    (70, 'mv_exit_curve',          'employment_kpi_internal.bi_refresh_effects(text, date, boolean, date)',        '{mv_effect_week}',    '{support_spell,intervention,config}', 'Kaplan-Meier exit curves of participants and comparison per offer type, target group and start period (kpi_exit_curve).')
ON CONFLICT (mv_name) DO UPDATE
   SET position = EXCLUDED.position, refresh_function = EXCLUDED.refresh_function,
       depends_on = EXCLUDED.depends_on, sources = EXCLUDED.sources, description = EXCLUDED.description;
