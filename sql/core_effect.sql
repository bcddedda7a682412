-- Tests src/sql/core/effect.sql; also the effect type of core/storage.sql.
-- The effect type: text and binary I/O, validation with SQLSTATEs, the
-- aggregates (serial = parallel, rollup of months = whole period) and the
-- accessors on hand-computed values.
SET extra_float_digits = 0;

-- text round trip: keys in strictly increasing byte order, escapes, spaces, empty value
SELECT 'v1:{}'::employment_kpi.effect;
SELECT 'v1:{ "a\"q\\z" : 3:2:4:1 , "b":1:1:2:0 }'::employment_kpi.effect;
SELECT 'v1:{"x":0:0:5:5,"y":2:2:0:0}'::employment_kpi.effect::text::employment_kpi.effect;
-- binary round trip (send -> recv) is exact, also for non-ASCII keys
SELECT e::bytea::employment_kpi.effect::text = e::text AS binary_round_trip
  FROM (SELECT 'v1:{"b":1:0:0:0,"grøn|2024-01-01|0|false":2:1:10:3}'::employment_kpi.effect AS e) s;
-- the layout: version 1, count 2, then per stratum length, key, n1, y1, n0, y0
SELECT e::bytea
  FROM (SELECT 'v1:{"b":1:0:0:0,"g|1":2:1:10:3}'::employment_kpi.effect AS e) s;
SELECT '\x0100000000'::bytea::employment_kpi.effect AS empty_from_binary;

-- malformed text: 22P02
\set VERBOSITY sqlstate
SELECT 'v2:{}'::employment_kpi.effect;
SELECT 'v1:{"a":1:1:1}'::employment_kpi.effect;
SELECT 'v1:{"a":1:2:1:0}'::employment_kpi.effect;
SELECT 'v1:{"a":1:0:1:2}'::employment_kpi.effect;
SELECT 'v1:{"a":0:0:0:0}'::employment_kpi.effect;
SELECT 'v1:{"b":1:0:1:0,"a":1:0:1:0}'::employment_kpi.effect;
SELECT 'v1:{"a":1:0:1:0,"a":1:0:1:0}'::employment_kpi.effect;
SELECT 'v1:{"a":-1:0:1:0}'::employment_kpi.effect;
SELECT 'v1:{"a":99999999999999999999:0:1:0}'::employment_kpi.effect;
SELECT 'v1:{"a\x":1:0:1:0}'::employment_kpi.effect;
SELECT 'v1:{"a:1:0:1:0}'::employment_kpi.effect;
SELECT 'v1:{a:1:0:1:0}'::employment_kpi.effect;
SELECT 'v1:{"a":1:0:1:0} x'::employment_kpi.effect;
SELECT 'v1:{"a":1:0:1:0'::employment_kpi.effect;
\set VERBOSITY default
SELECT 'v1:{"a":1:2:1:0}'::employment_kpi.effect;
-- malformed binary: 22P03
\set VERBOSITY sqlstate
SELECT '\x02000000000000'::bytea::employment_kpi.effect;
SELECT '\x0100'::bytea::employment_kpi.effect;
SELECT '\x0100000001'::bytea::employment_kpi.effect;
SELECT '\x01ffffffff'::bytea::employment_kpi.effect;
SELECT '\x010000000000'::bytea::employment_kpi.effect;
-- one stratum "a" with counts 1,0,1,0 is valid; then variations
SELECT ('\x0100000001' || '00000001' || '61' || '0000000000000001' || '0000000000000000' || '0000000000000001' || '0000000000000000')::bytea::employment_kpi.effect AS valid;
SELECT ('\x0100000001' || '00000001' || 'ff' || '0000000000000001' || '0000000000000000' || '0000000000000001' || '0000000000000000')::bytea::employment_kpi.effect AS bad_encoding;
SELECT ('\x0100000001' || '00000001' || '61' || 'ffffffffffffffff' || '0000000000000000' || '0000000000000001' || '0000000000000000')::bytea::employment_kpi.effect AS negative;
SELECT ('\x0100000001' || '00000001' || '61' || '0000000000000001' || '0000000000000002' || '0000000000000001' || '0000000000000000')::bytea::employment_kpi.effect AS too_many_outcomes;
SELECT ('\x0100000001' || '00000064' || '61' || '0000000000000001' || '0000000000000000' || '0000000000000001' || '0000000000000000')::bytea::employment_kpi.effect AS bad_length;
SELECT ('\x0100000001' || '00000001' || '61' || '0000000000000001' || '0000000000000000' || '0000000000000001' || '0000000000000000' || '00')::bytea::employment_kpi.effect AS trailing;
\set VERBOSITY default

