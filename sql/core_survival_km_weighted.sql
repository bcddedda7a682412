-- Tests src/sql/core/survival.sql: km_weighted.
-- km_weighted (src/km_weighted.c): the weighted Kaplan-Meier curve with
-- log-type limits from per-time sums.  Hand-computed cases, every error
-- path with its SQLSTATE, R's survival package (fixtures made by
-- test/fixtures/survival/make_weighted_fixtures.R) within 1e-10 relative,
-- and bit for bit (=, not approximately) against a SQL formulation of the
-- matched comparison's weighted curve, with the median of both (below).
SET search_path = employment_kpi, public;
-- 12 significant digits: the values below are shown rounded (the exact
-- comparisons are booleans)
SET extra_float_digits = -3;

-- ---- by hand ----------------------------------------------------------------
-- per time (events, totals, counts): 1: (1, 2, 2), 2: (0, 1, 1), 3: (2, 4, 3),
-- 4: (1, 1, 1).  At risk from the top: r = 1, 5, 6, 8 and n = 1, 4, 5, 7 at
-- times 4, 3, 2, 1.  Rows only at the event times 1, 3, 4:
--   t = 1: S = 1 - 1/8 = 0.875, var = 1/(8*7) = 1/56, se_log = 0.133630620956212
--          lower = 0.875 exp(-1.959963984540054 * 0.133630620956212) = 0.673381936505955
--          upper = 0.875 exp(+0.261911...) = 1.13... -> 1
--   t = 3: S = 0.875 (1 - 2/5) = 0.525, var = 1/56 + 2/(5*3) = 127/840,
--          se_log = sqrt(127/840) = 0.388832195414007,
--          lower = 0.525 exp(-0.762098...) = 0.245010523712433, upper -> 1
--   t = 4: d = r: 1 - d/r = 0 is floored at 1e-300, S = 0.525e-300; var
--          unchanged (no term where r = d); limits 0.525e-300 exp(-/+ 0.762098...)
SELECT * FROM km_weighted('{1,2,3,4}', '{1,0,2,1}', '{2,1,4,1}', '{2,1,3,1}');
-- the same against the exact fractions, within 1e-12 relative (at t = 4 the
-- sum of logs holds log(1e-300) = -690.8, whose last bit is 1e-13 of S)
SELECT k."time",
       abs(k.surv / x.s - 1) < 1e-12 AS surv_ok,
       abs(k.se_log / sqrt(x.v) - 1) < 1e-12 AS se_ok,
       abs(k.lower / (x.s * exp(-norm_quantile(0.975) * sqrt(x.v))) - 1) < 1e-12 AS lower_ok,
       abs(k.upper / least(x.s * exp(norm_quantile(0.975) * sqrt(x.v)), 1) - 1) < 1e-12 AS upper_ok
FROM km_weighted('{1,2,3,4}', '{1,0,2,1}', '{2,1,4,1}', '{2,1,3,1}') k
JOIN (VALUES (1::float8, 7 / 8::float8, 1 / 56::float8),
             (3, 21 / 40::float8, 127 / 840::float8),
             (4, 21 / 40::float8 * 1e-300, 127 / 840::float8)) x(t, s, v) ON x.t = k."time"
ORDER BY 1;
-- the median: the first time with S <= 0.5, here 4 (S(3) = 0.525)
SELECT min("time") AS median FROM km_weighted('{1,2,3,4}', '{1,0,2,1}', '{2,1,4,1}', '{2,1,3,1}')
WHERE surv <= 0.5;
-- 90% limits: z = 1.644853626951472; t = 1: 0.875 exp(-1.644853626951472 * 0.133630620956212)
--   = 0.702342428377071; t = 3: 0.525 exp(-/+ 0.639573...) = 0.276947017599745, 0.995226460240652
SELECT "time", lower, upper FROM km_weighted('{1,2,3,4}', '{1,0,2,1}', '{2,1,4,1}', '{2,1,3,1}', 0.9);

-- input order does not matter: any permutation gives the same rows, bit for bit
SELECT count(*) AS rows,
       count(*) FILTER (WHERE (a.*) IS DISTINCT FROM (b.*)) AS differing
