-- Tests src/sql/core/survival.sql; also the survival type of core/storage.sql.
-- survival type: catalog properties (parallel safety, non-internal state,
-- comments) and the SQLSTATE of each user-facing error path
BEGIN;
SELECT plan(22);

SELECT has_type('employment_kpi', 'survival', 'type survival exists');

-- every survival function is PARALLEL SAFE, IMMUTABLE and commented
SELECT is(
  (SELECT count(*)::int FROM pg_proc p
   WHERE p.pronamespace = 'employment_kpi'::regnamespace
     AND (p.proname LIKE 'survival%' OR p.proname LIKE 'km\_%' OR p.proname IN ('logrank_test', 'rollup'))
     AND (p.proparallel <> 's' OR (p.prokind = 'f' AND p.provolatile <> 'i')
          OR obj_description(p.oid, 'pg_proc') IS NULL)),
  0, 'survival functions are IMMUTABLE, PARALLEL SAFE and commented');
SELECT ok(obj_description('employment_kpi.survival'::regtype, 'pg_type') LIKE '%v1:{%',
          'the type comment documents the text format');

-- the aggregates: state type survival (not internal), with a combine function
SELECT is(
  (SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
   WHERE p.pronamespace = 'employment_kpi'::regnamespace
     AND p.proname IN ('survival_agg', 'rollup')
     AND a.aggtranstype = 'employment_kpi.survival'::regtype
     AND a.aggcombinefn <> 0 AND a.aggfinalfn <> 0),
  3, 'survival_agg (float8, int4) and rollup have a survival state and a combine function');

SELECT is(employment_kpi.survival_agg(d, e)::text, 'v1:{1:1:0,2:1:1}',
          'survival_agg ignores NULL durations and events')
FROM (VALUES (1.0::float8, true), (2, true), (2, false), (NULL, true), (3, NULL)) v(d, e);
SELECT is(employment_kpi.km_median('v1:{1:1:0,2:1:0,3:1:0,4:1:0}'), 2.5::float8,
          'km_median averages at S = 0.5 exactly (R print rule)');
SELECT is((SELECT df FROM employment_kpi.logrank_test(ARRAY['v1:{1:1:0}', 'v1:{2:1:0}', 'v1:{3:1:0}']::employment_kpi.survival[])),
          2, 'logrank_test df = groups - 1');

SELECT throws_ok($$SELECT 'v1:{1:-1:0}'::employment_kpi.survival$$, '22P02', NULL, 'negative count in text');
SELECT throws_ok($$SELECT 'v1:{2:1:0,1:1:0}'::employment_kpi.survival$$, '22P02', NULL, 'unsorted text');
SELECT throws_ok($$SELECT 'v1:{nan:1:0}'::employment_kpi.survival$$, '22P02', NULL, 'NaN time in text');
SELECT throws_ok($$SELECT '\x0100000001'::bytea::employment_kpi.survival$$, '22P03', NULL, 'truncated binary');
SELECT throws_ok($$SELECT '\x0200000000'::bytea::employment_kpi.survival$$, '22P03', NULL, 'unknown binary version');
SELECT throws_ok($$SELECT employment_kpi.survival_agg(-1.0::float8, true)$$, '22023', NULL, 'negative duration');
SELECT throws_ok($$SELECT employment_kpi.survival_agg('Infinity'::float8, true)$$, '22023', NULL, 'infinite duration');
SELECT throws_ok($$SELECT employment_kpi.survival_agg(-1, true)$$, '22023', NULL, 'negative integer duration');
SELECT throws_ok($$SELECT employment_kpi_internal.survival_agg_transfn('v1:{1:9223372036854775807:0}', 1.0::float8, true)$$,
                 '22003', NULL, 'count overflow');
SELECT throws_ok($$SELECT * FROM employment_kpi.km_curve('v1:{1:1:0}', 1.0)$$, '22023', NULL, 'conf = 1');
SELECT throws_ok($$SELECT employment_kpi.km_quantile('v1:{1:1:0}', 0)$$, '22023', NULL, 'p = 0');
SELECT throws_ok($$SELECT employment_kpi.km_rmst('v1:{1:1:0}', 0)$$, '22023', NULL, 'tau = 0');
SELECT throws_ok($$SELECT employment_kpi.km_surv_at('v1:{1:1:0}', 'NaN')$$, '22023', NULL, 't = NaN');
SELECT throws_ok($$SELECT * FROM employment_kpi.logrank_test(ARRAY[NULL, 'v1:{1:1:0}']::employment_kpi.survival[])$$,
                 '22023', NULL, 'NULL group');
SELECT throws_ok($$SELECT employment_kpi.survival_n(employment_kpi.rollup(s)) FROM (VALUES ('v1:{1:9223372036854775807:0}'::employment_kpi.survival), ('v1:{2:0:1}')) v(s)$$,
                 '22003', NULL, 'total beyond bigint');

SELECT * FROM finish();
ROLLBACK;
