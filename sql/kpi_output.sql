-- Tests src/sql/kpi/output.sql; also kpi/refund.sql (the refund money).
-- Output ratios and the citizen-week expansion: full-time persons in weeks
-- (Jobindsats) and in days across month and year boundaries and leap years,
-- gross/net/refund money, team and group attribution, exits and
-- transitions, zero denominators, and argument errors.
\i test/lib/err.sql
-- The fixtures are dated in 2027 and 2028, after today: the data's end is
-- pinned to the end of 2028 (no numbers are given past it).  One
-- transaction, each section in a savepoint, so the settings stay as seeded.
BEGIN;
UPDATE employment_kpi.config SET data_end_override = '2028-12-31';
-- the rows of output_ratios that carry data: the full-time persons in days
-- (days = fulltime_persons_days x days in the period, the numerator) and in
-- weeks (weeks = fulltime_persons x the period's weeks: the ISO weeks whose
-- Thursday lies in it), the money rounded for presentation only
CREATE FUNCTION pg_temp.ratios(f date, t date)
RETURNS TABLE (scope text, code text, days numeric, ftp_days numeric, weeks numeric, ftp numeric,
               gross numeric, net numeric, refund numeric)
LANGUAGE sql AS $$
    SELECT r.scope, r.scope_code, round((r.fulltime_persons_days * (t - f + 1))::numeric, 9),
           round(r.fulltime_persons_days::numeric, 9),
           round((r.fulltime_persons * (SELECT count(*) FROM employment_kpi_internal.period_weeks(f, t)))::numeric, 9),
           round(r.fulltime_persons::numeric, 9),
           round(r.gross_benefit_dkk, 2), round(r.net_benefit_dkk, 2), round(r.refund_dkk, 2)
      FROM employment_kpi.output_ratios(f, t) AS r
     WHERE r.fulltime_persons_days > 0
$$;

-- 1. Full-time persons across month and year boundaries and leap years ------
SAVEPOINT section;
INSERT INTO employment_kpi.support_spell
  (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk) VALUES
 ('e', 's1', 'dagpenge', '2027-12-20', '2028-01-10', 'job', 3500),
 ('f', 's1', 'kontanthjaelp_jobparat', '2028-02-27', '2028-03-02', 'job', 2800),
 ('g', 's1', 'sygedagpenge', '2024-02-28', '2024-03-01', 'job', 4200);
-- 2028 (366 days): e has 1-10 January = 10 days, f 27 February - 2 March
-- (incl. 29 February) = 5 days: 10/366, 5/366, total 15/366 = 0.040983607.
-- In weeks: 2028 holds the 52 ISO weeks 2028-W01 (Monday 3 January) ..
-- 2028-W52 (the week of 27 December 2027 has its Thursday in 2027); e has
-- the weeks of 3 and 10 January, f those of 21 February (its Sunday 27th)
-- and 28 February: 2/52 each, the municipality the sum 4/52 = 0.076923077.
-- Money of e in 2028 (refund weeks: 20 Dec = 1, 27 Dec = 2, 3 Jan = 3,
-- 10 Jan = 4, all 80%): week of 27 Dec has 2 days in 2028 -> 3500 x 2/7 =
-- 1000; 3 Jan 7 days -> 3500; 10 Jan 1 day -> 500; gross 5000, refund 4000,
-- net 1000. f: week of 21 Feb (Sunday 27 Feb, 1 day) 2800 x 1/7 = 400, week
-- of 28 Feb (28, 29 Feb, 1, 2 Mar: 4 days) 1600, refund weeks 1, 2 (80%):
-- gross 2000, refund 1600, net 400. Total 7000 / 5600 / 1400.
SELECT * FROM pg_temp.ratios('2028-01-01', '2028-12-31');
-- December 2027 (31 days): e has 20-31 December = 12 days -> 12/31; its
-- Thursdays 2, 9, 16, 23, 30 make 5 weeks, e has those of 20 and 27
-- December -> 2/5
SELECT * FROM pg_temp.ratios('2027-12-01', '2027-12-31');
-- the ISO week 2027-W52 across the new year (7 days): e all 7 -> 1.0, and
-- the one week -> 1/1
SELECT * FROM pg_temp.ratios('2027-12-27', '2028-01-02');
-- February 2028 (29 days): f 27, 28, 29 = 3 days -> 3/29; gross 2800 x 3/7
-- = 1200 (1 day in the week of 21 Feb, 2 in the week of 28 Feb).  Weeks:
-- Thursdays 3, 10, 17, 24 February; the week of 28 February has its
-- Thursday (2 March) in March: f has 1 of 4 weeks -> 0.25
SELECT * FROM pg_temp.ratios('2028-02-01', '2028-02-29');
-- March 2028 (31 days): f 1-2 March -> 2/31, 2800 x 2/7 = 800 at 80%;
-- weeks: Thursdays 2, 9, 16, 23, 30 March, f has the first -> 1/5
SELECT * FROM pg_temp.ratios('2028-03-01', '2028-03-31');
-- February 2024 (29 days): g 28, 29 -> 2/29; 2024 (366 days): 3/366.
-- Weeks: February 2024 holds 5 Thursdays (1 .. 29 February), g the week of
-- 26 February -> 1/5; 2024 holds 52 ISO weeks -> 1/52
SELECT * FROM pg_temp.ratios('2024-02-01', '2024-02-29');
SELECT * FROM pg_temp.ratios('2024-01-01', '2024-12-31');
-- a single day: no Thursday, so no week: fulltime_persons is NULL
SELECT * FROM pg_temp.ratios('2028-02-29', '2028-02-29');
ROLLBACK TO SAVEPOINT section;

