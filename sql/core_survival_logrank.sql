-- Tests src/sql/core/survival.sql: logrank_test.
-- logrank_test against R's survdiff (fixtures: test/fixtures/survival/make_fixtures.R)
SET search_path = employment_kpi, public;
SET extra_float_digits = 0;

CREATE TEMP TABLE lr_data (dataset text, grp int, time float8, status int);
\copy lr_data FROM 'test/fixtures/survival/logrank_data.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO lr_data
SELECT 'large_five_groups', i % 5,
       (((i * 7919) % 401) + (i % 5))::float8 + ((i * 17) % 3)::float8 / 4,
       (((i * 13) % 7) < 4)::int
FROM generate_series(1::bigint, 100000) i;
CREATE TEMP TABLE lr_ref (dataset text, chisq float8, df int, p_value float8);
\copy lr_ref FROM 'test/fixtures/survival/logrank_result.csv' WITH (FORMAT csv, HEADER true)

CREATE TEMP TABLE lr_groups AS
SELECT dataset, grp, survival_agg(time, status = 1) AS s FROM lr_data GROUP BY 1, 2;

\i test/lib/relerr.sql

-- chi-square, df and p-value as R, in R's group order and reversed
SELECT r.dataset, (SELECT count(*) FROM lr_groups g WHERE g.dataset = r.dataset) AS groups,
       t.df, r.df AS r_df,
       pg_temp.relerr(t.chisq, r.chisq) <= 1e-9 AS chisq_ok,
       pg_temp.relerr(t.p_value, r.p_value) <= 1e-9 AS p_ok,
       pg_temp.relerr(rev.chisq, r.chisq) <= 1e-9 AS reversed_ok,
       round(t.chisq::numeric, 4) AS chisq
FROM lr_ref r,
     LATERAL logrank_test(ARRAY(SELECT s FROM lr_groups g WHERE g.dataset = r.dataset ORDER BY grp)) t,
     LATERAL logrank_test(ARRAY(SELECT s FROM lr_groups g WHERE g.dataset = r.dataset ORDER BY grp DESC)) rev
ORDER BY r.dataset;

-- identical groups: chisq 0, p 1
SELECT round(chisq::numeric, 12) AS chisq, df, round(p_value::numeric, 12) AS p
FROM logrank_test(ARRAY['v1:{1:1:0,2:1:1,5:2:0}', 'v1:{1:1:0,2:1:1,5:2:0}']::survival[]);
-- empty summaries and groups without expected events do not count
SELECT round(chisq::numeric, 6) AS chisq, df
FROM logrank_test(ARRAY['v1:{1:1:0,2:1:1,5:2:0}', 'v1:{}', 'v1:{1:0:1,3:1:0,4:1:0}', 'v1:{0.5:0:3}']::survival[]);
-- fewer than two groups with expected events: one row of NULLs and df 0
SELECT * FROM logrank_test(ARRAY['v1:{1:1:0}']::survival[]);
SELECT * FROM logrank_test(ARRAY[]::survival[]);
SELECT * FROM logrank_test(ARRAY['v1:{1:0:1}', 'v1:{2:0:1}']::survival[]);
SELECT * FROM logrank_test(ARRAY['v1:{1:1:0}', 'v1:{}']::survival[]);
-- a two-dimensional array is read as a flat list of groups
SELECT round(chisq::numeric, 6) AS chisq, df
FROM logrank_test(ARRAY[['v1:{1:1:0,2:1:1}', 'v1:{3:2:0}'], ['v1:{1:1:1}', 'v1:{4:1:1}']]::survival[]);

-- errors
\i test/lib/err.sql
SELECT pg_temp.err(q) FROM (VALUES
  ($$SELECT * FROM employment_kpi.logrank_test(ARRAY['v1:{1:1:0}', NULL]::employment_kpi.survival[])$$),
  ($$SELECT * FROM employment_kpi.logrank_test(array_fill('v1:{1:1:0}'::employment_kpi.survival, ARRAY[1001]))$$)
) v(q);
-- STRICT: a NULL array gives no row
SELECT count(*) AS rows_for_null FROM logrank_test(NULL);
