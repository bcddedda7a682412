-- Tests src/sql/kpi/effects.sql: small effect cells.  The small-cell rule
-- counts the participants with an observable outcome (observable), not all
-- participants; significant is NULL where the interval is not valid; the
-- interval of att agrees with the cell's own rate intervals.  A hand-made
-- municipality whose every figure is computed by hand below.
SET extra_float_digits = 0;
BEGIN;
-- Every support period starts Monday 2024-01-01 (dagpenge, 4,500 DKK/week).
-- The data's end: a spell starting 2024-06-26 makes the last week
-- 2024-06-24..30, so an outcome at horizon H = 4 weeks is observable for
-- start weeks w with w + 28 days <= 2024-07-01.  Stratum week W1 = 2024-03-04
-- (period week 9, band 0); an exit within 4 weeks of W1 is one before 04-01.
--   T1-T3  start virksomhedspraktik Tue 03-05 (to 03-26), stay on support: 0 of 3 exit
--   T4-T8  start virksomhedspraktik Tue 06-11 (band 1): censored at 4 weeks.
--          In W1 they start nothing: comparison ("not now"), none exits
--   C1-C5  exit (job) 03-20: comparison in W1, exits
--   C6-C7  stay on support: comparison in W1
--   M1-M3  nytteindsats 01-15..02-04, then mentor from Tue 03-05 (prior
--          participation): M1 exits (job) 03-22, M2 and M3 stay
--   C8     nytteindsats 01-15..02-04 too, exits (job) 03-27: the only
--          comparison of the mentor starters (W1, band 0, prior)
--   F1     ledighedsydelse from 06-26: marks the data's end
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk)
SELECT c.id, 's1', 'dagpenge', DATE '2024-01-01', c.e, c.why, 4500
  FROM (VALUES ('T1', NULL::date, NULL), ('T2', NULL, NULL), ('T3', NULL, NULL),
               ('T4', NULL, NULL), ('T5', NULL, NULL), ('T6', NULL, NULL), ('T7', NULL, NULL), ('T8', NULL, NULL),
               ('C1', '2024-03-20', 'job'), ('C2', '2024-03-20', 'job'), ('C3', '2024-03-20', 'job'),
               ('C4', '2024-03-20', 'job'), ('C5', '2024-03-20', 'job'), ('C6', NULL, NULL), ('C7', NULL, NULL),
               ('M1', '2024-03-22', 'job'), ('M2', NULL, NULL), ('M3', NULL, NULL),
               ('C8', '2024-03-27', 'job')) c(id, e, why);
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date)
VALUES ('F1', 's1', 'ledighedsydelse', '2024-06-26');
INSERT INTO employment_kpi.intervention (citizen_id, source_id, type_code, start_date, end_date, cost_dkk)
SELECT c.id, c.src, c.t, c.s, c.e, 1000
  FROM (VALUES ('T1', 'i1', 'virksomhedspraktik', DATE '2024-03-05', DATE '2024-03-26'),
               ('T2', 'i1', 'virksomhedspraktik', '2024-03-05', '2024-03-26'),
               ('T3', 'i1', 'virksomhedspraktik', '2024-03-05', '2024-03-26'),
               ('T4', 'i1', 'virksomhedspraktik', '2024-06-11', '2024-07-02'),
               ('T5', 'i1', 'virksomhedspraktik', '2024-06-11', '2024-07-02'),
               ('T6', 'i1', 'virksomhedspraktik', '2024-06-11', '2024-07-02'),
               ('T7', 'i1', 'virksomhedspraktik', '2024-06-11', '2024-07-02'),
               ('T8', 'i1', 'virksomhedspraktik', '2024-06-11', '2024-07-02'),
               ('M1', 'i0', 'nytteindsats', '2024-01-15', '2024-02-04'),
               ('M2', 'i0', 'nytteindsats', '2024-01-15', '2024-02-04'),
               ('M3', 'i0', 'nytteindsats', '2024-01-15', '2024-02-04'),
               ('C8', 'i0', 'nytteindsats', '2024-01-15', '2024-02-04'),
               ('M1', 'i1', 'mentor', '2024-03-05', '2024-04-15'),
               ('M2', 'i1', 'mentor', '2024-03-05', '2024-04-15'),
               ('M3', 'i1', 'mentor', '2024-03-05', '2024-04-15')) c(id, src, t, s, e);

-- The cell virksomhedspraktik x dagpenge at H = 4 weeks: 8 participants, of
-- whom 3 (T1-T3) have an observable outcome; none of them exits.  Its one
-- matched stratum (W1, band 0, no prior): comparison C1-C7 and T4-T8, 5 of 12 exit.
--   exit_rate 0 of 3 = 0, Wilson [0, .561497]  (R: prop.test(0, 3, correct = FALSE))
--   comparison_rate 5/12 = .416667; one stratum, so n_eff = 12: Wilson(5 of 12) = [.193260, .680489]
--   att = 0 - .416667 = -.416667
--   att_low  = att - sqrt((0 - 0)^2 + (.680489 - .416667)^2) = -.680489 (= exit_rate_low - comparison_rate_high)
--   att_high = att + sqrt((.561497 - 0)^2 + (.416667 - .193260)^2) = -.416667 + .604309 = .187642
--   The interval covers 0: not significant.  (A normal interval att -/+ 1.96 SE with the treated
--   variance at q = r + att = 5.5/13 - 5/12 = .0064 would be [-.71, -.12], "significant": the
--   cell the small-cell rule and this interval are there to stop.)
-- The cell mentor x dagpenge: M1-M3 observable, 1 of 3 exits; its stratum (W1, band 0, prior)
-- holds one comparison week (C8, exits): comparison_rate 1, n_eff 1, Wilson(1 of 1) = [.206549, 1];
--   exit_rate 1/3, Wilson [.061492, .792340]; att = 1/3 - 1 = -.666667,
--   att_low = -.666667 - sqrt((.333333 - .061492)^2 + 0) = -.938508,
--   att_high = -.666667 + sqrt((.792340 - .333333)^2 + (1 - .206549)^2) = .249986;
--   with suppression_k = 3 the cell is shown, but an effective comparison of 1 < 3 gives no
--   verdict: significant NULL.
-- (nytteindsats x dagpenge: M1-M3 and C8 start in week 01-15, 4 observable, none exits by 02-12.)

