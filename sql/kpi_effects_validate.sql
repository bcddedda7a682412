-- Tests src/sql/kpi/effects.sql against the truth of synthetic/synthetic.sql.
-- Validation of intervention_effect against the synthetic municipality's
-- truth on seed 1 (50,000 citizens x 156 weeks; `make validate` runs all
-- ten seeds).  Criteria of issue 4, over every type x group with at least
-- 300 participants and horizons 13, 26, 52 weeks: at least 90% of the 95%
-- intervals cover synthetic_truth.true_att, no |z| > 4, and the SD of
-- z = (estimate - truth) / SE between 0.8 and 1.2.
BEGIN;
\set citizens 50000
\set ECHO none
\set seed 1
\i test/validate/effects_validate_seed.sql
\i test/validate/effects_validate.sql
\set ECHO all
ROLLBACK;