-- 2. March 2028: money, attribution and every ratio ------------------------
SAVEPOINT section;
INSERT INTO employment_kpi.team (team_id, team_name) VALUES ('t1', 'Team 1'), ('t2', 'Team 2'), ('t3', 'Team 3');
INSERT INTO employment_kpi.caseworker (caseworker_id, caseworker_name, team_id) VALUES ('cw1', 'A', 't1'), ('cw2', 'B', 't2');
INSERT INTO employment_kpi.support_spell
  (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk) VALUES
 -- a: dagpenge Monday 28 Feb - Sunday 12 March, exit to a job
 ('a', 's1', 'dagpenge', '2028-02-28', '2028-03-12', 'job', 3500),
 -- b: kontanthjælp since Monday 2027-01-04 (the week of 28 Feb 2028 is its
 -- refund week 61: (2028-02-28 - 2027-01-04) / 7 + 1 = 60 + 1 -> 20%)
 ('b', 's1', 'kontanthjaelp_jobparat', '2027-01-04', NULL, NULL, 2800);
INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date, end_date) VALUES
 ('a', 'c1', 'cw1', '2028-01-01', NULL),
 ('b', 'c1', 'cw1', '2027-01-04', '2028-03-15'),
 -- an overlapping second assignment in the same team must not double count
 ('b', 'c2', 'cw1', '2027-06-01', '2028-03-01'),
 ('b', 'c3', 'cw2', '2028-03-16', NULL);
INSERT INTO employment_kpi.conversation (citizen_id, source_id, caseworker_id, held_on, status) VALUES
 ('a', 'v1', 'cw1', '2028-03-02', 'held'),
 ('b', 'v1', 'cw1', '2028-03-10', 'held'),
 ('b', 'v2', 'cw2', '2028-03-20', 'held'),
 ('b', 'v3', 'cw2', '2028-03-21', 'cancelled'),
 ('b', 'v4', 'cw1', '2028-02-20', 'held');
INSERT INTO employment_kpi.intervention (citizen_id, source_id, caseworker_id, type_code, start_date, end_date, cost_dkk) VALUES
 -- b: 14 days inside March, all 1400 in the period; offer weeks 6 and 13 March
 ('b', 'i1', 'cw1', 'virksomhedspraktik', '2028-03-06', '2028-03-19', 1400),
 -- d (never on support, no case): ongoing since 15 February, cost spread over
 -- 15 Feb - 31 Mar = 46 days, 31 of them in March: 3000 x 31/46 =
 -- 2021.739130...; offer weeks 28 Feb, 6, 13, 20, 27 March = 5
 ('d', 'i1', NULL, 'mentor', '2028-02-15', NULL, 3000);
