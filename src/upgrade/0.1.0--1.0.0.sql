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