-- accessors on a hand-computed value:
--   s1: treated 2 (1 exit), comparison 4 (1 exit); s2: treated 1 (1), comparison 1 (0);
--   s3: treated 3 with no comparison (unmatched); s4: comparison only
--   ATT = (2/3)(1/2 - 1/4) + (1/3)(1 - 0) = 1/2, treated rate 2/3, control rate 1/6
--   SE^2 = (4/9)(.8*.2/2 + .3*.7/4) + (1/9)(.75*.25 + .25*.75) = .100556, SE = .317105
-- The interval (hybrid score, MOVER; each step also by R in test/fixtures/effect/make_fixtures.R):
--   treated: Wilson(2 of 3) = [.207660, .938508]
--   comparison: r = 1.5/5 = .3 (s1), .5/2 = .25 (s2); V0 = (4/9)(.3*.7/4) + (1/9)(.25*.75/1)
--     = .0441667; rbar = (2/3)(.3) + (1/3)(.25) = .283333; n_eff = rbar(1 - rbar)/V0
--     = .203056/.0441667 = 4.59748 (below the 5 comparison observations);
--     Wilson(1/6 at n = 4.59748): k = z^2/(2n) = .417778, root = z sqrt(p(1-p)/n + k/(2n)) = .539062,
--     high = (1/6 + k + root)/(1 + 2k) = 1.123507/1.835557 = .612080, low = (1/6)^2/1.123507 = .024724
--   low  = .5 - sqrt((.666667 - .207660)^2 + (.612080 - .166667)^2) = .5 - .639594 = -.139594
--   high = .5 + sqrt((.938508 - .666667)^2 + (.166667 - .024724)^2) = .5 + .306668 = .806668
CREATE TEMP TABLE hand AS
SELECT 'v1:{"s1":2:1:4:1,"s2":1:1:1:0,"s3":3:2:0:0,"s4":0:0:7:3}'::employment_kpi.effect AS e;
SELECT employment_kpi.effect_att(e), round(employment_kpi.effect_se(e)::numeric, 6) AS se,
       round(employment_kpi.effect_ci_low(e)::numeric, 6) AS low, round(employment_kpi.effect_ci_high(e)::numeric, 6) AS high,
       employment_kpi.effect_treated(e), employment_kpi.effect_controls(e), employment_kpi.effect_unmatched(e),
       round(employment_kpi.effect_treated_rate(e)::numeric, 6) AS treated_rate,
       round(employment_kpi.effect_control_rate(e)::numeric, 6) AS control_rate,
       round(employment_kpi.effect_control_n_eff(e)::numeric, 5) AS n_eff,
       employment_kpi.effect_strata(e)
  FROM hand;
SELECT round(employment_kpi.effect_treated_rate_low(e)::numeric, 6) AS treated_low,
       round(employment_kpi.effect_treated_rate_high(e)::numeric, 6) AS treated_high,
       round(employment_kpi.effect_control_rate_low(e)::numeric, 6) AS control_low,
       round(employment_kpi.effect_control_rate_high(e)::numeric, 6) AS control_high
  FROM hand;
-- the treated limits are wilson_low/high of the matched treated; the comparison limits at a whole
-- effective size are those of wilson too (one stratum of 10 with 3 outcomes: n_eff = 10)
SELECT employment_kpi.effect_treated_rate_low(e) = employment_kpi.wilson_low(2, 3) AS treated_low_is_wilson,
       employment_kpi.effect_treated_rate_high(e) = employment_kpi.wilson_high(2, 3) AS treated_high_is_wilson
  FROM hand;
SELECT round(employment_kpi.effect_control_n_eff(e)::numeric, 10) AS n_eff,
       round((employment_kpi.effect_control_rate_low(e) - employment_kpi.wilson_low(3, 10))::numeric, 12) AS low_diff,
       round((employment_kpi.effect_control_rate_high(e) - employment_kpi.wilson_high(3, 10))::numeric, 12) AS high_diff
  FROM (VALUES ('v1:{"a":4:1:10:3}'::employment_kpi.effect)) v(e);
