-- Tests src/sql/kpi/refund.sql.
-- Refund staircase: the C state machine (refund_week_numbers /
-- refund_week_count), refund_weeks() over spells, the reset rule, group
-- changes, a staircase that changes on a date, and every error path with
-- its SQLSTATE.
-- Week indices below count ISO weeks from Monday 2024-01-01 (index 0).
\i test/lib/err.sql
CREATE FUNCTION pg_temp.wk(VARIADIC idx int[]) RETURNS date[] LANGUAGE sql AS
$$ SELECT array_agg(date '2024-01-01' + 7 * i ORDER BY o) FROM unnest(idx) WITH ORDINALITY AS u(i, o) $$;

-- 1. The state machine with small rules ------------------------------------
-- empty and consecutive weeks: 1, 2, 3
SELECT employment_kpi_internal.refund_week_numbers('{}'::date[], 52, 156) AS empty,
       employment_kpi_internal.refund_week_numbers(pg_temp.wk(0, 1, 2), 52, 156) AS consecutive;
-- weeks 0, 3, 5 with S = 3:
--   W = 5: before week 5 (t = 4) the window is [max(0+1, 4-5+1), 4] = [1, 4]:
--          4 weeks, one (week 3) with benefits -> 3 self-support >= 3: reset,
--          so week 5 is week 1 again: {1,2,1}
--   W = 3: window [max(1, 2), 4] = [2, 4]: 3 weeks, 1 benefit -> 2 < 3: {1,2,3}
SELECT employment_kpi_internal.refund_week_numbers(pg_temp.wk(0, 3, 5), 3, 5) AS w5,
       employment_kpi_internal.refund_week_numbers(pg_temp.wk(0, 3, 5), 3, 3) AS w3;
-- only self-support weeks after the first benefit week of the current count
-- count: weeks 0, 3, 4, 6 with S = 2, W = 10: weeks 1-2 reset the count
-- (week 3 = 1, week 4 = 2); before week 6 the window is [max(3+1, -4), 5]
-- = [4, 5] with 1 self-support week (5) < 2, so week 6 = 3 (weeks 1, 2 before
-- the new first week do not count): {1,1,2,3}
SELECT employment_kpi_internal.refund_week_numbers(pg_temp.wk(0, 3, 4, 6), 2, 10) AS after_first;
-- weeks before 2000 (negative day numbers) work the same: {1,2,1}
SELECT employment_kpi_internal.refund_week_numbers(ARRAY[date '1999-12-27' - 35, date '1999-12-27' - 14, '1999-12-27'], 3, 5) AS before_2000;
-- the count as of a week: weeks 0, 1 with S = 1, W = 3
--   as of week 1 (Tuesday 2024-01-09): 2; as of week 2: [1, 2] holds one
--   self-support week -> reset -> 0; as of week 0: 1; before any week: 0
SELECT employment_kpi_internal.refund_week_count(pg_temp.wk(0, 1), '2024-01-09', 1, 3) AS wk1,
       employment_kpi_internal.refund_week_count(pg_temp.wk(0, 1), '2024-01-16', 1, 3) AS wk2,
       employment_kpi_internal.refund_week_count(pg_temp.wk(0, 1), '2024-01-07', 1, 3) AS wk0,
       employment_kpi_internal.refund_week_count(pg_temp.wk(0, 1), '2023-12-31', 1, 3) AS before,
       employment_kpi_internal.refund_week_count('{}', '2024-01-16', 1, 3) AS none;
-- as_of inside a gap, S = 3, W = 5: weeks 0, 3 -> as of week 3 (Sunday
-- 2024-01-28, a benefit week): 2; as of week 4 (Sunday 2024-02-04) the window
-- [1, 4] has 4 weeks, 1 with benefits: 3 >= 3 -> 0; with S = 4 as of week 4:
-- 3 < 4 -> 2; with S = 4 as of week 5 (Thursday 2024-02-08): [1, 5], 5 - 1 =
-- 4 >= 4 -> 0
SELECT employment_kpi_internal.refund_week_count(pg_temp.wk(0, 3), '2024-01-28', 3, 5) AS wk3,
       employment_kpi_internal.refund_week_count(pg_temp.wk(0, 3), '2024-02-04', 3, 5) AS gap_wk4,
       employment_kpi_internal.refund_week_count(pg_temp.wk(0, 3), '2024-02-04', 4, 5) AS gap_wk4_s4,
       employment_kpi_internal.refund_week_count(pg_temp.wk(0, 3), '2024-02-08', 4, 5) AS gap_wk5_s4;

