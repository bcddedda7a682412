-- Tests src/sql/kpi/effects.sql; also kpi/effect_weeks.sql.
-- intervention_effect and intervention_exit_curve on a hand-made municipality
-- (a dozen citizens) whose every figure is computed by hand below.
SET extra_float_digits = 0;
CREATE FUNCTION pg_temp.load(reps int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk)
    SELECT c.id || '-' || r, 's1', c.g, DATE '2024-01-01', c.e, c.why, 4500
      FROM (VALUES ('T1', 'dagpenge', DATE '2024-03-20', 'job'), ('T2', 'dagpenge', '2024-05-31', 'job'),
                   ('T3', 'dagpenge', NULL, NULL), ('T4', 'dagpenge', '2024-03-15', 'job'),
                   ('C1', 'dagpenge', '2024-03-27', 'job'), ('C2', 'dagpenge', NULL, NULL),
                   ('C3', 'dagpenge', '2024-03-28', 'moved'), ('C4', 'dagpenge', NULL, NULL),
                   ('C5', 'dagpenge', '2024-04-10', 'education'),
                   ('U1', 'kontanthjaelp_jobparat', NULL, NULL)) c(id, g, e, why),
           generate_series(1, reps) r;
    INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date)
    VALUES ('F1', 's1', 'ledighedsydelse', '2024-06-26') ON CONFLICT DO NOTHING;
    INSERT INTO employment_kpi.intervention (citizen_id, source_id, type_code, start_date, end_date, cost_dkk)
    SELECT c.id || '-' || r, c.src, c.t, c.s, c.e, c.cost
      FROM (VALUES ('T1', 'i1', 'virksomhedspraktik', DATE '2024-03-05', DATE '2024-03-20', 1800),
                   ('T2', 'i1', 'virksomhedspraktik', '2024-03-06', '2024-03-26', 1800),
                   ('T3', 'i1', 'virksomhedspraktik', '2024-06-11', '2024-07-05', 2400),
                   ('T4', 'i0', 'nytteindsats', '2024-01-15', '2024-02-04', 900),
                   ('T4', 'i1', 'virksomhedspraktik', '2024-03-04', '2024-03-15', 3000),
                   ('C4', 'i0', 'nytteindsats', '2024-02-12', '2024-03-10', 900),
                   ('C5', 'i0', 'nytteindsats', '2024-01-08', '2024-01-28', 900),
                   ('U1', 'i1', 'mentor', '2024-03-05', '2024-04-15', 5000)) c(id, src, t, s, e, cost),
           generate_series(1, reps) r;
$$;
BEGIN;
-- All periods start Monday 2024-01-01 (dagpenge, 4,500 DKK/week).  The data's
-- end: a spell start on 2024-06-26 makes the last week 2024-06-24..30, so an
-- outcome at horizon H is observable for start weeks w with w + 7H <= 2024-07-01.
-- Horizon H = 4 weeks.  Stratum week W1 = 2024-03-04 (period week 9, band 0).
--   T1  starts virksomhedspraktik Tue 03-05, exits (job) 03-20: Y=1, 17 days on support
--   T2  starts virksomhedspraktik Wed 03-06 (3 planned weeks, to 03-26), exits 05-31: Y=0
--   T3  starts virksomhedspraktik 06-11 (band 1): horizon ends 07-08 > 07-01, censored
--   T4  nytteindsats 01-15..02-04, then virksomhedspraktik Mon 03-04: prior = true; exits 03-15: Y=1
--   C1  exits (job) 03-27: Y=1 at 4 weeks, 0 at 3 weeks; 24 days
--   C2  ongoing: Y=0; 28 days
--   C3  moved 03-28: censored, not an exit: Y=0; 25 days
--   C4  nytteindsats 02-12..03-10 overlaps W1: neither treated nor comparison in W1
--   C5  nytteindsats 01-08..01-28 (prior = true), exits 04-10: Y=0; 28 days
--   U1  the only kontanthjaelp_jobparat citizen, starts mentor 03-05: unmatched
--   F1  ledighedsydelse from 06-26: marks the data's end
-- Strata for virksomhedspraktik x dagpenge (H = 4):
--   A (W1, band 0, no prior): treated T1, T2 (1 of 2 exit), comparison C1, C2, C3
--     and T3 (it starts an offer only later: "not now"), 1 of 4 exits
--   B (W1, band 0, prior):    treated T4 (1 of 1), comparison C5 (0 of 1)
-- ATT = (2/3)(1/2 - 1/4) + (1/3)(1 - 0) = 1/2
SELECT pg_temp.load(1);
UPDATE employment_kpi.config SET suppression_k = 1;

