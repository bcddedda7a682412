-- Tests src/sql/kpi/scorecard.sql; also access/scorecard.sql (caseworker_week, team_week, ...) and core/funnel.sql.
-- Caseworker and team scorecards on a hand-made fixture
-- (test/fixtures/scorecard/fixture.sql; every expected number is worked out
-- by hand below), the funnel statistics against R
-- (test/fixtures/scorecard/make_funnel.R), and argument validation.
SET extra_float_digits = 0;
SET datestyle = 'ISO, YMD';

-------------------------------------------------------------------------------
-- funnel_tau2 / funnel_limits / funnel_flag against R
-------------------------------------------------------------------------------
CREATE TEMP TABLE r_funnel (observed float8, expected float8, tau2 float8, phi float8,
                            low95 float8, high998 float8, flag text);
\copy r_funnel FROM 'test/fixtures/scorecard/funnel_tau2.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS units, abs(employment_kpi.funnel_tau2(observed, expected) - min(tau2)) / min(tau2) < 1e-12 AS tau2_ok,
       round(employment_kpi.funnel_tau2(observed, expected)::numeric, 10) AS tau2
FROM r_funnel;
SELECT r.observed, r.expected, l2.low, r.low95, abs(l2.low - r.low95) < 1e-12 AS low_ok,
       abs(l3.high - r.high998) < 1e-12 AS high_ok,
       employment_kpi.funnel_flag(r.observed, r.expected, r.tau2) AS flag, r.flag AS r_flag
FROM r_funnel AS r,
     employment_kpi.funnel_limits(r.expected, r.tau2, 0.95) AS l2,
     employment_kpi.funnel_limits(r.expected, r.tau2, 0.998) AS l3
WHERE employment_kpi.funnel_flag(r.observed, r.expected, r.tau2) <> r.flag
   OR abs(l2.low - r.low95) >= 1e-12 OR abs(l3.high - r.high998) >= 1e-12;
SELECT flag, count(*) FROM r_funnel GROUP BY flag ORDER BY flag;
-- combine (parallel/distributed partial states) gives the same tau2 as one
-- pass, and the state round-trips through text exactly (float8 output is
-- exact with the default extra_float_digits = 1)
WITH a AS (
  SELECT employment_kpi_internal.funnel_tau2_accum(employment_kpi_internal.funnel_tau2_accum('{1,0,0}', 10, 8), 3, 6) AS st_a,
         employment_kpi_internal.funnel_tau2_accum(employment_kpi_internal.funnel_tau2_accum(
           employment_kpi_internal.funnel_tau2_accum('{1,0,0}', 20, 10), 0, 2), 7, 7.5) AS st_b)
SELECT employment_kpi_internal.funnel_tau2_final(employment_kpi_internal.funnel_tau2_combine(a.st_a, a.st_b))
       = (SELECT employment_kpi.funnel_tau2(o, e)
            FROM (VALUES (10.0::float8, 8.0::float8), (3, 6), (20, 10), (0, 2), (7, 7.5)) AS v(o, e)) AS combine_ok,
       pg_catalog.array_length(a.st_a, 1) AS len_a, pg_catalog.array_length(employment_kpi_internal.funnel_tau2_combine(a.st_a, a.st_b), 1) AS len_ab
FROM a;
SET extra_float_digits = 1;
SELECT employment_kpi_internal.funnel_tau2_final(s::text::float8[]) = employment_kpi_internal.funnel_tau2_final(s) AS text_roundtrip_ok,
       s::text::float8[] = s AS state_equal
FROM (SELECT employment_kpi_internal.funnel_tau2_accum(employment_kpi_internal.funnel_tau2_accum('{1,0,0}', 10, 8), 3, 6) AS s) AS x;
SET extra_float_digits = 0;
-- a forced parallel plan uses the combine function (a regular table: temp
-- tables are not scanned in parallel)
CREATE TABLE scorecard_many AS
  SELECT (i % 17)::float8 AS o, 1 + (i % 13)::float8 AS e FROM generate_series(1, 20000) AS i;
