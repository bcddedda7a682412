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

/* The arguments x and k may be any finite number. */
static inline void
check_x(double x)
{
	check_finite(x, "x");
}

static inline void
check_k(double k)
{
	check_finite(k, "k");
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

/*
 * A shape parameter (df, lambda): finite, positive or (zero_ok) not
 * negative, and at most EKPI_MAX_SHAPE; the errors call it "label".
 */
static inline void
check_shape(double v, const char *name, const char *label, bool zero_ok)
{
	check_finite(v, name);
	if (v < 0.0 || (v == 0.0 && !zero_ok))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be %s, got %g",
						label, zero_ok ? "non-negative" : "positive", v)));
	if (v > EKPI_MAX_SHAPE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be at most %g, got %g", label, EKPI_MAX_SHAPE, v)));
}

/* Degrees of freedom must be positive; a Poisson mean must not be negative. */
static inline void
check_df(double df)
{
	check_shape(df, "df", "degrees of freedom df", false);
}

static inline void
check_lambda(double lambda)
{
	check_shape(lambda, "lambda", "Poisson mean lambda", true);
}

/*
 * The wrappers: ekpi_<name>_sql(a [, b]) checks its float8 arguments in
 * order, each by its check, and returns ekpi_<name>(a [, b]).
 */
#define WRAPPER1(name, check_a) \
	Datum \
	ekpi_##name##_sql(PG_FUNCTION_ARGS) \
	{ \
		double		a = PG_GETARG_FLOAT8(0); \
		\
		check_a(a); \
		PG_RETURN_FLOAT8(ekpi_##name(a)); \
	}
#define WRAPPER2(name, check_a, check_b) \
	Datum \
	ekpi_##name##_sql(PG_FUNCTION_ARGS) \
	{ \
		double		a = PG_GETARG_FLOAT8(0); \
		double		b = PG_GETARG_FLOAT8(1); \
		\
		check_a(a); \
		check_b(b); \
		PG_RETURN_FLOAT8(ekpi_##name(a, b)); \
	}

/* norm_cdf(x float8) -> float8: P(Z <= x) for a standard normal Z. */
WRAPPER1(norm_cdf, check_x)
/* norm_sf(x float8) -> float8: P(Z > x), computed directly. */
WRAPPER1(norm_sf, check_x)
/* norm_quantile(p float8) -> float8 */
WRAPPER1(norm_quantile, check_probability)
/* chisq_cdf(x float8, df float8) -> float8; x <= 0 gives 0. */
WRAPPER2(chisq_cdf, check_x, check_df)
/* chisq_sf(x float8, df float8) -> float8: upper tail, the p-value. */
WRAPPER2(chisq_sf, check_x, check_df)
/* chisq_quantile(p float8, df float8) -> float8 */
WRAPPER2(chisq_quantile, check_probability, check_df)
/* poisson_cdf(k float8, lambda float8) -> float8; k is floored. */
WRAPPER2(poisson_cdf, check_k, check_lambda)
/* poisson_quantile(p float8, lambda float8) -> float8 (an integer value). */
WRAPPER2(poisson_quantile, check_probability, check_lambda)