-- the same limits at level 0.5 from the accessors, and the interval rebuilt from them
SELECT round(employment_kpi.effect_ci_low(e, 0.5)::numeric, 6) AS low50,
       round((employment_kpi.effect_att(e)
              - sqrt((employment_kpi.effect_treated_rate(e) - employment_kpi.effect_treated_rate_low(e, 0.5)) ^ 2
                     + (employment_kpi.effect_control_rate_high(e, 0.5) - employment_kpi.effect_control_rate(e)) ^ 2))::numeric, 6)
         AS low50_rebuilt,
       round(employment_kpi.effect_ci_high(e, 0.5)::numeric, 6) AS high50
  FROM hand;
-- every interval holds its ATT and lies within [treated_low - control_high, treated_high - control_low],
-- also where the plug-in variance is 0 (no or all outcomes on either side) and in large cells
SELECT count(*) AS cells,
       count(*) FILTER (WHERE lo <= att AND att <= hi AND lo < hi
                          AND lo >= tl - ch - 1e-12 AND hi <= th - cl + 1e-12) AS consistent
  FROM (SELECT employment_kpi.effect_att(e) AS att, employment_kpi.effect_ci_low(e) AS lo,
               employment_kpi.effect_ci_high(e) AS hi,
               employment_kpi.effect_treated_rate_low(e) AS tl, employment_kpi.effect_treated_rate_high(e) AS th,
               employment_kpi.effect_control_rate_low(e) AS cl, employment_kpi.effect_control_rate_high(e) AS ch
          FROM (SELECT format('v1:{"a":%s:%s:%s:%s,"b":%s:%s:%s:%s}', n1, y1, n0, y0, n1 + 2, 1, n0 * 3, y0)::employment_kpi.effect AS e
                  FROM generate_series(1, 12) n1, generate_series(0, 12) y1, (VALUES (1), (4), (40), (4000)) c(n0),
                       generate_series(0, 4) y0
                 WHERE y1 <= n1 AND y0 <= n0) v) x;
-- the cell from the issue: 3 observable participants, none exits; comparison 5 of 12 (one stratum).
-- A normal interval ATT -/+ 1.96 SE is [-.71, -.12] - "significant" - because q = r + ATT = .0064
-- makes the treated variance almost 0; the hybrid score interval [-.680489, .187642] covers 0:
-- low = 0 - 5/12 - (Wilson(5 of 12) high .680489 - 5/12) = -.680489, high = -5/12 + sqrt(.561497^2 + (5/12 - .193260)^2)
SELECT round(employment_kpi.effect_att(e)::numeric, 6) AS att,
       round((employment_kpi.effect_att(e) - employment_kpi.norm_quantile(0.975) * employment_kpi.effect_se(e))::numeric, 2) AS normal_low,
       round((employment_kpi.effect_att(e) + employment_kpi.norm_quantile(0.975) * employment_kpi.effect_se(e))::numeric, 2) AS normal_high,
       round(employment_kpi.effect_ci_low(e)::numeric, 6) AS low, round(employment_kpi.effect_ci_high(e)::numeric, 6) AS high
  FROM (VALUES ('v1:{"w1":3:0:12:5}'::employment_kpi.effect)) v(e);
-- nothing matched: NULL rates, counts 0
SELECT employment_kpi.effect_att(e), employment_kpi.effect_se(e), employment_kpi.effect_ci_low(e),
       employment_kpi.effect_treated(e), employment_kpi.effect_unmatched(e), employment_kpi.effect_control_rate(e),
       employment_kpi.effect_control_n_eff(e), employment_kpi.effect_treated_rate_low(e),
       employment_kpi.effect_control_rate_high(e)
  FROM (VALUES ('v1:{}'::employment_kpi.effect), ('v1:{"a":2:1:0:0}')) v(e);
-- conf outside (0, 1): 22023
\set VERBOSITY sqlstate
SELECT employment_kpi.effect_ci_low(e, 1) FROM hand;
SELECT employment_kpi.effect_ci_high(e, 0) FROM hand;
SELECT employment_kpi.effect_ci_high(e, 'NaN') FROM hand;
SELECT employment_kpi.effect_treated_rate_low(e, 1.5) FROM hand;
SELECT employment_kpi.effect_control_rate_high(e, -0.1) FROM hand;
\set VERBOSITY default

