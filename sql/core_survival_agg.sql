-- Tests src/sql/core/survival.sql: the aggregates.
-- survival_agg and rollup: NULLs, errors, overloads, serial = parallel =
-- partition-wise, rollup of partial summaries, window use
SET search_path = employment_kpi, public;
SET extra_float_digits = 0;
\i test/lib/err.sql

-- NULL duration or event rows are ignored; no rows give the empty summary
SELECT survival_agg(d, e) FROM (VALUES (1.0::float8, true), (2, false), (2, true),
  (NULL, true), (3, NULL), (NULL, NULL), (-0.0, true), (0, false)) v(d, e);
SELECT survival_agg(d, e) FROM (VALUES (NULL::float8, true), (1, NULL)) v(d, e);
SELECT survival_agg(1.0::float8, true) FROM generate_series(1, 0);
SELECT g, survival_agg(d, e) FROM (VALUES (1, 1.5::float8, true), (2, NULL, true), (1, 1.5, false)) v(g, d, e)
GROUP BY g ORDER BY g;
-- the integer overload gives the same summary as float8
SELECT survival_agg(i % 37, i % 3 = 0)::text = survival_agg((i % 37)::float8, i % 3 = 0)::text AS int4_equals_float8,
       survival_agg((i % 37)::int, i % 3 = 0)::text
FROM generate_series(1, 1000) i;

-- bad durations: 22023, naming the value
SELECT pg_temp.err(q) FROM (VALUES
  ($$SELECT employment_kpi.survival_agg(d, true) FROM (VALUES (1.0::float8), (-2.5)) v(d)$$),
  ($$SELECT employment_kpi.survival_agg(d, true) FROM (VALUES ('NaN'::float8)) v(d)$$),
  ($$SELECT employment_kpi.survival_agg(d, false) FROM (VALUES ('Infinity'::float8)) v(d)$$),
  ($$SELECT employment_kpi.survival_agg(d, false) FROM (VALUES ('-Infinity'::float8)) v(d)$$),
  ($$SELECT employment_kpi.survival_agg(d, true) FROM (VALUES (3), (-7)) v(d)$$),
  ($$SELECT employment_kpi_internal.survival_agg_transfn('v1:{1:9223372036854775807:0}', 1.0::float8, true)$$),
  ($$SELECT employment_kpi_internal.survival_agg_transfn('v1:{1:0:9223372036854775807}', 1, false)$$)
) v(q);

-- called directly (not as an aggregate) the support functions never modify their input
SELECT x, employment_kpi_internal.survival_agg_transfn(x, 1.0::float8, true) AS added, x AS unchanged,
       employment_kpi_internal.survival_combine(x, x) AS doubled, x AS still_unchanged
FROM (SELECT 'v1:{1:1:0,4:0:2}'::survival AS x) s;

-- test data: 60 000 rows, 3 groups, few distinct times in group 1,
-- many distinct non-integer times in group 2, a mix in group 3
CREATE TABLE surv_t (id int, grp int, d float8, e bool);
INSERT INTO surv_t
SELECT i, 1 + i % 3,
       CASE i % 3 WHEN 0 THEN (i * 7919) % 521
                  WHEN 1 THEN ((i * 7919) % 100003)::float8 / 100
                  ELSE (i % 50)::float8 / 4 END,
       (i * 13) % 7 < 4
FROM generate_series(1, 60000) i;
INSERT INTO surv_t VALUES (0, 1, NULL, true), (0, 2, 1, NULL);
ANALYZE surv_t;
CREATE TEMP TABLE serial_result AS
SELECT NULL::int AS grp, survival_agg(d, e)::text AS s FROM surv_t
UNION ALL
SELECT grp, survival_agg(d, e)::text FROM surv_t GROUP BY grp;
SELECT grp, survival_n(s::survival), survival_events(s::survival), length(s) FROM serial_result ORDER BY grp NULLS FIRST;

-- forced parallel plans: Partial Aggregate in workers, states shipped to the leader
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT survival_agg(d, e) FROM surv_t;
EXPLAIN (COSTS OFF) SELECT grp, survival_agg(d, e) FROM surv_t GROUP BY grp;
SELECT count(*) AS groups,
       bool_and(p.s = r.s) AS parallel_equals_serial