-- refund_spell_weeks expands spells given in any order: 3-5 Jan overlaps
-- 1-5 Jan (week 0 once), 17-22 Jan covers weeks 2 and 3, the ongoing spell
-- from 6 Feb is cut at as_of (Wednesday 7 Feb, week 5), the spell starting
-- 1 March (after as_of) is ignored: weeks 0, 2, 3, 5 -> 1, 2, 3, 4
SELECT * FROM employment_kpi_internal.refund_spell_weeks(
    ARRAY['2024-01-17', '2024-01-01', '2024-01-03', '2024-03-01', '2024-02-06']::date[],
    ARRAY['2024-01-22', '2024-01-05', '2024-01-04', NULL, NULL]::date[], '2024-02-07', 52, 156);
SELECT count(*) AS no_spells FROM employment_kpi_internal.refund_spell_weeks('{}', '{}', '2024-02-07', 52, 156);

-- 2. Errors of the C functions ---------------------------------------------
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers(NULL, 52, 156)$$) AS null_array;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-01}', NULL, 156)$$) AS null_s;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-01}', 52, NULL)$$) AS null_w;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-01,NULL}', 52, 156)$$) AS null_elem;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-02}', 52, 156)$$) AS not_monday;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-08,2024-01-01}', 52, 156)$$) AS unsorted;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-08,2024-01-08}', 52, 156)$$) AS duplicate;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-01,infinity}', 52, 156)$$) AS infinite;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{{2024-01-01},{2024-01-08}}', 52, 156)$$) AS two_dims;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-01}', 0, 156)$$) AS s_zero;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_numbers('{2024-01-01}', 52, 51)$$) AS w_below_s;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_count('{2024-01-01}', NULL, 52, 156)$$) AS count_null_as_of;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_count('{2024-01-01}', '-infinity', 52, 156)$$) AS count_infinite_as_of;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_count('{2024-01-03}', '2024-01-05', 52, 156)$$) AS count_not_monday;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_count(NULL, '2024-01-05', 52, 156)$$) AS count_null_array;
SELECT pg_temp.err($$SELECT employment_kpi_internal.refund_week_count('{2024-01-01}', '2024-01-05', -1, 156)$$) AS count_bad_s;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{2024-01-01}', '{}', '2024-01-05', 52, 156)$$) AS spells_length;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{NULL}', '{2024-01-05}', '2024-01-05', 52, 156)$$) AS spells_null_start;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{2024-01-05}', '{2024-01-04}', '2024-01-05', 52, 156)$$) AS spells_end_before_start;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{-infinity}', '{2024-01-04}', '2024-01-05', 52, 156)$$) AS spells_infinite;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{2024-01-01}', '{2024-01-04}', NULL, 52, 156)$$) AS spells_null_as_of;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{2024-01-01}', NULL, '2024-01-05', 52, 156)$$) AS spells_null_ends;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{{2024-01-01}}', '{{2024-01-04}}', '2024-01-05', 52, 156)$$) AS spells_two_dims;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{2024-01-01}', '{2024-01-04}', 'infinity', 52, 156)$$) AS spells_infinite_as_of;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{2024-01-01}', '{2024-01-04}', '2024-01-05', 52, NULL)$$) AS spells_null_rule;
SELECT pg_temp.err($$SELECT * FROM employment_kpi_internal.refund_spell_weeks('{0001-01-01}', '{NULL}', '30000-01-01', 52, 156)$$) AS spells_too_long;

-- 3. refund_weeks() over spells -------------------------------------------
-- The counts are read up to 2027, after the last spell: the data's end is
-- pinned there (without it such an as_of is refused, see 5.).
BEGIN;
UPDATE employment_kpi.config SET data_end_override = '2027-12-31';
INSERT INTO employment_kpi.support_spell
  (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk) VALUES
 -- continuous from week 0 through Sunday 2025-03-02 (week 60): weeks 1..61
 ('r_long', 's1', 'dagpenge', '2024-01-01', '2025-03-02', 'job', 3500),
 -- group change in the middle of week 3 (Wednesday 2024-01-24 / Thursday
 -- 2024-01-25), weeks 0..8 on support, a gap, then sygedagpenge in weeks 19-20
 ('r_move', 's1', 'dagpenge', '2024-01-01', '2024-01-24', 'other_benefit', 3500),
 ('r_move', 's2', 'kontanthjaelp_jobparat', '2024-01-25', '2024-03-03', 'job', 2800),
 ('r_move', 's3', 'sygedagpenge', '2024-05-13', '2024-05-26', 'other', 4000),
 -- weeks 0..9, then 52 self-support weeks (10..61), then weeks 62-63
 ('r_reset', 's1', 'dagpenge', '2024-01-01', '2024-03-10', 'job', 3500),
 ('r_reset', 's2', 'kontanthjaelp_jobparat', date '2024-01-01' + 7 * 62, date '2024-01-01' + 7 * 63 + 6, 'job', 2800),
 -- weeks 0..9, then 51 self-support weeks (10..60), then week 61
 ('r_noreset', 's1', 'dagpenge', '2024-01-01', '2024-03-10', 'job', 3500),
 ('r_noreset', 's2', 'dagpenge', date '2024-01-01' + 7 * 61, date '2024-01-01' + 7 * 61 + 6, 'job', 3500),
 -- week 0, self-support 1..30, benefits 31..150 (120 weeks), self-support
 -- 151..180, week 181: 60 self-support weeks since the first benefit week,
 -- but before week 181 the 156-week window [25, 180] holds only 6 + 30 = 36
 ('r_window', 's1', 'dagpenge', '2024-01-01', '2024-01-07', 'job', 3500),
 ('r_window', 's2', 'dagpenge', date '2024-01-01' + 7 * 31, date '2024-01-01' + 7 * 150 + 6, 'job', 3500),
 ('r_window', 's3', 'dagpenge', date '2024-01-01' + 7 * 181, date '2024-01-01' + 7 * 181 + 6, 'job', 3500);