-- suppression_k = 3: both cells shown; virksomhedspraktik not significant, mentor without a verdict
UPDATE employment_kpi.config SET suppression_k = 3;
SELECT type_code, participants, observable, round(exit_rate::numeric, 6) AS exit_rate,
       round(exit_rate_low::numeric, 6) AS exit_low, round(exit_rate_high::numeric, 6) AS exit_high,
       round(comparison_rate::numeric, 6) AS comparison, round(comparison_rate_low::numeric, 6) AS cmp_low,
       round(comparison_rate_high::numeric, 6) AS cmp_high, round(att::numeric, 6) AS att,
       round(att_low::numeric, 6) AS att_low, round(att_high::numeric, 6) AS att_high, significant, unmatched
  FROM employment_kpi.intervention_effect(4, NULL, NULL, 'dagpenge') ORDER BY 1;
-- the interval lies within [exit_rate_low - comparison_rate_high, exit_rate_high - comparison_rate_low]
SELECT type_code, att_low >= exit_rate_low - comparison_rate_high - 1e-12 AND att_high <= exit_rate_high - comparison_rate_low + 1e-12
                  AND att_low <= att AND att <= att_high AS within_rate_intervals
  FROM employment_kpi.intervention_effect(4, NULL, NULL, 'dagpenge') WHERE unmatched = 0 ORDER BY 1;

-- suppression_k = 5 (the default): virksomhedspraktik has 8 participants but only 3 observable:
-- suppressed (counts only, significant NULL), as is every other cell (3 or 4 observable)
UPDATE employment_kpi.config SET suppression_k = 5;
SELECT type_code, participants, observable, exit_rate, comparison_rate, att, att_low, att_high,
       significant, unmatched, median_weeks_to_exit, cost_per_participant
  FROM employment_kpi.intervention_effect(4, NULL, NULL, 'dagpenge') ORDER BY 1;

-- the BI view says the same: at H = 13 weeks (its shortest horizon; observable for w + 91 days
-- <= 07-01) T1-T3, M1-M3 and the nytteindsats starters are observable, T4-T8 not: with
-- suppression_k = 5 the virksomhedspraktik cell of the last 12 months (8 participants, 3
-- observable) is suppressed, and so is its 2024-Q2 cell (5 participants, none observable)
SELECT count(*) > 0 AS refreshed FROM employment_kpi.refresh();
SELECT period_label, type_code, participants, observable, exit_rate, att, significant, suppressed
  FROM employment_kpi.kpi_intervention_effect
 WHERE horizon_weeks = 13 AND group_code = 'dagpenge'
 ORDER BY period_kind, period_start, type_code;
ROLLBACK;

-- A transition to another public benefit is no exit and saves no benefit:
-- the citizen stays on public support (outcome 0, observable).  All on
-- dagpenge from Monday 2024-01-01; F1 marks the data's end (2024-06-30).
--   P1, P2 start virksomhedspraktik Tue 03-05 (W1 = 03-04); on Wed 03-13 P1
--          moves to førtidspension (other_benefit), P2 gets a job
--   D1     ends 03-13 with other_benefit too, D2 stays: the comparison in W1
-- At H = 4 weeks: participants 1 of 2 exit (P2) = .5; comparison 0 of 2 = 0;
-- att .5.  (Were a transition an exit: 1 against .5; were it censored: 1 of
-- 1 against 0 of 1.)  Self-support share: P1 0 (on public support all 28
-- days), P2 18 of 28 days (on dagpenge 03-04..03-13 = 10 days): mean
-- 9/28 = .321429.
BEGIN;
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason, weekly_benefit_dkk)
VALUES ('P1', 's1', 'dagpenge', '2024-01-01', '2024-03-13', 'other_benefit', 4500),
       ('P2', 's1', 'dagpenge', '2024-01-01', '2024-03-13', 'job', 4500),
       ('D1', 's1', 'dagpenge', '2024-01-01', '2024-03-13', 'other_benefit', 4500),
       ('D2', 's1', 'dagpenge', '2024-01-01', NULL, NULL, 4500),
       ('F1', 's1', 'ledighedsydelse', '2024-06-26', NULL, NULL, 4500);
INSERT INTO employment_kpi.intervention (citizen_id, source_id, type_code, start_date, end_date, cost_dkk)
VALUES ('P1', 'i1', 'virksomhedspraktik', '2024-03-05', '2024-03-26', 1000),
       ('P2', 'i1', 'virksomhedspraktik', '2024-03-05', '2024-03-26', 1000);
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT type_code, participants, observable, exit_rate, comparison_rate, att,
       round(self_support_share::numeric, 6) AS self_support_share
  FROM employment_kpi.intervention_effect(4, '2024-03-04', '2024-03-10', 'dagpenge');
ROLLBACK;
