-- Tests src/sql/model/dream.sql and dream_storage.sql (benefit_code,
-- dream_week, dream_long, import_dream); also bi/group_week.sql and
-- bi/budget.sql (the KPIs of the round trip).
SET client_min_messages = warning;
SET extra_float_digits = 0;
\i test/lib/err.sql

-------------------------------------------------------------------------------
-- Weeks as extracts write them
-------------------------------------------------------------------------------
SELECT w, employment_kpi.dream_week(w)
  FROM unnest(ARRAY['202401', '2024-W01', '2024w01', '2024_01', ' 202403 ', '2024-01-03', '2024-01-07',
                    '202053', '202153', '202400', '202454', '2024-02-30', '24W01', 'abc']) AS w;

-------------------------------------------------------------------------------
-- The rules, one hand-made citizen each (N = 4 weeks: exit_grace_days 28)
-------------------------------------------------------------------------------
BEGIN;
SELECT employment_kpi_internal.dream_gap_weeks() AS gap_weeks;
CREATE TEMP TABLE dl (citizen_id text, iso_week text, benefit_code text);
INSERT INTO dl VALUES
  -- r-change: dagpenge W01-W02, sygedagpenge W03 (a new spell, the support
  -- goes on), førtidspension W04: a transition
  ('r-change', '202401', '111'), ('r-change', '202402', '111'), ('r-change', '202403', '890'), ('r-change', '202404', '783'),
  -- r-short: a gap of 3 weeks (W02-W04): two spells, one support period
  ('r-short', '202401', '111'), ('r-short', '202405', '111'), ('r-short', '202406', '111'),
  -- r-long: a gap of 4 weeks (W02-W05): an exit to self-support (other)
  ('r-long', '202401', '730'), ('r-long', '202406', '730'),
  -- r-subsidy: wage subsidy (124, dagpenge) continues the dagpenge spell;
  -- SU two weeks later: an exit to education
  ('r-subsidy', '202401', '111'), ('r-subsidy', '202402', '124'), ('r-subsidy', '202403', '111'), ('r-subsidy', '202406', '651'),
  -- r-moved: emigrated the week after: censored
  ('r-moved', '202401', '890'), ('r-moved', '202402', '997'),
  -- r-late: ends 2 weeks before the extract's last week (W12): reason unknown yet
  ('r-late', '202409', '111'), ('r-late', '202410', '111'),
  -- r-open: coded in the last week: ongoing
  ('r-open', '202411', '740'), ('r-open', '2024-03-20', '740'),
  -- identical rows count once
  ('r-dup', '202401', '111'), ('r-dup', '202401', '111'),
  -- rejects
  ('0101901234', '202401', '111'),
  ('r-badweek', '202460', '111'),
  ('r-code', '202401', 'X17'),
  ('r-two', '202401', '111'), ('r-two', '202401', '890'),
  ('', '2024x', NULL);
SELECT * FROM employment_kpi.import_dream('dl');
SELECT citizen_id, source_id, group_code, start_date, end_date, exit_reason
  FROM employment_kpi.support_spell ORDER BY citizen_id, start_date;
SELECT citizen_id, period_no, start_date, end_date, spells, is_exit, is_transition,
       employment_kpi.period_outcome(end_date IS NOT NULL, last_exit_reason) AS outcome
  FROM employment_kpi.support_period ORDER BY citizen_id, period_no;
SELECT row_data, reason FROM employment_kpi.import_reject WHERE target_table = 'dream_week' ORDER BY reject_id;
-- no CPR number is stored anywhere
SELECT count(*) AS cpr_in_rejects FROM employment_kpi.import_reject WHERE row_data::text LIKE '%0101901234%';
-- a re-run changes nothing and records no reject twice
CREATE TEMP TABLE before AS SELECT citizen_id, source_id, xmin::text AS x FROM employment_kpi.support_spell;
SELECT * FROM employment_kpi.import_dream('dl');
SELECT count(*) AS rewritten FROM employment_kpi.support_spell s JOIN before b USING (citizen_id, source_id) WHERE s.xmin::text <> b.x;
SELECT count(*) AS rejects FROM employment_kpi.import_reject WHERE target_table = 'dream_week';
-- a later extract: r-late's weeks go on (its end moves), r-short's second
-- spell is gone (deleted), the unknown code is added and the row accepted
INSERT INTO employment_kpi.benefit_code (code, valid_from, counts_as, group_code, label)
VALUES ('X17', '2024-01-01', 'target_group', 'revalidering', 'a local code');
DELETE FROM dl WHERE citizen_id = 'r-short' AND iso_week IN ('202405', '202406');
INSERT INTO dl VALUES ('r-late', '202411', '111'), ('r-late', '202412', '111');
SELECT * FROM employment_kpi.import_dream('dl');
SELECT citizen_id, source_id, group_code, start_date, end_date, exit_reason
  FROM employment_kpi.support_spell WHERE citizen_id IN ('r-short', 'r-late', 'r-code') ORDER BY citizen_id, start_date;