ANALYZE scorecard_many;
SELECT round(employment_kpi.funnel_tau2(o, e)::numeric, 10) AS serial_tau2 FROM scorecard_many;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT employment_kpi.funnel_tau2(o, e) FROM scorecard_many;
SELECT round(employment_kpi.funnel_tau2(o, e)::numeric, 10) AS parallel_tau2 FROM scorecard_many;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
DROP TABLE scorecard_many;
-- edge cases: fewer than two units -> NULL; E = 0 is ignored; no over-dispersion -> 0
SELECT employment_kpi.funnel_tau2(o, e) IS NULL AS one_unit_null
FROM (VALUES (3.0::float8, 4.0::float8), (5, 0)) AS v(o, e);
SELECT employment_kpi.funnel_tau2(o, e) AS no_overdispersion
FROM (VALUES (10.0::float8, 10.0::float8), (20, 20), (30, 30)) AS v(o, e);
-- tau2 = 0 gives the exact Poisson limits of poisson_funnel
SELECT (SELECT row(low, high) FROM employment_kpi.funnel_limits(7.5, 0, 0.95))
     = (SELECT row(low, high) FROM employment_kpi.poisson_funnel(7.5, 0.95)) AS exact_when_tau2_0,
       (SELECT row(low, high) FROM employment_kpi.funnel_limits(7.5, NULL, 0.95))
     = (SELECT row(low, high) FROM employment_kpi.poisson_funnel(7.5, 0.95)) AS exact_when_tau2_null;
-- O = 0 is judged by exp(-E): E = 0.25 within, E = 4 watch (0.018), E = 7 below (0.0009)
SELECT employment_kpi.funnel_flag(0, 0.25, 0) AS e025, employment_kpi.funnel_flag(0, 4, 0) AS e4,
       employment_kpi.funnel_flag(0, 7, 0) AS e7, employment_kpi.funnel_flag(3, 0, 0) AS e0,
       employment_kpi.funnel_flag(NULL, 3, 0) AS o_null;
-- invalid input
SELECT employment_kpi.funnel_tau2(o, e) FROM (VALUES (-1.0::float8, 2.0::float8)) AS v(o, e);
SELECT employment_kpi.funnel_tau2(o, e) FROM (VALUES (1.0::float8, 'NaN'::float8)) AS v(o, e);
SELECT employment_kpi.funnel_tau2(o, e) FROM (VALUES ('Infinity'::float8, 2.0::float8)) AS v(o, e);
SELECT employment_kpi_internal.funnel_tau2_final('{2,0,0}');
SELECT employment_kpi_internal.funnel_tau2_final('{1,1,0}');
SELECT employment_kpi_internal.funnel_tau2_final('{1,1,1,0.5}');
SELECT employment_kpi_internal.funnel_tau2_final('{1,1,1,0.5,-2}');
SELECT employment_kpi_internal.funnel_tau2_final('{{1,0,0}}');
SELECT employment_kpi_internal.funnel_tau2_final('{1,0,NULL}');
SELECT employment_kpi_internal.funnel_tau2_combine('{1,0,0}', '{1,2,1,0,1}');
SELECT employment_kpi_internal.funnel_tau2_accum('{1,0.5,1,0,1}', 1, 1);
SELECT * FROM employment_kpi.funnel_limits(0, 0.1, 0.95);
SELECT * FROM employment_kpi.funnel_limits(5, 0.1, 1.5);
-- funnel_flag's errors with their SQLSTATE (22023 each)
\i test/lib/err.sql
SELECT q, pg_temp.err(q) FROM (VALUES
    ($q$SELECT employment_kpi.funnel_flag(-1, 5, 0)$q$),
    ($q$SELECT employment_kpi.funnel_flag('NaN', 5, 0)$q$),
    ($q$SELECT employment_kpi.funnel_flag(3, 'Infinity', 0)$q$),
    ($q$SELECT employment_kpi.funnel_flag(3, 5, -0.1)$q$),
    ($q$SELECT employment_kpi.funnel_flag(3, 5, 'NaN')$q$),
    ($q$SELECT employment_kpi.funnel_flag(3, 2e11, 0)$q$)) AS v(q);
