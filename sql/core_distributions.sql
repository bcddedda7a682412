-- Tests src/sql/core/distributions.sql (src/distributions.c).
-- Distribution functions: spot values, limits and argument validation.
-- (Accuracy against R over the full grid: core_distributions_r.sql.)
SET extra_float_digits = 0;
\set VERBOSITY sqlstate

-- spot values (R: pnorm(1.96), qnorm(0.975), pchisq(3.84, 1), qchisq(0.95, 1),
-- ppois(3, 2.5), qpois(0.5, 2.5))
SELECT round(employment_kpi.norm_cdf(1.96)::numeric, 12) AS pnorm_1_96,
       round(employment_kpi.norm_sf(1.96)::numeric, 12) AS pnorm_upper_1_96,
       round(employment_kpi.norm_quantile(0.975)::numeric, 12) AS qnorm_0_975,
       round(employment_kpi.chisq_cdf(3.84, 1)::numeric, 12) AS pchisq_3_84,
       round(employment_kpi.chisq_sf(3.84, 1)::numeric, 12) AS pchisq_upper_3_84,
       round(employment_kpi.chisq_quantile(0.95, 1)::numeric, 12) AS qchisq_0_95,
       round(employment_kpi.poisson_cdf(3, 2.5)::numeric, 12) AS ppois_3,
       employment_kpi.poisson_quantile(0.5, 2.5) AS qpois_0_5;

-- limits: p = 0 and p = 1 give what R gives; x <= 0, k < 0, lambda = 0
SELECT employment_kpi.norm_quantile(0) AS q0, employment_kpi.norm_quantile(1) AS q1,
       employment_kpi.chisq_quantile(0, 3) AS c0, employment_kpi.chisq_quantile(1, 3) AS c1,
       employment_kpi.poisson_quantile(0, 3) AS p0, employment_kpi.poisson_quantile(1, 3) AS p1,
       employment_kpi.poisson_quantile(0.7, 0) AS p_lambda0;
SELECT employment_kpi.chisq_cdf(0, 2) AS cdf0, employment_kpi.chisq_cdf(-1, 2) AS cdf_neg,
       employment_kpi.chisq_sf(0, 2) AS sf0, employment_kpi.poisson_cdf(-1, 2) AS pk_neg,
       employment_kpi.poisson_cdf(0, 0) AS pl0, employment_kpi.poisson_cdf(2.9, 1) = employment_kpi.poisson_cdf(2, 1) AS floors;
-- df far below 1: the upper tail is tiny (~ df/2 E1(x/2)) and computed
-- directly (R: pchisq(1e-10, 1e-10, lower = FALSE), pchisq(0.5, 1e-100,
-- lower = FALSE), qchisq(0.999999, 1e-5)); the median of chi-square(1e-5)
-- is ~1e-60206 and underflows to 0, as in R
SELECT abs(employment_kpi.chisq_sf(1e-10, 1e-10) / 1.157089121615072e-09 - 1) < 1e-12 AS sf_df_1e_10,
       abs(employment_kpi.chisq_sf(0.5, 1e-100) / 5.2214131722186912e-101 - 1) < 1e-12 AS sf_df_1e_100,
       abs(employment_kpi.chisq_quantile(0.999999, 1e-5) / 2.1113073856794951 - 1) < 1e-12 AS q_df_1e_5,
       employment_kpi.chisq_quantile(0.5, 1e-5) AS median_df_1e_5,
       employment_kpi.chisq_cdf(1e-300, 1e-100) AS cdf_near_1;
-- NULL in, NULL out (STRICT)
SELECT employment_kpi.norm_quantile(NULL) IS NULL AS a, employment_kpi.chisq_cdf(1, NULL) IS NULL AS b,
       employment_kpi.poisson_quantile(NULL, 1) IS NULL AS c;

-- invalid arguments: 22023 each
SELECT employment_kpi.norm_cdf('NaN');
SELECT employment_kpi.norm_cdf('Infinity');
SELECT employment_kpi.norm_sf('-Infinity');
SELECT employment_kpi.norm_quantile(-0.1);
SELECT employment_kpi.norm_quantile(1.1);
SELECT employment_kpi.norm_quantile('NaN');
SELECT employment_kpi.chisq_cdf(1, 0);
SELECT employment_kpi.chisq_cdf(1, -2);
SELECT employment_kpi.chisq_cdf('Infinity', 2);
SELECT employment_kpi.chisq_cdf(1, 'NaN');
SELECT employment_kpi.chisq_sf(1, 'Infinity');
SELECT employment_kpi.chisq_quantile(0.5, 0);
SELECT employment_kpi.chisq_quantile(2, 1);
SELECT employment_kpi.chisq_quantile('NaN', 1);
SELECT employment_kpi.poisson_cdf(1, -0.5);
SELECT employment_kpi.poisson_cdf('NaN', 1);
SELECT employment_kpi.poisson_cdf(1, 'Infinity');
SELECT employment_kpi.poisson_quantile(0.5, -1);
SELECT employment_kpi.poisson_quantile(-1e-300, 1);
SELECT employment_kpi.poisson_quantile(0.5, 'NaN');
-- df and lambda above 1e12 (the incomplete gamma sums need O(sqrt) terms)
SELECT employment_kpi.chisq_quantile(0.5, 2e12);
SELECT employment_kpi.poisson_cdf(1, 1.5e12);
\set VERBOSITY default
-- the message names the argument
SELECT employment_kpi.chisq_quantile(0.5, -3);
SELECT employment_kpi.poisson_quantile(1.5, 3);
SELECT employment_kpi.poisson_cdf(3, 1e13);
SELECT employment_kpi.norm_cdf('-Infinity');
-- largest accepted values still work (lambda = df = 1e12 takes ~0.2 s)
SELECT employment_kpi.poisson_quantile(0.5, 1e12) AS qpois_1e12,
       round(employment_kpi.chisq_cdf(1e12, 1e12)::numeric, 9) AS pchisq_1e12;
