-- Validation of intervention_effect against synthetic_truth (issue 4).
-- psql variables: seeds (e.g. '1,2'), citizens (e.g. 50000).  For each seed:
-- generate the synthetic municipality, estimate every type x group at
-- horizons 13, 26, 52 weeks, keep cells whose truth has >= 300 participants,
-- and compare: z = (estimate - true_att) / SE.
\set ON_ERROR_STOP on
SET extra_float_digits = 0;
CREATE TEMP TABLE v (seed int, horizon int, type_code text, group_code text,
                     n bigint, est float8, se float8, truth float8, z float8, obs_n bigint);
-- definitional check: the estimator's treated starts and their factual exits
-- equal the truth's participants and exits_treated in every cell
CREATE TEMP TABLE d (seed int, cells bigint, participants_match bigint, exits_match bigint);
SELECT set_config('ekpi_validate.seeds', :'seeds', false),
       set_config('ekpi_validate.citizens', :'citizens', false) \gset
DO $$
DECLARE
    s int;
    h int;
BEGIN
    FOREACH s IN ARRAY string_to_array(current_setting('ekpi_validate.seeds'), ',')::int[] LOOP
        PERFORM employment_kpi.generate_synthetic(current_setting('ekpi_validate.citizens')::int, '2023-01-02', 156, s);
        INSERT INTO d
        WITH t AS (SELECT * FROM employment_kpi.effect_person_weeks(26, '2023-01-02', NULL, NULL, 52)
                    WHERE kind = 'T'),
             o AS (SELECT t.type_code, t.group_code, h.h, count(*) AS n,
                          count(*) FILTER (WHERE t.ev AND t.dur <= h.h) AS y
                     FROM t CROSS JOIN (VALUES (13), (26), (52)) h(h)
                    WHERE t.week + 7 * h.h <= t.observable_to GROUP BY 1, 2, 3)
        SELECT s, count(*), count(*) FILTER (WHERE o.n = x.participants),
               count(*) FILTER (WHERE o.y = x.exits_treated)
          FROM employment_kpi.synthetic_truth x
          LEFT JOIN o ON o.type_code = x.type_code AND o.group_code = x.group_code AND o.h = x.horizon_weeks;
        FOREACH h IN ARRAY ARRAY[13, 26, 52] LOOP
            INSERT INTO v
            SELECT s, h, r.type_code, r.group_code, t.participants, r.att,
                   (r.att_high - r.att_low) / (2 * employment_kpi.norm_quantile(0.975)),
                   t.true_att, NULL, NULL
              FROM employment_kpi.intervention_effect(h, '2023-01-02') r
              JOIN employment_kpi.synthetic_truth t
                ON t.type_code = r.type_code AND t.group_code = r.group_code
               AND t.horizon_weeks = h
             WHERE t.participants >= 300;
        END LOOP;
    END LOOP;
END
$$;
UPDATE v SET z = (est - truth) / se;
\echo definitions: treated starts and their exits equal the truth, cell by cell
SELECT * FROM d ORDER BY seed;
\echo per seed
SELECT seed, count(*) AS cells,
       round(avg((abs(z) <= 1.959964)::int)::numeric, 3) AS coverage,
       round(max(abs(z))::numeric, 2) AS worst_abs_z,
       round(stddev_samp(z)::numeric, 2) AS sd_z,
       round(avg(z)::numeric, 2) AS mean_z
  FROM v GROUP BY seed ORDER BY seed;
\echo all seeds
SELECT count(*) AS cells,
       round(avg((abs(z) <= 1.959964)::int)::numeric, 3) AS coverage,
       round(max(abs(z))::numeric, 2) AS worst_abs_z,
       round(stddev_samp(z)::numeric, 2) AS sd_z,
       round(avg(z)::numeric, 2) AS mean_z,
       avg((abs(z) <= 1.959964)::int) >= 0.90 AS coverage_ok,
       max(abs(z)) <= 4 AS worst_ok,
       stddev_samp(z) BETWEEN 0.8 AND 1.2 AS spread_ok
  FROM v;