-- funnel_flag (C) agrees with the limits of funnel_limits (SQL, over
-- poisson_funnel) on a grid of observed, expected and tau2
SELECT count(*) AS cells, count(*) FILTER (WHERE flag IS DISTINCT FROM by_limits) AS disagreements,
       count(DISTINCT flag) AS distinct_flags
FROM (SELECT employment_kpi.funnel_flag(o, e, t) AS flag,
             CASE WHEN o = 0 THEN CASE WHEN exp(-e) < 0.001 THEN 'below' WHEN exp(-e) < 0.025 THEN 'watch' ELSE 'within' END
                  WHEN o / e > l3.high THEN 'above' WHEN o / e < l3.low THEN 'below'
                  WHEN o / e > l2.high OR o / e < l2.low THEN 'watch' ELSE 'within' END AS by_limits
        FROM generate_series(0, 60, 3) AS o, (VALUES (0.4::float8), (2), (9.5), (30), (250)) AS ev(e),
             (VALUES (0::float8), (0.01), (0.2)) AS tv(t),
             LATERAL employment_kpi.funnel_limits(e, t, 0.95) AS l2,
             LATERAL employment_kpi.funnel_limits(e, t, 0.998) AS l3) AS g;

-- week_series: ISO weeks across New Year 2026/27 (2026 has a week 53)
SELECT w, to_char(w, 'IYYY-"W"IW') AS iso_week FROM employment_kpi_internal.week_series('2026-12-21', '2027-01-04') AS w;
SELECT count(*) AS none_when_lo_after_hi FROM employment_kpi_internal.week_series('2027-01-04', '2026-12-28');
SELECT count(*) AS null_gives_none FROM employment_kpi_internal.week_series(NULL, '2026-12-28');
SELECT * FROM employment_kpi_internal.week_series('2026-12-28', 'infinity');
SELECT employment_kpi.iso_monday(d) FROM (VALUES (DATE '2026-12-28'), ('2027-01-03'), ('2027-01-04'), ('1899-12-31')) AS v(d);

-------------------------------------------------------------------------------
-- The fixture (see the header of test/fixtures/scorecard/fixture.sql)
-------------------------------------------------------------------------------
BEGIN;
\i test/fixtures/scorecard/fixture.sql
-- the fixture runs into January 2027: the data's end is pinned to its last
-- week (without it, weeks after today are refused)
UPDATE employment_kpi.config SET data_end_override = '2027-01-10';
UPDATE employment_kpi.config SET suppression_k = 1;   -- nothing suppressed

