-- Tests src/sql/synthetic/synthetic.sql; also synthetic/storage.sql.
-- generate_synthetic: arguments, determinism, the model's invariants,
-- plausibility, the truth table and the refusal to touch real data.
SET extra_float_digits = 0;
SET client_min_messages = warning;

-- argument validation
SELECT * FROM employment_kpi.generate_synthetic(citizens => 0);
SELECT * FROM employment_kpi.generate_synthetic(citizens => NULL);
SELECT * FROM employment_kpi.generate_synthetic(weeks => 0);
SELECT * FROM employment_kpi.generate_synthetic(weeks => 1041);
SELECT * FROM employment_kpi.generate_synthetic(first_week => NULL);
SELECT * FROM employment_kpi.generate_synthetic(first_week => 'infinity');
SELECT * FROM employment_kpi.generate_synthetic(first_week => '2024-01-03');
SELECT * FROM employment_kpi.generate_synthetic(seed => NULL);
SELECT * FROM employment_kpi.generate_synthetic(replace_real_data => NULL);
SELECT count(*) FROM employment_kpi_internal.synthetic_simulate(10, '2024-01-03', 10, 1);
SELECT count(*) FROM employment_kpi_internal.synthetic_simulate(0, '2024-01-01', 10, 1);

BEGIN;
-- a small municipality: 1500 citizens, 104 weeks from Monday 2024-01-01
SELECT * FROM employment_kpi.generate_synthetic(1500, '2024-01-01', 104, 7) ORDER BY 1;
SELECT citizens, first_week, weeks, seed, last_day FROM employment_kpi.synthetic_run;

-- determinism: md5 of every table's ordered contents, same seed twice, then another seed
CREATE FUNCTION pg_temp.syn_hash() RETURNS TABLE (t text, h text) LANGUAGE plpgsql AS $$
BEGIN
    FOREACH t IN ARRAY ARRAY['team', 'caseworker', 'support_spell', 'case_assignment', 'conversation',
                             'intervention', 'budget_area', 'budget', 'budget_month', 'expense',
                             'synthetic_truth', 'synthetic_caseworker_truth', 'synthetic_run'] LOOP
        EXECUTE format('SELECT md5(string_agg(x::text, ''|'' ORDER BY x::text)) FROM employment_kpi.%I x', t) INTO h;
        RETURN NEXT;
    END LOOP;
END $$;
CREATE TEMP TABLE h1 AS SELECT * FROM pg_temp.syn_hash();
SELECT count(*) FROM employment_kpi.generate_synthetic(1500, '2024-01-01', 104, 7);
CREATE TEMP TABLE h2 AS SELECT * FROM pg_temp.syn_hash();
SELECT t, h1.h = h2.h AS same_seed_identical FROM h1 JOIN h2 USING (t) ORDER BY t;
SELECT count(*) FROM employment_kpi.generate_synthetic(1500, '2024-01-01', 104, 8);
CREATE TEMP TABLE h3 AS SELECT * FROM pg_temp.syn_hash();
SELECT t, h1.h <> h3.h AS other_seed_differs FROM h1 JOIN h3 USING (t)
 WHERE t IN ('support_spell', 'case_assignment', 'conversation', 'intervention', 'expense', 'synthetic_truth', 'synthetic_caseworker_truth')
 ORDER BY t;
SELECT count(*) FROM employment_kpi.generate_synthetic(1500, '2024-01-01', 104, 7);
CREATE TEMP TABLE h4 AS SELECT * FROM pg_temp.syn_hash();
SELECT bool_and(h1.h = h4.h) AS regenerated_identical FROM h1 JOIN h4 USING (t);

-- organisation
SELECT count(*) BETWEEN 6 AND 10 AS teams_ok FROM employment_kpi.team;
SELECT count(*) BETWEEN 40 AND 80 AS caseworkers_ok FROM employment_kpi.caseworker;
SELECT style, count(*) FROM employment_kpi.synthetic_caseworker_truth GROUP BY 1 ORDER BY 1;
-- exit skill and activation style never both non-average for one caseworker
SELECT count(*) AS both_styled FROM employment_kpi.synthetic_caseworker_truth
 WHERE abs(exit_skill - 1) > 0.3 AND abs(activation_style - 1) > 0.3;

