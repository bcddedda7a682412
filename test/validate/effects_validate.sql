-- Report of the intervention_effect validation against synthetic_truth,
-- from the rows effects_validate_seed.sql stored (every type x group whose
-- truth has at least min_participants participants, horizons 13/26/52).
-- Criteria: at least 90% of the 95% intervals cover the truth, no |z| > 4,
-- SD of z in 0.8..1.2, z = (estimate - truth) / SE.
SET extra_float_digits = 0;
\echo definitions: observable starts and their exits equal the truth, cell by cell
SELECT * FROM effects_validation_def ORDER BY seed;
-- z summarised per seed, per horizon and over all (level)
CREATE OR REPLACE TEMP VIEW effects_validation_z AS
SELECT CASE GROUPING(seed, horizon) WHEN 1 THEN 'seed' WHEN 2 THEN 'horizon' ELSE 'all' END AS level,
       seed, horizon, count(*) AS cells,
       round(avg((abs(z) <= 1.959964)::int)::numeric, 3) AS coverage,
       round(max(abs(z))::numeric, 2) AS worst_abs_z,
       round(stddev_samp(z)::numeric, 2) AS sd_z,
       round(avg(z)::numeric, 2) AS mean_z,
       avg((abs(z) <= 1.959964)::int) >= 0.90 AS coverage_ok,
       max(abs(z)) <= 4 AS worst_ok,
       stddev_samp(z) BETWEEN 0.8 AND 1.2 AS spread_ok
  FROM effects_validation GROUP BY GROUPING SETS ((seed), (horizon), ());
\echo per seed
SELECT seed, cells, coverage, worst_abs_z, sd_z, mean_z
  FROM effects_validation_z WHERE level = 'seed' ORDER BY seed;
\echo per horizon
SELECT horizon, cells, coverage, worst_abs_z, sd_z, mean_z
  FROM effects_validation_z WHERE level = 'horizon' ORDER BY horizon;
\echo all seeds and horizons
SELECT cells, coverage, worst_abs_z, sd_z, mean_z, coverage_ok, worst_ok, spread_ok
  FROM effects_validation_z WHERE level = 'all';