-- the person-week construction: treated starts with stratum and outcome
-- (days: on support within the horizon H = 4)
SELECT type_code, citizen_id, week, band, prior, dur, ev,
       employment_kpi_internal.effect_days(4, dur, n, ended, ended_days) AS days, planned_weeks, observable_to, period_week
  FROM employment_kpi_internal.effect_person_weeks(NULL, NULL, NULL, 52) WHERE kind = 'T' ORDER BY citizen_id, week;
-- comparison in W1: C1, C2, C3 (no prior), C5 (prior); C4 runs an offer, T* start one
SELECT group_code, band, prior, dur, ev, n, employment_kpi_internal.effect_days(4, dur, n, ended, ended_days) AS days
  FROM employment_kpi_internal.effect_person_weeks(NULL, NULL, NULL, 52)
 WHERE kind = 'C' AND week = '2024-03-04' ORDER BY group_code, prior, dur;

-- the estimates.  Hand values (H = 4):
--   participants 4, observable 3 (T1, T2, T4; T3 censored) -> exit_rate 2/3, Wilson [.2077, .9385]
--   comparison_rate (2/3)(1/4) + (1/3)(0) = 1/6, att 2/3 - 1/6 = 1/2
--   interval (hybrid score: the strata are those of the value "hand" in sql/core_effect.sql, which
--       shows every step): comparison n_eff = 4.5975, Wilson [.0247, .6121];
--       att_low = .5 - sqrt((.6667 - .2077)^2 + (.6121 - .1667)^2) = -.1396,
--       att_high = .5 + sqrt((.9385 - .6667)^2 + (.1667 - .0247)^2) = .8067
--   significant: valid at suppression_k = 1 (3 matched, n_eff 4.6), the interval covers 0 -> false
--   (kontanthjaelp_jobparat: U1 unmatched -> no att, significant NULL)
--   unmatched 0
--   median weeks to exit (participants, KM): T4 2, T1 3, T3 censored 3, T2 13: S(2)=.75, S(3)=.5 -> median (3+13)/2 = 8 (R's rule)
--   comparison median (weights n1/n0: A 1/2 each, B 1, T3's stratum: C2 1; total 4): C2 censored 3 (w 1),
--       C1 event 4 (w 1/2), C3 censored 4: S(4) = 1 - .5/3 = .8333; C5 event 6 (w 1) with 2 at risk:
--       S(6) = .8333 * .5 = .4167 -> 6
--   lock_in: planned length of offers not cut short: T2 3 weeks, T3 4 -> median 3;
--       exits within 3 weeks (T3 is observable at 3 weeks: 06-10 + 21 = 07-01): A treated 1/2,
--       comparison 0/4 (C1 exits in week 4); B 1/1 vs 0/1; T3's stratum 0/1 vs C2 0/1
--       -> (2/4)(.5) + (1/4)(1) + (1/4)(0) = .5
--   self_support_share: T1 11/28, T2 0, T4 16/28 -> 27/84 = .3214
--   cost_per_participant (1800 + 1800 + 2400 + 3000)/4 = 2250; cost_per_extra_exit NULL (CI covers 0)
--   saving: refund at benefit week 9 + 1 + 2 = 12 -> rate .40, factor .6; comparison days A (24+25+28+28)/4
--       = 26.25, B 28: T1 (26.25 - 17)/7*4500*.6 = 3567.86, T2 (26.25 - 28)/7*2700 = -675,
--       T4 (28 - 12)/7*2700 = 6171.43; mean 3021.43 - 2250 = 771.43
--   nytteindsats x dagpenge (C5, T4, C4 start it in January/February): nobody exits within 4 weeks,
--       exit rate 0, comparison 0, att 0, lock-in 0; KM: T4 9, C5 14, C4 censored 20 -> median 14;
--       saving 0 - 900 = -900; interval: treated Wilson(0 of 3) = [0, .5615]; comparison 0 exits in
--       the three strata (weeks 01-08, 01-15, 02-12: 8, 7 and 6 comparison weeks, w = 1/3 each):
--       r = .5/9, .5/8, .5/7, V0 = (1/9)(.006559 + .008371 + .011054) = .0028871, rbar = .063161,
--       n_eff = rbar(1 - rbar)/V0 = 20.49 (of 21), Wilson(0 at 20.49) = [0, z^2/(n_eff + z^2)] = [0, .1578];
--       att_low = 0 - .1578, att_high = 0 + .5615
SELECT type_code, group_code, participants, observable, round(exit_rate::numeric, 4) AS exit_rate,
       round(exit_rate_low::numeric, 4) AS low, round(exit_rate_high::numeric, 4) AS high,
       round(comparison_rate::numeric, 4) AS comparison_rate,
       round(comparison_rate_low::numeric, 4) AS cmp_low, round(comparison_rate_high::numeric, 4) AS cmp_high,
       round(att::numeric, 4) AS att,
       round(att_low::numeric, 4) AS att_low, round(att_high::numeric, 4) AS att_high, significant, unmatched,
       median_weeks_to_exit, comparison_median_weeks, round(lock_in::numeric, 4) AS lock_in,
       round(self_support_share::numeric, 4) AS self_support, cost_per_participant,
       cost_per_extra_exit, net_municipal_saving_per_participant
  FROM employment_kpi.intervention_effect(4) ORDER BY 1, 2;
-- wilson check of the exit rate interval
SELECT round(employment_kpi.wilson_low(2, 3)::numeric, 4) AS low, round(employment_kpi.wilson_high(2, 3)::numeric, 4) AS high;
-- the group filter and the date window: only T3 starts in June (censored at H = 4)
SELECT type_code, group_code, participants, observable, exit_rate, att, significant, unmatched
  FROM employment_kpi.intervention_effect(4, '2024-06-01', '2024-06-30', 'dagpenge');
-- a longer horizon censors more: at 16 weeks T1, T2, T4 observable (w + 112 days <= 07-01), T3 not
SELECT type_code, participants, round(exit_rate::numeric, 4) AS exit_rate, round(att::numeric, 4) AS att
  FROM employment_kpi.intervention_effect(16, NULL, NULL, 'dagpenge') ORDER BY 1;

-- the curves
SELECT arm, week, round(surv::numeric, 4) AS surv, round(lower::numeric, 4) AS lower,
       round(upper::numeric, 4) AS upper, n_risk
  FROM employment_kpi.intervention_exit_curve('virksomhedspraktik', 'dagpenge');

-- small-cell rule: with the default suppression_k = 5 every row (<= 3 observable) shows counts only
UPDATE employment_kpi.config SET suppression_k = 5;
SELECT type_code, group_code, participants, observable, exit_rate, att, significant, unmatched, median_weeks_to_exit, lock_in,
       cost_per_participant, net_municipal_saving_per_participant
  FROM employment_kpi.intervention_effect(4) ORDER BY 1, 2;
ROLLBACK;

-- ten copies of each citizen: the same ATT, a ten times larger sample, an
-- interval that excludes 0, so significant and cost_per_extra_exit = 2250 / (1/2) = 4500.00.
-- Interval by hand: treated Wilson(20 of 30) = [.487801, .807695]; comparison strata
-- A (n1 20, y0 10 of 40): r = 10.5/41 = .256098, B (n1 10, y0 0 of 10): r = .5/11 = .045455;
-- V0 = (4/9) r_A(1-r_A)/40 + (1/9) r_B(1-r_B)/10 = .00259889, rbar = .185883,
-- n_eff = rbar(1-rbar)/V0 = 58.23, capped at the 50 comparison observations;
-- Wilson(1/6 at n = 50) = [.088102, .292797];
-- low = .5 - sqrt((.666667 - .487801)^2 + (.292797 - .166667)^2) = .2811,
-- high = .5 + sqrt((.807695 - .666667)^2 + (.166667 - .088102)^2) = .6614
-- saving per participant as with one copy: 771.43
BEGIN;
SELECT pg_temp.load(10);
SELECT type_code, participants, observable, round(att::numeric, 4) AS att,
       round(comparison_rate_low::numeric, 6) AS cmp_low, round(comparison_rate_high::numeric, 6) AS cmp_high,
       round(att_low::numeric, 4) AS att_low, round(att_high::numeric, 4) AS att_high, significant,
       cost_per_participant, cost_per_extra_exit,
       net_municipal_saving_per_participant
  FROM employment_kpi.intervention_effect(4, NULL, NULL, 'dagpenge') WHERE type_code = 'virksomhedspraktik';
ROLLBACK;

-- argument errors
-- 22023 invalid_parameter_value, 22004 null_value_not_allowed
\set VERBOSITY sqlstate
SELECT * FROM employment_kpi.intervention_effect(0);
SELECT * FROM employment_kpi.intervention_effect(NULL);
SELECT * FROM employment_kpi.intervention_effect(26, '2024-02-01', '2024-01-01');
SELECT * FROM employment_kpi.intervention_exit_curve(NULL, 'dagpenge');
SELECT * FROM employment_kpi.intervention_exit_curve('mentor', 'dagpenge', '2024-02-01', '2024-01-01');
\set VERBOSITY default
-- an empty database gives no rows
SELECT count(*) FROM employment_kpi.intervention_effect();
SELECT count(*) FROM employment_kpi.intervention_exit_curve('mentor', 'dagpenge');