-- Hand computation (31 days):
--  a: week of 28 Feb: 1-5 March = 5 days -> 3500 x 5/7 = 2500; week of 6 March
--     7 days -> 3500; refund weeks 1, 2 (80%): gross 6000, refund 4800,
--     net 1200; 12 days; exit on 12 March (group dagpenge, team t1).
--  b: 31 days -> 2800 x 31/7 = 12400, refund 20% = 2480, net 9920; case with
--     t1 1-15 March (15 days: 2800 x 15/7 = 6000, refund 1200) and t2 16-31
--     March (16 days: 6400, refund 1280).
--  municipality: days 43 -> 43/31 = 1.387096774; gross 18400, refund 7280,
--     net 11120; intervention cost 1400 + 2021.739130 = 3421.739130;
--     conversations 3 (a 2 Mar, b 10 and 20 Mar); offer weeks 2 + 5 = 7;
--     exits 1; cost per full-time person (11120 + 3421.739130) x 31/43 =
--     10483.58; per conversation 14541.739130/3 = 4847.25; per offer week
--     3421.739130/7 = 488.82; per exit 14541.74.
--  dagpenge: 12/31; 6000/1200/4800; 1 conversation, 1 exit; per full-time
--     person 1200 x 31/12 = 3100; per conversation 1200; per offer week NULL
--     (no offer weeks); per exit 1200.
--  kontanthjaelp_jobparat: 31/31; 12400/9920/2480; cost 1400; 2 conversations;
--     2 offer weeks; no exit: 11320, 5660, 700, NULL.
--  virksomhedspraktik: 1400 / 2 offer weeks = 700; mentor 2021.74 / 5 = 404.35.
--  t1: a 12 + b 15 = 27 days -> 27/31; gross 6000 + 6000 = 12000, refund
--     4800 + 1200 = 6000, net 6000; cost 1400 (b's offer starts 6 March, t1);
--     conversations 2; offer weeks 2; exits 1: (6000 + 1400) x 31/27 =
--     8496.30, 3700, 700, 7400.
--  t2: 16/31; 6400/5120/1280; 1 conversation: 5120 x 31/16 = 9920, 5120,
--     NULL, NULL.  t3 and the empty groups: zeros and NULL ratios.
--  Full-time persons in weeks: March 2028 holds 5 ISO weeks (Thursdays 2,
--  9, 16, 23, 30 March: the weeks of 28 February .. 27 March); a has those
--  of 28 February and 6 March, b all 5: municipality 7/5 = 1.4, dagpenge
--  2/5, kontanthjaelp_jobparat 5/5; t1 holds a's 2 weeks and b's weeks of
--  28 February, 6 and 13 March (b's case until 15 March) = 5/5, t2 b's
--  weeks of 13, 20 and 27 March = 3/5 (a week shared by two teams counts in
--  both).  Cost per full-time person: 14541.739130 / 1.4 = 10386.96,
--  dagpenge 1200 / 0.4 = 3000, kontanthjaelp_jobparat 11320, t1 7400 / 1 =
--  7400, t2 5120 / 0.6 = 8533.33.
SELECT scope, scope_code, round(fulltime_persons::numeric, 9) AS ftp,
       round(fulltime_persons_days::numeric, 9) AS ftp_days,
       round(gross_benefit_dkk, 2) AS gross, round(net_benefit_dkk, 2) AS net, round(refund_dkk, 2) AS refund,
       round(intervention_cost_dkk, 2) AS icost, conversations AS conv, offer_weeks AS offw, exits,
       round(cost_per_fulltime_person, 2) AS per_ftp, round(cost_per_conversation, 2) AS per_conv,
       round(cost_per_offer_week, 2) AS per_offw, round(cost_per_exit, 2) AS per_exit
  FROM employment_kpi.output_ratios('2028-03-01', '2028-03-31');
-- exact (unrounded) values where the arithmetic is finite
SELECT r.gross_benefit_dkk = 18400 AS gross_exact, r.refund_dkk = 7280 AS refund_exact,
       r.net_benefit_dkk = 11120 AS net_exact, r.fulltime_persons_days = 43::float8 / 31 AS ftp_days_exact,
       r.fulltime_persons = 7::float8 / 5 AS ftp_exact
  FROM employment_kpi.output_ratios('2028-03-01', '2028-03-31') AS r WHERE r.scope = 'municipality';
-- net + refund = gross in every row, and the totals equal the citizen-week
-- expansion to the øre
SELECT bool_and(r.net_benefit_dkk + r.refund_dkk = r.gross_benefit_dkk) AS net_plus_refund_is_gross
  FROM employment_kpi.output_ratios('2028-03-01', '2028-03-31') AS r WHERE r.scope <> 'intervention_type';
SELECT round(sum(gross_dkk), 2) AS gross, round(sum(net_dkk), 2) AS net, round(sum(refund_dkk), 2) AS refund,
       bool_and(net_dkk + refund_dkk = gross_dkk) AS rowwise, sum(days) AS days
  FROM employment_kpi.benefit_weeks('2028-03-01', '2028-03-31');
-- the expansion itself for a (weeks clipped to the period, refund weeks 1, 2)
SELECT citizen_id, source_id, group_code, week, day_from, day_to, days, weekly_benefit_dkk,
       refund_week, refund_rate, round(gross_dkk, 2) AS gross, round(refund_dkk, 2) AS refund, round(net_dkk, 2) AS net
  FROM employment_kpi.benefit_weeks('2028-03-01', '2028-03-31') WHERE citizen_id = 'a' ORDER BY week;
-- an unknown weekly benefit counts for full-time persons but carries no money
UPDATE employment_kpi.support_spell SET weekly_benefit_dkk = NULL WHERE citizen_id = 'a';
SELECT scope_code, round(fulltime_persons::numeric, 9) AS ftp, round(gross_benefit_dkk, 2) AS gross,
       round(net_benefit_dkk, 2) AS net
  FROM employment_kpi.output_ratios('2028-03-01', '2028-03-31') WHERE scope_code IN ('all', 'dagpenge');
ROLLBACK TO SAVEPOINT section;

-- 3. A citizen on two groups' benefits the same days -----------------------
-- The model forbids overlapping spells, but the functions must not depend on
-- it (Jobindsats counts such a person in both groups and once in total).
-- Within this transaction the exclusion constraint is dropped.
SAVEPOINT section;
ALTER TABLE employment_kpi.support_spell DROP CONSTRAINT support_spell_no_overlap;
INSERT INTO employment_kpi.support_spell
  (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk) VALUES
 ('o', 's1', 'dagpenge', '2028-03-06', '2028-03-19', 'job', 3500),
 ('o', 's2', 'sygedagpenge', '2028-03-13', '2028-03-26', 'job', 4200);
-- March 2028: dagpenge 14 days, sygedagpenge 14 days, together 21 distinct
-- days: 14/31, 14/31, total 21/31.  In weeks, summed across benefits as
-- Jobindsats does: dagpenge the weeks of 6 and 13 March, sygedagpenge those
-- of 13 and 20 March: 2/5 each and 4/5 in total (the shared week twice).
-- Benefit weeks 6, 13, 20 March are refund weeks 1, 2, 3 (the shared week
-- counts once), all 80%: dagpenge gross 7000 (refund 5600, net 1400),
-- sygedagpenge 8400 (6720, 1680), total 15400 (both benefits are paid).
SELECT * FROM pg_temp.ratios('2028-03-01', '2028-03-31');
SELECT employment_kpi.refund_weeks('o', '2028-03-26') AS refund_weeks_o;
ROLLBACK TO SAVEPOINT section;

-- 4. Zero denominators: an empty period gives zeros and NULL ratios --------
SELECT scope, scope_code, fulltime_persons, fulltime_persons_days, gross_benefit_dkk, net_benefit_dkk, refund_dkk,
       intervention_cost_dkk, conversations, offer_weeks, exits, transitions, cost_per_fulltime_person,
       cost_per_conversation, cost_per_offer_week, cost_per_exit
  FROM employment_kpi.output_ratios('2024-01-01', '2024-01-31')
 WHERE scope_code IN ('all', 'dagpenge', 'mentor');

-- 5. Exits and transitions --------------------------------------------------
-- Four support periods end in March 2028: p with a job and q with no reason
-- given (exits), r with other_benefit (a transition to another public
-- benefit: never an exit), s moved (censored: neither).  Exits 2 (dagpenge
-- 1, sygedagpenge 1), transitions 1 (sygedagpenge); cost per exit divides
-- by the exits only: each spell costs net 3500 x 5/7 x 20% = 500, so the
-- municipality 2000 / 2 = 1000, dagpenge (p, s) 1000 / 1, sygedagpenge
-- (q, r) 1000 / 1.
SAVEPOINT section;
INSERT INTO employment_kpi.support_spell
  (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk) VALUES
 ('p', 's1', 'dagpenge', '2028-03-06', '2028-03-10', 'job', 3500),
 ('q', 's1', 'sygedagpenge', '2028-03-06', '2028-03-10', NULL, 3500),
 ('r', 's1', 'sygedagpenge', '2028-03-06', '2028-03-10', 'other_benefit', 3500),
 ('s', 's1', 'dagpenge', '2028-03-06', '2028-03-10', 'moved', 3500);
SELECT scope, scope_code, exits, transitions, round(cost_per_exit, 2) AS per_exit
  FROM employment_kpi.output_ratios('2028-03-01', '2028-03-31')
 WHERE scope_code IN ('all', 'dagpenge', 'sygedagpenge');
SELECT citizen_id, last_exit_reason, is_exit, is_transition,
       employment_kpi.period_outcome(end_date IS NOT NULL, last_exit_reason) AS outcome
  FROM employment_kpi.support_periods('2028-03-31') ORDER BY citizen_id;
ROLLBACK TO SAVEPOINT section;

-- 6. Argument errors (22023) ------------------------------------------------
SELECT pg_temp.err($$SELECT * FROM employment_kpi.output_ratios('2028-02-01', '2028-01-31')$$) AS from_after_to;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.output_ratios(NULL, '2028-01-31')$$) AS null_from;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.output_ratios('2028-01-01', NULL)$$) AS null_to;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.output_ratios('-infinity', '2028-01-31')$$) AS infinite_from;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.benefit_weeks('2028-02-01', '2028-01-31')$$) AS weeks_from_after_to;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.benefit_weeks('2028-02-01', NULL)$$) AS weeks_null_to;
-- no numbers past the data's end: a period reaching after it is an error
-- naming it
SELECT pg_temp.err($$SELECT * FROM employment_kpi.output_ratios('2028-12-01', '2029-01-31')$$) AS after_data_end;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.benefit_weeks('2029-01-01', '2029-01-07')$$) AS weeks_after_data_end;
ROLLBACK;
