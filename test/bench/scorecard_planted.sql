-- Does the scorecard find the caseworkers the generator planted, seed by
-- seed?  Not part of the test suite (about 20 s per seed at 20,000 citizens,
-- more at 40,000); run it in a throwaway database:
--   scripts/sandbox.sh -f test/bench/scorecard_planted.sql
-- For seeds 1..5 and 10,000 / 20,000 / 40,000 citizens (60 weeks from
-- 2024-01-01, report week 2025-02-17 = the last data week) and windows of
-- 13, 26 and 52 weeks it prints, from caseworker_week's flags: planted
-- caseworkers flagged the right way at 99.8% (above / below) out of those
-- planted, average caseworkers flagged at 99.8% out of all average ones, and
-- the over-dispersion tau2 used.  The same query as sql/kpi_scorecard_synthetic.sql.
\set QUIET on
SET client_min_messages = warning;
CREATE TEMP TABLE sweep (citizens int, seed int, window_weeks int, caseworker_id text, style text,
                         exits_flag text, activation_flag text, exits_tau2 float8, activation_tau2 float8);
CREATE FUNCTION pg_temp.sweep_one(cit int, s int) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM employment_kpi.generate_synthetic(citizens => cit, first_week => '2024-01-01', weeks => 60,
                                              seed => s, replace_real_data => true);
    INSERT INTO sweep
    SELECT cit, s, w.ww, r.caseworker_id, t.style, r.exits_flag, r.activation_flag, r.exits_tau2, r.activation_tau2
      FROM (VALUES (13), (26), (52)) AS w(ww),
           LATERAL employment_kpi.caseworker_week('2025-02-17', '2025-02-17', w.ww) AS r
      JOIN employment_kpi.synthetic_caseworker_truth AS t ON t.caseworker_id = r.caseworker_id;
END $f$;
SELECT count(pg_temp.sweep_one(c, s)) AS runs FROM (VALUES (10000), (20000), (40000)) AS v(c), generate_series(1, 5) AS s;
\set QUIET off
SELECT citizens, window_weeks AS win, seed,
       count(*) FILTER (WHERE style = 'strong_exits' AND exits_flag = 'above') || '/' ||
         count(*) FILTER (WHERE style = 'strong_exits') AS strong_above,
       count(*) FILTER (WHERE style = 'weak_exits' AND exits_flag = 'below') || '/' ||
         count(*) FILTER (WHERE style = 'weak_exits') AS weak_below,
       count(*) FILTER (WHERE style = 'high_activation' AND activation_flag = 'above') || '/' ||
         count(*) FILTER (WHERE style = 'high_activation') AS high_above,
       count(*) FILTER (WHERE style = 'low_activation' AND activation_flag = 'below') || '/' ||
         count(*) FILTER (WHERE style = 'low_activation') AS low_below,
       count(*) FILTER (WHERE style = 'average' AND exits_flag IN ('above', 'below')) || '/' ||
         count(*) FILTER (WHERE style = 'average') AS avg_exits_998,
       count(*) FILTER (WHERE style = 'average' AND activation_flag IN ('above', 'below')) || '/' ||
         count(*) FILTER (WHERE style = 'average') AS avg_act_998,
       count(*) FILTER (WHERE style = 'strong_exits' AND exits_flag = 'below'
                           OR style = 'weak_exits' AND exits_flag = 'above'
                           OR style = 'high_activation' AND activation_flag = 'below'
                           OR style = 'low_activation' AND activation_flag = 'above') AS wrong_way,
       round(min(exits_tau2)::numeric, 4) AS exits_tau2, round(min(activation_tau2)::numeric, 4) AS act_tau2
  FROM sweep
 GROUP BY citizens, window_weeks, seed
 ORDER BY citizens, window_weeks DESC, seed;