-- the staircase of r_long: week 4 -> 80%, 5 -> 40%, 26 -> 40%, 27 -> 30%,
-- 52 -> 30%, 53 -> 20%, 61 -> 20%; after the spell ended (week 61 =
-- 2025-03-03) the count stays 61, and no row appears in refund_weeks(date)
SELECT d AS as_of, employment_kpi.refund_weeks('r_long', d) AS n,
       (SELECT r.refund_rate FROM employment_kpi.refund_weeks(d) AS r WHERE r.citizen_id = 'r_long') AS rate
  FROM unnest(ARRAY[date '2024-01-28', '2024-01-29', '2024-06-24', '2024-07-01',
                    '2024-12-23', '2024-12-30', '2025-02-26', '2025-03-05']) AS d;
-- before the first spell: 0
SELECT employment_kpi.refund_weeks('r_long', '2023-12-31') AS before_start,
       employment_kpi.refund_weeks('nobody', '2024-06-01') AS unknown_citizen;
-- a change of group does not restart the count: week 3 holds both groups
-- and counts once (weeks 0..8 -> 9 on 2024-03-03); in the gap the count
-- carries 9; sygedagpenge weeks 19, 20 are refund weeks 10, 11
SELECT employment_kpi.refund_weeks('r_move', '2024-01-24') AS wed_wk3,
       employment_kpi.refund_weeks('r_move', '2024-01-25') AS thu_wk3,
       employment_kpi.refund_weeks('r_move', '2024-03-03') AS end_kh,
       employment_kpi.refund_weeks('r_move', '2024-04-01') AS gap,
       employment_kpi.refund_weeks('r_move', '2024-05-13') AS syg_1,
       employment_kpi.refund_weeks('r_move', '2024-05-26') AS syg_2;
-- reset: as of week 60 (2025-03-02) 51 self-support weeks: 10 carried; as of
-- week 61 (Sunday 2025-03-09) 52: 0; weeks 62, 63 are refund weeks 1, 2;
-- 51 self-support weeks only: week 61 is refund week 11
SELECT employment_kpi.refund_weeks('r_reset', '2025-03-02') AS wk60,
       employment_kpi.refund_weeks('r_reset', '2025-03-09') AS wk61,
       employment_kpi.refund_weeks('r_reset', date '2024-01-01' + 7 * 62) AS wk62,
       employment_kpi.refund_weeks('r_reset', date '2024-01-01' + 7 * 63) AS wk63,
       employment_kpi.refund_weeks('r_noreset', date '2024-01-01' + 7 * 61) AS noreset_wk61;
-- the window: week 181 is refund week 1 + 120 + 1 = 122 (no reset) ...
SELECT employment_kpi.refund_weeks('r_window', date '2024-01-01' + 7 * 181) AS window_156;
-- ... and the rule is read from config: with a 200-week window the 60
-- self-support weeks fall inside it and week 181 is week 1 again; with 61
-- required self-support weeks it is not (122)
UPDATE employment_kpi.config SET refund_reset_window_weeks = 200;
SELECT employment_kpi.refund_weeks('r_window', date '2024-01-01' + 7 * 181) AS window_200;
UPDATE employment_kpi.config SET refund_reset_selfsupport_weeks = 61;
SELECT employment_kpi.refund_weeks('r_window', date '2024-01-01' + 7 * 181) AS window_200_s61;
UPDATE employment_kpi.config SET refund_reset_window_weeks = 156, refund_reset_selfsupport_weeks = 52;
-- the rates come from refund_rate: change the second step to 45%
UPDATE employment_kpi.refund_rate SET rate = 0.45 WHERE from_week = 5;
-- the set-returning form for the week of 2024-05-20: r_long (week 21) and
-- r_move (week 11, sygedagpenge); others are not on support that week
SELECT * FROM employment_kpi.refund_weeks('2024-05-20'::date);
-- a week nobody is on support
SELECT count(*) AS rows_2023 FROM employment_kpi.refund_weeks('2023-06-01'::date);
ROLLBACK;