-- invariants of the model
SELECT count(*) AS cpr_like_or_unmarked FROM (
    SELECT citizen_id FROM employment_kpi.support_spell UNION ALL SELECT citizen_id FROM employment_kpi.conversation
    UNION ALL SELECT citizen_id FROM employment_kpi.intervention UNION ALL SELECT citizen_id FROM employment_kpi.case_assignment) c
 WHERE employment_kpi.is_cpr_like(citizen_id) OR citizen_id !~ '^syn-[0-9]{6}$';
SELECT count(*) AS overlapping_spells FROM employment_kpi.support_spell a JOIN employment_kpi.support_spell b
    ON a.citizen_id = b.citizen_id AND a.source_id < b.source_id
   AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]');
SELECT count(*) AS bad_exit_reason FROM employment_kpi.support_spell WHERE (end_date IS NULL) <> (exit_reason IS NULL);
SELECT count(*) AS conversation_without_caseworker FROM employment_kpi.conversation v
  LEFT JOIN employment_kpi.caseworker c USING (caseworker_id) WHERE c.caseworker_id IS NULL;
SELECT count(*) AS conversation_off_support FROM employment_kpi.conversation v
 WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.support_spell s WHERE s.citizen_id = v.citizen_id
                     AND v.held_on BETWEEN s.start_date AND coalesce(s.end_date, 'infinity'));
SELECT count(*) AS conversation_not_by_assigned FROM employment_kpi.conversation v
 WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.case_assignment a WHERE a.citizen_id = v.citizen_id
                     AND a.caseworker_id = v.caseworker_id
                     AND v.held_on BETWEEN a.start_date AND coalesce(a.end_date, 'infinity'));
SELECT count(*) AS intervention_starts_off_support FROM employment_kpi.intervention i
 WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.support_spell s WHERE s.citizen_id = i.citizen_id
                     AND i.start_date BETWEEN s.start_date AND coalesce(s.end_date, 'infinity'));
SELECT count(*) AS intervention_outside_period FROM employment_kpi.intervention i
 WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.support_period p WHERE p.citizen_id = i.citizen_id
                     AND i.start_date >= p.start_date AND i.end_date <= coalesce(p.end_date, 'infinity'));
SELECT count(*) AS overlapping_interventions FROM employment_kpi.intervention a JOIN employment_kpi.intervention b
    ON a.citizen_id = b.citizen_id AND a.source_id < b.source_id
   AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]');
SELECT count(*) AS overlapping_assignments FROM employment_kpi.case_assignment a JOIN employment_kpi.case_assignment b
    ON a.citizen_id = b.citizen_id AND a.source_id < b.source_id
   AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]');
SELECT count(*) AS assignment_without_support FROM employment_kpi.case_assignment a
 WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.support_spell s WHERE s.citizen_id = a.citizen_id
                     AND daterange(a.start_date, a.end_date, '[]') && daterange(s.start_date, s.end_date, '[]'));
SELECT count(*) AS spell_day_without_caseworker FROM employment_kpi.support_spell s
 WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.case_assignment a WHERE a.citizen_id = s.citizen_id
                     AND s.start_date BETWEEN a.start_date AND coalesce(a.end_date, 'infinity'))
    OR NOT EXISTS (SELECT 1 FROM employment_kpi.case_assignment a WHERE a.citizen_id = s.citizen_id
                     AND coalesce(s.end_date, '2025-12-28') BETWEEN a.start_date AND coalesce(a.end_date, 'infinity'));
