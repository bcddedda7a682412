/*-------------------------------------------------------------------------
 * distributions_sql.c
 *	  SQL-callable wrappers of the distribution functions in distributions.c:
 *	  norm_cdf, norm_sf, norm_quantile, chisq_cdf, chisq_sf, chisq_quantile,
 *	  poisson_cdf, poisson_quantile.
 *
 *	  The wrappers validate every argument (NaN and infinities are errors,
 *	  probabilities must lie in [0, 1], df > 0, lambda >= 0) and raise
 *	  invalid_parameter_value (22023); the C functions below them assume
 *	  valid input.  p = 0 and p = 1 are accepted by the quantiles and give
 *	  the limits R gives (-Infinity/+Infinity, 0/+Infinity).
 *
 *	  df and lambda are limited to 1e12 (EKPI_MAX_SHAPE): the incomplete
 *	  gamma sums need O(sqrt(df)) terms, about 0.2 s per call at 1e12,
 *	  which is far beyond any count a job centre has.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"

#include "distributions.h"

PG_FUNCTION_INFO_V1(ekpi_norm_cdf_sql);
PG_FUNCTION_INFO_V1(ekpi_norm_sf_sql);
PG_FUNCTION_INFO_V1(ekpi_norm_quantile_sql);
PG_FUNCTION_INFO_V1(ekpi_chisq_cdf_sql);
PG_FUNCTION_INFO_V1(ekpi_chisq_sf_sql);
PG_FUNCTION_INFO_V1(ekpi_chisq_quantile_sql);
PG_FUNCTION_INFO_V1(ekpi_poisson_cdf_sql);
PG_FUNCTION_INFO_V1(ekpi_poisson_quantile_sql);

/* Largest df and lambda accepted (see the file header). */
#define EKPI_MAX_SHAPE 1e12

/* Any argument must be a finite number. */
static inline void
check_finite(double v, const char *name)
{
	if (isnan(v) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number, got %g", name, v)));
}

/* A probability must lie in [0, 1]. */
static inline void
check_probability(double p)
{
	check_finite(p, "p");
	if (p < 0.0 || p > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("probability p must be between 0 and 1, got %g", p)));
}

/* Degrees of freedom must be positive (and finite). */
static inline void
check_df(double df)
{
	check_finite(df, "df");
	if (df <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("degrees of freedom df must be positive, got %g", df)));
	if (df > EKPI_MAX_SHAPE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("degrees of freedom df must be at most %g, got %g",
						EKPI_MAX_SHAPE, df)));
}

/* A Poisson mean must be non-negative (and finite). */
static inline void
check_lambda(double lambda)
{
	check_finite(lambda, "lambda");
	if (lambda < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("Poisson mean lambda must be non-negative, got %g", lambda)));
	if (lambda > EKPI_MAX_SHAPE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("Poisson mean lambda must be at most %g, got %g",
						EKPI_MAX_SHAPE, lambda)));
}

/* norm_cdf(x float8) -> float8: P(Z <= x) for a standard normal Z. */
Datum
ekpi_norm_cdf_sql(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);

	check_finite(x, "x");
	PG_RETURN_FLOAT8(ekpi_norm_cdf(x));
}

/* norm_sf(x float8) -> float8: P(Z > x), computed directly. */
Datum
ekpi_norm_sf_sql(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);

	check_finite(x, "x");
	PG_RETURN_FLOAT8(ekpi_norm_sf(x));
}

/* norm_quantile(p float8) -> float8 */
Datum
ekpi_norm_quantile_sql(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);

	check_probability(p);
	PG_RETURN_FLOAT8(ekpi_norm_quantile(p));
}

/* chisq_cdf(x float8, df float8) -> float8; x <= 0 gives 0. */
Datum
ekpi_chisq_cdf_sql(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	check_finite(x, "x");
	check_df(df);
	PG_RETURN_FLOAT8(ekpi_chisq_cdf(x, df));
}

/* chisq_sf(x float8, df float8) -> float8: upper tail, the p-value. */
Datum
ekpi_chisq_sf_sql(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	check_finite(x, "x");
	check_df(df);
	PG_RETURN_FLOAT8(ekpi_chisq_sf(x, df));
}

/* chisq_quantile(p float8, df float8) -> float8 */
Datum
ekpi_chisq_quantile_sql(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	check_probability(p);
	check_df(df);
	PG_RETURN_FLOAT8(ekpi_chisq_quantile(p, df));
}

/* poisson_cdf(k float8, lambda float8) -> float8; k is floored. */
Datum
ekpi_poisson_cdf_sql(PG_FUNCTION_ARGS)
{
	double		k = PG_GETARG_FLOAT8(0);
	double		lambda = PG_GETARG_FLOAT8(1);

	check_finite(k, "k");
	check_lambda(lambda);
	PG_RETURN_FLOAT8(ekpi_poisson_cdf(k, lambda));
}

/* poisson_quantile(p float8, lambda float8) -> float8 (an integer value). */
Datum
ekpi_poisson_quantile_sql(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);
	double		lambda = PG_GETARG_FLOAT8(1);

	check_probability(p);
	check_lambda(lambda);
	PG_RETURN_FLOAT8(ekpi_poisson_quantile(p, lambda));
}