FROM (SELECT NULL::int AS grp, survival_agg(d, e)::text AS s FROM surv_t
      UNION ALL
      SELECT grp, survival_agg(d, e)::text FROM surv_t GROUP BY grp) p
JOIN serial_result r ON r.grp IS NOT DISTINCT FROM p.grp;
-- rollup of stored summaries in parallel too
CREATE TABLE surv_weekly AS
SELECT id % 52 AS week, grp, survival_agg(d, e) AS s FROM surv_t GROUP BY 1, 2;
ANALYZE surv_weekly;
EXPLAIN (COSTS OFF) SELECT rollup(s) FROM surv_weekly;
SELECT count(*) AS stored, rollup(s)::text = (SELECT s FROM serial_result WHERE grp IS NULL) AS parallel_rollup_ok
FROM surv_weekly;
SET force_parallel_mode = on;
SELECT survival_agg(d, e)::text = (SELECT s FROM serial_result WHERE grp IS NULL) AS forced_parallel_ok FROM surv_t;
RESET force_parallel_mode;
RESET parallel_leader_participation;

-- partition-wise partial aggregation
CREATE TABLE surv_p (id int, grp int, d float8, e bool) PARTITION BY LIST (grp);
CREATE TABLE surv_p1 PARTITION OF surv_p FOR VALUES IN (1);
CREATE TABLE surv_p2 PARTITION OF surv_p FOR VALUES IN (2);
CREATE TABLE surv_p3 PARTITION OF surv_p FOR VALUES IN (3);
INSERT INTO surv_p SELECT * FROM surv_t;
ANALYZE surv_p;
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT e, survival_agg(d, e) FROM surv_p GROUP BY e;
SELECT bool_and(p.s = q.s) AS partitionwise_equals_plain, count(*)
FROM (SELECT e, survival_agg(d, e)::text AS s FROM surv_p GROUP BY e) p
JOIN (SELECT e, survival_agg(d, e)::text AS s FROM surv_t GROUP BY e) q USING (e);
RESET enable_partitionwise_aggregate;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- rollup of per-partition (and per-time) summaries equals the summary of all rows
SELECT rollup(s)::text = (SELECT s FROM serial_result WHERE grp IS NULL) AS rollup_groups_ok
FROM (SELECT grp, survival_agg(d, e) AS s FROM surv_t GROUP BY grp) x;
SELECT rollup(s ORDER BY random())::text = (SELECT s FROM serial_result WHERE grp IS NULL) AS rollup_any_order_ok
FROM (SELECT survival_agg(d, e) AS s FROM surv_t GROUP BY grp, d, e) x;
-- stored weekly summaries rolled up per group (serial) equal the direct summaries
SELECT bool_and(w.s = r.s) AS weekly_to_group_ok, count(*)
FROM (SELECT grp, rollup(s)::text AS s FROM surv_weekly GROUP BY grp) w JOIN serial_result r USING (grp);
SELECT rollup(s) FROM (VALUES (NULL::survival), ('v1:{}'), ('v1:{2:1:0}'), (NULL), ('v1:{1:0:1,2:0:1}')) v(s);
SELECT rollup(s) FROM (VALUES (NULL::survival)) v(s);

-- as a window aggregate (running summary): the state is reused across rows
SELECT i, survival_agg(i % 3, i % 2 = 0) OVER (ORDER BY i) AS running,
       km_median(survival_agg((i % 3)::float8, i % 2 = 0) OVER (ORDER BY i))
FROM generate_series(1, 6) i;
SELECT bool_and(w.s = (SELECT survival_agg(d, e)::text FROM surv_t t WHERE t.grp = w.grp AND t.d <= w.d)) AS running_ok
FROM (SELECT DISTINCT ON (grp, d) grp, d, survival_agg(d, e) OVER (PARTITION BY grp ORDER BY d)::text AS s
      FROM surv_t WHERE d IS NOT NULL AND e IS NOT NULL AND grp = 3) w;

-- the state stays small: O(distinct times), compact once final
SELECT grp, pg_column_size(survival_agg(d, e)) AS bytes, (SELECT count(*) FROM km_curve(survival_agg(d, e))) AS times
FROM surv_t GROUP BY grp ORDER BY grp;

DROP TABLE surv_t, surv_p, surv_weekly;
