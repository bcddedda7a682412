-- Tests src/sql/core/effect.sql: the interval accessors of the effect type
-- against R (test/fixtures/effect/effect_ci.csv, made by make_fixtures.R
-- from the per-stratum counts with prop.test(x, n, correct = FALSE) and the
-- hybrid score combination): hand cases, zero and all outcomes, weights
-- that hit the cap of the effective size, and random effects of 1 to 40
-- strata at levels 0.5 to 0.99.
SET extra_float_digits = 0;
CREATE TEMP TABLE r_effect (value employment_kpi.effect, conf float8, att float8,
                            treated_low float8, treated_high float8, n_eff float8,
                            control_low float8, control_high float8, ci_low float8, ci_high float8);
\copy r_effect FROM 'test/fixtures/effect/effect_ci.csv' WITH (FORMAT csv, HEADER true)

-- err(got, want): absolute error for the limits (which lie in [-1, 1]), relative for n_eff
WITH c AS (
  SELECT r.*, employment_kpi.effect_att(value) AS g_att,
         employment_kpi.effect_treated_rate_low(value, conf) AS g_tl,
         employment_kpi.effect_treated_rate_high(value, conf) AS g_th,
         employment_kpi.effect_control_n_eff(value) AS g_n,
         employment_kpi.effect_control_rate_low(value, conf) AS g_cl,
         employment_kpi.effect_control_rate_high(value, conf) AS g_ch,
         employment_kpi.effect_ci_low(value, conf) AS g_lo,
         employment_kpi.effect_ci_high(value, conf) AS g_hi
    FROM r_effect r)
SELECT count(*) AS cases, count(DISTINCT conf) AS levels, max(employment_kpi.effect_strata(value)) AS max_strata,
       count(*) FILTER (WHERE employment_kpi.effect_unmatched(value) > 0) AS with_unmatched,
       count(*) FILTER (WHERE n_eff < employment_kpi.effect_controls(value)::float8) AS n_eff_below_count,
       max(greatest(abs(g_att - att), abs(g_tl - treated_low), abs(g_th - treated_high),
                    abs(g_cl - control_low), abs(g_ch - control_high))) < 1e-12 AS rates_ok,
       max(abs(g_n - n_eff) / n_eff) < 1e-12 AS n_eff_ok,
       max(greatest(abs(g_lo - ci_low), abs(g_hi - ci_high))) < 1e-12 AS interval_ok,
       bool_and(g_lo <= g_att AND g_att <= g_hi AND g_lo < g_hi) AS holds_att,
       bool_and(g_lo >= g_tl - g_ch - 1e-15 AND g_hi <= g_th - g_cl + 1e-15) AS within_rate_intervals
  FROM c;
