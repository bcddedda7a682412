-- Tests src/sql/kpi/scorecard.sql and access/scorecard.sql on the planted caseworkers of synthetic/synthetic.sql.
-- Scorecards on the synthetic municipality: are the caseworkers that the
-- generator made deliberately stronger or weaker (synthetic_caseworker_truth)
-- flagged, and how many average caseworkers are flagged at 99.8%?
-- 20,000 citizens, 60 weeks (49 caseworkers in 7 teams, 2 of each planted
-- style), report week 2025-02-17 with 52-, 26- and the default 13-week
-- window.  Detection per seed and size: docs/synthetic.md section 5 and
-- test/bench/scorecard_planted.sql.
SET extra_float_digits = 0;
BEGIN;
SELECT count(*) AS tables_filled
FROM employment_kpi.generate_synthetic(citizens => 20000, first_week => '2024-01-01', weeks => 60, seed => 1);

CREATE TEMP TABLE sc AS
SELECT w.window_weeks, r.caseworker_id, t.style, r.exits_flag, r.activation_flag, r.exits_tau2, r.activation_tau2
FROM (VALUES (52), (26), (13)) AS w(window_weeks),
     LATERAL employment_kpi.caseworker_week('2025-02-17', '2025-02-17', w.window_weeks) AS r
JOIN employment_kpi.synthetic_caseworker_truth AS t ON t.caseworker_id = r.caseworker_id;

-- the planted caseworkers are spread over the teams: per measure at most a
-- third of a team, strong and weak alternating within a team
SELECT c.team_id, count(*) AS caseworkers,
       count(*) FILTER (WHERE t.style IN ('strong_exits', 'weak_exits')) AS exit_styled,
       count(*) FILTER (WHERE t.style IN ('high_activation', 'low_activation')) AS activation_styled
FROM employment_kpi.caseworker AS c
JOIN employment_kpi.synthetic_caseworker_truth AS t USING (caseworker_id)
GROUP BY c.team_id ORDER BY c.team_id;

-- confusion tables: planted style x flag
SELECT window_weeks, style, 'exits' AS measure,
       count(*) FILTER (WHERE exits_flag = 'above') AS above,
       count(*) FILTER (WHERE exits_flag = 'watch') AS watch,
       count(*) FILTER (WHERE exits_flag = 'within') AS within,
       count(*) FILTER (WHERE exits_flag = 'below') AS below
FROM sc GROUP BY window_weeks, style
UNION ALL
SELECT window_weeks, style, 'activation',
       count(*) FILTER (WHERE activation_flag = 'above'),
       count(*) FILTER (WHERE activation_flag = 'watch'),
       count(*) FILTER (WHERE activation_flag = 'within'),
       count(*) FILTER (WHERE activation_flag = 'below')
FROM sc GROUP BY window_weeks, style
ORDER BY window_weeks DESC, measure DESC, style;

-- the criteria: planted caseworkers flagged in their direction (never the
-- wrong one), at most 5% of the average caseworkers flagged at 99.8%, and
-- over-dispersion (tau2 > 0) estimated on both measures
SELECT window_weeks,
       count(*) FILTER (WHERE style = 'strong_exits' AND exits_flag = 'above')::text || '/' ||
         count(*) FILTER (WHERE style = 'strong_exits') AS strong_exits_above,
       count(*) FILTER (WHERE style = 'weak_exits' AND exits_flag = 'below')::text || '/' ||
         count(*) FILTER (WHERE style = 'weak_exits') AS weak_exits_below,
       count(*) FILTER (WHERE style = 'high_activation' AND activation_flag = 'above')::text || '/' ||
         count(*) FILTER (WHERE style = 'high_activation') AS high_act_above,
       count(*) FILTER (WHERE style = 'low_activation' AND activation_flag = 'below')::text || '/' ||
         count(*) FILTER (WHERE style = 'low_activation') AS low_act_below,
       count(*) FILTER (WHERE style = 'strong_exits' AND exits_flag = 'below'
                           OR style = 'weak_exits' AND exits_flag = 'above'
                           OR style = 'high_activation' AND activation_flag = 'below'
                           OR style = 'low_activation' AND activation_flag = 'above') AS wrong_direction,
       round(avg(CASE WHEN exits_flag IN ('above', 'below') THEN 1.0 ELSE 0 END)
               FILTER (WHERE style = 'average'), 3) AS avg_exits_flagged_998,
       round(avg(CASE WHEN activation_flag IN ('above', 'below') THEN 1.0 ELSE 0 END)
               FILTER (WHERE style = 'average'), 3) AS avg_act_flagged_998,
       avg(CASE WHEN exits_flag IN ('above', 'below') THEN 1.0 ELSE 0 END) FILTER (WHERE style = 'average') <= 0.05
         AND avg(CASE WHEN activation_flag IN ('above', 'below') THEN 1.0 ELSE 0 END) FILTER (WHERE style = 'average') <= 0.05
         AS average_at_most_5pct,
       min(exits_tau2) > 0 AS exits_overdispersed, min(activation_tau2) > 0 AS activation_overdispersed
FROM sc GROUP BY window_weeks ORDER BY window_weeks DESC;

-- cross-check of the week grid against the model's support_period view:
-- exits in the report week counted per caseworker, directly from the view
-- and the assignments, equal the sum of caseworker_week's exits (unsuppressed)
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT (SELECT sum(r.exits) FROM employment_kpi.caseworker_week('2025-02-17', '2025-02-17', 1) AS r)
     = (SELECT count(*)
          FROM (SELECT DISTINCT p.citizen_id, a.caseworker_id
                  FROM employment_kpi.support_period AS p
                  JOIN employment_kpi.case_assignment AS a
                    ON a.citizen_id = p.citizen_id
                   AND a.start_date <= DATE '2025-02-23' AND (a.end_date IS NULL OR a.end_date >= DATE '2025-02-17')
                 WHERE p.is_exit AND p.end_date BETWEEN DATE '2025-02-17' AND DATE '2025-02-23') AS x) AS exits_agree_with_view,
       (SELECT sum(r.exits) FROM employment_kpi.caseworker_week('2025-02-17', '2025-02-17', 1) AS r) > 0 AS some_exits;

-- team rows: one per team and one for the municipality per week
SELECT level, count(*) AS rows, sum(caseworkers) AS caseworkers
FROM employment_kpi.team_week('2025-02-17', '2025-02-17') GROUP BY level ORDER BY level;
ROLLBACK;