-- a spell overlapping one of the case system is rejected by import_support_spell's rules
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date)
VALUES ('r-case', 'C-1', 'sygedagpenge', '2024-01-03', '2024-01-20');
CREATE TEMP TABLE dl2 (citizen_id text, iso_week text, benefit_code text);
INSERT INTO dl2 VALUES ('r-case', '202402', '890'), ('r-case', '202403', '890');
SELECT * FROM employment_kpi.import_dream('dl2');
SELECT row_data->>'source_id' AS source_id, reason FROM employment_kpi.import_reject WHERE target_table = 'support_spell';
-- a code means one thing per week; the code list refuses contradictions
SELECT pg_temp.err($$INSERT INTO employment_kpi.benefit_code (code, valid_from, counts_as, group_code, label)
                     VALUES ('111', '2020-01-01', 'target_group', 'sygedagpenge', 'x')$$);
SELECT pg_temp.err($$INSERT INTO employment_kpi.benefit_code (code, valid_from, counts_as, label)
                     VALUES ('Y1', '2020-01-01', 'target_group', 'x')$$);
SELECT pg_temp.err($$INSERT INTO employment_kpi.benefit_code (code, valid_from, counts_as, exit_reason, label)
                     VALUES ('Y2', '2020-01-01', 'other_benefit', 'job', 'x')$$);
-- a code retired and re-used: each week reads the row in force on its Thursday
UPDATE employment_kpi.benefit_code SET valid_to = '2024-01-03' WHERE code = '783';
INSERT INTO employment_kpi.benefit_code (code, valid_from, counts_as, group_code, label)
VALUES ('783', '2024-01-04', 'target_group', 'jobafklaring', 'a re-used code');
SELECT b.code, b.valid_from, b.counts_as, employment_kpi.dream_week(w) AS week
  FROM unnest(ARRAY['202352', '202401']) AS w
  JOIN employment_kpi.benefit_code b ON b.code = '783' AND employment_kpi.dream_week(w) + 3 >= b.valid_from
   AND (b.valid_to IS NULL OR employment_kpi.dream_week(w) + 3 <= b.valid_to);
ROLLBACK;

-------------------------------------------------------------------------------
-- The wide layout
-------------------------------------------------------------------------------
BEGIN;
CREATE TEMP TABLE wide (pnr_pseudo text, y_2024_01 text, y_2024_02 int, "202403" text, municipality text);
INSERT INTO wide VALUES ('w-1', '111', 111, ' ', '101'), ('w-2', NULL, 890, '783', '101'), ('w-3', '', NULL, NULL, '101');
SELECT * FROM employment_kpi.dream_long('wide', 'pnr_pseudo') ORDER BY 1, 2;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.dream_long('wide')$$);
CREATE TEMP TABLE noweeks (citizen_id text, x text);
SELECT pg_temp.err($$SELECT * FROM employment_kpi.dream_long('noweeks')$$);
SELECT pg_temp.err($$SELECT * FROM employment_kpi.import_dream('noweeks')$$);
SELECT pg_temp.err($$SELECT * FROM employment_kpi.import_dream(NULL)$$);
ROLLBACK;