-- window_weeks = 1: E uses the municipality's exit rate of the same week.
-- Municipality per stratum (citizen-weeks, exits), c09 has no caseworker:
--   W52: dagpenge 0-12 {c01 c02 c07 c09 c10} 0 exits; dagpenge 52-103 {c06} 1;
--        sygedagpenge {c03 c04} 0; jobparat {c05 c08} 0
--   W53: dagpenge {c01 c02 c09 c10} 1 exit (c02) -> 0.25; sygedagpenge {c03 c04};
--        jobparat {c05} in offer -> p_offer 1; uddannelseshjaelp {c08} (changed group mid-week)
--   W01: dagpenge {c01 c07 c09 c10} 1 exit (c10) -> 0.25; sygedagpenge {c03 c04} (c04 moved:
--        censored, no exit); jobparat {c05} in offer; uddannelseshjaelp {c08}
-- Caseloads:
--   W52 A {c01 c02 c03 c10} = 4, E = 0; B {c04 c07} = 2; C {c05 c06 c08} = 3, exit c06, E = 1 -> O/E 1
--   W53 A {c01 c02 c03 c10} = 4 (c03 until Tue), exit c02, E = 3 x 0.25 = 0.75 -> 1.3333;
--       B {c03 (from Wed) c04} = 2 (c07 between spells, not on support), E = 0;
--       C {c05 c08} = 2, c05 in offer (started this week): activation 0.5, act E = 1 -> 1
--   W01 A {c01 c10} = 2, exit c10, E = 0.5 -> 2; B {c03 c04 c07} = 3, E = 0.25, O = 0:
--       exp(-0.25) = 0.78 -> within; C {c05 c08} = 2, c05 in offer
-- Conversations: A W52 1 held, W53 1 no-show + 1 cancelled; B W01 1 held; C W52 1, W53 1 held
SELECT week, team_id, caseworker_id, caseload, conversations_held AS held, no_shows, in_offer, activation_rate,
       offers_started, exits, round(exits_per_100::numeric, 4) AS exits_per_100, timeliness, portfolio_share,
       round(exits_expected::numeric, 4) AS exits_e, round(exits_oe::numeric, 4) AS exits_oe, exits_flag,
       activation_expected AS act_e, activation_oe, activation_flag, exits_tau2, activation_tau2, suppressed
FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04', 1);

-- window_weeks = 2 for W53 (W52 + W53): dagpenge 0-12 rate 1/9 (9 citizen-weeks, 1 exit),
-- dagpenge 52-103 1/1, jobparat p_offer 1/3 (3 citizen-weeks, 1 in offer):
--   A: 6 dagpenge weeks x 1/9 = 0.6667, O = 1 -> 1.5; B: c07 1/9 = 0.1111, O = 0;
--   C: c06 1 x 1 = 1, O = 1 -> 1; activation 3 jobparat weeks x 1/3 = 1, O = 1 -> 1
SELECT week, caseworker_id, caseload, round(exits_expected::numeric, 4) AS exits_e,
       round(exits_oe::numeric, 4) AS exits_oe, round(activation_expected::numeric, 4) AS act_e,
       round(activation_oe::numeric, 4) AS act_oe
FROM employment_kpi.caseworker_week('2026-12-28', '2026-12-28', 2);

-- Timeliness around the rule change on 2026-07-01 (W26 = 06-22, W27 = 06-29);
-- timeliness counts the per-citizen rules, portfolio_share the portfolio
-- rules (a contribution; no pass/fail per caseworker):
--   A W26: t1 first-week window (old rule) met -> 1, no portfolio rule -> NULL
--   A W27: per-citizen: t2 first week (old) not met, t4 first conversation (new) met,
--          t5 4-in-6-months (old, last day 06-30) met -> 2/3; portfolio: t4 kh portfolio
--          (new) not met, t7 dagpenge portfolio (new) not met -> 0/2 = 0;
--          t3's window ends 07-01 when the old rule is no longer in force: not counted
--   B W27: t8 dagpenge portfolio met -> portfolio_share 1/1 = 1; no per-citizen window -> NULL
SELECT week, team_id, caseworker_id, caseload, conversations_held AS held, round(timeliness::numeric, 4) AS timeliness,
       portfolio_share
FROM employment_kpi.caseworker_week('2026-06-22', '2026-06-29', 1);

-- Teams: sums of their caseworkers; team T1 W27 timeliness 2/3, portfolio 1/3;
-- the municipality row has no flags and no tau2
SELECT week, level, team_id, caseworkers, caseload, conversations_held AS held, no_shows, in_offer,
       round(activation_rate::numeric, 4) AS act_rate, offers_started, exits,
       round(exits_per_100::numeric, 4) AS exits_per_100, timeliness, portfolio_share,
       round(exits_expected::numeric, 4) AS exits_e, round(exits_oe::numeric, 4) AS exits_oe, exits_flag,
       activation_oe, activation_flag, exits_tau2, suppressed