FROM km_weighted('{1,2,3,4}', '{1,0,2,1}', '{2,1,4,1}', '{2,1,3,1}') WITH ORDINALITY a
FULL JOIN km_weighted('{3,1,4,2}', '{2,1,1,0}', '{4,2,1,1}', '{3,2,1,1}') WITH ORDINALITY b
  ON a.ordinality = b.ordinality;

-- non-integer times and weights, a time 0: r = 0.7 + 1.3 + 2.5 = 4.5 at time 0,
-- S = 1 - 0.7/4.5 = 0.844444444444; at 1.5 r = 3.8, S = 3.8/4.5 (1 - 0.5/3.8)
-- = 3.3/4.5 = 0.733333333333, se_log = sqrt(0.7/(4.5*3.8) + 0.5/(3.8*3.3))
-- = sqrt(0.040935672515 + 0.039872408293) = 0.284267621807; no row at 2.25
-- (censored only)
SELECT "time", n_risk, w_risk, n_event, surv, se_log
FROM km_weighted('{0,1.5,2.25}', '{0.7,0.5,0}', '{0.7,1.3,2.5}', '{1,2,3}');

-- edge cases
SELECT count(*) AS empty_arrays FROM km_weighted('{}', '{}', '{}', '{}');
SELECT count(*) AS all_censored FROM km_weighted('{1,2}', '{0,0}', '{1,1}', '{1,1}');
SELECT count(*) AS null_argument FROM km_weighted(NULL, '{1}', '{1}', '{1}');
SELECT count(*) AS null_conf FROM km_weighted('{1}', '{1}', '{1}', '{1}', NULL);
-- a single event time where every one at risk has the event: S = 1e-300 (R: 0)
SELECT "time", n_risk, w_risk, surv, se_log, lower, upper
FROM km_weighted('{5}', '{2.5}', '{2.5}', '{2}');
-- zero weights: times after the last positive total have r = 0 and no
-- events, so no rows and no effect on S (a SQL formulation with
-- 1 - d / nullif(r, 0) would turn such a time into a drop to 1e-300 S; in
-- effects.sql every total is positive, so this never arises there)
SELECT "time", n_risk, w_risk, surv FROM km_weighted('{1,2,3}', '{1,0,0}', '{2,0,0}', '{1,1,1}');
-- bounds: a lower array bound other than 1 is just a list
SELECT "time", surv FROM km_weighted('[0:1]={1,2}'::float8[], '{1,1}', '{4,2}', '{4,2}');