SELECT count(*) AS facts_after_last_day FROM (
    SELECT start_date d FROM employment_kpi.support_spell UNION ALL SELECT end_date FROM employment_kpi.support_spell
    UNION ALL SELECT held_on FROM employment_kpi.conversation UNION ALL SELECT start_date FROM employment_kpi.intervention
    UNION ALL SELECT start_date FROM employment_kpi.case_assignment UNION ALL SELECT end_date FROM employment_kpi.case_assignment
    UNION ALL SELECT booked_on FROM employment_kpi.expense) x
 WHERE d > (SELECT last_day FROM employment_kpi.synthetic_run);
-- no published burn-in: before first_week only the history of the periods
-- running at first_week (with their true start dates), nothing of a period
-- that ended before it
SELECT min(start_date) >= DATE '2024-01-01' - 7 * 520 AS burnin_ok, min(start_date) < DATE '2024-01-01' AS running_periods_keep_their_start
  FROM employment_kpi.support_spell;
SELECT count(*) AS periods_ended_before_first_week FROM employment_kpi.support_period WHERE end_date < '2024-01-01';
SELECT count(*) AS earlier_facts_outside_running_periods FROM (
    SELECT citizen_id, held_on AS d FROM employment_kpi.conversation WHERE held_on < '2024-01-01'
    UNION ALL SELECT citizen_id, start_date FROM employment_kpi.intervention WHERE start_date < '2024-01-01'
    UNION ALL SELECT citizen_id, start_date FROM employment_kpi.case_assignment WHERE start_date < '2024-01-01') f
 WHERE NOT EXISTS (SELECT 1 FROM employment_kpi.support_period p WHERE p.citizen_id = f.citizen_id
                     AND f.d >= p.start_date AND coalesce(p.end_date, 'infinity') >= '2024-01-01');
-- citizens counts the citizens in the data, numbered without gaps
SELECT count(DISTINCT citizen_id) AS citizens, min(citizen_id) AS first_id, max(citizen_id) AS last_id
  FROM employment_kpi.support_spell;
-- steady state: citizens on support per week, the first 13 against the last 13 weeks
WITH wk AS (SELECT DATE '2024-01-01' + 7 * k AS w, k FROM generate_series(0, 103) k),
stock AS (SELECT wk.k, count(DISTINCT s.citizen_id) AS n FROM wk JOIN employment_kpi.support_spell s
            ON s.start_date <= wk.w + 6 AND coalesce(s.end_date, 'infinity') >= wk.w GROUP BY wk.k)
SELECT abs(avg(n) FILTER (WHERE k >= 91) / avg(n) FILTER (WHERE k < 13) - 1) <= 0.05 AS stock_stable_within_5pct
  FROM stock;
-- interventions: planned length and cost per week by type
SELECT type_code, min((end_date - start_date + 1 + 6) / 7) >= 1 AS len_ok,
       max((end_date - start_date + 1 + 6) / 7) <= 26 AS max_len_ok,
       count(DISTINCT cost_dkk / ((end_date - start_date + 1 + 6) / 7)) AS cost_per_week_values
  FROM employment_kpi.intervention GROUP BY 1 ORDER BY 1;
-- weekly benefit plausible per group
SELECT group_code, min(weekly_benefit_dkk) >= 1500 AND max(weekly_benefit_dkk) <= 4750 AS benefit_ok
  FROM employment_kpi.support_spell GROUP BY 1 ORDER BY 1;

-- budgets and expenses
SELECT kind, count(*) FROM employment_kpi.budget_area GROUP BY 1 ORDER BY 1;
SELECT count(*) AS month_profile_not_summing FROM employment_kpi.budget b
  JOIN (SELECT fiscal_year, area, sum(amount_dkk) s FROM employment_kpi.budget_month GROUP BY 1, 2) m USING (fiscal_year, area)
 WHERE m.s <> b.amount_dkk;
SELECT count(DISTINCT area) AS areas_with_profile FROM employment_kpi.budget_month;
SELECT count(*) AS budget_years_x_areas, count(DISTINCT fiscal_year) AS years FROM employment_kpi.budget;
-- benefit bookings = weekly benefit x days on support / 7 (rounded per booking)
WITH r AS (SELECT first_week, last_day FROM employment_kpi.synthetic_run),
spells AS (
    SELECT sum((LEAST(coalesce(s.end_date, r.last_day), r.last_day) - GREATEST(s.start_date, date_trunc('month', r.first_week)::date) + 1)
               * s.weekly_benefit_dkk / 7) AS gross
      FROM employment_kpi.support_spell s, r
     WHERE coalesce(s.end_date, r.last_day) >= date_trunc('month', r.first_week)::date)