FROM employment_kpi.team_week('2026-12-21', '2027-01-04', 1);
SELECT week, level, team_id, caseload, round(timeliness::numeric, 4) AS timeliness,
       round(portfolio_share::numeric, 4) AS portfolio_share
FROM employment_kpi.team_week('2026-06-22', '2026-06-29', 1);

-- Conversations per kind, including cancelled
SELECT * FROM employment_kpi.caseworker_conversations('2026-12-21', '2027-01-04');

-- Small cells with suppression_k = 3: caseworker rows reach only analysts
-- and the team's leader and keep their true counts (this superuser is an
-- analyst); a reader's team rows have counts 1..2 NULL, and their rates,
-- and timeliness over 1..2 windows
UPDATE employment_kpi.config SET suppression_k = 3;
SELECT week, caseworker_id, caseload, in_offer, activation_rate, offers_started, exits, exits_per_100,
       round(exits_oe::numeric, 4) AS exits_oe, exits_flag, suppressed
FROM employment_kpi.caseworker_week('2026-12-21', '2027-01-04', 1);
SELECT week, caseworker_id, caseload, round(timeliness::numeric, 4) AS timeliness, portfolio_share, suppressed
FROM employment_kpi.caseworker_week('2026-06-22', '2026-06-29', 1);
CREATE ROLE kpi_scorecard_reader NOLOGIN;
SELECT employment_kpi.grant_reader('kpi_scorecard_reader');
SET SESSION AUTHORIZATION kpi_scorecard_reader;
SELECT week, level, team_id, caseload, exits, round(timeliness::numeric, 4) AS timeliness, suppressed
FROM employment_kpi.team_week('2026-06-22', '2026-06-29', 1);
RESET SESSION AUTHORIZATION;
UPDATE employment_kpi.config SET suppression_k = 1;

-- Peers: B's activation over W53..W01 is 0/5; C's 2/4 has Wilson lower limit
-- 0.150 > 0, so C is a peer; A (0/6) is not.  Mixes: B sygedagpenge 4/5,
-- dagpenge 1/5; C jobparat 2/4, uddannelseshjaelp 2/4 -> similarity 0.
SELECT * FROM employment_kpi.peer_sparring('B', 'activation_rate', 2, 3, '2027-01-04');
SELECT * FROM employment_kpi.peer_sparring('C', 'activation_rate', 2, 3, '2027-01-04');
-- exits per 100: A 2 exits / 6 caseload-weeks; Wilson lower 0.0968 -> 9.68 > B's 0
SELECT peer_caseworker_id, peer_team_id, round(peer_value::numeric, 4), own_value, caseload_similarity
FROM employment_kpi.peer_sparring('B', 'exits_per_100', 2, 3, '2027-01-04');
ROLLBACK;

-------------------------------------------------------------------------------
-- Exits and transitions; no weeks past the data
-------------------------------------------------------------------------------
-- Caseworker X holds x1, x2, x3, all on dagpenge from Monday 2026-11-02
-- (band 0).  On Wednesday 2026-11-18 x1 gets a job (an exit) and x2 moves to
-- førtidspension (other_benefit: a transition, not an exit); x3 stays.  The
-- data end that Wednesday, so the week of 2026-11-16 is the week to date.
-- Week 11-16, window 1: caseload 3, exits 1, transitions 1, exits per 100
-- 33.33; the municipality's exit rate in the stratum is 1/3, so E = 3 x 1/3
-- = 1 and O/E = 1 (were the transition an exit: 2 exits, E = 2, O/E 1 too,
-- but exits per 100 66.67).
BEGIN;
INSERT INTO employment_kpi.team (team_id, team_name) VALUES ('TX', 'Team X');
INSERT INTO employment_kpi.caseworker (caseworker_id, caseworker_name, team_id) VALUES ('X', 'Xenia', 'TX');
INSERT INTO employment_kpi.support_spell (citizen_id, source_id, group_code, start_date, end_date, exit_reason) VALUES
  ('x1', 's1', 'dagpenge', '2026-11-02', '2026-11-18', 'job'),
  ('x2', 's1', 'dagpenge', '2026-11-02', '2026-11-18', 'other_benefit'),
  ('x3', 's1', 'dagpenge', '2026-11-02', NULL, NULL);
