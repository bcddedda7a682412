-- Tests src/sql/bi/refresh.sql; also bi/storage.sql, bi/tracking.sql and bi/group_week.sql.
-- The BI layer: refresh machinery, change tracking, kpi_group_week on a
-- hand-computed fixture (week boundaries, chained spells, a partial last
-- week, suppression), incremental = full after random edits, failures.
SET client_min_messages = warning;
SET extra_float_digits = 0;
BEGIN;

-- nothing yet: every relation refreshes empty
SELECT view_name, mode, rows, ok, error FROM employment_kpi.refresh();
SELECT view_name, mode, rows, ok FROM employment_kpi.refresh(full => true);
SELECT employment_kpi.iso_monday('2024-12-31'), employment_kpi.week_label('2024-12-30'),
       employment_kpi.week_label('2026-11-23'), employment_kpi.month_label('2026-11-23');

-- Fixture (ISO weeks 2024-W09 .. W12; the last fact is Wed 2024-03-20, so W12 has 3 days):
--  a  dagpenge      Mon 26 Feb .. Wed 6 Mar, job          -> inflow W09, exit W10
--  b  dagpenge      Thu 7 Mar .. ongoing; offer 8-20 Mar   -> inflow W10, in offer W10-W12
--  c  sygedagpenge  1 Jan .. Tue 5 Mar, then jobafklaring from Wed 6 Mar (same period)
--  d  kh jobparat   Fri 1 Mar .. Fri 8 Mar, moved          -> censored, no exit
--  e  kh jobparat   1 Feb .. Thu 7 Mar, job; again from Wed 20 Mar (gap 13 days: same period, no exit)
--  t  sygedagpenge  Mon 19 Feb .. Tue 5 Mar, other_benefit -> inflow W08, a transition in W10 (not an exit)
--  g  an offer in W10 but never on support                 -> not counted
-- W10 (4-10 Mar) by hand: dagpenge a (3 days) + b (4) = 2 citizens, 7 days;
-- sygedagpenge c (2) + t (2) = 2, 4 days; jobafklaring c (5) = 1; kh d (5)
-- + e (4) = 2, 9 days; the municipality 6 citizens, 25 days.  Full-time
-- persons in weeks = the group's citizens (one week), the municipality
-- their sum 2 + 2 + 1 + 2 = 7 (c counts in two groups); in days 7/7, 4/7,
-- 5/7, 9/7 and 25/7.  Exits: a (dagpenge); transitions: t (sygedagpenge).
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason) VALUES
 ('a', 's1', 'dagpenge', '2024-02-26', '2024-03-06', 'job'),
 ('b', 's1', 'dagpenge', '2024-03-07', NULL, NULL),
 ('c', 's1', 'sygedagpenge', '2024-01-01', '2024-03-05', 'other_benefit'),
 ('c', 's2', 'jobafklaring', '2024-03-06', NULL, NULL),
 ('d', 's1', 'kontanthjaelp_jobparat', '2024-03-01', '2024-03-08', 'moved'),
 ('e', 's1', 'kontanthjaelp_jobparat', '2024-02-01', '2024-03-07', 'job'),
 ('e', 's2', 'kontanthjaelp_jobparat', '2024-03-20', NULL, NULL),
 ('t', 's1', 'sygedagpenge', '2024-02-19', '2024-03-05', 'other_benefit');
INSERT INTO employment_kpi.intervention (citizen_id, source_id, type_code, start_date, end_date) VALUES
 ('b', 'i1', 'mentor', '2024-03-08', '2024-03-20'),
 ('g', 'i1', 'mentor', '2024-03-05', '2024-03-06');
-- the triggers recorded per citizen the earliest affected date (spells: minus grace + 1 = 29 days)
SELECT source, citizen_id, changed_from FROM employment_kpi_internal.bi_change ORDER BY source, citizen_id;
SELECT employment_kpi.data_end();

SELECT view_name, mode, rows, ok, error FROM employment_kpi.refresh();
SELECT count(*) AS pending_left FROM employment_kpi_internal.bi_pending;
SELECT citizen_id, period_no, start_date, end_date, first_group_code, last_group_code, is_exit, is_transition
  FROM employment_kpi_internal.mv_support_period ORDER BY 1, 2;
-- raw cells (a superuser reads the storage)
SELECT * FROM employment_kpi_internal.mv_group_week WHERE week >= '2024-02-26' ORDER BY week, group_code;
SELECT week, count(*) FROM employment_kpi_internal.mv_group_week GROUP BY week ORDER BY week LIMIT 3;

-- what readers see, without suppression (k = 1)
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT week_label, iso_year, iso_week, days_in_week, partial, scope, group_code, group_label_da, citizens_on_support,
       round(fulltime_persons::numeric, 4) AS fte, round(fulltime_persons_days::numeric, 4) AS fte_days,
       inflow, exits, transitions, in_offer,
       round(activation_rate::numeric, 4) AS act, median_weeks_on_support, suppressed
  FROM employment_kpi.kpi_group_week WHERE week BETWEEN '2024-03-04' AND '2024-03-18'
 ORDER BY week, scope, group_code;