SELECT abs((SELECT sum(amount_dkk) FROM employment_kpi.expense e JOIN employment_kpi.budget_area a USING (area) WHERE a.kind = 'benefit') - gross)
       <= 0.005 * (SELECT count(*) FROM employment_kpi.expense) AS benefit_bookings_match_spells
  FROM spells;
WITH r AS (SELECT first_week, last_day FROM employment_kpi.synthetic_run)
SELECT abs((SELECT sum(amount_dkk) FROM employment_kpi.expense e JOIN employment_kpi.budget_area a USING (area) WHERE a.kind = 'intervention')
           - sum((LEAST(i.end_date, r.last_day) - GREATEST(i.start_date, date_trunc('month', r.first_week)::date) + 1)
                 * i.cost_dkk / (i.end_date - i.start_date + 1)))
       <= 0.005 * (SELECT count(*) FROM employment_kpi.expense) AS offer_bookings_match_costs
  FROM employment_kpi.intervention i, r
 WHERE i.end_date >= date_trunc('month', r.first_week)::date AND i.start_date <= r.last_day;
-- the area built to overrun: last year's run rate clearly above its budget
SELECT e.area, round(sum(e.amount_dkk) / (max(e.booked_on) - date '2025-01-01' + 1) * 365 / b.amount_dkk, 1) AS run_rate_over_budget
  FROM employment_kpi.expense e JOIN employment_kpi.budget b ON b.area = e.area AND b.fiscal_year = 2025
 WHERE e.booked_on >= '2025-01-01' AND e.area LIKE 'syn-benefit-%'
 GROUP BY e.area, b.amount_dkk
HAVING sum(e.amount_dkk) / (max(e.booked_on) - date '2025-01-01' + 1) * 365 > 1.05 * b.amount_dkk;

-- plausibility
WITH target(group_code, share) AS (VALUES ('dagpenge', 28), ('sygedagpenge', 25), ('kontanthjaelp_jobparat', 10),
        ('kontanthjaelp_aktivitetsparat', 12), ('uddannelseshjaelp', 10), ('jobafklaring', 4), ('ressourceforloeb', 3),
        ('ledighedsydelse', 4), ('integration', 4)),
-- (of the periods starting in the window: the stock at first_week holds more
-- of the long-lasting groups)
obs AS (SELECT first_group_code AS group_code, 100.0 * count(*) / sum(count(*)) OVER () AS share
          FROM employment_kpi.support_period WHERE start_date >= '2024-01-01' GROUP BY 1)
SELECT t.group_code, abs(o.share - t.share) < 4 AS entry_share_ok FROM target t JOIN obs o USING (group_code) ORDER BY 1;
SELECT count(DISTINCT citizen_id) BETWEEN 0.10 * 1500 AND 0.35 * 1500 AS stock_ok
  FROM employment_kpi.support_spell WHERE start_date <= '2025-01-05' AND coalesce(end_date, 'infinity') >= '2024-12-30';
-- observed weekly exit rate by duration band falls with duration
WITH pw AS (
    SELECT p.citizen_id, p.period_no,
           p.end_date IS NOT NULL AND p.last_exit_reason IS DISTINCT FROM 'other_benefit'
           AND p.last_exit_reason IS DISTINCT FROM 'moved' AND p.last_exit_reason IS DISTINCT FROM 'deceased' AS is_exit,
           p.end_date, gs AS wk
      FROM employment_kpi.support_period p,
           generate_series(0, (coalesce(p.end_date, '2025-12-28') - p.start_date) / 7) gs
     WHERE p.start_date >= '2024-01-01'),
