-- Tests src/sql/core/fsum.sql.
-- fsum(float8): correctly rounded, order-independent sum (src/fsum.c).
-- Every expected value below is worked out by hand in the comments.
SET extra_float_digits = 3;

-- cancellation: sum() loses the 1, fsum keeps it
SELECT sum(x) AS plain_sum, employment_kpi.fsum(x) AS fsum
FROM (VALUES (1, 1e100::float8), (2, 1.0), (3, -1e100)) AS v(i, x);

-- 1e16 + 1 + 1: each plain addition is a tie rounded to even (1e16);
-- the exact sum 1e16 + 2 is representable
SELECT sum(x ORDER BY i) AS plain_sum, employment_kpi.fsum(x ORDER BY i) = 1e16 + 2 AS fsum_exact
FROM (VALUES (1, 1e16::float8), (2, 1.0), (3, 1.0)) AS v(i, x);

-- half-way cases: 1 + 2^-53 is a tie between 1 and 1 + 2^-52 (even: 1);
-- 1 + 2^-53 + 2^-80 is just above the tie (1 + 2^-52); likewise below
SELECT employment_kpi.fsum(x) = 1.0 AS tie_to_even
FROM (VALUES (1.0::float8), (pg_catalog.power(2::float8, -53))) AS v(x);
SELECT employment_kpi.fsum(x) = 1.0 + pg_catalog.power(2::float8, -52) AS above_tie_rounds_up
FROM (VALUES (pg_catalog.power(2::float8, -80)), (1.0::float8), (pg_catalog.power(2::float8, -53))) AS v(x);
SELECT employment_kpi.fsum(x) = 1.0 AS below_tie_rounds_down
FROM (VALUES (1.0::float8), (pg_catalog.power(2::float8, -53)), (-pg_catalog.power(2::float8, -80))) AS v(x);

-- order independence: 2000 values of wildly different magnitudes and signs
-- summed in 20 random orders, and in 4 slices combined, give one result
CREATE TEMP TABLE fx AS
SELECT i, (CASE WHEN i % 3 = 0 THEN -1 ELSE 1 END) * (1 + (i * 7919 % 1000) / 997.0)
          * pg_catalog.power(10::float8, (i * 31 % 40) - 20) AS x
FROM pg_catalog.generate_series(1, 2000) AS i;
SELECT count(DISTINCT s) AS distinct_fsums
FROM (SELECT employment_kpi.fsum(x ORDER BY pg_catalog.md5(i::text || o::text)) AS s
      FROM fx, pg_catalog.generate_series(1, 20) AS o GROUP BY o) AS r;
SELECT count(DISTINCT s) > 1 AS plain_sum_order_dependent
FROM (SELECT pg_catalog.sum(x ORDER BY pg_catalog.md5(i::text || o::text)) AS s
      FROM fx, pg_catalog.generate_series(1, 20) AS o GROUP BY o) AS r;
-- states of four slices, shipped as text (as Citus does) and combined,
-- give the same result; so does a parallel plan
CREATE AGGREGATE public.fsum_state(float8) (SFUNC = employment_kpi_internal.fsum_accum, STYPE = float8[]);
CREATE AGGREGATE public.fsum_merge(float8[]) (SFUNC = employment_kpi_internal.fsum_combine, STYPE = float8[]);
SELECT employment_kpi_internal.fsum_final(public.fsum_merge(st::text::float8[])) = (SELECT employment_kpi.fsum(x) FROM fx)
       AS slices_combine
FROM (SELECT public.fsum_state(x) AS st FROM fx GROUP BY i % 4) AS s;
SELECT employment_kpi_internal.fsum_combine(NULL, NULL) IS NULL AS combine_nulls;
SELECT employment_kpi_internal.fsum_final(NULL) IS NULL AS final_null, employment_kpi.fsum(x) IS NULL AS no_rows
FROM fx WHERE false;
SELECT employment_kpi.fsum(x) AS nulls_skipped FROM (VALUES (NULL::float8), (2.5), (NULL)) AS v(x);
SELECT employment_kpi.fsum(x) AS zero FROM (VALUES (1.5::float8), (-1.5)) AS v(x);
CREATE TABLE public.fsum_big AS SELECT i, x FROM fx, pg_catalog.generate_series(1, 50) AS g;
ANALYZE public.fsum_big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT employment_kpi.fsum(x) FROM public.fsum_big;
CREATE TEMP TABLE par AS SELECT employment_kpi.fsum(x) AS s FROM public.fsum_big;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT s FROM par) = employment_kpi.fsum(x) AS parallel_equals_serial FROM public.fsum_big;
RESET max_parallel_workers_per_gather;
DROP TABLE public.fsum_big;

-- errors: non-finite input (22023), overflow (22003), malformed states (22023)
\i test/lib/err.sql
SELECT pg_temp.err($q$SELECT employment_kpi.fsum(x) FROM (VALUES (1.0::float8), ('NaN')) AS v(x)$q$);
SELECT pg_temp.err($q$SELECT employment_kpi.fsum(x) FROM (VALUES (1.0::float8), ('-Infinity')) AS v(x)$q$);
SELECT pg_temp.err($q$SELECT employment_kpi.fsum(x) FROM (VALUES (1.7e308::float8), (1.7e308)) AS v(x)$q$);
SELECT pg_temp.err($q$SELECT employment_kpi_internal.fsum_final('{1,0}')$q$);
SELECT pg_temp.err($q$SELECT employment_kpi_internal.fsum_final(pg_catalog.array_fill(0::float8, ARRAY[66]))$q$);
-- more partials than the 64 slots
SELECT pg_temp.err($q$SELECT employment_kpi_internal.fsum_final(ARRAY[1, 65]::float8[] || pg_catalog.array_fill(1::float8, ARRAY[64]))$q$);
SELECT pg_temp.err($q$SELECT employment_kpi_internal.fsum_accum((SELECT pg_catalog.array_agg(CASE WHEN g = 1 THEN 1 WHEN g = 2 THEN 1.5 ELSE 0 END::float8)
                                  FROM pg_catalog.generate_series(1, 66) AS g), 1.0)$q$);
SELECT pg_temp.err($q$SELECT employment_kpi_internal.fsum_combine((SELECT pg_catalog.array_agg(CASE WHEN g = 1 THEN 1 WHEN g = 2 THEN 1 WHEN g = 3 THEN 'NaN'::float8 ELSE 0 END)
                                    FROM pg_catalog.generate_series(1, 66) AS g), NULL)$q$);
SELECT pg_temp.err($q$SELECT employment_kpi_internal.fsum_final('{{1,0},{0,0}}'::float8[])$q$);
SELECT pg_temp.err($q$SELECT employment_kpi_internal.fsum_final(ARRAY[1, NULL]::float8[])$q$);
DROP AGGREGATE public.fsum_state(float8);
DROP AGGREGATE public.fsum_merge(float8[]);