-- the aggregate builds the same value from rows; NULL rows are ignored
SELECT employment_kpi.matched_effect_agg(s, t, o)::text = (SELECT e::text FROM hand) AS same_as_hand,
       employment_kpi.matched_effect_agg(s, t, o)
  FROM (VALUES ('s1', true, true), ('s1', true, false), ('s1', false, true), ('s1', false, false),
               ('s1', false, false), ('s1', false, false), ('s2', true, true), ('s2', false, false),
               ('s3', true, true), ('s3', true, true), ('s3', true, false),
               ('s4', false, true), ('s4', false, true), ('s4', false, true), ('s4', false, false),
               ('s4', false, false), ('s4', false, false), ('s4', false, false),
               (NULL, true, true), ('s1', NULL, true), ('s1', true, NULL)) v(s, t, o);
-- weighted form; n = 0 adds nothing; n < 0 raises 22023
SELECT employment_kpi.matched_effect_agg(s, t, o, n)
  FROM (VALUES ('s1', true, true, 1::bigint), ('s1', true, false, 1), ('s1', false, true, 1), ('s1', false, false, 3),
               ('s2', true, true, 1), ('s2', false, false, 1), ('s3', true, true, 2), ('s3', true, false, 1),
               ('s4', false, true, 3), ('s4', false, false, 4), ('s5', false, false, 0)) v(s, t, o, n);
\set VERBOSITY sqlstate
SELECT employment_kpi.matched_effect_agg(s, t, o, n) FROM (VALUES ('s1', true, true, -1::bigint)) v(s, t, o, n);
\set VERBOSITY default
-- no rows: the empty value
SELECT employment_kpi.matched_effect_agg(s, t, o) FROM (VALUES ('a', true, true)) v(s, t, o) WHERE false;

-- many strata (forces buffer merges), serial and parallel plans give the same value,
-- and rollup of per-month effects equals the effect of the whole period
CREATE TABLE effect_rows AS
SELECT 'g' || (i % 7) || '|' || (DATE '2024-01-01' + 7 * (i % 52)) || '|' || (i % 5) AS stratum,
       DATE '2024-01-01' + 7 * (i % 52) AS week,
       (hashint4(i) % 5 = 0) AS treated, (hashint4(i * 31) % 3 = 0) AS outcome
  FROM generate_series(1, 200000) i;
ANALYZE effect_rows;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT employment_kpi.matched_effect_agg(stratum, treated, outcome) AS e FROM effect_rows;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT employment_kpi.matched_effect_agg(stratum, treated, outcome) FROM effect_rows;
CREATE TEMP TABLE par AS SELECT employment_kpi.matched_effect_agg(stratum, treated, outcome) AS e FROM effect_rows;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT s.e::text = p.e::text AS serial_equals_parallel, employment_kpi.effect_strata(s.e) AS strata,
       employment_kpi.effect_treated(s.e) AS treated, employment_kpi.effect_controls(s.e) AS controls,
       round(employment_kpi.effect_att(s.e)::numeric, 6) AS att
  FROM serial s, par p;
SELECT employment_kpi.rollup(m.e)::text = (SELECT e::text FROM serial) AS rollup_of_months_equals_whole,
       count(*) AS months
  FROM (SELECT date_trunc('month', week) AS month, employment_kpi.matched_effect_agg(stratum, treated, outcome) AS e
          FROM effect_rows GROUP BY 1) m;
-- rollup of overlapping slices adds counts of equal strata
SELECT employment_kpi.rollup(e) FROM (VALUES ('v1:{"a":1:1:2:0}'::employment_kpi.effect), ('v1:{"a":1:0:2:1,"b":0:0:1:1}')) v(e);
DROP TABLE effect_rows;

-- catalogue: every function of this part is commented, and PARALLEL SAFE
-- but for intervention_effect and intervention_exit_curve (they write a
-- temporary work table)
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented, p.proparallel = 's' AS parallel_safe
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'employment_kpi'
   AND (p.proname LIKE 'effect%' OR p.proname LIKE 'matched_effect%' OR p.proname LIKE 'intervention_e%'
        OR (p.proname = 'rollup' AND p.proargtypes[0] = 'employment_kpi.effect'::regtype))
   AND (obj_description(p.oid, 'pg_proc') IS NULL
        OR (p.proparallel <> 's' AND p.proname NOT IN ('intervention_effect', 'intervention_exit_curve')))
 ORDER BY 1, 2;
SELECT obj_description('employment_kpi.effect'::regtype, 'pg_type') IS NOT NULL AS type_commented;