b AS (SELECT CASE WHEN wk < 13 THEN 0 WHEN wk < 26 THEN 1 WHEN wk < 52 THEN 2 ELSE 3 END AS band,
             count(*) AS weeks, count(*) FILTER (WHERE is_exit AND (end_date - (SELECT start_date FROM employment_kpi.support_period q
                 WHERE q.citizen_id = pw.citizen_id AND q.period_no = pw.period_no)) / 7 = wk) AS exits
        FROM pw GROUP BY 1)
SELECT band, exits::float8 / weeks > coalesce(lead(exits::float8 / weeks) OVER (ORDER BY band), 0) AS falls_with_duration
  FROM b ORDER BY band;
-- some citizens overdue: fewer than 4 held conversations in the first 26 weeks of a long period
WITH p AS (SELECT citizen_id, start_date FROM employment_kpi.support_period
            WHERE start_date >= '2024-01-01' AND coalesce(end_date, 'infinity') >= start_date + 182 AND start_date + 182 <= '2025-12-28'),
n AS (SELECT p.citizen_id, (SELECT count(*) FROM employment_kpi.conversation v WHERE v.citizen_id = p.citizen_id
            AND v.status = 'held' AND v.held_on >= p.start_date AND v.held_on < p.start_date + 182) AS held FROM p)
SELECT avg((held < 4)::int) BETWEEN 0.02 AND 0.6 AS some_overdue, avg(held) BETWEEN 3 AND 7 AS pace_ok FROM n;
SELECT status, round(count(*) / sum(count(*)) OVER (), 2) BETWEEN
       CASE status WHEN 'held' THEN 0.80 WHEN 'no_show' THEN 0.07 ELSE 0.03 END AND
       CASE status WHEN 'held' THEN 0.90 WHEN 'no_show' THEN 0.13 ELSE 0.07 END AS status_share_ok
  FROM employment_kpi.conversation GROUP BY status ORDER BY 1;
SELECT count(*) > 0 AS some_short_interruptions FROM employment_kpi.support_period WHERE spells > 1
   AND NOT EXISTS (SELECT 1 FROM employment_kpi.support_spell s WHERE s.citizen_id = support_period.citizen_id
                     AND s.group_code <> support_period.first_group_code);
SELECT count(*) > 0 AS some_returns FROM employment_kpi.support_period WHERE period_no > 1;
SELECT count(*) > 0 AS some_group_changes FROM employment_kpi.support_period WHERE first_group_code <> last_group_code;
-- transitions to another public benefit (other_benefit ends the period, not
-- an exit), percent of the ended periods by the group the period began in:
-- few from dagpenge, uddannelseshjælp and integration, more from
-- sygedagpenge (mostly through jobafklaring), many from aktivitetsparat,
-- jobafklaring, ressourceforløb and ledighedsydelse; nobody comes back after one
SELECT first_group_code, count(*) FILTER (WHERE end_date IS NOT NULL) >= 20 AS enough_ends,
       round(100 * avg((last_exit_reason = 'other_benefit')::int) FILTER (WHERE end_date IS NOT NULL)) AS transition_pct
  FROM employment_kpi.support_period GROUP BY 1 ORDER BY 1;
SELECT count(*) AS periods_after_a_transition FROM employment_kpi.support_period p
 WHERE EXISTS (SELECT 1 FROM employment_kpi.support_period q WHERE q.citizen_id = p.citizen_id
                 AND q.period_no < p.period_no AND q.last_exit_reason = 'other_benefit');
SELECT count(*) AS chained_spell_not_other_benefit FROM employment_kpi.support_spell a
  JOIN employment_kpi.support_spell b ON b.citizen_id = a.citizen_id AND b.start_date = a.end_date + 1
   AND b.group_code <> a.group_code
 WHERE a.exit_reason <> 'other_benefit';

