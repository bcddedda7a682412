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

DROP FUNCTION employment_kpi.benefit_weeks_unchecked(date, date);
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
DROP FUNCTION employment_kpi.budget_require(boolean, text);
ALTER FUNCTION employment_kpi.citizen_refund_weeks(to_date date) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_check_periods(p_keys text[], p_from date[], p_to date[]) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_combine(employment_kpi.effect, employment_kpi.effect) SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_data_end() SET SCHEMA employment_kpi_internal;
ALTER FUNCTION employment_kpi.effect_finalize(employment_kpi.effect) SET SCHEMA employment_kpi_internal;
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
              employment_kpi_internal.effect_person_weeks_of(int, date, date, text, int, boolean),
              -- read once for every horizon: no horizon argument
              employment_kpi.effect_person_weeks(int, date, date, text, int);

-- One refresh protocol: the registry lists each relation's change sources
-- and every refresh function has the signature (mv_name, from_date,
-- concurrently, last_day); the effect relations' data end is their last
-- day's week, so bi_effect_state goes.
ALTER TABLE employment_kpi_internal.bi_relation
    ADD COLUMN sources text[] NOT NULL DEFAULT '{}',
    ALTER COLUMN refresh_function SET NOT NULL;
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
-- Dated reference data: target groups get validity dates (the five groups
-- of the 2027 reform and citizen_group_map, which maps the current groups
-- to them, are new: model/reform_storage.sql adds them after this part),
-- and the refund staircase gets effective dates (its key becomes
-- (effective_from, from_week)).  The new columns are appended, as in a
-- fresh install.  Seed rows are changed with the tables' triggers off, so
-- that a pristine seed stays flagged as one and no change is tracked.
-------------------------------------------------------------------------------

ALTER TABLE employment_kpi.citizen_group DISABLE TRIGGER USER;
ALTER TABLE employment_kpi.citizen_group
    ADD COLUMN valid_from date NULL CONSTRAINT citizen_group_valid_from_check CHECK (pg_catalog.isfinite(valid_from)),
    ADD COLUMN valid_to date NULL CONSTRAINT citizen_group_valid_to_check CHECK (pg_catalog.isfinite(valid_to)),
    ADD COLUMN note text NULL,
    ADD CONSTRAINT citizen_group_valid_check CHECK (valid_to >= valid_from);
