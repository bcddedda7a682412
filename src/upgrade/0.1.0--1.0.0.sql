-- src/upgrade/0.1.0--1.0.0.sql
--
-- The storage part of the upgrade from 0.1.0 to 1.0.0.  It runs first; the
-- Makefile then appends every definition file of 1.0.0 (functions,
-- aggregates, views, triggers, registry rows), which replace their 0.1.0
-- versions.  Here: what the definition files cannot do themselves - views
-- are dropped (they are created again with their 1.0.0 columns), objects
-- that moved or changed their signature are moved or dropped, and tables
-- get their 1.0.0 form without losing a row.
--
-- A view of your own over an employment_kpi view blocks the upgrade (it
-- depends on a view dropped here): drop it first and create it again after.

DROP VIEW employment_kpi.kpi_group_week, employment_kpi.kpi_caseworker_week, employment_kpi.kpi_team_week,
          employment_kpi.kpi_budget_month, employment_kpi.kpi_output_month,
          employment_kpi.kpi_intervention_effect, employment_kpi.kpi_exit_curve,
          employment_kpi.effect_comparison_week, employment_kpi.support_period;

-- The internals move out of the API schema (same objects, same rows).
COMMENT ON SCHEMA employment_kpi IS
'employment_kpi: weekly management information for public employment services. Every object in this schema is documented (README.md and docs/); the internals live in employment_kpi_internal.';
CREATE SCHEMA employment_kpi_internal;
COMMENT ON SCHEMA employment_kpi_internal IS
'Internals of employment_kpi (building blocks, BI storage, bookkeeping): not an API, not granted to anyone, may change in any release.';

