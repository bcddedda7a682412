-- One seed of the intervention_effect validation.  psql variables: seed,
-- citizens, min_participants (default 300).  Generates the synthetic
-- municipality (citizens x 156 weeks from 2023-01-02), estimates every
-- type x group at horizons 13, 26 and 52 weeks and stores, for cells whose
-- truth has at least min_participants participants,
-- z = (estimate - true_att) / SE in effects_validation (SE of the side of the
-- interval facing the truth); and a definitional
-- check (the estimator's observable starts and their exits equal the
-- truth's participants and exits_treated cell by cell) in effects_validation_def.
\set ON_ERROR_STOP on
\if :{?min_participants}
\else
\set min_participants 300
\endif
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS effects_validation (seed int, horizon int, type_code text, group_code text,
                                               n bigint, est float8, se float8, truth float8, z float8);
CREATE TABLE IF NOT EXISTS effects_validation_def (seed int, cells bigint, participants_match bigint,
                                                   exits_match bigint);
SELECT count(*) > 0 AS generated FROM employment_kpi.generate_synthetic(:citizens, '2023-01-02', 156, :seed) \gset
ANALYZE;
INSERT INTO effects_validation_def
WITH t AS (SELECT * FROM employment_kpi_internal.effect_person_weeks('2023-01-02', NULL, NULL, 52) WHERE kind = 'T'),
     o AS (SELECT t.type_code, t.group_code, h.h, count(*) AS n,
                  count(*) FILTER (WHERE t.ev AND t.dur <= h.h) AS y
             FROM t CROSS JOIN (VALUES (13), (26), (52)) h(h)
            WHERE t.week + 7 * h.h <= t.observable_to GROUP BY 1, 2, 3)
SELECT :seed, count(*), count(*) FILTER (WHERE o.n = x.participants),
       count(*) FILTER (WHERE o.y = x.exits_treated)
  FROM employment_kpi.synthetic_truth x
  LEFT JOIN o ON o.type_code = x.type_code AND o.group_code = x.group_code AND o.h = x.horizon_weeks;
-- The interval is not symmetric (hybrid score): the SE is that of the side
-- facing the truth, (att - att_low) / z or (att_high - att) / z, so |z| <= z
-- exactly when the interval covers the truth.
INSERT INTO effects_validation
SELECT :seed, h.h, r.type_code, r.group_code, t.participants, r.att, s.se, t.true_att,
       (r.att - t.true_att) / s.se
  FROM (VALUES (13), (26), (52)) h(h)
  CROSS JOIN LATERAL employment_kpi.intervention_effect(h.h, '2023-01-02') r
  JOIN employment_kpi.synthetic_truth t
    ON t.type_code = r.type_code AND t.group_code = r.group_code AND t.horizon_weeks = h.h
  CROSS JOIN LATERAL (SELECT CASE WHEN r.att >= t.true_att THEN r.att - r.att_low ELSE r.att_high - r.att END
                             / employment_kpi.norm_quantile(0.975) AS se) s
 WHERE t.participants >= :min_participants;