INSERT INTO employment_kpi.case_assignment (citizen_id, source_id, caseworker_id, start_date, end_date) VALUES
  ('x1', 'a1', 'X', '2026-11-02', NULL), ('x2', 'a1', 'X', '2026-11-02', NULL), ('x3', 'a1', 'X', '2026-11-02', NULL);
UPDATE employment_kpi.config SET suppression_k = 1;
SELECT employment_kpi.data_end();
SELECT week, caseload, exits, transitions, round(exits_per_100::numeric, 2) AS exits_per_100,
       exits_expected, exits_oe
  FROM employment_kpi.caseworker_week('2026-11-16', '2026-11-16', 1);
SELECT week, level, caseload, exits, transitions FROM employment_kpi.team_week('2026-11-16', '2026-11-16', 1);
-- the stored views: the week of the data's end is partial
SELECT count(*) > 0 AS refreshed FROM employment_kpi.refresh();
SELECT week, partial, caseload, exits, transitions FROM employment_kpi.kpi_caseworker_week WHERE week >= '2026-11-09' ORDER BY week;
SELECT week, partial, level, exits, transitions FROM employment_kpi.kpi_team_week WHERE week = '2026-11-16' ORDER BY level DESC;
-- the next week has no data: an error naming the data's end, not zeros
-- an error undoes only its own statement (psql's implicit savepoints)
\set ON_ERROR_ROLLBACK on
SELECT * FROM employment_kpi.caseworker_week('2026-11-16', '2026-11-23');
SELECT * FROM employment_kpi.team_week('2026-11-23', '2026-11-23');
SELECT * FROM employment_kpi.caseworker_conversations('2026-11-16', '2026-11-23');
SELECT * FROM employment_kpi.peer_sparring('X', 'exits_per_100', 2, 3, '2026-11-23');
ROLLBACK;

-------------------------------------------------------------------------------
-- Validation (22023)
-------------------------------------------------------------------------------
SELECT * FROM employment_kpi.caseworker_week('2026-12-22', '2027-01-04');
SELECT * FROM employment_kpi.caseworker_week('2027-01-04', '2026-12-28');
SELECT * FROM employment_kpi.caseworker_week(NULL, '2026-12-28');
BEGIN;
-- (the dates the data allow depend on the data's end: pinned, not today)
UPDATE employment_kpi.config SET data_end_override = '2027-01-10';
SELECT * FROM employment_kpi.caseworker_week('2026-12-28', 'infinity');
ROLLBACK;
SELECT * FROM employment_kpi.caseworker_week('2026-12-28', '2026-12-28', 0);
SELECT * FROM employment_kpi.team_week('2026-12-28', '2026-12-29');
SELECT * FROM employment_kpi.caseworker_conversations('2026-12-28', NULL);
SELECT * FROM employment_kpi.peer_sparring('A', 'speed');
SELECT * FROM employment_kpi.peer_sparring('nobody');
SELECT * FROM employment_kpi.peer_sparring('A', 'timeliness', 0);
SELECT * FROM employment_kpi.peer_sparring('A', 'timeliness', 13, 0);
-- an empty municipality gives no rows
SELECT count(*) FROM employment_kpi.caseworker_week('2026-12-28', '2026-12-28');
SELECT count(*) FROM employment_kpi.team_week('2026-12-28', '2026-12-28');