-- 4. A staircase that changes on a date ------------------------------------
-- A (hypothetical) change of the law from Monday 2024-05-13: weeks 5-26
-- refunded at 50%.  r_long is on support from Monday 2024-01-01 at 3,500
-- DKK a week, so the ISO week starting 2024-01-01 + 7k is its refund week
-- k + 1.  The week of 2024-05-06 (k = 18, refund week 19) keeps the 2016
-- staircase: refund 3500 x 0.40 = 1400, net 2100; the week of 2024-05-13
-- (refund week 20) has the new one: refund 3500 x 0.50 = 1750, net 1750.
BEGIN;
SET LOCAL datestyle = 'ISO, MDY';
INSERT INTO employment_kpi.support_spell
  (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk) VALUES
 ('r_long', 's1', 'dagpenge', '2024-01-01', '2025-03-02', 'job', 3500);
INSERT INTO employment_kpi.refund_rate (effective_from, from_week, to_week, rate, note)
VALUES ('2024-05-13', 5, 26, 0.50, 'a test staircase');
SELECT week, refund_week, refund_rate, gross_dkk, refund_dkk, net_dkk
  FROM employment_kpi.benefit_weeks('2024-05-06', '2024-05-19') ORDER BY week;
-- the same in refund_weeks(date); steps the new staircase leaves out keep
-- their 2016 rates: refund week 4 (week of 2024-01-22) 80%, refund week 27
-- (week of 2024-07-01) 30%
SELECT d AS as_of, r.refund_week, r.refund_rate
  FROM unnest(ARRAY[date '2024-01-22', '2024-05-12', '2024-05-13', '2024-07-01']) AS d,
       employment_kpi.refund_weeks(d) AS r
 WHERE r.citizen_id = 'r_long' ORDER BY 1;
-- a date inside a week takes effect from the next week: from Wednesday
-- 2024-05-15, the week of 2024-05-13 keeps 40% and the week of 2024-05-20
-- (refund week 21) has 50%
UPDATE employment_kpi.refund_rate SET effective_from = '2024-05-15' WHERE note = 'a test staircase';
SELECT week, refund_week, refund_rate FROM employment_kpi.benefit_weeks('2024-05-13', '2024-05-26') ORDER BY week;
-- an end: up to Sunday 2024-06-02 the new step, from the week of 2024-06-03
-- (refund week 23) the 2016 staircase again
UPDATE employment_kpi.refund_rate SET effective_to = '2024-06-02' WHERE note = 'a test staircase';
SELECT week, refund_week, refund_rate FROM employment_kpi.benefit_weeks('2024-05-27', '2024-06-09') ORDER BY week;
-- the expansion the set-based functions join: one period per change, each
-- starting on a Monday (before 4 January 2016 no staircase: 0)
SELECT valid_from, valid_until, refund_week, refund_rate
  FROM employment_kpi_internal.refund_staircase(27) WHERE refund_week IN (4, 20, 27) ORDER BY 1, 3;
SELECT employment_kpi_internal.refund_rate_at(20, '2024-05-19') AS sun_before,
       employment_kpi_internal.refund_rate_at(20, '2024-05-20') AS mon_after,
       employment_kpi_internal.refund_rate_at(20, '2015-12-31') AS before_2016;
ROLLBACK;

-- 5. Argument errors of refund_weeks --------------------------------------
SELECT pg_temp.err($$SELECT employment_kpi.refund_weeks(NULL::text, '2024-01-01')$$) AS null_citizen;
SELECT pg_temp.err($$SELECT employment_kpi.refund_weeks('x', NULL)$$) AS null_as_of;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.refund_weeks(NULL::date)$$) AS srf_null_as_of;
-- no numbers past the data: with one spell ending 2024-03-06 (a Wednesday)
-- the week of 2024-03-04 is the last that can be asked for
BEGIN;
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk)
VALUES ('x', 's1', 'dagpenge', '2024-01-01', '2024-03-06', 'job', 3500);
SELECT employment_kpi.refund_weeks('x', '2024-03-10') AS last_week;
SELECT pg_temp.err($$SELECT employment_kpi.refund_weeks('x', '2024-03-11')$$) AS after_data_end;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.refund_weeks('9999-12-31'::date)$$) AS srf_after_data_end;
-- (the data's range depends on the data: asked with this spell loaded)
SELECT pg_temp.err($$SELECT employment_kpi.refund_weeks('x', 'infinity')$$) AS infinite_as_of;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.refund_weeks('infinity'::date)$$) AS srf_infinite;
ROLLBACK;