-------------------------------------------------------------------------------
-- The round trip: the synthetic municipality's spells -> DREAM weeks ->
-- import_dream -> the same spells to week precision, and the same KPIs.
--
-- DREAM holds one code per person and week, so it cannot hold more than
-- whole weeks: the oracle is the synthetic spells at week precision, as
-- spell_weeks gives each spell its weeks (a week shared by two spells
-- belongs to the later one): a spell starts on the Monday of its first
-- week and ends on the Sunday of its last, is ongoing when that is the
-- data's last week, and keeps its exit reason.  The weeks after a spell
-- that ended with a transition, education, a move or a death carry the
-- code that says so; DREAM knows no code for a job (the spell then ends
-- with no support for 4 weeks: other, an exit as well).
-------------------------------------------------------------------------------
BEGIN;
SELECT count(*) > 0 AS generated FROM employment_kpi.generate_synthetic(300, '2024-01-01', 30, 7);
DELETE FROM employment_kpi_internal.bi_relation WHERE mv_name NOT IN ('mv_support_period', 'mv_group_week', 'mv_output_month');
UPDATE employment_kpi.config SET suppression_k = 1;
CREATE TEMP TABLE last_week AS SELECT employment_kpi.iso_monday(employment_kpi.data_end()) AS l, employment_kpi.data_end() AS data_end;
CREATE TEMP TABLE owned AS
SELECT p.citizen_id, p.source_id, p.group_code, p.exit_reason, w.week
  FROM employment_kpi_internal.period_spells('infinity', NULL, NULL, NULL) AS p
 CROSS JOIN last_week
 CROSS JOIN LATERAL employment_kpi_internal.spell_weeks(p.start_date, p.end_date, p.next_start, '2000-01-03', last_week.l) AS w(week);
CREATE TEMP TABLE snapped AS
SELECT o.citizen_id, o.source_id, o.group_code, min(o.week) AS start_date,
       CASE WHEN max(o.week) = (SELECT l FROM last_week) THEN NULL ELSE max(o.week) + 6 END AS end_date,
       CASE WHEN max(o.week) = (SELECT l FROM last_week) THEN NULL ELSE o.exit_reason END AS exit_reason
  FROM owned o GROUP BY o.citizen_id, o.source_id, o.group_code, o.exit_reason;
-- what week precision changes in the synthetic spells
SELECT (SELECT count(*) FROM employment_kpi.support_spell) AS spells,
       (SELECT count(*) FROM snapped) AS spells_with_a_week,
       (SELECT count(*) FROM employment_kpi.support_spell s
         WHERE s.start_date <> employment_kpi.iso_monday(s.start_date)
            OR s.end_date <> employment_kpi.iso_monday(s.end_date) + 6) AS not_week_aligned,
       (SELECT count(DISTINCT group_code) FROM owned) AS groups;
-- the extract: a code per owned week, and the week after a spell ending in
-- a transition, education, a move or a death (unless a week of support, or
-- after the data's last week)
CREATE TEMP TABLE dream AS
SELECT o.citizen_id, to_char(o.week, 'IYYYIW') AS iso_week, c.code AS benefit_code
  FROM owned o
  JOIN (SELECT DISTINCT ON (b.group_code) b.group_code, b.code FROM employment_kpi.benefit_code b
         WHERE b.counts_as = 'target_group' ORDER BY b.group_code, b.code) c ON c.group_code = o.group_code
UNION ALL
SELECT s.citizen_id, to_char(s.end_date + 1, 'IYYYIW'),
       CASE s.exit_reason WHEN 'other_benefit' THEN '783' WHEN 'education' THEN '651' WHEN 'moved' THEN '997' ELSE '999' END
  FROM snapped s
 WHERE s.exit_reason IN ('other_benefit', 'education', 'moved', 'deceased')
   AND s.end_date + 1 <= (SELECT l FROM last_week)
   AND NOT EXISTS (SELECT 1 FROM owned o WHERE o.citizen_id = s.citizen_id AND o.week = s.end_date + 1);
SELECT count(*) AS dream_weeks, count(DISTINCT citizen_id) AS citizens FROM dream;

-- the KPIs of the spells at week precision
DELETE FROM employment_kpi.support_spell;
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason)
SELECT citizen_id, source_id, group_code, start_date, end_date, exit_reason FROM snapped;
SELECT count(*) FILTER (WHERE NOT ok) AS refresh_failures FROM employment_kpi.refresh(true, true);
CREATE TEMP TABLE kpi_before AS
SELECT group_code, week, citizens_on_support, fulltime_persons, fulltime_persons_days, inflow, exits, transitions, in_offer,
       median_weeks_on_support FROM employment_kpi.kpi_group_week;
CREATE TEMP TABLE out_before AS
SELECT month, scope, scope_code, fulltime_persons, fulltime_persons_days, exits, transitions
  FROM employment_kpi.kpi_output_month WHERE scope IN ('municipality', 'group');
CREATE TEMP TABLE periods_before AS SELECT * FROM employment_kpi.support_period;