-- ---- errors -----------------------------------------------------------------
\i test/lib/err.sql
SELECT pg_temp.err('SELECT * FROM employment_kpi.km_weighted(' || a || ')') FROM (VALUES
  -- NULL elements: 22004
  ($$'{1,NULL}', '{1,1}', '{1,1}', '{1,1}'$$),
  ($$'{1,2}', '{NULL,1}', '{1,1}', '{1,1}'$$),
  ($$'{1,2}', '{1,1}', '{1,NULL}', '{1,1}'$$),
  ($$'{1,2,3}', '{1,1,1}', '{1,1,1}', '{1,1,NULL}'$$),
  -- shapes: 2202E
  ($$'{1,2}', '{1}', '{1,1}', '{1,1}'$$),
  ($$'{1,2}', '{1,1}', '{1,1}', '{}'$$),
  ($$'{{1,2}}', '{1,1}', '{1,1}', '{1,1}'$$),
  ($$'{1,2}', '{1,1}', '{{1},{1}}', '{1,1}'$$),
  -- values: 22023
  ($$'{1,NaN}', '{1,1}', '{1,1}', '{1,1}'$$),
  ($$'{1,Infinity}', '{1,1}', '{1,1}', '{1,1}'$$),
  ($$'{-Infinity}', '{1}', '{1}', '{1}'$$),
  ($$'{1,-0.5}', '{1,1}', '{1,1}', '{1,1}'$$),
  ($$'{3,1,3}', '{1,1,1}', '{1,1,1}', '{1,1,1}'$$),
  ($$'{0,-0}', '{1,1}', '{1,1}', '{1,1}'$$),
  ($$'{1,2}', '{1,NaN}', '{1,1}', '{1,1}'$$),
  ($$'{1,2}', '{-1,1}', '{1,1}', '{1,1}'$$),
  ($$'{1,2}', '{1,1}', '{1,Infinity}', '{1,1}'$$),
  ($$'{1,2}', '{0,0}', '{1,-2}', '{1,1}'$$),
  ($$'{1,2}', '{1,1}', '{NaN,1}', '{1,1}'$$),
  ($$'{1,2}', '{1,1}', '{1,1}', '{1,-1}'$$),
  ($$'{1,2}', '{1,1.5}', '{1,1.25}', '{1,1}'$$),
  ($$'{1}', '{1}', '{1}', '{1}', 0$$),
  ($$'{1}', '{1}', '{1}', '{1}', 1$$),
  ($$'{1}', '{1}', '{1}', '{1}', -0.5$$),
  ($$'{1}', '{1}', '{1}', '{1}', 'NaN'$$),
  ($$'{}', '{}', '{}', '{}', 1.5$$),
  -- sums out of range: 22003
  ($$'{1,2}', '{0,0}', '{1e308,1e308}', '{1,1}'$$),
  ($$'{1,2}', '{0,0}', '{1,1}', '{9223372036854775807,1}'$$)
) v(a);
-- the C function declared with another element type (a wrong declaration,
-- not reachable through km_weighted itself): 42804
CREATE FUNCTION pg_temp.km_weighted_int(int[], float8[], float8[], bigint[], float8)
RETURNS SETOF record AS '$libdir/employment_kpi', 'km_weighted' LANGUAGE C STRICT;
SELECT pg_temp.err($$SELECT * FROM pg_temp.km_weighted_int('{1}', '{1}', '{1}', '{1}', 0.95)
                     AS k(t float8, n bigint, w float8, d float8, s float8, se float8, lo float8, up float8)$$);

-- ---- against R --------------------------------------------------------------
CREATE TEMP TABLE kw_data (dataset text, time float8, status int, w float8);
\copy kw_data FROM 'test/fixtures/survival/km_weighted_data.csv' WITH (FORMAT csv, HEADER true)
-- the large set, generated by the same formula as in make_weighted_fixtures.R
INSERT INTO kw_data
SELECT 'large_formula', ((i * 7919) % 301 + ((i * 13) % 4) / 4.0)::float8,
       (((i * 31) % 10) < 6)::int, ((i * 37) % 17 + 1)::float8 / 9
FROM generate_series(1, 20000) i;
CREATE TEMP TABLE kw_ref (dataset text, conf float8, time float8, n_risk float8, n_event float8,
    surv float8, std_err float8, lower float8, upper float8);
\copy kw_ref FROM 'test/fixtures/survival/km_weighted_curve.csv' WITH (FORMAT csv, HEADER true)

-- per time sums, then one call per data set and level
CREATE TEMP TABLE kw_ours AS
SELECT a.dataset, c.conf, k.*
FROM (SELECT dataset, array_agg(time ORDER BY time) AS t, array_agg(d ORDER BY time) AS d,
             array_agg(tot ORDER BY time) AS tot, array_agg(n ORDER BY time) AS n
        FROM (SELECT dataset, time, coalesce(fsum(w) FILTER (WHERE status = 1), 0) AS d,
                     fsum(w) AS tot, count(*) AS n
                FROM kw_data GROUP BY 1, 2) x
       GROUP BY 1) a
CROSS JOIN (VALUES (0.95::float8), (0.9)) c(conf)
CROSS JOIN LATERAL km_weighted(a.t, a.d, a.tot, a.n, c.conf) k;

\i test/lib/relerr.sql

