-- Report of the intervention_effect validation against synthetic_truth,
-- from the rows effects_validate_seed.sql stored (every type x group whose
-- truth has at least min_participants participants, horizons 13/26/52).
-- Criteria: at least 90% of the 95% intervals cover the truth, no |z| > 4,
-- SD of z in 0.8..1.2, z = (estimate - truth) / SE.
SET extra_float_digits = 0;
\echo definitions: observable starts and their exits equal the truth, cell by cell
SELECT * FROM effects_validation_def ORDER BY seed;
\echo per seed
SELECT seed, count(*) AS cells,
       round(avg((abs(z) <= 1.959964)::int)::numeric, 3) AS coverage,
       round(max(abs(z))::numeric, 2) AS worst_abs_z,
       round(stddev_samp(z)::numeric, 2) AS sd_z,
       round(avg(z)::numeric, 2) AS mean_z
  FROM effects_validation GROUP BY seed ORDER BY seed;
\echo per horizon
SELECT horizon, count(*) AS cells,
       round(avg((abs(z) <= 1.959964)::int)::numeric, 3) AS coverage,
       round(max(abs(z))::numeric, 2) AS worst_abs_z,
       round(stddev_samp(z)::numeric, 2) AS sd_z,
       round(avg(z)::numeric, 2) AS mean_z
  FROM effects_validation GROUP BY horizon ORDER BY horizon;
\echo all seeds and horizons
SELECT count(*) AS cells,
       round(avg((abs(z) <= 1.959964)::int)::numeric, 3) AS coverage,
       round(max(abs(z))::numeric, 2) AS worst_abs_z,
       round(stddev_samp(z)::numeric, 2) AS sd_z,
       round(avg(z)::numeric, 2) AS mean_z,
       avg((abs(z) <= 1.959964)::int) >= 0.90 AS coverage_ok,
       max(abs(z)) <= 4 AS worst_ok,
       stddev_samp(z) BETWEEN 0.8 AND 1.2 AS spread_ok
  FROM effects_validation;