-- the same from DREAM
DELETE FROM employment_kpi.support_spell;
SELECT * FROM employment_kpi.import_dream('dream');
SELECT employment_kpi.data_end() = (SELECT data_end FROM last_week) AS same_data_end;
SELECT count(*) FILTER (WHERE NOT ok) AS refresh_failures FROM employment_kpi.refresh(true, true);
-- the same weeks of each group (consecutive spells of one group become one)
CREATE TEMP TABLE owned_after AS
SELECT s.citizen_id, s.group_code, w.week
  FROM employment_kpi.support_spell s
 CROSS JOIN LATERAL generate_series(s.start_date, coalesce(s.end_date, (SELECT l FROM last_week)), interval '7 days') AS w(week);
SELECT (SELECT count(*) FROM (SELECT citizen_id, group_code, week FROM owned EXCEPT SELECT citizen_id, group_code, week::date FROM owned_after) x) AS weeks_lost,
       (SELECT count(*) FROM (SELECT citizen_id, group_code, week::date FROM owned_after EXCEPT SELECT citizen_id, group_code, week FROM owned) x) AS weeks_added,
       (SELECT count(*) FROM employment_kpi.support_spell) AS spells,
       (SELECT count(*) FROM snapped s WHERE NOT EXISTS (
            SELECT 1 FROM snapped p WHERE p.citizen_id = s.citizen_id AND p.group_code = s.group_code
               AND p.end_date = s.start_date - 1)) AS spells_expected;
-- every spell starts and ends where the week-precision spells do
SELECT count(*) AS spell_differences FROM (
    (SELECT citizen_id, group_code, start_date, end_date FROM employment_kpi.support_spell
     EXCEPT
     SELECT s.citizen_id, s.group_code, s.start_date,
            (WITH RECURSIVE chain AS (SELECT s.end_date AS e UNION ALL
                 SELECT p.end_date FROM chain c JOIN snapped p ON p.citizen_id = s.citizen_id
                    AND p.group_code = s.group_code AND p.start_date = c.e + 1)
             SELECT CASE WHEN bool_or(e IS NULL) THEN NULL ELSE max(e) END FROM chain)
       FROM snapped s WHERE NOT EXISTS (SELECT 1 FROM snapped p WHERE p.citizen_id = s.citizen_id
                                         AND p.group_code = s.group_code AND p.end_date = s.start_date - 1))) x;
-- the support periods end the same way
SELECT (SELECT count(*) FROM periods_before) AS periods,
       (SELECT count(*) FROM employment_kpi.support_period) AS periods_after,
       (SELECT count(*) FROM (SELECT citizen_id, period_no, start_date, end_date, is_exit, is_transition FROM periods_before
                              EXCEPT SELECT citizen_id, period_no, start_date, end_date, is_exit, is_transition
                                       FROM employment_kpi.support_period) x) AS period_differences,
       (SELECT count(*) FILTER (WHERE is_exit) FROM periods_before) AS exits,
       (SELECT count(*) FILTER (WHERE is_transition) FROM periods_before) AS transitions,
       (SELECT count(*) FILTER (WHERE end_date IS NOT NULL AND NOT is_exit AND NOT is_transition) FROM periods_before) AS censored;
-- the weekly and monthly KPIs agree
SELECT (SELECT count(*) FROM kpi_before) AS group_week_rows,
       (SELECT count(*) FROM (SELECT * FROM kpi_before EXCEPT
            SELECT group_code, week, citizens_on_support, fulltime_persons, fulltime_persons_days, inflow, exits, transitions, in_offer,
                   median_weeks_on_support FROM employment_kpi.kpi_group_week) x)
     + (SELECT count(*) FROM (SELECT group_code, week, citizens_on_support, fulltime_persons, fulltime_persons_days, inflow, exits, transitions, in_offer,
                                     median_weeks_on_support FROM employment_kpi.kpi_group_week
                              EXCEPT SELECT * FROM kpi_before) x) AS group_week_differences,
       (SELECT count(*) FROM out_before) AS output_month_rows,
       (SELECT count(*) FROM employment_kpi.kpi_output_month WHERE scope IN ('municipality', 'group')) AS output_month_rows_after,
       (SELECT count(*) FROM (SELECT * FROM out_before EXCEPT
            SELECT month, scope, scope_code, fulltime_persons, fulltime_persons_days, exits, transitions
              FROM employment_kpi.kpi_output_month WHERE scope IN ('municipality', 'group')) x) AS output_month_differences;
ROLLBACK;