-- The ten current groups end with the reform, whether the user changed
-- their rows or not; their seed rows become the 1.0.0 seeds.
UPDATE employment_kpi.citizen_group AS g SET valid_to = '2026-12-31', note = v.note
  FROM (VALUES
 ('dagpenge', 'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('kontanthjaelp_jobparat', 'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('kontanthjaelp_aktivitetsparat', 'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('uddannelseshjaelp', 'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('sygedagpenge', 'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('jobafklaring', 'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('ressourceforloeb', 'LAB § 6 (lov nr. 548 af 7/5/2019). Abolished for new citizens by the reform of the employment effort (aftale af 9/4/2025; lovforslag L 66, 2025/26); the date was not confirmed here, the end of 2026 is assumed (edit valid_to if it differs).'),
 ('ledighedsydelse', 'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).'),
 ('revalidering', 'LAB § 6 (lov nr. 548 af 7/5/2019). Abolished for new citizens by the reform of the employment effort (aftale af 9/4/2025; lovforslag L 66, 2025/26); the date was not confirmed here, the end of 2026 is assumed (edit valid_to if it differs).'),
 ('integration', 'LAB § 6 (lov nr. 548 af 7/5/2019). Ends with the reform of the employment effort (aftale af 9/4/2025), whose new act is expected on 1 January 2027 (assumed date: edit valid_to if it moves).')
  ) AS v(group_code, note)
 WHERE g.group_code = v.group_code;
ALTER TABLE employment_kpi.citizen_group ENABLE TRIGGER USER;

-- The staircase of 0.1.0, seeded or edited, is the one in force since 4
-- January 2016; the seed rows get their 1.0.0 notes.
ALTER TABLE employment_kpi.refund_rate DISABLE TRIGGER USER;
ALTER TABLE employment_kpi.refund_rate
    ADD COLUMN effective_from date NOT NULL DEFAULT '2016-01-04'
        CONSTRAINT refund_rate_effective_from_check CHECK (pg_catalog.isfinite(effective_from)),
    ADD COLUMN effective_to date NULL CONSTRAINT refund_rate_effective_to_check CHECK (pg_catalog.isfinite(effective_to)),
    ADD COLUMN note text NULL,
    ADD CONSTRAINT refund_rate_effective_check CHECK (effective_to >= effective_from);
ALTER TABLE employment_kpi.refund_rate ALTER COLUMN effective_from DROP DEFAULT;
ALTER TABLE employment_kpi.refund_rate DROP CONSTRAINT refund_rate_pkey;
ALTER TABLE employment_kpi.refund_rate ADD CONSTRAINT refund_rate_pkey PRIMARY KEY (effective_from, from_week);
UPDATE employment_kpi.refund_rate AS r SET note = v.note
  FROM (VALUES
 ('2016-01-04', NULL, 1,  4,    0.80, 'LBK nr. 221 af 12/02/2021 § 5 (refusionstrappen, in force since 4 January 2016): weeks 1-4, 80%.', true),
 ('2016-01-04', NULL, 5,  26,   0.40, 'LBK nr. 221 af 12/02/2021 § 5 (refusionstrappen, in force since 4 January 2016): weeks 5-26, 40%.', true),
 ('2016-01-04', NULL, 27, 52,   0.30, 'LBK nr. 221 af 12/02/2021 § 5 (refusionstrappen, in force since 4 January 2016): weeks 27-52, 30%.', true),
 ('2016-01-04', NULL, 53, NULL, 0.20, 'LBK nr. 221 af 12/02/2021 § 5 (refusionstrappen, in force since 4 January 2016): from week 53, 20%.', true)
  ) AS v(effective_from, effective_to, from_week, to_week, rate, note, seeded)
 WHERE r.seeded AND r.from_week = v.from_week;
ALTER TABLE employment_kpi.refund_rate ENABLE TRIGGER USER;

-- Tombstones name a key of several columns as a JSON array (seed_key): a
-- deleted step of the 0.1.0 staircase was a step of the 2016 one.
UPDATE employment_kpi_internal.seed_removed
   SET key_value = pg_catalog.jsonb_build_array('2016-01-04'::date, key_value::int)::text
 WHERE table_name = 'refund_rate';

-- The staircase is read per week: its expansion has a period per staircase
-- (new OUT columns valid_from, valid_until).
DROP FUNCTION employment_kpi_internal.refund_staircase(int);

-- Exits and transitions (period_outcome), full-time persons in weeks.
-------------------------------------------------------------------------------

-- A support period ending with other_benefit is a transition, not an exit:
-- the summary tables keep transitions beside exits, and mv_group_week the
-- benefit weeks that Jobindsats's full-time persons count.  The new columns
-- are filled for the rows kept until the next refresh() rebuilds them
-- (every relation is rebuilt, see above): exits still include transitions
-- until then.
ALTER TABLE employment_kpi_internal.mv_support_period ADD COLUMN is_transition boolean NOT NULL DEFAULT false;
ALTER TABLE employment_kpi_internal.mv_support_period ALTER COLUMN is_transition DROP DEFAULT;
ALTER TABLE employment_kpi_internal.mv_group_week
    ADD COLUMN transitions bigint NOT NULL DEFAULT 0,
    ADD COLUMN benefit_weeks bigint NOT NULL DEFAULT 0;
ALTER TABLE employment_kpi_internal.mv_group_week
    ALTER COLUMN transitions DROP DEFAULT,
    ALTER COLUMN benefit_weeks DROP DEFAULT;
UPDATE employment_kpi_internal.mv_group_week SET benefit_weeks = citizens_on_support;
ALTER TABLE employment_kpi_internal.mv_output_month
    ADD COLUMN fulltime_persons_days double precision NULL,
    ADD COLUMN transitions bigint NULL;
UPDATE employment_kpi_internal.mv_output_month SET fulltime_persons_days = fulltime_persons;
COMMENT ON COLUMN employment_kpi_internal.mv_output_month.fulltime_persons_days IS 'See kpi_output_month.';
COMMENT ON COLUMN employment_kpi_internal.mv_output_month.transitions IS 'See kpi_output_month.';
-- For the effects a transition leaves the citizen on public support: its
-- period is stored as ongoing (rebuilt by the next refresh()).
-- output_ratios gains fulltime_persons_days and transitions (new OUT
-- columns), output_ratio_values the weeks and transitions it needs.
DROP FUNCTION employment_kpi.output_ratios(date, date);
DROP FUNCTION employment_kpi_internal.output_ratio_values(text, integer, numeric, numeric, numeric, numeric, bigint, bigint, bigint);

-- The data's end can be pinned (a published report, fixtures dated after today).
ALTER TABLE employment_kpi.config ADD COLUMN data_end_override date NULL CHECK (pg_catalog.isfinite(data_end_override));
-- ... and its start (the first day of an extract; the views start there).
ALTER TABLE employment_kpi.config ADD COLUMN data_start date NULL CHECK (pg_catalog.isfinite(data_start));

-------------------------------------------------------------------------------
-- Budget: the forecast is computed from the complete months, and
-- budget_status says up to which day and from which share (forecast_through,
-- forecast_basis: a new OUT-column list, so the function is dropped and the
-- definition file creates it again); mv_budget_month stores both.  Its rows
-- are recomputed by the next refresh() (every relation's last_day is reset
-- above).
-------------------------------------------------------------------------------
DROP FUNCTION employment_kpi.budget_status(int, date);
ALTER TABLE employment_kpi_internal.mv_budget_month
    ADD COLUMN forecast_through date NULL,
    ADD COLUMN forecast_basis text NULL;
COMMENT ON COLUMN employment_kpi_internal.mv_budget_month.forecast_through IS 'See kpi_budget_month.';
COMMENT ON COLUMN employment_kpi_internal.mv_budget_month.forecast_basis IS 'See kpi_budget_month.';

-------------------------------------------------------------------------------
-- Effect cells: the small-cell rule counts the participants with an
-- observable outcome (observable), the comparison rate has its interval,
-- and significant is stored, NULL where the interval is not valid.
-------------------------------------------------------------------------------

-- intervention_effect gains observable, comparison_rate_low/high and
-- significant (a changed column list: CREATE OR REPLACE cannot do it).
DROP FUNCTION employment_kpi.intervention_effect(int, date, date, text);
-- The stored rows lack the new figures; refresh() rebuilds every relation
-- after this update anyway (last_day is NULL above).
TRUNCATE employment_kpi_internal.mv_intervention_effect;
ALTER TABLE employment_kpi_internal.mv_intervention_effect
    ADD COLUMN observable bigint NOT NULL,
    ADD COLUMN comparison_rate_low double precision NULL,
    ADD COLUMN comparison_rate_high double precision NULL,
    ADD COLUMN significant boolean NULL;
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.observable IS 'See intervention_effect.';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.comparison_rate_low IS 'See intervention_effect.';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.comparison_rate_high IS 'See intervention_effect.';
COMMENT ON COLUMN employment_kpi_internal.mv_intervention_effect.significant IS 'See intervention_effect.';

-------------------------------------------------------------------------------
-- Timeliness as the law counts it: contact rules counted from the start of
-- the current benefit, with the conversation kinds that count
-- (contact_rule.conversation_kinds, contact_window_rule.conversation_kinds),
-- the corrected rules from 1 July 2026, and the portfolio rules judged for
-- the municipality (portfolio_compliance) - the scorecards show a
-- caseworker's contribution (portfolio_share) instead of a pass/fail
-- (timeliness_target_met).
-------------------------------------------------------------------------------

-- Functions whose arguments or result columns changed: the definition
-- files create them again.
DROP FUNCTION IF EXISTS employment_kpi.contact_windows(date, date[], date[], text[], date[], employment_kpi.contact_window_rule[], date, date);
DROP FUNCTION IF EXISTS employment_kpi.caseworker_week(date, date, int),
                        employment_kpi.team_week(date, date, int),
                        employment_kpi_internal.scorecard_caseworker_rows(date, date, int),
                        employment_kpi_internal.scorecard_raw(date, date, int);
DROP FUNCTION IF EXISTS employment_kpi_internal.scorecard_cells(int, int, int, int, int, int, int, int, int, numeric, int, float8, int, float8, float8, float8, boolean);

-- The rule as a value gains the kinds (last, as ADD ATTRIBUTE puts it).
ALTER TYPE employment_kpi.contact_window_rule ADD ATTRIBUTE conversation_kinds text[];
COMMENT ON TYPE employment_kpi.contact_window_rule IS
'A contact rule (samtalekrav) as a value, the argument type of contact_windows: build it from employment_kpi.contact_rule with ROW(rule_id, group_code, effective_from, effective_to, window_from_week, window_to_week, min_conversations, coverage_pct, conversation_kinds)::employment_kpi.contact_window_rule, or write hypothetical rules by hand.';

-- The rules gain the kinds (a rule of the user's own keeps NULL: every
-- kind counts, as before).
ALTER TABLE employment_kpi.contact_rule
    ADD COLUMN conversation_kinds text[] NULL CHECK (pg_catalog.cardinality(conversation_kinds) >= 1
                                                     AND pg_catalog.array_ndims(conversation_kinds) = 1
                                                     AND pg_catalog.array_position(conversation_kinds, NULL) IS NULL);

-- The seeds as a fresh install has them: pristine seed rows take their new
-- values (the kinds, the sources, four conversations for ledighedsydelse
-- from 1 July 2026), rows the user changed or added stay as they are, and
-- the new seed row comes unless the user has a rule of that id.  The
-- table's triggers are off meanwhile: seed_guard would mark the updated
-- seeds as the user's, and the 0.1.0 change tracking writes to a table
-- moved above (every BI relation is rebuilt anyway).
ALTER TABLE employment_kpi.contact_rule DISABLE TRIGGER USER;
UPDATE employment_kpi.contact_rule AS c
   SET min_conversations = v.min_conversations, conversation_kinds = v.conversation_kinds, note = v.note
  FROM (VALUES
 ('lab31_dagpenge_jobcenter', 3, '{job}'::text[],
  'LAB § 31, stk. 1 (lov nr. 548 af 7/5/2019): the a-kasse holds >= 3 individual job conversations in the first 3 months, then the job centre >= 3 more before 6 months; this row is the job centre''s part. Job conversations only.'),
 ('lab31_kh_jobparat_first', 1, '{job}'::text[],
  'LAB § 31, stk. 5: kontanthjælp (job-ready): the first job conversation within 1 week of the first request for help (counted from the benefit''s first day). Job conversations only.'),
 ('lab31_kh_jobparat_4in6m', 4, '{job}'::text[],
  'LAB § 31, stk. 3: kontanthjælp (job-ready): >= 4 individual job conversations in the first 6 months. Job conversations only.'),
 ('lab31_kh_aktivitetsparat_first', 1, '{job}'::text[],
  'LAB § 31, stk. 5: kontanthjælp (activity-ready): the first job conversation within 1 week of the first request for help (counted from the benefit''s first day). Job conversations only.'),
 ('lab31_kh_aktivitetsparat_4in6m', 4, '{job}'::text[],
  'LAB § 31, stk. 3: kontanthjælp (activity-ready): >= 4 individual job conversations in the first 6 months. Job conversations only.'),
 ('lab31_uddannelseshjaelp_first', 1, '{job}'::text[],
  'LAB § 31, stk. 5: uddannelseshjælp: the first job conversation within 1 week of the first request for help (counted from the benefit''s first day). Job conversations only.'),
 ('lab31_uddannelseshjaelp_4in6m', 4, '{job}'::text[],
  'LAB § 31, stk. 3: uddannelseshjælp: >= 4 individual job conversations in the first 6 months. Job conversations only.'),
 ('lab31_sygedagpenge_first', 1, NULL::text[],
  'Sygedagpengeloven § 13 b (lov nr. 563 af 9/6/2006): the first follow-up conversation (opfølgningssamtale) by the end of week 8 counted from the first day of absence (here: from the benefit''s first day). A follow-up, not a LAB § 31 job conversation: every kind counts.'),
 ('lab31_jobafklaring_4in6m', 4, '{job}'::text[],
  'LAB § 31, stk. 3: jobafklaringsforløb: >= 4 individual job conversations in the first 6 months. Job conversations only.'),
 ('lab31_ressourceforloeb_4in6m', 4, '{job}'::text[],
  'LAB § 31, stk. 3: ressourceforløb: >= 4 individual job conversations in the first 6 months. Job conversations only.'),
 ('lab31_ledighedsydelse_4in6m', 4, '{job}'::text[],
  'LAB § 31, stk. 3: ledighedsydelse: >= 4 individual job conversations in the first 6 months. Job conversations only.'),
 ('lab31_revalidering_4in6m', 4, '{job}'::text[],
  'LAB § 31, stk. 3: revalidering: >= 4 individual job conversations in the first 6 months. Job conversations only.'),
 ('l1750_dagpenge_portfolio', 2, '{job}'::text[],
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): portfolio rule; job conversations with >= 75% of dagpenge recipients in the first 6 months, >= 2 held by the municipality from when they pass to it (after the a-kasse''s first 3 months). Job conversations only.'),
 ('l1750_kh_jobparat_portfolio', 4, '{job}'::text[],
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): portfolio rule; >= 4 job conversations in total in the first 6 months with >= 75% of job-ready kontanthjælp recipients. Job conversations only.'),
 ('l1750_kh_jobparat_first', 1, '{job}'::text[],
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): the first job conversation is held with all job-ready persons. ASSUMED deadline: the sources consulted give none, 6 months is assumed - check and edit. Job conversations only.'),
 ('l1750_ledighedsydelse_portfolio', 4, '{job}'::text[],
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): portfolio rule; >= 4 job conversations in total in the first 6 months with >= 75% of ledighedsydelse recipients. Job conversations only.')
       ) AS v(rule_id, min_conversations, conversation_kinds, note)
 WHERE c.rule_id = v.rule_id AND c.seeded;
INSERT INTO employment_kpi.contact_rule
  (rule_id, group_code, effective_from, effective_to, window_from_week, window_to_week, min_conversations, coverage_pct, note, seeded, conversation_kinds) VALUES
 ('l1750_ledighedsydelse_first', 'ledighedsydelse', '2026-07-01', NULL, 0, 26, 1, NULL,
  'Lov nr. 1750 af 29/12/2025 (STAR, Generelle spørgsmål og svar om reformen, 04-06-2025): the first job conversation is held with all job-ready persons, read here to include ledighedsydelse recipients. ASSUMED deadline: the sources consulted give none, 6 months is assumed - check and edit. Job conversations only.', true, '{job}')
ON CONFLICT (rule_id) DO NOTHING;
ALTER TABLE employment_kpi.contact_rule ENABLE TRIGGER USER;

-- The scorecards' stored figures: the caseworker's share of the portfolio
-- windows met replaces the pass/fail (same place in the table; the next
-- refresh() recomputes every week).
ALTER TABLE employment_kpi_internal.mv_caseworker_week RENAME COLUMN timeliness_target_met TO portfolio_share;
ALTER TABLE employment_kpi_internal.mv_caseworker_week ALTER COLUMN portfolio_share TYPE double precision USING NULL;
ALTER TABLE employment_kpi_internal.mv_team_week RENAME COLUMN timeliness_target_met TO portfolio_share;
ALTER TABLE employment_kpi_internal.mv_team_week ALTER COLUMN portfolio_share TYPE double precision USING NULL;

-------------------------------------------------------------------------------
-- Scorecards: transitions to another public benefit beside the exits
-- (appended, as in a fresh install; the next refresh() fills them).
-------------------------------------------------------------------------------
ALTER TABLE employment_kpi_internal.mv_caseworker_week ADD COLUMN transitions int NULL;
ALTER TABLE employment_kpi_internal.mv_team_week ADD COLUMN transitions int NULL;

-------------------------------------------------------------------------------
-- The synthetic municipality at steady state: the burn-in leaves no facts
-- but the history of the support periods running at first_week, citizens
-- counts the citizens in the data, and the truth counts exits to
-- self-support only (a transition, other_benefit, is outcome 0).  The
-- tables keep their columns; their descriptions change.  Truth rows made
-- by 0.1.0 keep the definition they were made with until the next
-- generate_synthetic().
-------------------------------------------------------------------------------

-------------------------------------------------------------------------------
-- Imports: number and date styles, a plausible date window (config), an
-- import of budget_area, and rejects that help (every fault in one entry,
-- source_rows, resolved rejects).  The import functions gain the
-- number_style and date_style arguments, so their old signatures go; the
-- definitions follow from model/import.sql.
-------------------------------------------------------------------------------
DROP FUNCTION employment_kpi.import_team(regclass);
DROP FUNCTION employment_kpi.import_caseworker(regclass);
DROP FUNCTION employment_kpi.import_support_spell(regclass);
DROP FUNCTION employment_kpi.import_case_assignment(regclass);
DROP FUNCTION employment_kpi.import_conversation(regclass);
DROP FUNCTION employment_kpi.import_intervention(regclass);
DROP FUNCTION employment_kpi.import_budget(regclass);
DROP FUNCTION employment_kpi.import_budget_month(regclass);
DROP FUNCTION employment_kpi.import_expense(regclass);
DROP FUNCTION employment_kpi_internal.import_rows(text, regclass);

ALTER TABLE employment_kpi.import_reject
    ADD COLUMN source_rows   integer NOT NULL DEFAULT 1 CHECK (source_rows >= 1),
    ADD COLUMN last_seen_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    ADD COLUMN resolved_at   timestamptz NULL,
    ADD COLUMN resolution    text NULL CHECK (resolution IN ('accepted', 'superseded')),
    ADD CONSTRAINT import_reject_resolved_check CHECK ((resolved_at IS NULL) = (resolution IS NULL));
-- (an existing reject was last seen when it was first rejected)
UPDATE employment_kpi.import_reject SET last_seen_at = imported_at;

ALTER TABLE employment_kpi.config
    ADD COLUMN import_date_from date NOT NULL DEFAULT '1990-01-01',
    ADD COLUMN import_date_to   date NOT NULL DEFAULT '2100-12-31',
    ADD CONSTRAINT config_import_window_check CHECK (import_date_from <= import_date_to);

-------------------------------------------------------------------------------
-- Suppression by audience: mv_caseworker_week stores the caseworker rows
-- with their true counts (only analysts and the team's leader see them).
-- The rows stored by 0.1.0 are suppressed: the change recorded as source
-- config_suppression_k (what a changed config.suppression_k records)
-- makes the next refresh() rebuild the relations that store suppressed
-- figures.  (The new description comes with bi/describe.sql.)
-------------------------------------------------------------------------------
INSERT INTO employment_kpi_internal.bi_change (source, citizen_id, changed_from)
VALUES ('config_suppression_k', NULL, '-infinity');

-------------------------------------------------------------------------------
-- The weekly report per audience: weekly_report gains team_id and format
-- (a new argument list: dropped here, created by report/report.sql); the
-- sections that read the fact tables (which a reader may not read) give way
-- to sections read from the kpi_* views, and the cell formatting only they
-- used goes with them.  report/sections.sql replaces the registry's rows of
-- the extension's own sections.
-------------------------------------------------------------------------------
DROP FUNCTION employment_kpi.weekly_report(date);
DELETE FROM employment_kpi.report_section WHERE position < 1000;
DROP FUNCTION employment_kpi_internal.report_section_support(date);
DROP FUNCTION employment_kpi_internal.report_section_conversations(date);
DROP FUNCTION employment_kpi_internal.report_section_interventions(date);
DROP FUNCTION employment_kpi_internal.report_section_exits(date);
DROP FUNCTION employment_kpi_internal.report_section_group_week(date);
DROP FUNCTION employment_kpi_internal.report_section_team_week(date);
DROP FUNCTION employment_kpi_internal.report_count(bigint, int);

-------------------------------------------------------------------------------
-- The caseworker's worklist: the login role of each caseworker (appended,
-- as in a fresh install), whose members see the caseworker's worklist.
-------------------------------------------------------------------------------
ALTER TABLE employment_kpi.caseworker ADD COLUMN login_role text NULL CHECK (btrim(login_role) <> '');
