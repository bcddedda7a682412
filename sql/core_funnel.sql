-- Tests src/sql/core/funnel.sql: funnel_limits at the edges of the double
-- range (the over-dispersed limits exp(+-z sqrt(1/E + tau2)) of an expected
-- count near 0 are 0 and infinity, not an overflow), and its errors.
\i test/lib/err.sql
SELECT low, high FROM employment_kpi.funnel_limits(1e-308, 0.05, 0.95);
SELECT low, high FROM employment_kpi.funnel_limits(1e-300, 0.05, 0.998);
-- an ordinary cell: exp(-+1.959964 * sqrt(1/10 + 0.05))
SELECT round(low::numeric, 6) AS low, round(high::numeric, 6) AS high,
       round(exp(-1.959964 * sqrt(0.15))::numeric, 6) AS low_by_hand
  FROM employment_kpi.funnel_limits(10, 0.05, 0.95);
-- without over-dispersion the exact Poisson limits
SELECT round(low::numeric, 6) AS low, round(high::numeric, 6) AS high
  FROM employment_kpi.funnel_limits(10, 0, 0.95);
SELECT pg_temp.err($$SELECT * FROM employment_kpi.funnel_limits(0, 0.05, 0.95)$$) AS expected_zero;
SELECT pg_temp.err($$SELECT * FROM employment_kpi.funnel_limits(10, 0.05, 1)$$) AS conf_one;