-- every R row (large set: every 7th) matched; surv, se_log (R's fit$std.err),
-- the limits, w_risk (R's weighted n.risk) and n_event within 1e-10; where
-- R has S = 0 (d = r) we have S = 1e-300 S(t-) and R no std.err or limits
SELECT r.dataset, r.conf, count(*) AS r_rows, count(o."time") AS matched,
       count(*) FILTER (WHERE r.surv = 0) AS d_equals_r,
       max(greatest(pg_temp.relerr(o.surv, r.surv), pg_temp.relerr(o.se_log, r.std_err),
                    pg_temp.relerr(o.lower, r.lower), pg_temp.relerr(o.upper, r.upper),
                    pg_temp.relerr(o.w_risk, r.n_risk), pg_temp.relerr(o.n_event, r.n_event)))
         FILTER (WHERE r.surv > 0) <= 1e-10 AS within_1e10,
       coalesce(bool_and(o.surv < 1e-290 AND r.std_err IS NULL AND r.lower IS NULL AND r.upper IS NULL
                         AND pg_temp.relerr(o.w_risk, r.n_risk) <= 1e-10
                         AND pg_temp.relerr(o.n_event, r.n_event) <= 1e-10)
                  FILTER (WHERE r.surv = 0), true) AS d_equals_r_rows_ok
FROM kw_ref r
LEFT JOIN kw_ours o ON o.dataset = r.dataset AND o.conf = r.conf AND o."time" = r.time
GROUP BY 1, 2 ORDER BY 1, 2 DESC;
-- and no rows of ours that R does not have (the large set is sampled in R)
SELECT o.dataset, count(*) AS extra_rows
FROM kw_ours o LEFT JOIN kw_ref r ON o.dataset = r.dataset AND o.conf = r.conf AND o."time" = r.time
WHERE r.time IS NULL AND o.dataset <> 'large_formula'
GROUP BY 1 ORDER BY 1;
SELECT count(*) AS large_rows FROM kw_ours WHERE dataset = 'large_formula' AND conf = 0.95;
-- n_risk is the unweighted count at risk: on the hand set 7, 4, 1
SELECT "time", n_risk, w_risk FROM kw_ours WHERE dataset = 'hand' AND conf = 0.95 ORDER BY 1;

-- ---- bit for bit against a SQL formulation -----------------------------------
-- comparison rows as effect_person_weeks gives them: per cell, integer
-- durations, event flag and count n, and a weight per observation wt
-- (the estimator's n1/n0 of the row's stratum).  Cells 0-2 general, 3 heavily
-- censored (median not reached), 4 without events, 5 ending with times where
-- every one at risk has the event (d = r); cell 0 also has later censored-only
-- times.
CREATE TEMP TABLE kw_obs AS
SELECT i % 6 AS cell,
       CASE WHEN i % 6 = 0 AND i % 50 = 0 THEN 60 + i % 7 ELSE ((i * 7919) % 53)::int END AS dur,
       CASE i % 6 WHEN 3 THEN (i * 13) % 7 = 0
                  WHEN 4 THEN false
                  WHEN 5 THEN (i * 13) % 7 < 4 OR (i * 7919) % 53 >= 50
                  ELSE (i * 13) % 7 < 4 AND NOT (i % 6 = 0 AND i % 50 = 0) END AS ev,
       (1 + i % 3)::bigint AS n,
       ((i * 37) % 11 + 1)::float8 / ((i * 17) % 13 + 2) AS wt
FROM generate_series(1, 900) i;

-- per cell and time the sums both sides below start from, with fsum and
-- with sum: events d (weight with the event), total weight tot, count n
CREATE TEMP TABLE kw_t AS
SELECT p.cell, s.fsum, p.dur,
       coalesce(CASE WHEN s.fsum THEN employment_kpi.fsum(p.n * p.wt) FILTER (WHERE p.ev)
                     ELSE sum(p.n * p.wt) FILTER (WHERE p.ev) END, 0) AS d,
       CASE WHEN s.fsum THEN employment_kpi.fsum(p.n * p.wt) ELSE sum(p.n * p.wt) END AS tot,
       sum(p.n)::bigint AS n
  FROM kw_obs p CROSS JOIN (VALUES (true), (false)) s(fsum)
 GROUP BY 1, 2, 3;

-- the curve in SQL: at risk from the largest time down (cmp_r), S as exp of
-- a running sum of logs and se_log at the event times (cmp_s)
CREATE TEMP TABLE kw_sql_curve AS
WITH cmp_r AS (
    SELECT c.cell, c.fsum, c.dur, c.d,
           sum(c.tot) OVER (PARTITION BY c.cell, c.fsum ORDER BY c.dur DESC) AS r,
           sum(c.n) OVER (PARTITION BY c.cell, c.fsum ORDER BY c.dur DESC) AS nr
      FROM kw_t c
), cmp_s AS (
    SELECT c.cell, c.fsum, c.dur, c.nr,
           exp(sum(ln(greatest(1 - c.d / c.r, 1e-300)))
               OVER (PARTITION BY c.cell, c.fsum ORDER BY c.dur)) AS s,
           sqrt(sum(CASE WHEN c.r > c.d THEN c.d / (c.r * (c.r - c.d)) ELSE 0 END)
               OVER (PARTITION BY c.cell, c.fsum ORDER BY c.dur)) AS se_log
      FROM cmp_r c WHERE c.d > 0
), z AS (
    SELECT employment_kpi.norm_quantile(0.975) AS z
)
SELECT c.cell, c.fsum, c.dur, c.s,
       greatest(c.s * exp(-z.z * c.se_log), 0) AS lower, least(c.s * exp(z.z * c.se_log), 1) AS upper,
       c.nr::bigint AS n_risk, c.se_log
  FROM cmp_s c, z;

-- the same sums through km_weighted (in place of cmp_r and cmp_s)
CREATE TEMP TABLE kw_fn_curve AS
SELECT a.cell, a.fsum, k."time"::int AS dur, k.surv AS s, k.lower, k.upper, k.n_risk, k.se_log
  FROM (SELECT c.cell, c.fsum,
               array_agg(c.dur::float8 ORDER BY c.dur) AS t, array_agg(c.d ORDER BY c.dur) AS d,
               array_agg(c.tot ORDER BY c.dur) AS tot, array_agg(c.n ORDER BY c.dur) AS n
          FROM kw_t c GROUP BY 1, 2) a
 CROSS JOIN LATERAL employment_kpi.km_weighted(a.t, a.d, a.tot, a.n) k;

SELECT s.fsum, count(*) AS rows, count(s.cell) AS sql_rows, count(f.cell) AS fn_rows,
       count(DISTINCT coalesce(s.cell, f.cell)) AS cells,
       count(*) FILTER (WHERE s.s IS DISTINCT FROM f.s) AS surv_differ,
       count(*) FILTER (WHERE s.lower IS DISTINCT FROM f.lower) AS lower_differ,
       count(*) FILTER (WHERE s.upper IS DISTINCT FROM f.upper) AS upper_differ,
       count(*) FILTER (WHERE s.n_risk IS DISTINCT FROM f.n_risk) AS n_risk_differ,
       count(*) FILTER (WHERE s.se_log IS DISTINCT FROM f.se_log) AS se_log_differ
FROM kw_sql_curve s FULL JOIN kw_fn_curve f USING (cell, fsum, dur)
GROUP BY 1 ORDER BY 1;
-- the data reach the floor (d = r), limits clipped at 1, and every cell but 4
SELECT count(*) FILTER (WHERE s < 1e-290) AS floored, count(*) FILTER (WHERE upper = 1) AS upper_clipped,
       count(DISTINCT cell) AS cells_with_rows
FROM kw_fn_curve WHERE fsum;

-- the median of each curve, the first time with S <= 0.5, one row per cell
SELECT cell, fsum, sql_median, fn_median, sql_median IS NOT DISTINCT FROM fn_median AS equal
FROM (SELECT c.cell, c.fsum,
             (SELECT min(x.dur)::float8 FROM kw_sql_curve x
               WHERE x.cell = c.cell AND x.fsum = c.fsum AND x.s <= 0.5) AS sql_median,
             (SELECT min(x.dur)::float8 FROM kw_fn_curve x
               WHERE x.cell = c.cell AND x.fsum = c.fsum AND x.s <= 0.5) AS fn_median
        FROM (SELECT DISTINCT cell, fsum FROM kw_t) c) m
ORDER BY 2 DESC, 1;

DROP TABLE kw_data, kw_ref, kw_ours, kw_obs, kw_t, kw_sql_curve, kw_fn_curve;