ALTER FUNCTION employment_kpi.benefit_weeks_unchecked(from_date date, to_date date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_budget_first_month() SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_effect_count(sign integer, citizens text[], from_week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_effect_done(mv_name text, data_end date, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_effect_periods(from_quarter date, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_group_week_compute(from_week date, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_install_triggers(tbl text, fn text) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_pending_from(mv_name text, sources text[], old_last_day date, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_begin(mv_name text, key_column text, unit text, sources text[], full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_budget(kind text, full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_budget_month(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_caseworker_week(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_effect_week(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_effects(kind text, full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_end(mv_name text, unit text, v_from date, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_exit_curve(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_group_week(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_intervention_effect(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_output_month(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_scorecard(kind text, full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_support_period(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_refresh_team_week(full_rebuild boolean, concurrent boolean, last_day date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_scorecard_first_week(from_date date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_track_conversation() SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_track_other() SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.bi_track_range() SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.budget_require(ok boolean, message text) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.citizen_refund_weeks(to_date date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_check_periods(p_keys text[], p_from date[], p_to date[]) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_combine(employment_kpi.effect, employment_kpi.effect) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_data_end() SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_finalize(employment_kpi.effect) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_person_weeks(horizon_weeks integer, from_date date, to_date date, group_code text, cap integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_person_weeks_of(horizon_weeks integer, from_date date, to_date date, group_code text, cap integer, stored boolean) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_week_rows(from_date date, to_date date, citizens text[]) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.fsum_accum(state double precision[], x double precision) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.fsum_combine(a double precision[], b double precision[]) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.fsum_final(state double precision[]) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.funnel_tau2_accum(state double precision[], observed double precision, expected double precision) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.funnel_tau2_combine(a double precision[], b double precision[]) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.funnel_tau2_final(state double precision[]) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.import_rows(target_table text, source regclass) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.import_try_date(value text) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.import_try_int(value text) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.import_try_numeric(value text) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.intervention_effect_periods(p_horizon integer, p_keys text[], p_from date[], p_to date[], p_group text) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.intervention_effect_periods_of(p_horizon integer, p_keys text[], p_from date[], p_to date[], p_group text, p_stored boolean) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.intervention_effect_rows(p_horizon integer, p_from date, p_to date, p_group text) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.intervention_exit_curve_periods(p_keys text[], p_from date[], p_to date[], p_max_week integer, p_type text, p_group text) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.intervention_exit_curve_periods_of(p_keys text[], p_from date[], p_to date[], p_max_week integer, p_type text, p_group text, p_stored boolean) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.matched_effect_transfn(employment_kpi.effect, text, boolean, boolean, bigint) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.output_offer_sums(from_date date, to_date date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.output_ratio_values(scope text, ndays integer, days numeric, gross numeric, refund numeric, icost numeric, conv bigint, offw bigint, nexits bigint) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.refund_spell_weeks(starts date[], ends date[], as_of date, selfsupport_weeks integer, window_weeks integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.refund_staircase(max_week integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.refund_week_count(weeks date[], as_of date, selfsupport_weeks integer, window_weeks integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.refund_week_numbers(weeks date[], selfsupport_weeks integer, window_weeks integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.report_count(n bigint, k integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.report_section_budget(week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.report_section_conversations(week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.report_section_exits(week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.report_section_group_week(week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.report_section_interventions(week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.report_section_support(week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.report_section_team_week(week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.scorecard_caseworker_rows(from_week date, to_week date, window_weeks integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.scorecard_cells(k integer, caseload integer, in_offer integer, offers_started integer, exits integer, tl_counted integer, tl_met integer, pf_counted integer, pf_met integer, pf_coverage_sum numeric, exits_window integer, exits_expected double precision, offer_weeks_window integer, offer_weeks_expected double precision, exits_tau2 double precision, activation_tau2 double precision, with_flags boolean, OUT s_caseload integer, OUT s_in_offer integer, OUT activation_rate double precision, OUT s_offers_started integer, OUT s_exits integer, OUT exits_per_100 double precision, OUT timeliness double precision, OUT timeliness_target_met boolean, OUT exits_oe double precision, OUT exits_flag text, OUT activation_oe double precision, OUT activation_flag text, OUT suppressed boolean) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.scorecard_check_weeks(from_week date, to_week date, window_weeks integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.scorecard_mix(from_week date, to_week date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.scorecard_raw(from_week date, to_week date, window_weeks integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.seed_guard() SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.seed_removed_apply() SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.survival_agg_transfn(employment_kpi.survival, double precision, boolean) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.survival_agg_transfn(employment_kpi.survival, integer, boolean) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.survival_combine(employment_kpi.survival, employment_kpi.survival) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.survival_finalize(employment_kpi.survival) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.synthetic_simulate(citizens integer, first_week date, weeks integer, seed integer) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.week_series(lo date, hi date) SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.bi_change SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.bi_effect_comparison SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.bi_effect_state SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.bi_pending SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.bi_relation SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_budget_month SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_caseworker_week SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_effect_week SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_exit_curve SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_group_week SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_intervention_effect SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_output_month SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_support_period SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.mv_team_week SET SCHEMA employment_kpi_internal;
ALTER TABLE employment_kpi.seed_removed SET SCHEMA employment_kpi_internal;

-- The access checks: one definition, public (the views call them).
DROP FUNCTION employment_kpi.scorecard_access(), employment_kpi.bi_has_role(text);
ALTER FUNCTION employment_kpi.bi_is_analyst() RENAME TO is_analyst;
ALTER FUNCTION employment_kpi.bi_is_reader() RENAME TO is_reader;
ALTER FUNCTION employment_kpi.bi_suppress(bigint, int) RENAME TO suppress_count;
ALTER FUNCTION employment_kpi.bi_is_small(bigint, int) RENAME TO is_small_cell;
ALTER FUNCTION employment_kpi.bi_week_label(date) RENAME TO week_label;
ALTER FUNCTION employment_kpi.bi_month_label(date) RENAME TO month_label;
ALTER FUNCTION employment_kpi.bi_period_label(text, date, date) RENAME TO period_label;

-- One function per rule: the Monday of a week, the data's end and the
-- suppression threshold replace their copies.
DROP FUNCTION employment_kpi.bi_week(date), employment_kpi.bi_last_day(),
              employment_kpi.report_latest_fact_date(), employment_kpi.report_k();

-- One effect estimator (effect_estimate, effect_curve_estimate) for the
-- public functions and the BI views.
DROP FUNCTION employment_kpi_internal.intervention_effect_periods_of(int, text[], date[], date[], text, boolean),
              employment_kpi_internal.intervention_effect_periods(int, text[], date[], date[], text),
              employment_kpi_internal.intervention_effect_rows(int, date, date, text),
              employment_kpi_internal.intervention_exit_curve_periods_of(text[], date[], date[], int, text, text, boolean),
              employment_kpi_internal.intervention_exit_curve_periods(text[], date[], date[], int, text, text),
              employment_kpi_internal.effect_person_weeks_of(int, date, date, text, int, boolean);

-- One refresh protocol: the registry lists each relation's change sources
-- and every refresh function has the signature (mv_name, from_date,
-- concurrently, last_day); the effect relations' data end is their last
-- day's week, so bi_effect_state goes.
ALTER TABLE employment_kpi_internal.bi_relation
    ADD COLUMN sources text[] NOT NULL DEFAULT '{}',
    ALTER COLUMN refresh_function SET NOT NULL;
COMMENT ON TABLE employment_kpi_internal.bi_relation IS
'Registry of the BI summary tables (mv_*) that refresh() refreshes, in position order (= dependency order), each by its refresh_function(mv_name text, from_date date, concurrently boolean, last_day date) RETURNS text, called with the earliest date its pending changes reach (see refresh.sql).';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.mv_name IS 'Name of the summary table in schema employment_kpi_internal (mv_*).';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.refresh_function IS 'Its refresh function, (mv_name text, from_date date, concurrently boolean, last_day date) RETURNS text: recomputes what changed from from_date on (-infinity = everything) and returns the mode it used.';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.last_day IS 'data_end() at this relation''s last successful refresh.';
COMMENT ON COLUMN employment_kpi_internal.bi_relation.sources IS 'The change sources (bi_change.source: the tables it reads, and config_suppression_k or intervention_span where it stores what they change) whose pending changes make it recompute.';
DROP TABLE employment_kpi_internal.bi_effect_state;
DROP FUNCTION employment_kpi_internal.bi_refresh_begin(text, text, text, text[], boolean, boolean, date),
              employment_kpi_internal.bi_refresh_end(text, text, date, date),
              employment_kpi_internal.bi_effect_done(text, date, date),
              employment_kpi_internal.bi_refresh_support_period(boolean, boolean, date),
              employment_kpi_internal.bi_refresh_group_week(boolean, boolean, date),
              employment_kpi_internal.bi_refresh_scorecard(text, boolean, boolean, date),
              employment_kpi_internal.bi_refresh_caseworker_week(boolean, boolean, date),
              employment_kpi_internal.bi_refresh_team_week(boolean, boolean, date),
              employment_kpi_internal.bi_refresh_budget(text, boolean, boolean, date),
              employment_kpi_internal.bi_refresh_budget_month(boolean, boolean, date),
              employment_kpi_internal.bi_refresh_output_month(boolean, boolean, date),
              employment_kpi_internal.bi_refresh_effect_week(boolean, boolean, date),
              employment_kpi_internal.bi_refresh_effects(text, boolean, boolean, date),
              employment_kpi_internal.bi_refresh_intervention_effect(boolean, boolean, date),
              employment_kpi_internal.bi_refresh_exit_curve(boolean, boolean, date);
-- The definitions of this version differ: the next refresh() rebuilds
-- every BI relation.
UPDATE employment_kpi_internal.bi_relation SET last_day = NULL;

-- One change-tracking trigger function for the tables whose rows carry one
-- date: conversations are tracked by bi_track_other, like bookings and
-- budgets.  (CASCADE: the triggers on conversation go with it; tracking.sql
-- creates them again.)
DROP FUNCTION employment_kpi_internal.bi_track_conversation() CASCADE;

-- support_periods takes an optional citizen filter.
DROP FUNCTION employment_kpi.support_periods(date);
COMMENT ON TABLE employment_kpi_internal.mv_support_period IS
'BI storage (summary table, maintained by refresh()): support_periods(data_end()) for every citizen, recomputed per citizen whose spells changed. Not granted to readers.';

-------------------------------------------------------------------------------
-- The model, KPI, access, report and synthetic layers: one definition where
-- 0.1.0 had several (the definition files that follow hold the new ones).
-------------------------------------------------------------------------------

-- The weekly report's sections lay out their tables with report_table.
CREATE TYPE employment_kpi_internal.report_row AS (ord int, label text, cells text[]);
COMMENT ON TYPE employment_kpi_internal.report_row IS
'Internal: a row of a table of the weekly report (report_table): its place (ord, then label), its label and its cells as printed.';

-- The import converts the text its fast paths do not match by one function,
-- import_try_cast.
DROP FUNCTION employment_kpi_internal.import_try_date(text),
              employment_kpi_internal.import_try_numeric(text),
              employment_kpi_internal.import_try_int(text);

-------------------------------------------------------------------------------
-- The synthetic municipality at steady state: the burn-in leaves no facts
-- but the history of the support periods running at first_week, citizens
-- counts the citizens in the data, and the truth counts exits to
-- self-support only (a transition, other_benefit, is outcome 0).  The
-- tables keep their columns; their descriptions change.  Truth rows made
-- by 0.1.0 keep the definition they were made with until the next
-- generate_synthetic().
-------------------------------------------------------------------------------
COMMENT ON COLUMN employment_kpi.synthetic_run.citizens IS 'Number of citizens in the data: citizens with a support period running at first_week or starting later (syn-000001 ...).';
COMMENT ON COLUMN employment_kpi.synthetic_run.first_week IS 'Monday of the first ISO week of the data window. The simulated burn-in before it leaves no facts except the history of the support periods running at first_week (their true start dates, spells, caseworkers, conversations and offers), as a real extract holds them.';
COMMENT ON TABLE employment_kpi.synthetic_truth IS
'Ground truth of the synthetic municipality: the true average effect on the treated (ATT) of starting an offer of type_code now versus not now, on exit to self-support (afgang til selvforsørgelse) within horizon_weeks, computed from potential outcomes on common random numbers (docs/synthetic.md). A transition to another public benefit (exit_reason other_benefit) is not an exit: outcome 0, like moving away or death. Only participant starts inside the data window whose horizon is observable count.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.exits_treated IS 'Participant starts whose factual support period (starting now) ended with an exit to self-support (afgang til selvforsørgelse: not a transition, exit_reason other_benefit, and not moved or deceased) within the horizon.';
COMMENT ON COLUMN employment_kpi.synthetic_truth.exits_untreated IS 'Participant starts whose counterfactual support period (not starting now, free to start later) ended with an exit to self-support within the horizon.';
