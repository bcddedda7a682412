/*-------------------------------------------------------------------------
 * distributions.h
 *	  Normal, chi-square and Poisson distribution functions shared by every
 *	  statistic in employment_kpi (implemented in distributions.c).
 *
 *	  All functions are pure C, take finite arguments (callers validate
 *	  user input and raise SQL errors) and match R's pnorm/qnorm/pchisq/
 *	  qchisq/ppois/qpois to about 1e-10 relative error.
 *-------------------------------------------------------------------------
 */
#ifndef EKPI_DISTRIBUTIONS_H
#define EKPI_DISTRIBUTIONS_H

/* Standard normal: lower-tail cdf, upper tail, and quantile (p in (0,1)). */
extern double ekpi_norm_cdf(double x);
extern double ekpi_norm_sf(double x);
extern double ekpi_norm_quantile(double p);

/* Regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 - P. */
extern double ekpi_gamma_p(double a, double x);
extern double ekpi_gamma_q(double a, double x);

/* Chi-square with df > 0 degrees of freedom (df need not be an integer). */
extern double ekpi_chisq_cdf(double x, double df);
extern double ekpi_chisq_sf(double x, double df);	/* upper tail, for p-values */
extern double ekpi_chisq_quantile(double p, double df);

/* Poisson with mean lambda >= 0: P(X <= k) and the smallest k with cdf >= p. */
extern double ekpi_poisson_cdf(double k, double lambda);
extern double ekpi_poisson_quantile(double p, double lambda);

/*
 * Wilson score limits for x successes of n trials (0 <= x <= n, n > 0; need
 * not be whole) at level conf in (0, 1): R's prop.test(x, n, correct =
 * FALSE)$conf.int.  Implemented in rates.c.
 */
extern void ekpi_wilson_limits(double x, double n, double conf, double *low, double *high);

#endif							/* EKPI_DISTRIBUTIONS_H */