-- the truth: one row per type x group x horizon with participants; participants
-- and factual exits agree with the stored facts
WITH starts AS (
    SELECT i.citizen_id, i.type_code, s.group_code, date_trunc('week', i.start_date)::date AS wk
      FROM employment_kpi.intervention i
      JOIN employment_kpi.support_spell s ON s.citizen_id = i.citizen_id
       AND i.start_date BETWEEN s.start_date AND coalesce(s.end_date, 'infinity')
     WHERE i.start_date >= '2024-01-01'),
obs AS (
    SELECT st.type_code, st.group_code, h.h, count(*) AS n,
           count(*) FILTER (WHERE p.end_date < st.wk + 7 * h.h
                              AND p.last_exit_reason NOT IN ('other_benefit', 'moved', 'deceased')) AS y1
      FROM starts st CROSS JOIN (VALUES (13), (26), (52)) h(h)
      JOIN employment_kpi.support_period p ON p.citizen_id = st.citizen_id
       AND st.wk + 6 >= p.start_date AND st.wk <= coalesce(p.end_date, 'infinity')
     WHERE st.wk + 7 * h.h <= DATE '2024-01-01' + 7 * 104
     GROUP BY 1, 2, 3)
SELECT count(*) AS cells, count(t.type_code) AS truth_rows,
       count(*) FILTER (WHERE t.participants = o.n) AS participants_match,
       count(*) FILTER (WHERE t.exits_treated = o.y1) AS factual_exits_match,
       (SELECT count(*) FROM employment_kpi.synthetic_truth) AS truth_total
  FROM obs o LEFT JOIN employment_kpi.synthetic_truth t
    ON t.type_code = o.type_code AND t.group_code = o.group_code AND t.horizon_weeks = o.h;
SELECT count(*) AS bad_truth FROM employment_kpi.synthetic_truth
 WHERE true_att <> (exits_treated - exits_untreated)::numeric / participants;
-- planted direction: private wage subsidy beats nytteindsats at 52 weeks (pooled over groups)
SELECT sum(true_att * participants) FILTER (WHERE type_code = 'loentilskud_privat') / sum(participants) FILTER (WHERE type_code = 'loentilskud_privat')
     > sum(true_att * participants) FILTER (WHERE type_code = 'nytteindsats') / sum(participants) FILTER (WHERE type_code = 'nytteindsats')
       AS private_subsidy_beats_utility_work
  FROM employment_kpi.synthetic_truth WHERE horizon_weeks = 52;
-- opkvalificering locks in: negative at 13 weeks (pooled)
SELECT sum(true_att * participants) / sum(participants) < 0 AS upskilling_lock_in
  FROM employment_kpi.synthetic_truth WHERE horizon_weeks = 13 AND type_code = 'vejledning_opkvalificering';
ROLLBACK;

-- refusal to touch data it did not generate
BEGIN;
INSERT INTO employment_kpi.team VALUES ('T1', 'A real team', NULL);
SELECT * FROM employment_kpi.generate_synthetic(100, '2024-01-01', 10, 1);
ROLLBACK;
BEGIN;
-- synthetic-looking rows without a synthetic_run are not ours either
INSERT INTO employment_kpi.team VALUES ('syn-t01', 'Imported', NULL);
SELECT * FROM employment_kpi.generate_synthetic(100, '2024-01-01', 10, 1);
ROLLBACK;
BEGIN;
SELECT count(*) FROM employment_kpi.generate_synthetic(200, '2024-01-01', 20, 1);
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date) VALUES ('real-1', 'S1', 'dagpenge', '2024-02-01');
DO $$
BEGIN
    PERFORM employment_kpi.generate_synthetic(200, '2024-01-01', 20, 1);
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'refused with SQLSTATE %', SQLSTATE;
END
$$;
SELECT count(*) AS real_rows_kept FROM employment_kpi.support_spell WHERE citizen_id = 'real-1';
SELECT count(*) FROM employment_kpi.generate_synthetic(200, '2024-01-01', 20, 1, replace_real_data => true);
SELECT count(*) AS real_rows_left FROM employment_kpi.support_spell WHERE citizen_id = 'real-1';
SELECT count(*) > 0 AS synthetic_rows FROM employment_kpi.support_spell;
ROLLBACK;