-- the weekly report's section reads the view (a full week, and the partial last week)
SELECT employment_kpi_internal.report_section_groups('2024-03-04');
SELECT employment_kpi_internal.report_section_groups('2024-03-18');
SELECT employment_kpi_internal.report_section_groups('2023-01-02');
-- with k = 3, as a reader (an analyst, like this superuser, sees the true
-- counts): 1 and 2 are suppressed, and with them rates and medians; a
-- total of 1 (inflow, exits, transitions, in offer) goes too
UPDATE employment_kpi.config SET suppression_k = 3;
CREATE ROLE bi_refresh_reader NOLOGIN;
SELECT employment_kpi.grant_reader('bi_refresh_reader');
SET SESSION AUTHORIZATION bi_refresh_reader;
SELECT week_label, scope, group_code, citizens_on_support, round(fulltime_persons::numeric, 4) AS fte,
       inflow, exits, transitions, in_offer, round(activation_rate::numeric, 4) AS act, median_weeks_on_support, suppressed
  FROM employment_kpi.kpi_group_week WHERE week = '2024-03-04'
 ORDER BY scope, group_code;
RESET SESSION AUTHORIZATION;
UPDATE employment_kpi.config SET suppression_k = 5;
-- kpi_group_week applies suppression when read: changing it needs no recomputation here
SELECT source, citizen_id, changed_from FROM employment_kpi_internal.bi_change;
SELECT view_name, mode, ok FROM employment_kpi.refresh();
-- a setting that changes the figures (config.exit_grace_days) means a full recomputation
UPDATE employment_kpi.config SET exit_grace_days = 14;
SELECT view_name, mode, ok FROM employment_kpi.refresh();
UPDATE employment_kpi.config SET exit_grace_days = 28;
SELECT view_name, mode, ok FROM employment_kpi.refresh();

-- nothing changed: nothing to do
SELECT view_name, mode, rows, ok FROM employment_kpi.refresh();

-- e's second spell ends after 2 days with a job: the new last day moves no
-- further; the exit is in W12, and only weeks from W08 are recomputed
UPDATE employment_kpi.support_spell SET end_date = '2024-03-20', exit_reason = 'job' WHERE citizen_id = 'e' AND source_id = 's2';
SELECT source, citizen_id, changed_from FROM employment_kpi_internal.bi_change;
SELECT view_name, mode, ok FROM employment_kpi.refresh();
SELECT week, group_code, citizens_on_support, exits FROM employment_kpi_internal.mv_group_week
 WHERE week = '2024-03-18' ORDER BY group_code;
-- a new fact a week later moves the last day: the next week appears
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason) VALUES
 ('h', 's1', 'uddannelseshjaelp', '2024-03-26', '2024-03-27', 'education');
-- facts changed since the last refresh: the report section says so
SELECT employment_kpi_internal.report_section_groups('2024-03-18');
SELECT view_name, mode, ok FROM employment_kpi.refresh();
SELECT week, days_in_week, group_code, citizens_on_support, support_days, inflow, exits, in_offer, median_weeks_on_support
  FROM employment_kpi_internal.mv_group_week WHERE week >= '2024-03-18' ORDER BY week, group_code;
-- incremental equals full
CREATE TEMP TABLE inc_gw AS SELECT * FROM employment_kpi_internal.mv_group_week;
SELECT view_name, mode, ok FROM employment_kpi.refresh(full => true);
SELECT (SELECT count(*) FROM (TABLE inc_gw EXCEPT TABLE employment_kpi_internal.mv_group_week) x)
     + (SELECT count(*) FROM (TABLE employment_kpi_internal.mv_group_week EXCEPT TABLE inc_gw) x) AS differences;
DROP TABLE inc_gw;

-- TRUNCATE of a fact table is tracked as a change of everything
TRUNCATE employment_kpi.intervention;
SELECT source, citizen_id, changed_from FROM employment_kpi_internal.bi_change;
SELECT view_name, mode, ok FROM employment_kpi.refresh();
SELECT sum(in_offer) FROM employment_kpi_internal.mv_group_week;

-- a failing relation is logged, keeps its contents and pending changes, and
-- the relations depending on it are skipped
CREATE FUNCTION pg_temp.bad_refresh(text, date, boolean, date) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN INSERT INTO employment_kpi_internal.mv_group_week VALUES ('x', '2000-01-03', 7, 1, 1, 0, 0, 0, 1, 0, 1);
         RAISE EXCEPTION 'broken on purpose' USING ERRCODE = 'data_exception'; END $$;
UPDATE employment_kpi_internal.bi_relation SET refresh_function = 'pg_temp.bad_refresh(text, date, boolean, date)'
 WHERE mv_name = 'mv_support_period';
DELETE FROM employment_kpi.support_spell WHERE citizen_id = 'h';
SELECT view_name, mode, rows, ok, error FROM employment_kpi.refresh();
SELECT count(*) AS half_done_rows FROM employment_kpi_internal.mv_group_week WHERE group_code = 'x';
SELECT mv_name, source, citizen_id FROM employment_kpi_internal.bi_pending ORDER BY 1;
SELECT view_name, mode, rows, ok, error FROM employment_kpi.refresh_log
 WHERE NOT ok ORDER BY started_at, view_name;
UPDATE employment_kpi_internal.bi_relation SET refresh_function = 'employment_kpi_internal.bi_refresh_support_period(text, date, boolean, date)'
 WHERE mv_name = 'mv_support_period';
SELECT view_name, mode, ok FROM employment_kpi.refresh();
SELECT count(*) AS h_rows FROM employment_kpi_internal.mv_group_week WHERE group_code = 'uddannelseshjaelp';
SELECT employment_kpi.refresh(NULL, false);
ROLLBACK;
